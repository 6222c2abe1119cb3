import { createHash } from 'crypto';
import * as fs from 'fs';
import * as path from 'path';
import { ServerProcess, freePort, spawnServer, stopChild, waitUntilUp } from './servers';

/**
 * Issue 17: the container registry of a rehearsal (and of the image tests): Debian's docker-registry
 * (distribution 2.8.2), without authentication, storing under `dir`. Started only for a plan with images.
 */
export async function startOciRegistryProcess(bin: string, dir: string): Promise<ServerProcess> {
  fs.mkdirSync(dir, { recursive: true });
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
    '  secret: lockstep-local',
    '',
  ].join('\n'));
  const url = `http://127.0.0.1:${port}`;
  const launch = async () => {
    const spawned = spawnServer('docker-registry', bin, ['serve', config]);
    await waitUntilUp(spawned, `${url}/v2/`, (status) => status === 200);
    return spawned;
  };
  let current = await launch();
  return {
    url,
    port,
    stop: () => stopChild(current.child),
    kill: () => stopChild(current.child, 'SIGKILL'),
    restart: async () => {
      await stopChild(current.child, 'SIGKILL');
      current = await launch();
    },
  };
}

/** An image reference split into the registry's base URL (http: local registries only), repository and tag. */
export function localImageRef(ref: string): { base: string; repository: string; tag: string } {
  const m = /^(127\.0\.0\.1:\d+|localhost:\d+)\/([a-z0-9._/-]+):([A-Za-z0-9_][A-Za-z0-9_.-]{0,127})$/.exec(ref.trim());
  if (m === null) throw new Error(`'${ref}' is not an image reference on a local registry (127.0.0.1:<port>/<repository>:<tag>); a rehearsal pushes nowhere else`);
  return { base: `http://${m[1]}`, repository: m[2], tag: m[3] };
}

function sha256(bytes: Buffer): string {
  return `sha256:${createHash('sha256').update(bytes).digest('hex')}`;
}

async function uploadBlob(base: string, repository: string, bytes: Buffer): Promise<string> {
  const digest = sha256(bytes);
  const started = await fetch(`${base}/v2/${repository}/blobs/uploads/`, { method: 'POST', signal: AbortSignal.timeout(30_000) });
  if (started.status !== 202) throw new Error(`starting a blob upload to ${base}/v2/${repository} answered HTTP ${started.status}: ${await started.text()}`);
  const location = new URL(started.headers.get('location') ?? '', base);
  location.searchParams.set('digest', digest);
  const put = await fetch(location, { method: 'PUT', headers: { 'content-type': 'application/octet-stream' }, body: bytes, signal: AbortSignal.timeout(30_000) });
  if (put.status !== 201) throw new Error(`finishing a blob upload to ${base}/v2/${repository} answered HTTP ${put.status}: ${await put.text()}`);
  return digest;
}

/**
 * Pushes a one-layer OCI image over the distribution API (a config blob, a layer blob, then the manifest under
 * each tag) and returns the manifest's digest as the registry names it. The layer is `content`'s text: a rehearsal has no container
 * builder, so it pushes a stand-in image that names what would have been built.
 */
export async function pushStandInImage(base: string, repository: string, tags: readonly string[], content: string): Promise<string> {
  const config = Buffer.from(JSON.stringify({ architecture: 'amd64', os: 'linux', rootfs: { type: 'layers', diff_ids: [] } }));
  const layer = Buffer.from(content, 'utf8');
  const configDigest = await uploadBlob(base, repository, config);
  const layerDigest = await uploadBlob(base, repository, layer);
  const manifest = Buffer.from(JSON.stringify({
    schemaVersion: 2,
    mediaType: 'application/vnd.oci.image.manifest.v1+json',
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: configDigest, size: config.length },
    layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: layerDigest, size: layer.length }],
  }));
  // The digest as the registry names it (its Docker-Content-Digest header), not as we compute it.
  let digest = '';
  for (const tag of tags) {
    const put = await fetch(`${base}/v2/${repository}/manifests/${tag}`, {
      method: 'PUT', headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' }, body: manifest, signal: AbortSignal.timeout(30_000),
    });
    if (put.status !== 201) throw new Error(`pushing the manifest of ${repository}:${tag} answered HTTP ${put.status}: ${await put.text()}`);
    digest = put.headers.get('docker-content-digest') ?? '';
    if (!/^sha256:[0-9a-f]{64}$/.test(digest)) throw new Error(`the registry named no digest for ${repository}:${tag} (Docker-Content-Digest: '${digest}')`);
  }
  return digest;
}
