/**
 * Message templates: `{{name}}`, `{{phone}}` and any customer attribute, with a fallback after a bar
 * (`{{name|Pelanggan}}`). Variable names are matched case-insensitively; spaces inside braces are ignored.
 */
import { ValidationError } from './errors.js';

export interface TemplateVariable {
  name: string;
  fallback: string | null;
}

const VARIABLE = /\{\{\s*([^{}|]*?)\s*(?:\|([^{}]*))?\}\}/g;

/** Lists the variables a template uses; throws ValidationError for malformed braces or names. */
export function parseTemplate(template: string): TemplateVariable[] {
  const variables = new Map<string, TemplateVariable>();
  for (const match of template.matchAll(VARIABLE)) {
    const name = (match[1] ?? '').trim().toLowerCase();
    if (!/^[\p{L}_][\p{L}\p{N}_.-]*$/u.test(name)) {
      throw new ValidationError('bad_template', 'error.bad_template', { detail: `"${match[0]}" is not a variable name` });
    }
    const fallback = match[2] === undefined ? null : match[2].trim();
    const existing = variables.get(name);
    if (!existing || (existing.fallback === null && fallback !== null)) variables.set(name, { name, fallback });
  }
  const stripped = template.replace(VARIABLE, '');
  if (/\{\{|\}\}/.test(stripped)) {
    throw new ValidationError('bad_template', 'error.bad_template', { detail: 'unbalanced {{ or }}' });
  }
  return [...variables.values()];
}

/** Lower-cases variable keys so `{{Kota}}` finds the attribute `kota`. */
export function variableMap(values: Record<string, string | null | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(values)) {
    if (value !== null && value !== undefined && String(value).trim() !== '') out[key.toLowerCase()] = String(value);
  }
  return out;
}

/**
 * Renders a template for one recipient; a variable without a value uses its fallback, or becomes empty.
 * @example renderTemplate('Halo {{name|Pelanggan}}', { name: 'Budi' }) // 'Halo Budi'
 */
export function renderTemplate(template: string, variables: Record<string, string>): string {
  return template.replace(VARIABLE, (_match, rawName: string, fallback: string | undefined) => {
    const value = variables[rawName.trim().toLowerCase()];
    if (value !== undefined && value !== '') return value;
    return fallback === undefined ? '' : fallback.trim();
  });
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
    for (const name of this.needed) if (variables[name] !== undefined && variables[name] !== '') this.needed.delete(name);
  }

  missing(): string[] {
    return [...this.needed];
  }
}
