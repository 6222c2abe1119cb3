import { createHash } from 'crypto';
import { afterEach, describe, expect, it } from 'vitest';
import { probeImageTag } from '../../../src/runtime/registry/oci';
import { RecordedServer, startRecordedServer } from '../../support/local-registries';

const MANIFEST = '/v2/acme/server/manifests/1.0.0';
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
    // The decoded text lost the mark: its hash would name a manifest the registry does not have.
    expect(state).not.toEqual({ state: 'published', digest: sha256(Buffer.from(body.slice(1), 'utf8')) });
  });

  it('GIVEN a header that is no digest WHEN the tag is probed THEN the digest is of the bytes as served', async () => {
    const body = '{"schemaVersion":2}';
    server = await startRecordedServer({ [MANIFEST]: { status: 200, body, headers: { 'docker-content-digest': 'not a digest' } } });
    expect(await probeImageTag({ imageRegistry: server.url }, 'acme/server', '1.0.0')).toEqual({ state: 'published', digest: sha256(Buffer.from(body, 'utf8')) });
  });
});
