import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, listFiles } from './support/fixtures';

const SRC = path.join(REPO_ROOT, 'src');

/** Relative imports of every source file under src/<layer>, resolved to src-relative paths. */
function importsOf(layer: string): Array<{ file: string; target: string }> {
  return listFiles(path.join(SRC, layer))
    .filter((f) => f.endsWith('.ts'))
    .flatMap((f) => {
      const file = `${layer}/${f}`;
      const text = fs.readFileSync(path.join(SRC, file), 'utf8');
      return [...text.matchAll(/(?:from|import\()\s*'(\.[^']+)'/g)].map((m) => ({
        file,
        target: path.relative(SRC, path.resolve(path.dirname(path.join(SRC, file)), m[1])),
      }));
    });
}

describe('three folders, one direction', () => {
  it('GIVEN src/components WHEN its imports are read THEN none reaches src/runtime', () => {
    const all = importsOf('components');
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((i) => i.target.startsWith('runtime'))).toEqual([]);
  });

  it('GIVEN src/runtime WHEN its imports are read THEN none reaches src/components or the project', () => {
    const all = importsOf('runtime');
    expect(all.length).toBeGreaterThan(0);
    expect(all.filter((i) => i.target.startsWith('components') || i.target === 'project' || i.target === 'index')).toEqual([]);
  });

  it('GIVEN src/model WHEN its imports are read THEN it reaches neither layer and never projen', () => {
    const files = listFiles(path.join(SRC, 'model')).filter((f) => f.endsWith('.ts'));
    expect(importsOf('model').filter((i) => !i.target.startsWith('model'))).toEqual([]);
    for (const f of files) expect(fs.readFileSync(path.join(SRC, 'model', f), 'utf8'), f).not.toMatch(/from 'projen'/);
  });
});
