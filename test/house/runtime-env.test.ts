/**
 * The product runs with two malloc arenas (MALLOC_ARENA_MAX=2): `npm start`, the Docker image, the systemd units and
 * the supervisor programs set it,
 * and the benchmark's campaign children run with the same value, so the RSS figures are those of the product.
 * Likewise `start` and the campaign children set the same heap growing factor (HEAP_GROWING_PERCENT).
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

  it('every systemd unit and supervisor program sets it too', () => {
    for (const role of ['bots', 'scheduler', 'worker']) {
      expect(read(`config/systemd/broadcast-bot-${role}.service`)).toContain(`\nEnvironment=MALLOC_ARENA_MAX=${PRODUCT_MALLOC_ARENA_MAX}\n`);
    }
    const supervisor = read('config/supervisor/broadcast-bot.conf');
    expect(supervisor.match(/^\[program:/gm)).toHaveLength(3);
    expect(supervisor.match(new RegExp(`^environment=MALLOC_ARENA_MAX="${PRODUCT_MALLOC_ARENA_MAX}"$`, 'gm'))).toHaveLength(3);
  });

  it('`start` and the campaign process of the benchmark tune the heap the same way (HEAP_GROWING_PERCENT)', () => {
    // The RSS figures of bench/results.json are those of a process that `start` runs; src/ops/heap.ts says why.
    for (const file of ['src/bots/console/commands/start.ts', 'bench/campaign-child.ts']) {
      expect(read(file)).toContain('tuneHeap(config.HEAP_GROWING_PERCENT);');
    }
  });
});
