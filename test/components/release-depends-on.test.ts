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

describe('release.yml: a product held back until what it dependsOn is listed (issue 17)', () => {
  const registries = { npmRegistryUrl: 'http://127.0.0.1:4873/', npmProvenance: false, pypiRepositoryUrl: 'http://127.0.0.1:8080/', pypiIndexUrl: 'http://127.0.0.1:8080/simple/' };

  it('GIVEN the Python SDK after the Node SDK by dependsOn WHEN synthesized THEN the PyPI job can ask npm where it is, and the upload does not run when pre-publish holds it back', () => {
    const { wf } = exampleRelease({ products: productsWith({ 'quill-py': ['quill-node'] }), release: { registries } });
    const job = wf.jobs['publish-pypi'];
    expect(job.env).toMatchObject({ LOCKSTEP_NPM_REGISTRY: registries.npmRegistryUrl, LOCKSTEP_PYPI_INDEX_URL: registries.pypiIndexUrl });
    const download = job.steps.find((s: any) => s.id === 'download-quill-py');
    expect(download.if).toBe("!cancelled() && steps.check-quill-py.outcome == 'success' && steps.check-quill-py.outputs.held_back != 'true'");
    // The npm job has no product that waits for another registry: nothing is added to it.
    expect(wf.jobs['publish-npm'].env.LOCKSTEP_PYPI_INDEX_URL).toBeUndefined();
  });

  it('GIVEN no dependsOn WHEN synthesized THEN the upload\'s condition is the plain one', () => {
    const { wf } = exampleRelease({ release: { registries } });
    const download = wf.jobs['publish-pypi'].steps.find((s: any) => s.id === 'download-quill-py');
    expect(download.if).toBe("!cancelled() && steps.check-quill-py.outcome == 'success'");
    expect(wf.jobs['publish-pypi'].env.LOCKSTEP_NPM_REGISTRY).toBeUndefined();
  });
});
