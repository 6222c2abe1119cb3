import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, Product } from '../../src/model';
import { planEdits } from '../../src/runtime/bump/edit-plan';
import { bumpInMemory, planOf } from '../runtime/bump/helpers';
import { errorOf } from '../support/fixtures';
import { pythonPackageFixture } from '../support/kind-fixtures';

// Issue 17: a pure-Python package whose backend (hatchling here) reads its version from a Python file's
// `__version__`. Only the names the version is read from must be assigned once; the rest of the file is the
// package's own business (a `__all__`, a name set and then overridden).

const PYPROJECT = 'clients/python/pyproject.toml';
const ABOUT = 'clients/python/src/solo_client/__about__.py';

function files(about: string): Record<string, string> {
  const f = pythonPackageFixture();
  const pyproject = f.files[PYPROJECT].replace('version = "1.0.0"\n', 'dynamic = ["version"]\n').concat('\n[tool.hatch.version]\npath = "src/solo_client/__about__.py"\n');
  return { ...f.files, [PYPROJECT]: pyproject, [ABOUT]: about };
}

const PRODUCTS = [Product.pythonPackage({ path: 'clients/python' })];

describe('the Python file a pure-Python package reads its version from', () => {
  it('GIVEN another name assigned twice WHEN planned and bumped THEN it is accepted and only __version__ changes', () => {
    const about = '__author__ = "draft"\n__version__ = "1.0.0"\n__author__ = "Acme"\n';
    expect(planOf(files(about), { products: PRODUCTS }).track.versionSource).toMatchObject({ file: ABOUT, keyPath: ['__version__'] });
    const { edits, after } = bumpInMemory(files(about), PRODUCTS, '1.1.0');
    expect(edits.problems).toEqual([]);
    expect(after[ABOUT]).toBe('__author__ = "draft"\n__version__ = "1.1.0"\n__author__ = "Acme"\n');
  });

  it('GIVEN __version__ assigned twice WHEN planned THEN synth refuses it, naming the file, the line of the second and what to keep', () => {
    const e = errorOf(() => planOf(files('__version__ = "1.0.0"\n__title__ = "solo"\n__version__ = "1.0.0"\n'), { products: PRODUCTS }));
    expect(e.message).toMatch(/^clients\/python\/src\/solo_client\/__about__\.py:3: assigns __version__ again \(first at line 1\)/);
    expect(e.message).toMatch(/keep one `__version__ = "…"` so the release version has one home/);
  });

  it('GIVEN a plan made when __version__ was assigned once WHEN the file assigns it twice by the bump THEN the bump refuses to edit it, naming the file and line', () => {
    const { track } = planOf(files('__version__ = "1.0.0"\n'), { products: PRODUCTS });
    const now = new MemoryRepoReader(files('__version__ = "1.0.0"\n\n__version__ = "1.0.0"\n'));
    const edits = planEdits(track, '1.1.0', now);
    expect(edits.files).toEqual([]);
    expect(edits.problems).toContainEqual(expect.objectContaining({ file: ABOUT, line: 3, reason: expect.stringMatching(/^assigns __version__ again \(first at line 1\)/) }));
  });
});
