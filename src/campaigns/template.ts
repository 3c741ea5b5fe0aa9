/**
 * Message templates: `{{name}}`, `{{phone}}` and any customer attribute, with a fallback after a bar
 * (`{{name|Pelanggan}}`). Variable names are matched case-insensitively; spaces inside braces are ignored.
 */
import { ValidationError } from './errors.js';

export interface TemplateVariable {
  name: string;
  fallback: string | null;
}

/** One `{{…}}` occurrence: where it is in the template and what it says. */
interface Placeholder {
  start: number;
  end: number;
  text: string;
  rawName: string;
  fallback: string | undefined;
}

/**
 * Finds every `{{ name | fallback }}` in one left-to-right pass. A hand-written scan instead of a regex: the
 * regex this replaces backtracked cubically on `{{` followed by spaces. Each body scan stops at the next `{`
 * or `}`, and the next candidate starts at or after it, so the whole scan is linear.
 */
function* placeholders(template: string): Generator<Placeholder> {
  let from = 0;
  for (let open = template.indexOf('{{', from); open !== -1; open = template.indexOf('{{', from)) {
    let close = open + 2;
    while (close < template.length && template[close] !== '{' && template[close] !== '}') close++;
    if (template[close] !== '}' || template[close + 1] !== '}') {
      from = open + 1;
      continue;
    }
    const body = template.slice(open + 2, close);
    const bar = body.indexOf('|');
    yield {
      start: open,
      end: close + 2,
      text: template.slice(open, close + 2),
      rawName: bar === -1 ? body : body.slice(0, bar),
      fallback: bar === -1 ? undefined : body.slice(bar + 1),
    };
    from = close + 2;
  }
}

/** Replaces every placeholder with what `fill` returns for it. */
function replacePlaceholders(template: string, fill: (p: Placeholder) => string): string {
  let out = '';
  let last = 0;
  for (const p of placeholders(template)) {
    out += template.slice(last, p.start) + fill(p);
    last = p.end;
  }
  return out + template.slice(last);
}

/** Lists the variables a template uses; throws ValidationError for malformed braces or names. */
export function parseTemplate(template: string): TemplateVariable[] {
  const variables = new Map<string, TemplateVariable>();
  for (const match of placeholders(template)) {
    const name = match.rawName.trim().toLowerCase();
    if (!/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(name)) {
      throw new ValidationError('bad_template', 'error.bad_template.name', { text: match.text });
    }
    const fallback = match.fallback === undefined ? null : match.fallback.trim();
    const existing = variables.get(name);
    if (!existing || (existing.fallback === null && fallback !== null)) variables.set(name, { name, fallback });
  }
  const stripped = replacePlaceholders(template, () => '');
  if (stripped.includes('{{') || stripped.includes('}}')) {
    throw new ValidationError('bad_template', 'error.bad_template.braces');
  }
  return [...variables.values()];
}

/**
 * Lower-cases variable keys so `{{Kota}}` finds the attribute `kota`. The map has no prototype, so a customer
 * attribute named `__proto__` is just a key.
 */
export function variableMap(values: Record<string, string | null | undefined>): Record<string, string> {
  const out = Object.create(null) as Record<string, string>;
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && String(value).trim() !== '') out[key.toLowerCase()] = String(value);
  }
  return out;
}

/**
 * The value of variable `name`, looked up as an own property only: `{{constructor}}` must not find
 * Object.prototype.constructor. Empty values count as missing.
 */
export function variableValue(variables: Record<string, string>, name: string): string | undefined {
  if (!Object.hasOwn(variables, name)) return undefined;
  const value = variables[name];
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * Renders a template for one recipient; a variable without a value uses its fallback, or becomes empty.
 * @example renderTemplate('Halo {{name|Pelanggan}}', { name: 'Budi' }) // 'Halo Budi'
 */
export function renderTemplate(template: string, variables: Record<string, string>): string {
  return replacePlaceholders(template, ({ rawName, fallback }) => {
    const value = variableValue(variables, rawName.trim().toLowerCase());
    if (value !== undefined) return value;
    return fallback === undefined ? '' : fallback.trim();
  });
}

/**
 * Renders a WhatsApp template's parameters ({"1": "{{name|Pelanggan}}", "2": "Promo"}) for one recipient, in
 * parameter order.
 * @example renderParams({ '2': 'Promo', '1': '{{name|Pelanggan}}' }, { name: 'Budi' }) // ['Budi', 'Promo']
 */
export function renderParams(params: Record<string, string>, variables: Record<string, string>): string[] {
  return Object.keys(params)
    .sort((a, b) => Number(a) - Number(b))
    .map((key) => renderTemplate(params[key] ?? '', variables));
}

/**
 * Tracks which template variables an audience can fill, while the audience is streamed past it;
 * `missing()` then names the variables no recipient can fill and that have no fallback.
 */
export class VariableCoverage {
  private readonly needed: Set<string>;

  constructor(variables: TemplateVariable[]) {
    this.needed = new Set(variables.filter((v) => v.fallback === null).map((v) => v.name));
  }

  /** Records one recipient's variables. */
  see(variables: Record<string, string>): void {
    if (this.needed.size === 0) return;
    for (const name of this.needed) if (variableValue(variables, name) !== undefined) this.needed.delete(name);
  }

  missing(): string[] {
    return [...this.needed];
  }
}
