import { describe, expect, it } from 'vitest';
import { exampleRelease } from './release-publish-support';
import { Product } from '../../src';
import { exampleProducts } from '../support/example-products';
import { errorOf } from '../support/fixtures';

// Issue 17: a product's dependsOn orders the release's publish jobs across registries.

/** The example's products, with `dependsOn` given to the ones named. */
function productsWith(dependsOn: Record<string, string[]>): Product[] {
  return exampleProducts().map((p) => {
    const names = p.name === undefined ? undefined : dependsOn[p.name];
    if (names === undefined) return p;
    if (p.kind === 'maturin') return Product.maturin({ path: p.path, name: p.name, dependsOn: names });
    if (p.kind === 'napi') return Product.napi({ path: p.path, name: p.name, dependsOn: names });
    throw new Error(`productsWith: ${p.name} is not rebuilt here`);
  });
}

describe('release.yml: dependsOn between products orders the publish jobs (issue 17)', () => {
  it('GIVEN the Python SDK published after the Node SDK by dependsOn WHEN synthesized THEN publish-pypi needs publish-npm, and nothing else changes', () => {
    const plain = exampleRelease().wf;
    expect(plain.jobs['publish-pypi'].needs).not.toContain('publish-npm');
    const { wf } = exampleRelease({ products: productsWith({ 'quill-py': ['quill-node'] }) });
    expect(wf.jobs['publish-pypi'].needs).toEqual([...plain.jobs['publish-pypi'].needs, 'publish-npm']);
    for (const id of Object.keys(plain.jobs).filter((j) => j !== 'publish-pypi')) expect(wf.jobs[id].needs, id).toEqual(plain.jobs[id].needs);
  });

  it('GIVEN dependsOn that makes two publish jobs wait for each other (no product cycle) WHEN synthesized THEN it is a synth error naming the jobs and the products', () => {
    const notesAfterPython = Product.npmPackage({ path: 'examples/notes', dependsOn: ['quill-py'] });
    const products = [...productsWith({ 'quill-py': ['quill-node'] }).filter((p) => p.path !== 'examples/notes'), notesAfterPython];
    expect(errorOf(() => exampleRelease({ products })).message).toMatch(/^products' dependsOn options make publish jobs wait for each other, so release\.yml has no order to run them in:\n {2}publish-npm would wait for publish-pypi \(quill-notes dependsOn quill-py\)\n {2}publish-pypi would wait for publish-npm \(quill-py dependsOn quill-node\)\nRemove one of these dependsOn entries/);
  });
});
