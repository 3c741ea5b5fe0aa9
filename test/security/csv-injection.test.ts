/** Issue 13, finding 7: exported cells cannot be evaluated as spreadsheet formulas (OWASP CSV injection). */
import { describe, expect, it } from 'vitest';
import { csvRow } from '../../src/campaigns/csv.js';

/** Splits one RFC 4180 row back into its cells. */
function cellsOf(row: string): string[] {
  const cells: string[] = [];
  let cell = '';
  let quoted = false;
  const text = row.replace(/\r\n$/, '');
  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted && char === '"' && text[i + 1] === '"') {
      cell += '"';
      i++;
    } else if (char === '"') quoted = !quoted;
    else if (char === ',' && !quoted) {
      cells.push(cell);
      cell = '';
    } else cell += char;
  }
  cells.push(cell);
  return cells;
}

describe('CSV export cells', () => {
  it('cells starting with = + - @ tab or CR get a leading apostrophe', () => {
    const hostile = ['=HYPERLINK("http://x","y")', '+1+cmd|calc!A0', '-2+3', '@SUM(A1)', '\t=1+1', '\r=1+1'];
    const cells = cellsOf(csvRow(hostile));
    expect(cells).toEqual(hostile.map((v) => `'${v}`));
  });

  it('plain numbers and phones stay as they are, quoting still works', () => {
    expect(cellsOf(csvRow(['+6281234567890', '-5', 'Budi, Jakarta', 'say "hi"']))).toEqual(['+6281234567890', '-5', 'Budi, Jakarta', 'say "hi"']);
  });
});
