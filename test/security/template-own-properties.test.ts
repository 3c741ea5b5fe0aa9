/** Issue 13, finding 8: template variables are the recipient's own values, never inherited object properties. */
import { describe, expect, it } from 'vitest';
import { parseTemplate, renderTemplate, VariableCoverage, variableMap } from '../../src/campaigns/template.js';

describe('template variables are own properties only', () => {
  it('{{constructor}} and friends render empty or their fallback', () => {
    const variables = variableMap({ name: 'Budi' });
    expect(renderTemplate('A{{constructor}}B{{toString|x}}C{{__proto__}}', variables)).toBe('ABxC');
    expect(renderTemplate('Halo {{name}}', { name: 'Budi' })).toBe('Halo Budi');
    expect(renderTemplate('{{constructor}}', {})).toBe('');
  });

  it('the "every variable can be filled" check does not count inherited properties as filled', () => {
    const coverage = new VariableCoverage(parseTemplate('{{constructor}} {{hasownproperty}} {{name}}'));
    coverage.see(variableMap({ name: 'Budi' }));
    coverage.see({});
    expect(coverage.missing().sort()).toEqual(['constructor', 'hasownproperty']);
  });

  it('a customer attribute called __proto__ is an ordinary value', () => {
    const variables = variableMap(JSON.parse('{"__proto__":"x","kota":"Bandung"}') as Record<string, string>);
    expect(renderTemplate('{{__proto__}} {{kota}}', variables)).toBe('x Bandung');
  });
});
