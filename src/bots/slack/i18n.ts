/** The Slack app's words: the shared catalogue plus the Slack keys (registered when this module loads). */
import { registerCatalogue } from '../../i18n/index.js';
import { slack } from '../../i18n/slack.js';
// The WhatsApp and schedule texts (alerts, /whatsapp, /broadcast schedules) register themselves on import.
import '../../i18n/schedules.js';
import '../../i18n/whatsapp.js';
import '../../i18n/rulebook.js';

registerCatalogue(slack);

export { formatDuration, formatNumber, pickLocale, t } from '../../i18n/index.js';
