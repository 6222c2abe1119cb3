// A real OCI registry on 127.0.0.1 for the container-image tests (issue 17): Debian's docker-registry
// (distribution 2.8.2, installed by `bash .ci/install-registry-tools.sh`), storing on a temporary directory,
// without authentication. `pushTinyImage` puts an image in it over the distribution API itself (blob uploads,
// then the manifest), as a registry client pushes one, so no docker daemon is needed.
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { tempDir } from './fixtures';
import { freePort, spawnServer, stopChild, waitUntilUp } from '../../src/runtime/rehearse/servers';

/** Where the registry binary is: Debian installs it on the PATH. */
const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

/** A running docker-registry. */
export interface LocalOciRegistry {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts docker-registry on 127.0.0.1 at a free port with empty storage. */
export async function startOciRegistry(): Promise<LocalOciRegistry> {
  if (!fs.existsSync(DOCKER_REGISTRY_BIN)) throw new Error(`docker-registry missing at ${DOCKER_REGISTRY_BIN}; run \`bash .ci/install-registry-tools.sh\` from the repository root`);
  const dir = tempDir('lockstep-oci-');
  const port = await freePort();
  const config = path.join(dir, 'config.yml');
  fs.writeFileSync(config, [
    'version: 0.1',
    'log:',
    '  level: error',
    'storage:',
    '  filesystem:',
    `    rootdirectory: ${JSON.stringify(path.join(dir, 'data'))}`,
    'http:',
    `  addr: 127.0.0.1:${port}`,
    // A fixed secret: the registry otherwise warns on every start.
    '  secret: lockstep-test',
    '',
  ].join('\n'));
  const server = spawnServer('docker-registry', DOCKER_REGISTRY_BIN, ['serve', config]);
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(server, `${url}/v2/`, (status) => status === 200);
  return { url, stop: () => stopChild(server.child) };
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function uploadBlob(registry: string, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const started = await fetch(`${registry}/v2/${repository}/blobs/uploads/`, { method: 'POST' });
  if (started.status !== 202) throw new Error(`starting a blob upload answered ${started.status}: ${await started.text()}`);
  const location = new URL(started.headers.get('location')!, registry);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes });
  if (put.status !== 201) throw new Error(`finishing a blob upload answered ${put.status}: ${await put.text()}`);
  return digest;
}

/**
 * Pushes a one-layer OCI image (a config and a tiny layer blob) under `tag` and returns the manifest's digest,
 * as the registry names it (`Docker-Content-Digest`).
 */
export async function pushTinyImage(registry: string, repository: string, tag: string): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = Buffer.from(`layer of ${repository}:${tag}\n`);
  const configDigest = await uploadBlob(registry, repository, config);
  const layerDigest = await uploadBlob(registry, repository, layer);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  }));
  const put = await fetch(`${registry}/v2/${repository}/manifests/${tag}`, {
    method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest,
  });
  if (put.status !== 201) throw new Error(`pushing the manifest answered ${put.status}: ${await put.text()}`);
  return put.headers.get('docker-content-digest')!;
}
