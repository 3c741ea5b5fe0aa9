/**
 * The product runs with two malloc arenas (MALLOC_ARENA_MAX=2): `npm start` and the Docker image both set it,
 * and the benchmark's campaign children run with the same value, so the RSS figures are those of the product.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { PRODUCT_MALLOC_ARENA_MAX } from '../../bench/common.js';

const root = fileURLToPath(new URL('../..', import.meta.url));
const read = (path: string) => readFileSync(`${root}/${path}`, 'utf8');

describe('runtime environment of the product', () => {
  it('npm start, the Docker image and the benchmark use the same MALLOC_ARENA_MAX', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toBe(`MALLOC_ARENA_MAX=\${MALLOC_ARENA_MAX:-${PRODUCT_MALLOC_ARENA_MAX}} node bin/broadcast-bot.js start`);
    expect(read('Dockerfile')).toMatch(new RegExp(`^\\s+MALLOC_ARENA_MAX=${PRODUCT_MALLOC_ARENA_MAX} \\\\$`, 'm'));
  });
});
