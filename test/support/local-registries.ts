// Local registries on 127.0.0.1 for the release runtime tests:
// - verdaccio, a real npm registry (installed by `bash .ci/install-registry-tools.sh` into
//   .tools/verdaccio), started on a free port with no uplinks, so nothing reaches the internet;
// - a tiny HTTP server answering with recorded registry responses (crates.io index, PyPI, GitHub), whose
//   answers a test can change while it runs (a crate that becomes visible after a publish).
// A missing tool throws: a test must fail, never skip.
import { ChildProcess, spawn } from 'child_process';
import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { REPO_ROOT, tempDir } from './fixtures';

/** One recorded HTTP answer. */
export interface RecordedAnswer {
  readonly status: number;
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

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
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
  const port = await freePort();
  fs.writeFileSync(path.join(dir, 'config.yaml'), [
    `storage: ${path.join(dir, 'storage')}`,
    'auth:',
    '  htpasswd:',
    `    file: ${path.join(dir, 'htpasswd')}`,
    '    max_users: 10',
    'uplinks: {}',
    'packages:',
    "  '**':",
    '    access: $all',
    '    publish: $authenticated',
    'log: { type: stdout, format: pretty, level: error }',
    '',
  ].join('\n'));
  const child = spawn(process.execPath, [VERDACCIO_BIN, '--config', path.join(dir, 'config.yaml'), '--listen', `127.0.0.1:${port}`], { stdio: ['ignore', 'pipe', 'pipe'] });
  const output: string[] = [];
  child.stdout!.on('data', (b: Buffer) => output.push(b.toString()));
  child.stderr!.on('data', (b: Buffer) => output.push(b.toString()));
  const url = `http://127.0.0.1:${port}/`;
  await waitForPing(url, child, output);
  const token = await createUser(url, 'lockstep-test', 'lockstep-test-password');
  const npmrc = path.join(dir, 'npmrc');
  fs.writeFileSync(npmrc, `registry=${url}\n//127.0.0.1:${port}/:_authToken=${token}\n`);
  return {
    url,
    token,
    env: { NPM_CONFIG_USERCONFIG: npmrc, NPM_CONFIG_REGISTRY: url, NPM_CONFIG_CACHE: path.join(dir, 'npm-cache'), NPM_CONFIG_UPDATE_NOTIFIER: 'false' },
    stop: () => stopChild(child),
  };
}

async function waitForPing(url: string, child: ChildProcess, output: string[]): Promise<void> {
  for (let i = 0; i < 150; i++) {
    if (child.exitCode !== null) throw new Error(`verdaccio exited (${child.exitCode}): ${output.join('')}`);
    try {
      if ((await fetch(`${url}-/ping`)).ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  child.kill('SIGKILL');
  throw new Error(`verdaccio did not answer on ${url} within 15 s: ${output.join('')}`);
}

async function createUser(url: string, name: string, password: string): Promise<string> {
  const res = await fetch(`${url}-/user/org.couchdb.user:${name}`, {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ name, password }),
  });
  const body = (await res.json()) as { token?: string };
  if (!res.ok || !body.token) throw new Error(`verdaccio refused to create user ${name}: HTTP ${res.status} ${JSON.stringify(body)}`);
  return body.token;
}

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once('exit', () => resolve());
    child.kill('SIGTERM');
  });
}
