import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { CliError } from '../cli-error';

/**
 * The local registries a rehearsal publishes to, each a real server on 127.0.0.1 at a free port, started
 * and stopped by the rehearsal: verdaccio (npm), pypiserver (PyPI) and estuary (crates, a git index). Each
 * sits behind a recording proxy that logs every upload with its answer, so the rehearsal can count what
 * was published, in which order, and refuse one package on purpose (`--fail`).
 */

/** Where the pinned server tools are (`bash .ci/install-registry-tools.sh` installs them). */
export interface RegistryTools {
  readonly verdaccio: string;
  readonly pypiVenvBin: string;
  readonly estuary: string;
}

/** The tools under a `.tools` directory as the library's `.ci` scripts lay it out. */
export function toolsIn(dir: string): RegistryTools {
  return {
    verdaccio: path.join(dir, 'verdaccio', 'node_modules', 'verdaccio', 'bin', 'verdaccio'),
    pypiVenvBin: path.join(dir, 'pypi', 'bin'),
    estuary: path.join(dir, 'bin', 'estuary'),
  };
}

/** Throws one message naming every missing tool and the script that installs them. */
export function checkTools(tools: RegistryTools, dir: string): void {
  const missing = [
    [tools.verdaccio, 'verdaccio'],
    [path.join(tools.pypiVenvBin, 'pypi-server'), 'pypiserver'],
    [path.join(tools.pypiVenvBin, 'twine'), 'twine'],
    [path.join(tools.pypiVenvBin, 'maturin'), 'maturin'],
    [tools.estuary, 'estuary'],
  ].filter(([file]) => !fs.existsSync(file)).map(([, name]) => name);
  if (missing.length > 0) {
    throw new CliError(`the local registries' tools are missing from ${dir} (${missing.join(', ')}): run \`bash .ci/install-registry-tools.sh\` in a clone of projen-lockstep-release, or pass --tools DIR`);
  }
}

/** One upload a registry was asked for, as the recording proxy saw it. */
export interface Upload {
  /** `crates-io`, `npm` or `pypi`. */
  readonly target: string;
  readonly name: string;
  readonly version: string;
  /** The file, for PyPI (one upload per file). */
  readonly file?: string;
  /** The HTTP status of the answer; 0 when none came (the server was stopped mid-upload). */
  readonly status: number;
  /** Milliseconds since the rehearsal started. */
  readonly at: number;
}

/** A running server, stopped with `stop`. */
export interface LocalServer {
  stop(): Promise<void>;
}

/** How a registry fails the uploads of the `--fail` packages. */
export enum Failure {
  /** The registry answers HTTP 403 to each of their uploads. */
  REFUSED = 'refused',
  /** The registry's server process is killed while the first of their uploads is half received, and stays down for the rest of the run. */
  SERVER_STOPPED = 'server-stopped',
}

export const FAILURES: readonly string[] = Object.values(Failure);

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A spawned server process and its output so far (for error messages). */
export interface Spawned {
  readonly child: ChildProcess;
  readonly output: string[];
  readonly name: string;
}

/** Spawns a server, keeping its output for error messages. */
export function spawnServer(name: string, command: string, args: string[], env: Record<string, string> = {}): Spawned {
  const child = spawn(command, args, { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  child.on('error', (e) => output.push(`${name} could not start: ${e.message}`));
  return { child, output, name };
}

/** A slow start on a busy 2-core machine is waited out; a dead server fails at once. */
const START_DEADLINE_MS = 90_000;

/** Waits until `url` answers with a status `ok` accepts, or throws with the server's output. */
export async function waitUntilUp(server: Spawned, url: string, ok: (status: number) => boolean = () => true): Promise<void> {
  const deadline = Date.now() + START_DEADLINE_MS;
  while (Date.now() < deadline) {
    if (server.child.exitCode !== null) throw new Error(`${server.name} exited (${server.child.exitCode}): ${server.output.join('').slice(-2000)}`);
    try {
      if (ok((await fetch(url, { redirect: 'manual' })).status)) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  server.child.kill('SIGKILL');
  throw new Error(`${server.name} did not answer on ${url} within ${START_DEADLINE_MS / 1000} s: ${server.output.join('').slice(-2000)}`);
}

/** Stops a server process (SIGTERM, or SIGKILL: no chance to finish anything) and waits for it to exit. */
export function stopChild(child: ChildProcess, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill(signal);
  });
}

/** A server started by `launch`, which can be killed and launched again on the same port and data. */
function restartable(launch: () => Promise<Spawned>, first: Spawned): Pick<ServerProcess, 'stop' | 'kill' | 'restart'> {
  let current = first;
  return {
    stop: () => stopChild(current.child),
    kill: () => stopChild(current.child, 'SIGKILL'),
    restart: async () => {
      await stopChild(current.child, 'SIGKILL');
      current = await launch();
    },
  };
}

/** What the recording proxy makes of a request: an upload (with its package) or nothing. */
type UploadOf = (method: string, url: string, body: Buffer) => Omit<Upload, 'status' | 'at'> | undefined;

/** A reverse proxy that records uploads and fails the ones `refuse` or `stopDuring` name. */
export interface RecordingProxy extends LocalServer {
  readonly url: string;
  readonly uploads: Upload[];
  /** Package names whose uploads are refused with HTTP 403 (an injected failure); empty by default. */
  readonly refuse: Set<string>;
  /**
   * Package names during whose first upload the server behind the proxy is stopped (an injected failure):
   * half the upload is passed on, the server is killed, the client's connection is cut without an answer,
   * and the proxy stops listening, so every later request is refused until `bringBack`.
   */
  readonly stopDuring: Set<string>;
  /** The upload the server was stopped during, until `bringBack`. */
  stoppedDuring(): Upload | undefined;
  /** Starts the stopped server again on its port and data, and listens again; false when it was not stopped. */
  bringBack(): Promise<boolean>;
}

async function startRecordingProxy(
  target: string, uploadOf: UploadOf, started: number, upstreamServer: Pick<ServerProcess, 'kill' | 'restart'>, port?: number,
): Promise<RecordingProxy> {
  const upstream = new URL(target);
  const uploads: Upload[] = [];
  const refuse = new Set<string>();
  const stopDuring = new Set<string>();
  let stopped: Upload | undefined;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const upload = req.method === 'GET' || req.method === 'HEAD' ? undefined : uploadOf(req.method ?? '', req.url ?? '/', body);
      if (upload && stopped === undefined && stopDuring.has(upload.name)) {
        stopped = { ...upload, status: 0, at: Date.now() - started };
        uploads.push(stopped);
        void stopMidUpload(req, body);
        return;
      }
      if (upload && refuse.has(upload.name)) {
        // 403: a refusal the clients do not retry (npm and cargo retry a 5xx for a minute).
        uploads.push({ ...upload, status: 403, at: Date.now() - started });
        res.writeHead(403, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ error: `rehearsal: ${upload.name} refused on purpose (--fail)`, errors: [{ detail: `rehearsal: ${upload.name} refused on purpose (--fail)` }] }));
        return;
      }
      const headers = { ...req.headers, host: upstream.host };
      const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (up) => {
        if (upload) uploads.push({ ...upload, status: up.statusCode ?? 0, at: Date.now() - started });
        res.writeHead(up.statusCode ?? 502, up.headers);
        up.pipe(res);
      });
      forward.on('error', (e) => {
        res.writeHead(502);
        res.end(`rehearsal proxy: ${e.message}`);
      });
      forward.end(body);
    });
  });
  const close = (): Promise<void> => new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
  /** Half the body reaches the server, then it is killed; the client gets no answer, and no one else gets in. */
  async function stopMidUpload(req: http.IncomingMessage, body: Buffer): Promise<void> {
    const headers = { ...req.headers, host: upstream.host };
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers });
    forward.on('error', () => undefined);
    await new Promise<void>((resolve) => forward.write(body.subarray(0, Math.floor(body.length / 2)), () => resolve()));
    await upstreamServer.kill();
    forward.destroy();
    req.socket.destroy();
    await close();
  }
  await new Promise<void>((resolve) => server.listen(port ?? 0, '127.0.0.1', resolve));
  const bound = (server.address() as net.AddressInfo).port;
  return {
    url: `http://127.0.0.1:${bound}`,
    uploads,
    refuse,
    stopDuring,
    stoppedDuring: () => stopped,
    bringBack: async () => {
      if (stopped === undefined) return false;
      await upstreamServer.restart();
      if (!server.listening) await new Promise<void>((resolve) => server.listen(bound, '127.0.0.1', resolve));
      stopped = undefined;
      return true;
    },
    stop: close,
  };
}

/** npm: `PUT /<name>` with the version in the body's `versions`. */
function npmUpload(method: string, url: string, body: Buffer): Omit<Upload, 'status' | 'at'> | undefined {
  if (method !== 'PUT' || url.startsWith('/-/')) return undefined;
  try {
    const doc = JSON.parse(body.toString('utf8')) as { name?: string; versions?: Record<string, unknown> };
    const version = Object.keys(doc.versions ?? {})[0];
    if (!doc.name || !version) return undefined;
    return { target: 'npm', name: doc.name, version };
  } catch {
    return undefined;
  }
}

/** crates: `PUT /api/v1/crates/new`, a little-endian length, then the crate's JSON metadata. */
function crateUpload(method: string, url: string, body: Buffer): Omit<Upload, 'status' | 'at'> | undefined {
  if (method !== 'PUT' || !url.startsWith('/api/v1/crates/new') || body.length < 4) return undefined;
  const length = body.readUInt32LE(0);
  try {
    const meta = JSON.parse(body.subarray(4, 4 + length).toString('utf8')) as { name: string; vers: string };
    return { target: 'crates-io', name: meta.name, version: meta.vers };
  } catch {
    return undefined;
  }
}

/** PyPI: a multipart `POST` with `:action=file_upload`, `name`, `version` and the file's name. */
function pypiUpload(method: string, _url: string, body: Buffer): Omit<Upload, 'status' | 'at'> | undefined {
  if (method !== 'POST') return undefined;
  const text = body.toString('latin1');
  const field = (name: string): string | undefined => new RegExp(`name="${name}"\\r\\n\\r\\n([^\\r]*)\\r\\n`).exec(text)?.[1];
  if (field(':action') !== 'file_upload') return undefined;
  const file = /name="content"; filename="([^"]+)"/.exec(text)?.[1];
  const name = field('name');
  const version = field('version');
  if (!name || !version) return undefined;
  return { target: 'pypi', name, version, file };
}

/** verdaccio with one user and token, behind a recording proxy. */
export interface LocalNpm extends LocalServer {
  /** The proxy's URL, `http://127.0.0.1:<port>/`: what npm is told. */
  readonly url: string;
  readonly token: string;
  readonly proxy: RecordingProxy;
}

/** A registry server process on 127.0.0.1, without a proxy: its own URL and how to stop it. */
export interface ServerProcess extends LocalServer {
  /** `http://127.0.0.1:<port>`, no trailing slash. */
  readonly url: string;
  readonly port: number;
  /** Kills the process at once (SIGKILL), as a crash or a lost machine would stop it. */
  kill(): Promise<void>;
  /** Starts the process again on the same port, with the same data (killing it first if it runs). */
  restart(): Promise<void>;
}

/** A registry verdaccio fetches what it does not hold from (and keeps the tarballs of), but never `localOnly`. */
export interface Uplink {
  readonly url: string;
  /** Packages served only from what was published to verdaccio: never looked up on the uplink. */
  readonly localOnly: readonly string[];
}

/**
 * Starts verdaccio in `dir` and creates `user` with a token. Without `uplink`, nothing reaches a real
 * registry (the release's stand-in for npmjs); with one, it serves the uplink's packages too.
 */
export async function startVerdaccioProcess(
  bin: string, dir: string, user: string, uplink?: Uplink,
): Promise<ServerProcess & { readonly token: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const access = ['    access: $all', '    publish: $authenticated'];
  fs.writeFileSync(path.join(dir, 'config.yaml'), [
    `storage: ${path.join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${path.join(dir, 'htpasswd')}`,
    '    max_users: 10',
    ...(uplink === undefined ? ['uplinks: {}'] : ['uplinks:', '  upstream:', `    url: ${JSON.stringify(uplink.url)}`]),
    'packages:',
    ...(uplink?.localOnly ?? []).flatMap((name) => [`  ${JSON.stringify(name)}:`, ...access]),
    "  '**':",
    ...access,
    ...(uplink === undefined ? [] : ['    proxy: upstream']),
    'max_body_size: 100mb',
    // Node's HTTP server closes an idle kept-alive connection after 5 s; a client that reuses it at that moment
    // (npm, or fetch after a long `npm ci` on a loaded machine) gets "other side closed". The server lives
    // only as long as one rehearsal or test, so it keeps idle connections open longer than any wait in them.
    'server:',
    '  keepAliveTimeout: 600',
    'log: { type: stdout, format: pretty, level: error }',
    '',
  ].join('\n'));
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<Spawned> => {
    const spawned = spawnServer('verdaccio', process.execPath, [bin, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`]);
    await waitUntilUp(spawned, `${url}/-/ping`, (s) => s === 200);
    return spawned;
  };
  const control = restartable(launch, await launch());
  const stop = control.stop;
  const res = await fetch(`${url}/-/user/org.couchdb.user:${user}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name: user, password: `${user}-password` }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token) {
    await stop();
    throw new Error(`verdaccio refused to create user ${user}: HTTP ${res.status} ${JSON.stringify(body)}`);
  }
  return { url, port, token: body.token, ...control };
}

/** A server behind a recording proxy: stopping it stops both, the proxy first. */
async function behindProxy(
  server: ServerProcess, uploadOf: UploadOf, started: number, proxyPort?: number,
): Promise<LocalServer & { proxy: RecordingProxy }> {
  const proxy = await startRecordingProxy(server.url, uploadOf, started, server, proxyPort);
  return {
    proxy,
    stop: async () => {
      await proxy.stop();
      await server.stop();
    },
  };
}

/** Starts verdaccio with the rehearsal's user, behind a recording proxy. */
export async function startNpm(tools: RegistryTools, dir: string, started: number): Promise<LocalNpm> {
  const server = await startVerdaccioProcess(tools.verdaccio, dir, 'rehearsal');
  const proxied = await behindProxy(server, npmUpload, started);
  return { ...proxied, url: `${proxied.proxy.url}/`, token: server.token };
}

/** pypiserver with one user, behind a recording proxy. */
export interface LocalPypi extends LocalServer {
  /** Upload URL (the proxy's). */
  readonly uploadUrl: string;
  /** The simple index (the proxy's). */
  readonly indexUrl: string;
  readonly username: string;
  readonly password: string;
  readonly proxy: RecordingProxy;
}

/**
 * Starts pypiserver in `dir` (packages in `dir/packages`): uploads need `username`'s password (htpasswd,
 * written through passlib), reads are open, and an unknown project answers 404 instead of redirecting to
 * pypi.org.
 */
export async function startPypiserverProcess(
  venvBin: string, dir: string, username: string, password: string,
): Promise<ServerProcess & { readonly packagesDir: string }> {
  const packagesDir = path.join(dir, 'packages');
  fs.mkdirSync(packagesDir, { recursive: true });
  const htpasswd = path.join(dir, 'htpasswd');
  const script = 'import sys\nfrom passlib.apache import HtpasswdFile\nh = HtpasswdFile(sys.argv[1], new=True)\nh.set_password(sys.argv[2], sys.argv[3])\nh.save()';
  const made = spawnServer('passlib', path.join(venvBin, 'python'), ['-c', script, htpasswd, username, password]);
  await new Promise<void>((resolve) => made.child.on('close', () => resolve()));
  if (!fs.existsSync(htpasswd)) throw new Error(`could not write pypiserver's htpasswd: ${made.output.join('')}`);
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const launch = async (): Promise<Spawned> => {
    const spawned = spawnServer('pypiserver', path.join(venvBin, 'pypi-server'), ['run', '-i', '127.0.0.1', '-p', String(port), '-P', htpasswd, '-a', 'update', '--disable-fallback', packagesDir]);
    await waitUntilUp(spawned, `${url}/simple/`);
    return spawned;
  };
  return { url, port, packagesDir, ...restartable(launch, await launch()) };
}

/** Starts pypiserver with the rehearsal's user, behind a recording proxy. */
export async function startPypi(tools: RegistryTools, dir: string, started: number): Promise<LocalPypi> {
  const username = 'rehearsal';
  const password = 'rehearsal-password';
  const proxied = await behindProxy(await startPypiserverProcess(tools.pypiVenvBin, dir, username, password), pypiUpload, started);
  return { ...proxied, uploadUrl: `${proxied.proxy.url}/`, indexUrl: `${proxied.proxy.url}/simple/`, username, password };
}

/** estuary (a git index), behind a recording proxy that cargo is told about for everything. */
export interface LocalCrates extends LocalServer {
  /** The index URL as cargo takes it (through the proxy). */
  readonly indexUrl: string;
  readonly proxy: RecordingProxy;
}

/**
 * Starts estuary in `dir` with an empty git index. `publicUrl` is the address cargo is told (the index's
 * config.json names it for uploads and downloads): a proxy's, when one stands in front.
 */
export async function startEstuaryProcess(
  bin: string, dir: string, publicUrl?: string,
): Promise<ServerProcess & { readonly indexDir: string; readonly indexUrl: string }> {
  fs.mkdirSync(dir, { recursive: true });
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const indexDir = path.join(dir, 'index');
  const identity = { GIT_AUTHOR_NAME: 'estuary', GIT_AUTHOR_EMAIL: 'estuary@localhost', GIT_COMMITTER_NAME: 'estuary', GIT_COMMITTER_EMAIL: 'estuary@localhost' };
  const launch = async (): Promise<Spawned> => {
    const spawned = spawnServer('estuary', bin, [
      '--base-url', publicUrl ?? url, '--crate-dir', path.join(dir, 'crates'), '--index-dir', indexDir, '--http-host', '127.0.0.1', '--http-port', String(port),
    ], identity);
    await waitUntilUp(spawned, `${url}/git/index/info/refs?service=git-upload-pack`);
    return spawned;
  };
  return { url, port, indexDir, indexUrl: `${publicUrl ?? url}/git/index`, ...restartable(launch, await launch()) };
}

/** Starts estuary behind a recording proxy; its `config.json` names the proxy, so uploads and downloads go through it too. */
export async function startCrates(tools: RegistryTools, dir: string, started: number): Promise<LocalCrates> {
  const proxyPort = await freePort();
  const server = await startEstuaryProcess(tools.estuary, dir, `http://127.0.0.1:${proxyPort}`);
  return { ...(await behindProxy(server, crateUpload, started, proxyPort)), indexUrl: server.indexUrl };
}
