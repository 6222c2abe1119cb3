import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { umbrellaRelease } from '../../../src/runtime/release/github-release';
import { standingNow } from '../../../src/runtime/release/latest';
import { realDeps } from '../../../src/runtime/release/real-deps';
import { RunProduct, readReleaseRun } from '../../../src/runtime/release/run';
import { lockstep } from '../../support/cli';
import { FakeGh } from '../../support/fake-gh-releases';
import { LocalOciRegistry, startOciRegistry } from '../../support/oci-registry';
import { releaseRun } from '../../support/release-run';
import { readStepOutputs } from '../../support/runner-view';
import { TaggedCheckout, taggedCheckout } from '../../support/tagged-checkout';

/**
 * P11 for a re-run of an old run: GitHub's "Re-run failed jobs" of the 1.2.0 run, after 1.3.0 was released,
 * reuses the 1.2.0 run file, whose plan job saw 1.2.0 as the newest (`newest: true`, as the plan job wrote it
 * before this fix). The image job and the umbrella job check out again when re-run, with every tag: `latest`
 * is decided from those tags, so it stays on 1.3.0.
 */

const image = (version: string): RunProduct => ({
  name: 'server',
  kind: 'container-image',
  path: 'deploy/server',
  tag: `server-v${version}`,
  githubRelease: false,
  dependsOn: [],
  settings: { image: 'server', dockerfile: 'deploy/server/Dockerfile', platforms: 'linux/amd64' },
  packages: [{ target: 'ghcr', name: 'server', version, state: 'missing' }],
});

const ffi = (version: string): RunProduct => ({
  name: 'ffi',
  kind: 'c-ffi',
  path: 'ffi',
  tag: `ffi-v${version}`,
  githubRelease: true,
  dependsOn: [],
  settings: {},
  packages: [{ target: 'github-release', name: 'ffi', version: `ffi-v${version}`, state: 'missing' }],
});

/** The run file of the 1.2.0 run as its plan job wrote it, in the job's checkout: `newest: true` then. */
function runFileIn(checkout: TaggedCheckout, products: RunProduct[]): string {
  const file = path.join(checkout.dir, '.lockstep', 'release-run', 'release-run.json');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify({ ...releaseRun({ version: '1.2.0', products }), newest: true }));
  return file;
}

/** The 1.2.0 run's checkout when it first ran; with `overtaken`, 1.3.0 was released since and the re-run checked out again. */
function checkoutOf1_2_0(overtaken: boolean): TaggedCheckout {
  const checkout = taggedCheckout(['v1.1.0', 'v1.2.0']);
  if (overtaken) {
    checkout.tagRemote('v1.3.0');
    checkout.fetch();
  }
  return checkout;
}

describe('P11: which version is the newest, by the tags of the job\'s checkout', () => {
  it('GIVEN the run\'s version is the highest released WHEN asked THEN it is the newest; a prerelease above it or another track\'s tag does not count', async () => {
    const checkout = taggedCheckout(['v1.1.0', 'v1.2.0', 'v1.3.0-rc.1', 'engine-v9.0.0']);
    expect(await standingNow({ version: '1.2.0', umbrellaTag: 'v1.2.0' }, checkout.git)).toEqual({ newest: true });
  });

  it('GIVEN a higher version released after the checkout WHEN asked before and after the re-run fetched THEN only the fetched tags count', async () => {
    const checkout = taggedCheckout(['v1.2.0']);
    checkout.tagRemote('v1.3.0');
    expect(await standingNow({ version: '1.2.0', umbrellaTag: 'v1.2.0' }, checkout.git)).toEqual({ newest: true });
    checkout.fetch();
    expect(await standingNow({ version: '1.2.0', umbrellaTag: 'v1.2.0' }, checkout.git)).toEqual({ newest: false, why: 'a higher version is already released (v1.3.0)' });
  });

  it('GIVEN a track with its own umbrella prefix WHEN asked THEN only that track\'s tags count', async () => {
    const checkout = taggedCheckout(['v5.0.0', 'engine-v2.0.0', 'engine-v2.1.0']);
    expect(await standingNow({ version: '2.0.0', umbrellaTag: 'engine-v2.0.0' }, checkout.git)).toEqual({ newest: false, why: 'a higher version is already released (engine-v2.1.0)' });
    expect(await standingNow({ version: '2.1.0', umbrellaTag: 'engine-v2.1.0' }, checkout.git)).toEqual({ newest: true });
  });

  it('GIVEN a checkout without the run\'s own umbrella tag (no tags fetched) WHEN asked THEN it is not taken for the newest, and the reason names the fix', async () => {
    const checkout = taggedCheckout([]);
    expect(await standingNow({ version: '1.2.0', umbrellaTag: 'v1.2.0' }, checkout.git)).toEqual({
      newest: false,
      why: 'the checkout has no tag v1.2.0, which tag-all made: its tags are unknown (the job must check out with fetch-depth: 0), so latest is left where it is',
    });
  });

  it('GIVEN a run file whose umbrella tag does not end with its version WHEN asked THEN it is an error naming both, not a guess at the prefix', async () => {
    await expect(standingNow({ version: '1.2.0', umbrellaTag: 'v1.2' }, taggedCheckout(['v1.2']).git))
      .rejects.toThrow('the release run\'s umbrella tag v1.2 does not end with its version 1.2.0');
  });
});

describe('P11: lockstep image-probe on a re-run of an old run (a real OCI registry and git)', () => {
  let registry: LocalOciRegistry;
  beforeAll(async () => {
    registry = await startOciRegistry();
  }, 120_000);
  afterAll(() => registry?.stop());

  async function probe(checkout: TaggedCheckout, repository: string): Promise<{ code: number; out: string; tags: string[] }> {
    const env = {
      GITHUB_OUTPUT: path.join(checkout.dir, '..', 'output'),
      LOCKSTEP_RELEASE_FILE: runFileIn(checkout, [image('1.2.0')]),
      LOCKSTEP_IMAGE_REGISTRY: registry.url,
      GITHUB_REPOSITORY_OWNER: repository,
    };
    const res = await lockstep(checkout.dir, ['image-probe', '--product', 'server'], env);
    const tags = readStepOutputs(env.GITHUB_OUTPUT).tags.split('\n').map((t) => t.split(':').pop()!);
    return { code: res.code, out: res.out, tags };
  }

  it('GIVEN a run file saying newest for 1.2.0 while the tags now hold v1.3.0 WHEN image-probe runs THEN only 1.2.0 is pushed and a notice says why latest is not', async () => {
    const res = await probe(checkoutOf1_2_0(true), 'rerun');
    expect(res.code).toBe(0);
    expect(res.tags).toEqual(['1.2.0']);
    const host = new URL(registry.url).host;
    expect(res.out).toContain(`::notice::server: ${host}/rerun/server:latest is not pushed: a higher version is already released (v1.3.0).`);
  });

  it('GIVEN a checkout whose tags git cannot read WHEN image-probe runs THEN it fails naming the tags, not the container registry', async () => {
    const checkout = checkoutOf1_2_0(false);
    fs.rmSync(path.join(checkout.dir, '.git'), { recursive: true, force: true });
    const env = { LOCKSTEP_RELEASE_FILE: runFileIn(checkout, [image('1.2.0')]), LOCKSTEP_IMAGE_REGISTRY: registry.url, GITHUB_REPOSITORY_OWNER: 'nogit', GITHUB_OUTPUT: path.join(checkout.dir, '..', 'output') };
    const res = await lockstep(checkout.dir, ['image-probe', '--product', 'server'], env);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/reading the checkout's release tags \(whether this version is latest\): .*not a git repository/);
    expect(res.err).not.toMatch(/asking the container registry/);
  });

  it('GIVEN the same run file and 1.2.0 still the highest released WHEN image-probe runs THEN 1.2.0 and latest are pushed', async () => {
    const res = await probe(checkoutOf1_2_0(false), 'plain');
    expect(res.code).toBe(0);
    expect(res.tags).toEqual(['1.2.0', 'latest']);
    expect(res.out).not.toContain('::notice::');
  });
});

describe('P11: the umbrella release on a re-run of an old run (git real, gh faked: GitHub cannot be reached from the tests)', () => {
  /** The umbrella job's step: the run file read as the command reads it, the job's deps with gh faked. */
  async function umbrellaOf(checkout: TaggedCheckout): Promise<{ gh: FakeGh; notices: string[] }> {
    const env = { ...process.env, LOCKSTEP_RELEASE_FILE: runFileIn(checkout, [ffi('1.2.0')]) };
    const ctx = { cwd: checkout.dir, env, stdout: () => undefined, stderr: () => undefined };
    const run = readReleaseRun(ctx);
    const gh = new FakeGh(checkout.dir);
    gh.releases.set('ffi-v1.2.0', { isDraft: false, assets: [], notes: '', prerelease: false });
    const log = memoryLog();
    const outcome = await umbrellaRelease(run, { ...realDeps(ctx), exec: gh, log }, { dryRun: false, repository: 'example/quill', serverUrl: 'https://github.com' });
    expect(outcome).toMatchObject({ outcome: 'published', subject: 'v1.2.0' });
    return { gh, notices: log.lines.filter((l) => l.startsWith('::notice::')) };
  }

  it('GIVEN a run file saying newest for 1.2.0 while the tags now hold v1.3.0 WHEN the umbrella is published THEN it is not marked Latest, and a notice says why', async () => {
    const { gh, notices } = await umbrellaOf(checkoutOf1_2_0(true));
    const create = gh.calls.find((c) => c[1] === 'create' && c[2] === 'v1.2.0')!;
    expect(create).not.toContain('--latest');
    expect(create).toContain('--latest=false');
    expect(notices).toEqual(['::notice::v1.2.0 is not marked latest: a higher version is already released (v1.3.0).']);
  });

  it('GIVEN the same run file and 1.2.0 still the highest released WHEN the umbrella is published THEN it is marked Latest', async () => {
    const { gh, notices } = await umbrellaOf(checkoutOf1_2_0(false));
    expect(gh.calls.find((c) => c[1] === 'create' && c[2] === 'v1.2.0')).toContain('--latest');
    expect(notices).toEqual([]);
  });
});
