/** Issue 13, finding 13: every dependency is pinned to the exact version package-lock.json installs. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

const root = new URL('../../', import.meta.url);
const pkg = JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as Record<string, Record<string, string> | undefined>;
const lock = JSON.parse(readFileSync(new URL('package-lock.json', root), 'utf8')) as {
  packages: Record<string, { version?: string } | undefined>;
};

describe('dependencies', () => {
  it('are exact versions matching the lock file (no ^ or ~ ranges)', () => {
    const loose: string[] = [];
    for (const section of ['dependencies', 'devDependencies', 'optionalDependencies'] as const) {
      for (const [name, spec] of Object.entries(pkg[section] ?? {})) {
        const installed = lock.packages[`node_modules/${name}`]?.version;
        if (!/^\d+\.\d+\.\d+(?:-[\w.]+)?$/.test(spec) || spec !== installed) loose.push(`${name}@${spec} (lock: ${installed ?? 'missing'})`);
      }
    }
    expect(loose).toEqual([]);
  });
});
