/**
 * The one rule for a campaign that sends an approved template, used by the CLI (`--template/--language/--param`)
 * and the wizards (picker + parameter mapping): the template must be among the account's approved ones, each of
 * its parameters mapped (a valid template of ours), and the campaign's text is its body with the mapping in place.
 */
import { ValidationError } from '../../campaigns/errors.js';
import type { WhatsAppSender } from '../../campaigns/ports.js';
import type { WhatsAppTemplateSpec } from '../../campaigns/types.js';
import { cloudSenderOf } from './sender.js';
import { campaignText, checkParams, type ApprovedTemplate } from './templates.js';

export interface TemplateDraft {
  whatsappTemplate: WhatsAppTemplateSpec;
  /** The body with the parameters' templates in place (the campaign's `template`). */
  text: string;
  template: ApprovedTemplate;
}

/** The approved templates of the sender's account; throws when the sender cannot send templates. */
export async function approvedTemplates(sender: WhatsAppSender): Promise<ApprovedTemplate[]> {
  const cloud = cloudSenderOf(sender);
  if (!cloud) throw new ValidationError('template_needs_cloud', 'error.template_needs_cloud');
  return cloud.templates();
}

/** Checks a template choice and its parameter mapping; returns what the campaign draft carries. */
export async function templateDraft(
  sender: WhatsAppSender,
  choice: { name: string; language: string; params: Record<string, string> },
): Promise<TemplateDraft> {
  const templates = await approvedTemplates(sender);
  const template = templates.find((t) => t.name === choice.name && t.language === choice.language);
  if (!template) throw new ValidationError('template_not_found', 'error.template_not_found', { name: choice.name, language: choice.language });
  const params = checkParams(choice.params, template.paramCount);
  return {
    whatsappTemplate: { name: template.name, language: template.language, params },
    text: campaignText(template.body, params),
    template,
  };
}
