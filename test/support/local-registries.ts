// Local registries on 127.0.0.1 for the release runtime tests, each started on a free port and stopped
// by the test that started it (installed by `bash .ci/install-registry-tools.sh` into .tools/):
// - verdaccio, a real npm registry, with no uplinks, so nothing reaches the internet;
// - pypiserver, a real Python package index with htpasswd auth (twine uploads to it), no fallback to pypi.org;
// - estuary, a real crates registry serving a git index that `cargo publish` works against;
// - a fault-injecting proxy in front of any of them (429 with Retry-After, expired tokens);
// - a tiny HTTP server answering with recorded registry responses (crates.io index, PyPI, GitHub), whose
//   answers a test can change while it runs (a crate that becomes visible after a publish).
// A missing tool throws: a test must fail, never skip.
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { REPO_ROOT, tempDir } from './fixtures';
import { freePort, startEstuaryProcess, startPypiserverProcess, startVerdaccioProcess } from '../../src/runtime/rehearse/servers';

export { freePort };

/** One recorded HTTP answer. */
export interface RecordedAnswer {
  readonly status: number;
  /** The status line's reason phrase, when the server sends its own (PyPI: `400 File already exists ...`). */
  readonly reason?: string;
  readonly body: string;
  readonly headers?: Record<string, string>;
}

/** A server answering GETs from a table of path → answer (a list is served in turn, the last repeats). */
export interface RecordedServer {
  readonly url: string;
  /** Paths asked, in order. */
  readonly hits: string[];
  set(pathname: string, answer: RecordedAnswer | RecordedAnswer[]): void;
  close(): Promise<void>;
}

/** Starts a recorded-answer server on 127.0.0.1 at a free port; unknown paths answer 404 with an empty body. */
export async function startRecordedServer(answers: Record<string, RecordedAnswer | RecordedAnswer[]> = {}): Promise<RecordedServer> {
  const table = new Map<string, RecordedAnswer[]>(Object.entries(answers).map(([p, a]) => [p, Array.isArray(a) ? [...a] : [a]]));
  const hits: string[] = [];
  const server = http.createServer((req, res) => {
    const pathname = new URL(req.url ?? '/', 'http://localhost').pathname;
    hits.push(pathname);
    const queue = table.get(pathname);
    const answer = queue === undefined ? { status: 404, body: '' } : queue.length > 1 ? queue.shift()! : queue[0];
    res.writeHead(answer.status, { 'content-type': 'application/json', ...answer.headers });
    res.end(answer.body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    hits,
    set: (p, a) => table.set(p, Array.isArray(a) ? [...a] : [a]),
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

const VERDACCIO_BIN = path.join(REPO_ROOT, '.tools', 'verdaccio', 'node_modules', 'verdaccio', 'bin', 'verdaccio');

/** A running verdaccio with one user, and the npm settings that reach it. */
export interface LocalNpmRegistry {
  /** `http://127.0.0.1:<port>/` */
  readonly url: string;
  readonly token: string;
  /** Environment for npm commands: a user config holding the registry and the token. */
  readonly env: Record<string, string>;
  stop(): Promise<void>;
}

/** Starts verdaccio 6.8.0 on 127.0.0.1 at a free port, with no uplinks, and creates a user with a token. */
export async function startVerdaccio(): Promise<LocalNpmRegistry> {
  if (!fs.existsSync(VERDACCIO_BIN)) throw new Error(`verdaccio missing at ${VERDACCIO_BIN}; run \`bash .ci/install-registry-tools.sh\` from the repository root`);
  const dir = tempDir('lockstep-verdaccio-');
  const server = await startVerdaccioProcess(VERDACCIO_BIN, dir, 'lockstep-test');
  const url = `${server.url}/`;
  const npmrc = path.join(dir, 'npmrc');
  fs.writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${server.port}/:_authToken=${server.token}\n`);
  return {
    url,
    token: server.token,
    env: { NPM_CONFIG_USERCONFIG: npmrc, NPM_CONFIG_REGISTRY: url, NPM_CONFIG_CACHE: path.join(dir, 'npm-cache'), NPM_CONFIG_UPDATE_NOTIFIER: 'false' },
    stop: server.stop,
  };
}

/** The pinned PyPI tools' venv (pypiserver, twine, setuptools): .ci/install-registry-tools.sh. */
export const PYPI_VENV_BIN = path.join(REPO_ROOT, '.tools', 'pypi', 'bin');

/** twine from the pinned venv (6.0.1: twine 7 refuses --skip-existing against any server but PyPI). */
export const TWINE = path.join(PYPI_VENV_BIN, 'twine');

/** A running pypiserver with one user. */
export interface LocalPypi {
  /** Upload URL (the legacy upload API), `http://127.0.0.1:<port>/`. */
  readonly uploadUrl: string;
  /** The simple index, `http://127.0.0.1:<port>/simple/`. */
  readonly indexUrl: string;
  readonly username: string;
  readonly password: string;
  /** Where the uploaded files are stored. */
  readonly packagesDir: string;
  /** Environment for twine: the repository URL and the credentials. */
  readonly twineEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts pypiserver on 127.0.0.1 at a free port: uploads need the user's password, reads are open, and an
 * unknown project answers 404 instead of redirecting to pypi.org.
 */
export async function startPypiServer(): Promise<LocalPypi> {
  const server = path.join(PYPI_VENV_BIN, 'pypi-server');
  if (!fs.existsSync(server)) throw new Error(`pypi-server missing at ${server}; run \`bash .ci/install-registry-tools.sh\` from the repository root`);
  const username = 'lockstep-test';
  const password = 'lockstep-test-password';
  const started = await startPypiserverProcess(PYPI_VENV_BIN, tempDir('lockstep-pypiserver-'), username, password);
  const base = `${started.url}/`;
  return {
    uploadUrl: base,
    indexUrl: `${base}simple/`,
    username,
    password,
    packagesDir: started.packagesDir,
    // twine prints through rich: one line per message, no colour codes.
    twineEnv: { TWINE_REPOSITORY_URL: base, TWINE_USERNAME: username, TWINE_PASSWORD: password, TWINE_NON_INTERACTIVE: '1', COLUMNS: '1000', NO_COLOR: '1' },
    stop: started.stop,
  };
}

const ESTUARY_BIN = path.join(REPO_ROOT, '.tools', 'bin', 'estuary');

/** A running estuary: a crates registry with a git index. */
export interface LocalCratesRegistry {
  /** The index URL as cargo takes it (`http://<host>:<port>/git/index`, a git index). */
  readonly indexUrl: string;
  /** The index's git repository on disk (what the server serves). */
  readonly indexDir: string;
  /**
   * `cargo --config` arguments naming the registry `lockstep-local` and replacing crates.io with it, so
   * path dependencies (which cargo takes from crates.io) resolve to it too. Publish with
   * `--registry lockstep-local` and `CARGO_REGISTRIES_LOCKSTEP_LOCAL_TOKEN` (estuary accepts any token).
   */
  readonly cargoConfig: string[];
  /** Environment for cargo: a CARGO_HOME of its own (the index cache stays out of ~/.cargo) and a token. */
  readonly cargoEnv: Record<string, string>;
  stop(): Promise<void>;
}

/**
 * Starts estuary 0.1.1 on 127.0.0.1 at a free port with an empty index. `publicUrl` is the address cargo
 * is told (the index's config.json names it for uploads and downloads): a fault proxy's, when one stands
 * in front.
 */
export async function startEstuary(options: { publicUrl?: string } = {}): Promise<LocalCratesRegistry & { readonly serverUrl: string }> {
  if (!fs.existsSync(ESTUARY_BIN)) throw new Error(`estuary missing at ${ESTUARY_BIN}; run \`bash .ci/install-registry-tools.sh\` from the repository root`);
  const dir = tempDir('lockstep-estuary-');
  const server = await startEstuaryProcess(ESTUARY_BIN, dir, options.publicUrl);
  const cargoEnv = { CARGO_HOME: path.join(dir, 'cargo-home'), CARGO_REGISTRIES_LOCKSTEP_LOCAL_TOKEN: 'estuary-ignores-tokens', CARGO_TERM_COLOR: 'never' };
  const { indexUrl, indexDir } = server;
  return { indexUrl, indexDir, serverUrl: server.url, cargoConfig: cargoConfigFor(indexUrl), cargoEnv, stop: server.stop };
}

/** The `cargo --config` arguments of `LocalCratesRegistry.cargoConfig` for an index URL. */
export function cargoConfigFor(indexUrl: string): string[] {
  return [
    '--config', `registries.lockstep-local.index="${indexUrl}"`,
    '--config', 'source.crates-io.replace-with="lockstep-local"',
    '--config', `source.lockstep-local.registry="${indexUrl}"`,
  ];
}

/** A request as the fault proxy sees it. */
export interface ProxiedRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: http.IncomingHttpHeaders;
}

/** A fault-injecting reverse proxy: answers a request itself when `fault` returns an answer, else forwards it. */
export interface FaultProxy {
  readonly url: string;
  /** Every request, in order, with the status it got. */
  readonly log: Array<{ method: string; path: string; status: number }>;
  close(): Promise<void>;
}

/**
 * Starts a reverse proxy on 127.0.0.1 (at `port`, or a free one) in front of `target`, a real registry.
 * It stands in for what cannot be produced on demand from a real server: rate limits (429 with
 * Retry-After) and expired tokens. Every request `fault` leaves alone is forwarded unchanged, bodies
 * streamed both ways (git's smart HTTP included).
 */
export async function startFaultProxy(target: string, fault: (req: ProxiedRequest) => RecordedAnswer | undefined, port = 0): Promise<FaultProxy> {
  const upstream = new URL(target);
  const log: FaultProxy['log'] = [];
  const server = http.createServer((req, res) => {
    const entry = { method: req.method ?? 'GET', path: req.url ?? '/', status: 0 };
    log.push(entry);
    const injected = fault({ method: entry.method, path: entry.path, headers: req.headers });
    if (injected) {
      entry.status = injected.status;
      req.resume();
      res.writeHead(injected.status, injected.reason ?? http.STATUS_CODES[injected.status] ?? '', { 'content-type': 'application/json', ...injected.headers });
      res.end(injected.body);
      return;
    }
    const headers = { ...req.headers, host: upstream.host };
    const forward = http.request({ host: upstream.hostname, port: upstream.port, method: req.method, path: req.url, headers }, (up) => {
      entry.status = up.statusCode ?? 0;
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    forward.on('error', (e) => {
      entry.status = 502;
      res.writeHead(502);
      res.end(`fault proxy: ${e.message}`);
    });
    req.pipe(forward);
  });
  await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
  const { port: bound } = server.address() as net.AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}`,
    log,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/** estuary and the proxy in front of it. */
export interface ProxiedCratesRegistry {
  readonly registry: LocalCratesRegistry;
  readonly proxy: FaultProxy;
  stop(): Promise<void>;
}

/**
 * estuary behind a fault proxy: cargo is told the proxy's address (index, uploads and downloads all go
 * through it), so `fault` sees every request cargo makes and can answer any of them itself.
 */
export async function startEstuaryBehindProxy(fault: (req: ProxiedRequest) => RecordedAnswer | undefined): Promise<ProxiedCratesRegistry> {
  const port = await freePort();
  const registry = await startEstuary({ publicUrl: `http://127.0.0.1:${port}` });
  const proxy = await startFaultProxy(registry.serverUrl, fault, port);
  return {
    registry,
    proxy,
    stop: async () => {
      await proxy.close();
      await registry.stop();
    },
  };
}
