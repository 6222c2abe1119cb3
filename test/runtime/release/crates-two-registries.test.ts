import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION, indexed, localCratesDeps } from './crates-support';
import { publishCrates } from '../../../src/runtime/release/crates';
import { needsBuild, needsPublishJob } from '../../../src/runtime/release/release-plan';
import { ReleaseRun, RunPackage, RunProduct } from '../../../src/runtime/release/run';
import { LocalCratesRegistry, startEstuary } from '../../support/local-registries';
import { crateWorkspace } from '../../support/registry-fixtures';
import { releaseRun } from '../../support/release-run';

// Issue 17: a napi product with publishCrate has two packages, its npm package and its crate. The crate is
// published by publish-crates in dependency order like any crate, probed and skipped on a re-run; the npm
// package is left to publish-npm.

/** The run of a workspace whose `tr-node` crate is a napi product's (npm `@acme/tr-node` besides), after `tr-core`. */
function run(state: { npm?: RunPackage['state']; crate?: RunPackage['state'] } = {}): ReleaseRun {
  const core: RunProduct = {
    name: 'tr-core',
    kind: 'rust-crate',
    path: 'tr-core',
    tag: `tr-core-v${VERSION}`,
    githubRelease: false,
    dependsOn: [],
    settings: {},
    packages: [{ target: 'crates-io', name: 'tr-core', version: VERSION, state: 'missing' }],
  };
  const node: RunProduct = {
    name: 'node',
    kind: 'napi',
    path: 'tr-node',
    tag: `node-v${VERSION}`,
    githubRelease: false,
    dependsOn: ['tr-core'],
    settings: {},
    packages: [
      { target: 'npm', name: '@acme/tr-node', version: VERSION, state: state.npm ?? 'missing' },
      { target: 'crates-io', name: 'tr-node', version: VERSION, state: state.crate ?? 'missing' },
    ],
  };
  return releaseRun({ version: VERSION, products: [core, node], publishWaves: [['tr-core'], ['node']] });
}

describe('publish-crates: a napi product\'s crate on a real crates registry (estuary)', () => {
  let registry: LocalCratesRegistry;
  beforeAll(async () => {
    registry = await startEstuary();
  });
  afterAll(() => registry?.stop());

  it('GIVEN a napi product with publishCrate WHEN the crates are published twice THEN its crate goes after its dependency, only crates are published, and the re-run skips both', async () => {
    const ws = crateWorkspace([{ name: 'tr-core' }, { name: 'tr-node', deps: ['tr-core'] }]);
    const { deps, options } = localCratesDeps(registry, ws);
    const outcomes = await publishCrates(run(), deps, options);
    expect(outcomes.map((o) => [o.product, o.target, o.subject, o.outcome])).toEqual([
      ['tr-core', 'crates-io', 'tr-core', 'published'],
      ['node', 'crates-io', 'tr-node', 'published'],
    ]);
    expect(indexed(registry, 'tr-node')).toEqual([VERSION]);
    const again = await publishCrates(run(), deps, options);
    expect(again.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
      ['tr-core', 'skipped:already-published', 'the index lists it'],
      ['tr-node', 'skipped:already-published', 'the index lists it'],
    ]);
  }, 240_000);
});

describe('the plan job on a re-run of a product in two registries', () => {
  const node = (r: ReleaseRun) => r.products.find((p) => p.name === 'node')!;

  it('GIVEN its npm package published and its crate missing WHEN planned THEN only the crates job has work: nothing of the product is rebuilt', () => {
    const r = run({ npm: 'published', crate: 'missing' });
    expect(needsBuild(node(r))).toBe(false);
    expect(node(r).packages.filter(needsPublishJob).map((k) => k.target)).toEqual(['crates-io']);
  });

  it('GIVEN its crate published and its npm package missing WHEN planned THEN its build runs again for the npm package, and the crates job has nothing of it', () => {
    const r = run({ npm: 'missing', crate: 'published' });
    expect(needsBuild(node(r))).toBe(true);
    expect(node(r).packages.filter(needsPublishJob).map((k) => k.target)).toEqual(['npm']);
  });
});
