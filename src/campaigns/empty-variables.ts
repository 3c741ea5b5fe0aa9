/**
 * Counts, per template variable without a fallback, the recipients for whom it is empty, so the preview can
 * warn "8 of 60 recipients have no {{name}}" and suggest a fallback instead of sending "Halo , …" unnoticed.
 */
import { formatNumber, t } from '../i18n/index.js';
import '../i18n/rulebook.js';
import type { TemplateVariable } from './template.js';
import type { Locale } from './types.js';

export interface EmptyVariable {
  name: string;
  /** Recipients whose value is missing or empty. */
  count: number;
}

export class EmptyVariableCounter {
  private readonly counts = new Map<string, number>();

  constructor(variables: TemplateVariable[]) {
    for (const v of variables) if (v.fallback === null) this.counts.set(v.name, 0);
  }

  /** Records one recipient's variables. */
  see(variables: Record<string, string>): void {
    for (const [name, count] of this.counts) {
      const value = variables[name];
      if (value === undefined || value.trim() === '') this.counts.set(name, count + 1);
    }
  }

  /** Variables empty for some (not all) of `total` recipients; all-empty ones are refused as unknown instead. */
  partlyEmpty(total: number): EmptyVariable[] {
    return [...this.counts].filter(([, count]) => count > 0 && count < total).map(([name, count]) => ({ name, count }));
  }
}

/** The fallback the preview suggests for a variable (a word for names, a generic one otherwise). */
function suggestedFallbackKey(name: string): string {
  return name === 'name' || name === 'nama' ? 'preview.fallback.name' : 'preview.fallback.other';
}

/** The warning lines ("⚠️ 8 of 60 recipients have no {{name}}…; Suggested: {{name|Customer}}") in `locale`. */
export function emptyVariableWarnings(empties: readonly EmptyVariable[], total: number, locale: Locale): string[] {
  return empties.map((empty) =>
    t(locale, 'preview.emptyVariable', {
      name: empty.name,
      count: formatNumber(locale, empty.count),
      total: formatNumber(locale, total),
      fallback: t(locale, suggestedFallbackKey(empty.name)),
    }),
  );
}
