/**
 * Approved message templates of a WhatsApp Business Account: listing them (GET /{waba-id}/message_templates),
 * reading a template's body and parameters, checking a campaign's parameter mapping, and building the
 * `template` object of a send. Parameters are positional ({{1}}, {{2}}, …); each maps to a small template of
 * ours (`{{name|Pelanggan}}`, fixed text) rendered per recipient by the campaign engine.
 */
import { ValidationError } from '../../campaigns/errors.js';
import { parseTemplate } from '../../campaigns/template.js';
import type { OutboundTemplate } from '../../campaigns/ports.js';
import type { WhatsAppTemplateSpec } from '../../campaigns/types.js';
import type { GraphClient } from './client.js';

export interface TemplateComponent {
  type: string;
  format?: string;
  text?: string;
}

/** An approved template as the wizard shows it. */
export interface ApprovedTemplate {
  name: string;
  language: string;
  category: string;
  /** The body text with its {{1}}… placeholders. */
  body: string;
  /** How many body parameters it takes. */
  paramCount: number;
  /** A media header (IMAGE / DOCUMENT / VIDEO) the campaign's media fills, or null. */
  headerFormat: string | null;
}

interface TemplatePage {
  data?: { name: string; language: string; status: string; category?: string; components?: TemplateComponent[] }[];
  paging?: { next?: string };
}

/** At most this many templates are listed (the wizard shows them as buttons). */
const MAX_TEMPLATES = 200;

/** The account's APPROVED templates, by name then language. */
export async function listApprovedTemplates(client: GraphClient, wabaId: string): Promise<ApprovedTemplate[]> {
  const out: ApprovedTemplate[] = [];
  let page = await client.get<TemplatePage>(`/${wabaId}/message_templates`, {
    fields: 'name,language,status,category,components',
    status: 'APPROVED',
    limit: '100',
  });
  for (;;) {
    for (const t of page.data ?? []) {
      if (t.status !== 'APPROVED') continue;
      const body = t.components?.find((c) => c.type === 'BODY')?.text ?? '';
      const header = t.components?.find((c) => c.type === 'HEADER');
      out.push({
        name: t.name,
        language: t.language,
        category: t.category ?? '',
        body,
        paramCount: paramCount(body),
        headerFormat: header?.format && header.format !== 'TEXT' ? header.format : null,
      });
    }
    if (!page.paging?.next || out.length >= MAX_TEMPLATES) break;
    page = await client.getAbsolute<TemplatePage>(page.paging.next);
  }
  return out.slice(0, MAX_TEMPLATES).sort((a, b) => a.name.localeCompare(b.name) || a.language.localeCompare(b.language));
}

/** The highest {{n}} of a body (Meta numbers them from 1 without gaps). */
export function paramCount(body: string): number {
  let max = 0;
  for (const match of body.matchAll(/\{\{\s*(\d{1,3})\s*\}\}/g)) max = Math.max(max, Number(match[1]));
  return max;
}

/**
 * Parses `--param 1=…` / wizard answers into the parameter map, checking each value is a valid template of ours.
 * @example parseParamArgs(['1={{name|Pelanggan}}', '2=Promo Desember']) // { '1': '{{name|Pelanggan}}', '2': 'Promo Desember' }
 */
export function parseParamArgs(args: string[]): Record<string, string> {
  const params: Record<string, string> = {};
  for (const arg of args) {
    const eq = arg.indexOf('=');
    const key = eq === -1 ? '' : arg.slice(0, eq).trim();
    if (!/^[1-9]\d{0,2}$/.test(key)) throw new ValidationError('bad_template_param', 'error.bad_template_param', { detail: arg });
    params[key] = arg.slice(eq + 1);
  }
  return checkParams(params);
}

/** Checks a parameter map: keys 1…n without gaps, each value a valid template of ours and not empty. */
export function checkParams(params: Record<string, string>, expected?: number): Record<string, string> {
  const keys = Object.keys(params).map(Number).sort((a, b) => a - b);
  keys.forEach((key, index) => {
    if (key !== index + 1) throw new ValidationError('bad_template_param', 'error.bad_template_param', { detail: `{{${index + 1}}}` });
  });
  if (expected !== undefined && keys.length !== expected) {
    throw new ValidationError('bad_template_param', 'error.bad_template_param.count', { given: keys.length, expected });
  }
  for (const [key, value] of Object.entries(params)) {
    if (value.trim() === '') throw new ValidationError('bad_template_param', 'error.bad_template_param', { detail: `{{${key}}}` });
    parseTemplate(value);
  }
  return params;
}

/**
 * The campaign's message as one of our templates: the body with each {{n}} replaced by its parameter's template,
 * so previews and the Details view render it per recipient like any message. Without the body (not known), the
 * parameters' templates one per line.
 * @example campaignText('Halo {{1}}, {{2}}', { '1': '{{name|Pelanggan}}', '2': 'Promo' }) // 'Halo {{name|Pelanggan}}, Promo'
 */
export function campaignText(body: string | null, params: Record<string, string>): string {
  if (body === null || body === '') return Object.keys(params).sort((a, b) => Number(a) - Number(b)).map((k) => params[k]).join('\n');
  return body.replace(/\{\{\s*(\d{1,3})\s*\}\}/g, (whole, n: string) => params[n] ?? whole);
}

/** The send's `template` for one recipient: each parameter rendered by `render` (the engine's template rules). */
export function outboundTemplate(spec: WhatsAppTemplateSpec, render: (template: string) => string): OutboundTemplate {
  const keys = Object.keys(spec.params).sort((a, b) => Number(a) - Number(b));
  return { name: spec.name, language: spec.language, params: keys.map((k) => render(spec.params[k] ?? '')) };
}

/** Graph's `template` object of a POST /messages. */
export function templatePayload(
  template: OutboundTemplate,
  header: { kind: 'image' | 'document'; mediaId: string; fileName: string } | null,
): Record<string, unknown> {
  const components: Record<string, unknown>[] = [];
  if (header) {
    const media = header.kind === 'document' ? { id: header.mediaId, filename: header.fileName } : { id: header.mediaId };
    components.push({ type: 'header', parameters: [{ type: header.kind, [header.kind]: media }] });
  }
  if (template.params.length > 0) {
    // Meta refuses an empty text parameter: a value that rendered empty becomes a single dash.
    components.push({ type: 'body', parameters: template.params.map((text) => ({ type: 'text', text: text.trim() === '' ? '-' : text })) });
  }
  return { name: template.name, language: { code: template.language }, ...(components.length > 0 ? { components } : {}) };
}
