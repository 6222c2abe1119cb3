import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT } from '../../support/fixtures';

const SRC = path.join(REPO_ROOT, 'src');

/** The source file an import names (`./x` is `x.ts` or `x/index.ts`). */
function resolveSource(from: string, spec: string): string {
  const base = path.resolve(path.dirname(from), spec.replace(/\.js$/, ''));
  return fs.existsSync(`${base}.ts`) ? `${base}.ts` : path.join(base, 'index.ts');
}

/** Every module a file loads when it is required: static imports only (`await import()` loads on demand). */
function staticClosure(entries: string[]): { sources: Set<string>; packages: Set<string> } {
  const sources = new Set<string>();
  const packages = new Set<string>();
  const queue = entries.map((e) => path.join(SRC, e));
  while (queue.length > 0) {
    const file = queue.pop()!;
    if (sources.has(file)) continue;
    sources.add(file);
    const text = fs.readFileSync(file, 'utf8');
    for (const m of text.matchAll(/^(?:import|export)(?!\s+type\b)[^'\n]*?from '([^']+)';/gm)) {
      if (m[1].startsWith('.')) queue.push(resolveSource(file, m[1]));
      else packages.add(m[1]);
    }
  }
  return { sources, packages };
}

describe('lockstep bump loads only what the bump needs', () => {
  const { sources, packages } = staticClosure(['runtime/cli.ts', 'runtime/commands/bump.ts']);
  const relative = [...sources].map((f) => path.relative(SRC, f)).sort();

  it('GIVEN the CLI entry and the bump command WHEN their static imports are followed THEN no plan-building model code is among them', () => {
    expect(relative).toContain('runtime/bump/run-bump.ts');
    const synthOnly = ['model/index.ts', 'model/plan.ts', 'model/track.ts', 'model/config.ts', 'model/coverage.ts', 'model/resolve-product.ts', 'model/discover.ts'];
    expect(relative.filter((f) => synthOnly.includes(f))).toEqual([]);
  });

  it('GIVEN the same imports WHEN their packages are listed THEN semver is loaded one function at a time, never whole', () => {
    expect([...packages].filter((p) => p === 'semver')).toEqual([]);
    expect([...packages].filter((p) => p.startsWith('semver/')).length).toBeGreaterThan(0);
  });
});
