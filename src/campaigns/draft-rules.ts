/**
 * Draft rules every surface shares (issue 11, build 3): how unknown template variables are refused, and which
 * numbers send templates and which free text (issue 16). The service raises these errors at preview and create
 * time (schedules at save through the preview); the Telegram and Slack wizards and the CLI show the same words.
 */
import '../i18n/rulebook.js';
import '../i18n/cloud.js';
import { ValidationError } from './errors.js';
import type { AccountDriver } from './types.js';

/** The error for template variables no recipient can fill, naming all of them. */
export function unknownVariablesError(names: string[]): ValidationError {
  const first = names[0] ?? '';
  if (names.length <= 1) return new ValidationError('unknown_variable', 'error.unknown_variable', { name: first });
  return new ValidationError('unknown_variable', 'error.unknown_variables', {
    names: names.map((n) => `{{${n}}}`).join(', '),
    first,
  });
}

/** A sender account as the template rule sees it (see whatsapp/accounts.ts sendingNumbers). */
export interface RuleNumber {
  name: string;
  driver: AccountDriver;
  active: boolean;
}

/**
 * The template rule of the number a campaign or schedule sends from (issue 16): a Cloud API number sends approved
 * templates only (free text outside WhatsApp's 24-hour customer service window is refused by Meta, error 131047),
 * and only a Cloud API number can send a template. The error names the number and the ones that would do; null
 * when the draft may be sent from `account`.
 */
export function templateRuleError(account: string, hasTemplate: boolean, numbers: readonly RuleNumber[]): ValidationError | null {
  const driver = numbers.find((n) => n.name === account)?.driver ?? 'dry-run';
  const cloud = driver === 'cloud';
  if (cloud === hasTemplate) return null;
  const others = numbers.filter((n) => n.active && n.name !== account && (n.driver === 'cloud') !== cloud).map((n) => n.name);
  if (cloud) {
    if (others.length === 0) return new ValidationError('template_required', 'error.template_required', { name: account });
    return new ValidationError('template_required', 'error.template_required_or', { name: account, others: others.join(', ') });
  }
  if (others.length === 0) return new ValidationError('template_needs_cloud', 'error.template_needs_cloud_none', { name: account });
  return new ValidationError('template_needs_cloud', 'error.template_needs_cloud_account', { name: account, others: others.join(', ') });
}
