/**
 * Draft rules every surface shares (issue 11, build 3): how unknown template variables are refused.
 * The service raises this error at create time; the Telegram and Slack previews show the same words.
 */
import '../i18n/rulebook.js';
import { ValidationError } from './errors.js';

/** The error for template variables no recipient can fill, naming all of them. */
export function unknownVariablesError(names: string[]): ValidationError {
  const first = names[0] ?? '';
  if (names.length <= 1) return new ValidationError('unknown_variable', 'error.unknown_variable', { name: first });
  return new ValidationError('unknown_variable', 'error.unknown_variables', {
    names: names.map((n) => `{{${n}}}`).join(', '),
    first,
  });
}
