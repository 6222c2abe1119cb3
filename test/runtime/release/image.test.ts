import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { releaseRun } from './helpers';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { probeImageTag } from '../../../src/runtime/registry/oci';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { heldBackDetail, unpublishedDependencies } from '../../../src/runtime/release/depends-on';
import { planImage } from '../../../src/runtime/release/image';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { outcomeOfStep } from '../../../src/runtime/release/record';
import { needsBuild } from '../../../src/runtime/release/release-plan';
import { RunProduct, publishJobOf } from '../../../src/runtime/release/run';
import { summarize } from '../../../src/runtime/release/summary';
import { lockstep } from '../../support/cli';
import { tempDir } from '../../support/fixtures';
import { startRecordedServer } from '../../support/local-registries';
import { LocalOciRegistry, pushTinyImage, startOciRegistry } from '../../support/oci-registry';
import { readStepOutputs } from '../../support/runner-view';
import { taggedCheckout } from '../../support/tagged-checkout';

/** An image product of a release run: `acme/<image>` in the registry, not yet probed. */
function imageProduct(name: string, version: string, image = name): RunProduct {
  return {
    name,
    kind: 'container-image',
    path: `deploy/${name}`,
    tag: `${name}-v${version}`,
    githubRelease: false,
    dependsOn: [],
    settings: { image, dockerfile: `deploy/${name}/Dockerfile`, platforms: 'linux/amd64' },
    packages: [{ target: 'ghcr', name: image, version, state: 'unknown' }],
  };
}

describe('container images against a real OCI registry (docker-registry): probe, publish, skip on re-run (issue 17)', () => {
  let registry: LocalOciRegistry;
  let endpoints: ReturnType<typeof endpointsOf>;
  beforeAll(async () => {
    registry = await startOciRegistry();
    endpoints = endpointsOf({ LOCKSTEP_IMAGE_REGISTRY: registry.url, GITHUB_REPOSITORY_OWNER: 'Acme' });
  }, 120_000);
  afterAll(() => registry?.stop());

  it('GIVEN an image the registry does not have WHEN its tag is probed THEN it is missing', async () => {
    expect(await probeImageTag(endpoints, 'acme/never-pushed', '1.0.0')).toEqual({ state: 'missing' });
  });

  it('GIVEN an image pushed under the version WHEN its tag is probed THEN it is published with the digest the registry names it by', async () => {
    const digest = await pushTinyImage(registry.url, 'acme/probed', '1.2.0');
    expect(await probeImageTag(endpoints, 'acme/probed', '1.2.0')).toEqual({ state: 'published', digest });
    expect(await probeImageTag(endpoints, 'acme/probed', '1.3.0')).toEqual({ state: 'missing' });
  });

  it('GIVEN the plan job\'s registry probe WHEN an image product\'s package is asked for THEN it is looked up below the lowercased repository owner', async () => {
    await pushTinyImage(registry.url, 'acme/planned', '2.0.0');
    const registryProbe = new HttpRegistry({ LOCKSTEP_IMAGE_REGISTRY: registry.url, GITHUB_REPOSITORY_OWNER: 'Acme' }, new SpawnExec({}, tempDir()));
    expect(await registryProbe.probe({ target: 'ghcr', name: 'planned', version: '2.0.0' })).toBe('published');
    expect(await registryProbe.probe({ target: 'ghcr', name: 'planned', version: '2.0.1' })).toBe('missing');
  });

  it('GIVEN a stable version no released version is above WHEN the image is planned THEN the version and latest are pushed', async () => {
    const plan = await planImage(releaseRun('3.1.0', []), imageProduct('server', '3.1.0'), endpoints, taggedCheckout(['v3.0.5', 'v3.1.0']).git);
    const image = `${new URL(registry.url).host}/acme/server`;
    expect(plan).toEqual({ image, push: true, tags: [`${image}:3.1.0`, `${image}:latest`] });
  });

  it('P11 GIVEN a re-run of an older release or a prerelease WHEN the image is planned THEN only the version\'s tag is pushed, latest stays', async () => {
    const checkout = taggedCheckout(['v3.0.5', 'v3.1.0', 'v4.0.0-rc.1']);
    const older = await planImage(releaseRun('3.0.5', []), imageProduct('server', '3.0.5'), endpoints, checkout.git);
    expect(older.tags.map((t) => t.split(':').pop())).toEqual(['3.0.5']);
    expect(older.notLatest).toBe('a higher version is already released (v3.1.0)');
    const rc = await planImage(releaseRun('4.0.0-rc.1', []), imageProduct('server', '4.0.0-rc.1'), endpoints, checkout.git);
    expect(rc.tags.map((t) => t.split(':').pop())).toEqual(['4.0.0-rc.1']);
    expect(rc.notLatest).toBeUndefined();
  });

  it('GIVEN the image already pushed by an earlier run WHEN the job runs again THEN nothing is pushed and the outcome says already there, with its digest', async () => {
    const digest = await pushTinyImage(registry.url, 'acme/web', '5.0.0');
    const plan = await planImage(releaseRun('5.0.0', []), imageProduct('web', '5.0.0'), endpoints, taggedCheckout(['v5.0.0']).git);
    expect(plan.push).toBe(false);
    expect(plan.tags).toEqual([]);
    expect(plan.outcome).toMatchObject({ product: 'web', target: 'ghcr', subject: 'web', version: '5.0.0', outcome: 'skipped:already-published' });
    expect(plan.outcome!.detail).toContain(digest);
  });

  it('GIVEN a product whose dependsOn names an image WHEN it is about to publish THEN it is held back until the registry has the image, and published once it has', async () => {
    const image = imageProduct('engine', '4.2.0');
    const client = { ...imageProduct('client', '4.2.0'), explicitDependsOn: ['engine'] };
    const run = releaseRun('4.2.0', [image, client]);
    const registryProbe = new HttpRegistry({ LOCKSTEP_IMAGE_REGISTRY: registry.url, GITHUB_REPOSITORY_OWNER: 'acme' }, new SpawnExec({}, tempDir()));
    const waiting = await unpublishedDependencies(run, client, 'custom', registryProbe);
    expect(waiting.map((w) => [w.product, w.package.name])).toEqual([['engine', 'engine']]);
    expect(heldBackDetail(waiting)).toContain('GitHub\'s container registry');
    await pushTinyImage(registry.url, 'acme/engine', '4.2.0');
    expect(await unpublishedDependencies(run, client, 'custom', registryProbe)).toEqual([]);
  });

  describe('the image-probe and record-outcome commands, as the image job runs them', () => {
    function runIn(version: string, product: RunProduct): { dir: string; env: Record<string, string> } {
      // The job's checkout: every tag, its own umbrella tag among them (tag-all ran before).
      const { dir } = taggedCheckout([`v${version}`]);
      const env = {
        GITHUB_OUTPUT: path.join(dir, 'output'),
        LOCKSTEP_RELEASE_FILE: path.join(dir, 'release-run.json'),
        LOCKSTEP_IMAGE_REGISTRY: registry.url,
        GITHUB_REPOSITORY_OWNER: 'acme',
      };
      fs.writeFileSync(env.LOCKSTEP_RELEASE_FILE, JSON.stringify(releaseRun(version, [product])));
      return { dir, env };
    }
    const outcomesOf = (dir: string, job: string) => JSON.parse(fs.readFileSync(path.join(dir, '.lockstep/outcomes', `${job}.json`), 'utf8'));

    it('GIVEN a first release WHEN image-probe runs THEN it says push, with the tags one a line, and a successful push is recorded as published', async () => {
      const { dir, env } = runIn('6.0.0', imageProduct('api', '6.0.0'));
      const probe = await lockstep(dir, ['image-probe', '--product', 'api'], env);
      expect(probe.code).toBe(0);
      const host = new URL(registry.url).host;
      expect(readStepOutputs(env.GITHUB_OUTPUT)).toEqual({ push: 'true', image: `${host}/acme/api`, tags: `${host}/acme/api:6.0.0\n${host}/acme/api:latest` });
      // The push itself is build-push-action's; here the registry gets the image as it would.
      await pushTinyImage(registry.url, 'acme/api', '6.0.0');
      const recorded = await lockstep(dir, ['record-outcome', '--job', 'publish-image-api', '--product', 'api', '--target', 'ghcr', '--result', 'success'], env);
      expect(recorded.code).toBe(0);
      expect(outcomesOf(dir, 'publish-image-api')).toEqual([expect.objectContaining({ product: 'api', target: 'ghcr', subject: 'api', outcome: 'published' })]);
    });

    it('GIVEN the version already in the registry WHEN image-probe runs and the push step is skipped THEN the job records already there, not a failure', async () => {
      await pushTinyImage(registry.url, 'acme/worker', '7.0.0');
      const { dir, env } = runIn('7.0.0', imageProduct('worker', '7.0.0'));
      const probe = await lockstep(dir, ['image-probe', '--product', 'worker'], env);
      expect(probe.code).toBe(0);
      expect(readStepOutputs(env.GITHUB_OUTPUT)).toMatchObject({ push: 'false', tags: '' });
      const recorded = await lockstep(dir, ['record-outcome', '--job', 'publish-image-worker', '--product', 'worker', '--target', 'ghcr', '--result', 'skipped'], env);
      expect(recorded.code).toBe(0);
      expect(outcomesOf(dir, 'publish-image-worker')).toEqual([expect.objectContaining({ product: 'worker', outcome: 'skipped:already-published' })]);
    });

    it('GIVEN a push that failed WHEN the outcome is recorded THEN the image is failed and the step fails', async () => {
      const { dir, env } = runIn('8.0.0', imageProduct('cron', '8.0.0'));
      expect((await lockstep(dir, ['image-probe', '--product', 'cron'], env)).code).toBe(0);
      const recorded = await lockstep(dir, ['record-outcome', '--job', 'publish-image-cron', '--product', 'cron', '--target', 'ghcr', '--result', 'failure'], env);
      expect(recorded.code).toBe(1);
      expect(outcomesOf(dir, 'publish-image-cron')).toEqual([expect.objectContaining({ product: 'cron', outcome: 'failed' })]);
    });

    it('GIVEN a registry answering neither found nor missing WHEN image-probe runs THEN it fails saying so, without telling the job to push', async () => {
      const broken = await startRecordedServer({ '/v2/acme/api/manifests/9.0.0': { status: 500, body: 'storage down' } });
      try {
        const { dir, env } = runIn('9.0.0', imageProduct('api', '9.0.0'));
        const res = await lockstep(dir, ['image-probe', '--product', 'api'], { ...env, LOCKSTEP_IMAGE_REGISTRY: broken.url });
        expect(res.code).not.toBe(0);
        expect(res.err).toMatch(/asking the container registry for api: .*HTTP 500: storage down/);
        expect(res.err).not.toMatch(/\n\s+at /);
        expect(fs.existsSync(env.GITHUB_OUTPUT)).toBe(false);
      } finally {
        await broken.close();
      }
    });
  });
});

describe('GitHub\'s container registry asks for a bearer token even to read', () => {
  it('GIVEN a 401 on the manifest WHEN the tag is probed THEN a pull token for that repository is fetched from /token with the job token, and the manifest asked again with it', async () => {
    const seen: Array<{ url: string; authorization?: string }> = [];
    const server = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', authorization: req.headers.authorization });
      const url = new URL(req.url ?? '/', 'http://localhost');
      if (url.pathname === '/token') {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end('{"token":"pull-token"}');
      } else if (req.headers.authorization === 'Bearer pull-token') {
        res.writeHead(404, { 'content-type': 'application/json' });
        res.end('{"errors":[{"code":"MANIFEST_UNKNOWN"}]}');
      } else {
        res.writeHead(401, { 'www-authenticate': 'Bearer realm="/token"' });
        res.end('{"errors":[{"code":"UNAUTHORIZED"}]}');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const base = `http://127.0.0.1:${(server.address() as net.AddressInfo).port}`;
    try {
      expect(await probeImageTag({ imageRegistry: base, githubToken: 'job-token' }, 'acme/server', '1.0.0')).toEqual({ state: 'missing' });
      const host = new URL(base).host;
      expect(seen).toEqual([
        { url: '/v2/acme/server/manifests/1.0.0', authorization: undefined },
        { url: `/token?scope=${encodeURIComponent('repository:acme/server:pull')}&service=${encodeURIComponent(host)}`, authorization: `Basic ${Buffer.from('lockstep:job-token').toString('base64')}` },
        { url: '/v2/acme/server/manifests/1.0.0', authorization: 'Bearer pull-token' },
      ]);
    } finally {
      await new Promise<void>((resolve) => server.close(() => resolve()));
    }
  });

  it('GIVEN no job token WHEN the registry asks for one THEN the pull token is asked for anonymously (a public image)', async () => {
    const server = await startRecordedServer({
      '/v2/acme/server/manifests/1.0.0': [{ status: 401, body: '' }, { status: 404, body: '' }],
      '/token': { status: 200, body: '{"token":"anonymous"}' },
    });
    try {
      expect(await probeImageTag({ imageRegistry: server.url }, 'acme/server', '1.0.0')).toEqual({ state: 'missing' });
      expect(server.hits).toEqual(['/v2/acme/server/manifests/1.0.0', '/token', '/v2/acme/server/manifests/1.0.0']);
    } finally {
      await server.close();
    }
  });

  it('GIVEN a token endpoint that refuses WHEN the tag is probed THEN the error names the registry\'s token endpoint and its answer, not "missing"', async () => {
    const server = await startRecordedServer({
      '/v2/acme/server/manifests/1.0.0': { status: 401, body: '' },
      '/token': { status: 403, body: '{"errors":[{"code":"DENIED","message":"requested access to the resource is denied"}]}' },
    });
    try {
      await expect(probeImageTag({ imageRegistry: server.url, githubToken: 't' }, 'acme/server', '1.0.0')).rejects.toThrow(/the token endpoint of 127\.0\.0\.1:\d+ answered HTTP 403: .*DENIED/);
    } finally {
      await server.close();
    }
  });

  it('GIVEN a repository name with capitals WHEN it is probed THEN it is refused before any request, naming it', async () => {
    await expect(probeImageTag({ imageRegistry: 'http://127.0.0.1:9' }, 'Acme/server', '1.0.0')).rejects.toThrow(/'Acme\/server' is not an image repository name/);
  });
});

describe('the summary of a release with images (issue 17)', () => {
  const run = releaseRun('1.4.0', [imageProduct('server', '1.4.0'), imageProduct('web', '1.4.0'), imageProduct('cron', '1.4.0')]);
  const row = (product: string, outcome: string, detail: string) => ({ product, target: 'ghcr', subject: product, version: '1.4.0', outcome: outcome as any, detail });

  it('GIVEN an image pushed, one already there and one whose job failed before recording WHEN summarized THEN each row says its true outcome, the failed one naming its own job', () => {
    const outcomes = [row('server', 'published', 'pushed'), row('web', 'skipped:already-published', 'ghcr.io/acme/web:1.4.0 is already there (sha256:abc); not built again')];
    const summary = summarize(run, outcomes, { 'tag-all': { result: 'success' }, 'publish-image-cron': { result: 'failure' } });
    const images = summary.rows.filter((r) => r.target === 'ghcr').map((r) => [r.product, r.outcome]);
    expect(images).toEqual([['server', 'published'], ['web', 'skipped:already-published'], ['cron', 'failed']]);
    expect(summary.rows.find((r) => r.product === 'cron')!.detail).toContain('publish-image-cron: failure');
    expect(summary.markdown.text).toContain('sha256:abc');
  });

  it('GIVEN an image product WHEN its publish job is named for the summary THEN it is its own job, not a shared one', () => {
    expect(publishJobOf(imageProduct('Web UI', '1.0.0'), 'ghcr')).toBe('publish-image-web-ui');
  });
});

describe('the plan job\'s build output for images (issue 17, P5)', () => {
  it('GIVEN an image the registry does not have WHEN the plan job decides the builds THEN its build check runs; one already there is not built again', () => {
    const missing = { ...imageProduct('api', '1.0.0'), packages: [{ target: 'ghcr', name: 'api', version: '1.0.0', state: 'missing' as const }] };
    const there = { ...imageProduct('api', '1.0.0'), packages: [{ target: 'ghcr', name: 'api', version: '1.0.0', state: 'published' as const }] };
    expect(needsBuild(missing)).toBe(true);
    expect(needsBuild(there)).toBe(false);
  });
});

describe('the outcome of an image\'s push step (issue 17)', () => {
  const seen = (state: 'published' | 'missing') => ({ ...imageProduct('api', '2.0.0'), packages: [{ target: 'ghcr', name: 'api', version: '2.0.0', state }] });

  it('GIVEN a push that ran although the plan job had seen the version WHEN recorded THEN it is published: the job\'s own probe found it missing, so the push put it there', () => {
    expect(outcomeOfStep(seen('published'), 'ghcr', 'success')).toEqual([expect.objectContaining({ outcome: 'published', detail: 'pushed' })]);
  });

  it('GIVEN a push step that never ran and no outcome before it WHEN recorded THEN it failed, saying the tag check or the probe stopped it', () => {
    expect(outcomeOfStep(seen('missing'), 'ghcr', 'skipped')).toEqual([expect.objectContaining({ outcome: 'failed', detail: 'not pushed: the tag check or the registry probe failed' })]);
  });
});
