import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ACTIONS } from '../../../src/model';
import { probeImageTag } from '../../../src/runtime/registry/oci';
import { ActionContext, runAction } from '../../../src/runtime/rehearse/actions';
import { localImageRef } from '../../../src/runtime/rehearse/oci';
import { LocalRegistries, held } from '../../../src/runtime/rehearse/registry-state';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { tempDir } from '../../support/fixtures';
import { LocalOciRegistry, pushTinyImage, startOciRegistry } from '../../support/oci-registry';

// Issue 17: what `lockstep rehearse` does for an image job's docker actions, against the docker-registry it starts
// for a plan with images.

const uses = (name: keyof typeof ACTIONS) => `${ACTIONS[name].repo}@${ACTIONS[name].sha}`;

function context(): ActionContext {
  const dir = tempDir();
  return { exec: new SpawnExec({}, dir), workspace: dir, artifactsDir: dir, remote: dir, sha: '0'.repeat(40), env: {}, tools: { maturin: 'maturin' }, cratesToken: 't' };
}

describe('the rehearsal\'s stand-ins for the image jobs\' docker actions (issue 17)', () => {
  let registry: LocalOciRegistry;
  let host: string;
  beforeAll(async () => {
    registry = await startOciRegistry();
    host = new URL(registry.url).host;
  }, 120_000);
  afterAll(() => registry?.stop());

  it('GIVEN the push of the probe\'s tags WHEN build-push-action is rehearsed THEN a stand-in image is pushed under every tag, its digest is the step\'s output, and building is named as not rehearsable', async () => {
    const tags = `${host}/rehearsal/server:1.2.0\n${host}/rehearsal/server:latest`;
    const r = await runAction(uses('dockerBuildPush'), { context: 'deploy/server', file: 'deploy/server/Dockerfile', platforms: 'linux/amd64,linux/arm64', push: 'true', tags }, context());
    expect(r.ok).toBe(true);
    expect(r.notRehearsable).toBe('building the image of deploy/server (deploy/server/Dockerfile) for linux/amd64,linux/arm64 (a rehearsal has no container builder)');
    const version = await probeImageTag({ imageRegistry: registry.url }, 'rehearsal/server', '1.2.0');
    const latest = await probeImageTag({ imageRegistry: registry.url }, 'rehearsal/server', 'latest');
    expect(version).toEqual({ state: 'published', digest: r.outputs!.digest });
    expect(latest).toEqual(version);
  });

  it('GIVEN the build check before the approval WHEN build-push-action is rehearsed without push THEN nothing is pushed', async () => {
    const r = await runAction(uses('dockerBuildPush'), { context: 'deploy/web', file: 'deploy/web/Dockerfile', platforms: 'linux/amd64', push: 'false' }, context());
    expect(r).toMatchObject({ ok: true, did: 'nothing: no image is built' });
    expect(await probeImageTag({ imageRegistry: registry.url }, 'rehearsal/web', 'latest')).toEqual({ state: 'missing' });
  });

  it('GIVEN a tag on a registry that is not local WHEN build-push-action is rehearsed THEN the step fails and nothing leaves the machine', async () => {
    const r = await runAction(uses('dockerBuildPush'), { context: '.', push: 'true', tags: 'ghcr.io/acme/server:1.0.0' }, context());
    expect(r.ok).toBe(false);
    expect(r.log).toContain('\'ghcr.io/acme/server:1.0.0\' is not an image reference on a local registry');
    expect(() => localImageRef(`${host}/Rehearsal/x:1`)).toThrow(/not an image reference on a local registry/);
  });

  it('GIVEN the sign-in, QEMU and Buildx WHEN rehearsed THEN they do nothing, the sign-in named as not rehearsable', async () => {
    expect(await runAction(uses('dockerLogin'), { registry: 'ghcr.io' }, context())).toMatchObject({ ok: true, notRehearsable: 'signing in to ghcr.io with the job token' });
    expect((await runAction(uses('dockerSetupQemu'), { platforms: 'linux/arm64' }, context())).ok).toBe(true);
    expect((await runAction(uses('dockerSetupBuildx'), {}, context())).ok).toBe(true);
  });

  it('GIVEN an image key of a run WHEN the rehearsal reads the registry\'s state THEN it is there once pushed under the namespace, absent before', async () => {
    const registries = { oci: { url: registry.url, namespace: 'rehearsal' } } as unknown as LocalRegistries;
    const key = { product: 'cron', target: 'ghcr', name: 'cron', version: '3.0.0' };
    expect(await held(key, registries, context().exec)).toBe('absent');
    await pushTinyImage(registry.url, 'rehearsal/cron', '3.0.0');
    expect(await held(key, registries, context().exec)).toBe('there');
  });
});
