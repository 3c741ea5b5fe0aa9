import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const SRC = fileURLToPath(new URL('../../src/', import.meta.url));

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? sourceFiles(join(dir, e.name)) : e.name.endsWith('.ts') ? [join(dir, e.name)] : [],
  );
}

/** Each file's relative imports that exist at run time (`import type` and `export type` vanish when compiled). */
function runtimeImports(file: string): string[] {
  const text = readFileSync(file, 'utf8');
  const found: string[] = [];
  for (const m of text.matchAll(/^(?:import|export)\s+(type\s+)?[^'"]*?from\s+['"](\.[^'"]+)['"]|^import\s+['"](\.[^'"]+)['"]/gm)) {
    if (m[1]) continue;
    const spec = m[2] ?? m[3] ?? '';
    const target = resolve(dirname(file), spec.replace(/\.js$/, '.ts'));
    if (existsSync(target)) found.push(target);
  }
  return found;
}

/** Every cycle reached by a depth-first walk, as "a.ts -> b.ts -> a.ts". */
function cycles(graph: Map<string, string[]>): string[] {
  const state = new Map<string, 'open' | 'done'>();
  const stack: string[] = [];
  const found = new Set<string>();
  const visit = (node: string): void => {
    state.set(node, 'open');
    stack.push(node);
    for (const next of graph.get(node) ?? []) {
      if (state.get(next) === 'open') found.add([...stack.slice(stack.indexOf(next)), next].map((f) => relative(SRC, f)).join(' -> '));
      else if (!state.has(next)) visit(next);
    }
    stack.pop();
    state.set(node, 'done');
  };
  for (const node of graph.keys()) if (!state.has(node)) visit(node);
  return [...found];
}

describe('src has no runtime import cycles (issue 11, build 7)', () => {
  it('finds the imports, and no module imports itself through others', () => {
    const graph = new Map(sourceFiles(SRC).map((file) => [file, runtimeImports(file)]));
    // The scan must see the real graph, or an empty result proves nothing.
    expect([...graph.values()].reduce((sum, deps) => sum + deps.length, 0)).toBeGreaterThan(graph.size);
    expect(cycles(new Map([['a', ['b']], ['b', ['a']]]))).toHaveLength(1);
    expect(cycles(graph)).toEqual([]);
  });
});
