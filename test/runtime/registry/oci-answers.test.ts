import { createHash } from 'crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { probeImageTag } from '../../../src/runtime/registry/oci';
import { outcomeOfStep } from '../../../src/runtime/release/record';
import { RunProduct } from '../../../src/runtime/release/run';
import { RecordedServer, startRecordedServer } from '../../support/local-registries';

const MANIFEST = '/v2/acme/server/manifests/1.0.0';
const imageProduct = (): RunProduct => ({
  name: 'server',
  kind: 'container-image',
  path: 'deploy/server',
  tag: 'server-v1.0.0',
  githubRelease: false,
  dependsOn: [],
  settings: { image: 'server', dockerfile: 'deploy/server/Dockerfile', platforms: 'linux/amd64' },
  packages: [{ target: 'ghcr', name: 'server', version: '1.0.0', state: 'missing' }],
});
const sha256 = (bytes: Buffer) => `sha256:${createHash('sha256').update(bytes).digest('hex')}`;

describe('the image probe reads the digest the registry names the manifest by', () => {
  let server: RecordedServer | undefined;
  afterEach(async () => server?.close());

  it('GIVEN a Docker-Content-Digest header WHEN the tag is probed THEN that digest is the one reported', async () => {
    const digest = `sha256:${'ab'.repeat(32)}`;
    server = await startRecordedServer({ [MANIFEST]: { status: 200, body: '{"schemaVersion":2}', headers: { 'docker-content-digest': digest } } });
    expect(await probeImageTag({ imageRegistry: server.url }, 'acme/server', '1.0.0')).toEqual({ state: 'published', digest });
  });

  it('GIVEN no such header and a body whose decoded text is not its bytes (a byte-order mark) WHEN the tag is probed THEN the digest is of the bytes as served', async () => {
    const body = '\uFEFF{"schemaVersion":2}';
    server = await startRecordedServer({ [MANIFEST]: { status: 200, body } });
    const served = Buffer.from(body, 'utf8');
    const state = await probeImageTag({ imageRegistry: server.url }, 'acme/server', '1.0.0');
    expect(state).toEqual({ state: 'published', digest: sha256(served) });
  });

  it('GIVEN a header that is no digest WHEN the tag is probed THEN the digest is of the bytes as served', async () => {
    const body = '{"schemaVersion":2}';
    server = await startRecordedServer({ [MANIFEST]: { status: 200, body, headers: { 'docker-content-digest': 'not a digest' } } });
    expect(await probeImageTag({ imageRegistry: server.url }, 'acme/server', '1.0.0')).toEqual({ state: 'published', digest: sha256(Buffer.from(body, 'utf8')) });
  });
});

describe('a 403 of GHCR names the secrets doc\'s one-time step (Manage Actions access)', () => {
  let server: RecordedServer | undefined;
  afterEach(async () => server?.close());
  const STEP = 'Manage Actions access → Add repository → this repository, role Write); see docs/release-secrets.md#container-images';

  it('GIVEN the manifest refused with the job\'s pull token WHEN the tag is probed THEN the error gives the answer and the step, never "missing"', async () => {
    server = await startRecordedServer({
      [MANIFEST]: [{ status: 401, body: '' }, { status: 403, body: '{"errors":[{"code":"DENIED","message":"permission_denied"}]}' }],
      '/token': { status: 200, body: '{"token":"pull-token"}' },
    });
    const probe = probeImageTag({ imageRegistry: server.url, githubToken: 'job-token' }, 'acme/server', '1.0.0');
    await expect(probe).rejects.toThrow(`GET ${server.url}${MANIFEST} answered HTTP 403: {"errors":[{"code":"DENIED","message":"permission_denied"}]}; ` +
      `a 403 means this repository's token may not use ${new URL(server.url).host}/acme/server: an image pushed before by another repository or workflow must give it access on the package's settings page (${STEP}`);
  });

  it('GIVEN the token endpoint refusing the job token WHEN the tag is probed THEN the error names the step too', async () => {
    server = await startRecordedServer({ [MANIFEST]: { status: 401, body: '' }, '/token': { status: 403, body: 'denied' } });
    const probe = probeImageTag({ imageRegistry: server.url, githubToken: 'job-token' }, 'acme/server', '1.0.0');
    await expect(probe).rejects.toThrow(/^the token endpoint of 127\.0\.0\.1:\d+ answered HTTP 403: denied; a 403 means this repository's token may not use .*\/acme\/server: .*Manage Actions access/);
  });

  it('GIVEN an image push that failed WHEN its outcome is recorded THEN the detail names the step, since GHCR refuses an image the repository was not given', () => {
    const product = imageProduct();
    expect(outcomeOfStep(product, 'ghcr', 'failure')).toEqual([expect.objectContaining({
      outcome: 'failed',
      detail: 'the build or push failed: see its log; a 403 means this repository\'s token may not use the image server: an image pushed before by another repository or workflow ' +
        `must give it access on the package's settings page (${STEP}`,
    })]);
    // Other targets' failures keep their plain detail.
    expect(outcomeOfStep({ ...product, packages: [{ target: 'pypi', name: 'server', version: '1.0.0', state: 'missing' }] }, 'pypi', 'failure')[0].detail).toBe('the publish step failed: see its log');
  });
});
