import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { parseToml } from '../../model/manifests';
import { dirOf } from '../../model/repo';

/** What a finished program left behind. */
export interface ToolRun {
  readonly status: number | null;
  readonly stderr: string;
  readonly error?: Error;
}

/** Runs a program with fixed arguments in a directory; tests pass their own. */
export type ToolRunner = (command: string, args: readonly string[], cwd: string) => Promise<ToolRun>;

/** What the real tool said about a lockfile the bump edited. */
export interface ToolCheck {
  readonly file: string;
  readonly tool: 'cargo';
  /**
   * `confirmed`: the tool ran and changed nothing more; `refreshed`: it also changed entries the bump did
   * not edit (named in `detail`); `unavailable`: it could not run offline (not installed, the pinned
   * toolchain missing, or a dependency missing from the local cache), so the verified surgical edit stands
   * (and was checked against the manifests before it was written); `failed`: it refused the
   * workspace for another reason (its message is `detail`), and the bump must not stand.
   */
  readonly outcome: 'confirmed' | 'refreshed' | 'unavailable' | 'failed';
  readonly detail?: string;
}

/** How long a lockfile tool may run before it is stopped. */
const TOOL_TIMEOUT_MS = 120_000;

/**
 * Runs programs with `spawn`, stopping one that runs longer than `timeoutMs`. The timeout is a timer of our
 * own, cleared when the program ends or fails to start: Node's `timeout` option leaves its timer running
 * when the program is not installed, which kept the bump alive for two minutes after its output.
 */
export function spawnRunnerWithin(timeoutMs: number): ToolRunner {
  return (command, args, cwd) =>
    new Promise((resolve) => {
      let stderr = '';
      let timedOut = false;
      const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], env: { ...process.env, CARGO_TERM_COLOR: 'never' } });
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, timeoutMs);
      const done = (run: ToolRun) => {
        clearTimeout(timer);
        resolve(run);
      };
      child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
      child.on('error', (error) => done({ status: null, stderr, error }));
      child.on('close', (status) => done({ status, stderr, error: timedOut ? new Error(`timed out after ${timeoutMs / 1000} s`) : undefined }));
    });
}

/** The runner of the bump: a lockfile tool gets two minutes, so an offline tool never hangs a release. */
export const spawnRunner: ToolRunner = spawnRunnerWithin(TOOL_TIMEOUT_MS);

/**
 * Lets Cargo have its say on every Cargo.lock the bump edited (B6), each once and all at the same time
 * (each workspace is independent): `cargo update --workspace --offline` refreshes the workspace's own
 * entries, which the surgical edit has already done, so it normally changes nothing and confirms the edit.
 * When it cannot run offline (no cargo, dependencies not in the local cache), the surgical edit, already
 * proven by parsing, stands and the reason is reported. Any other refusal is `failed`: the caller restores
 * every file. npm and uv lockfiles are only edited surgically: `npm install --package-lock-only` takes most
 * of a second and may rewrite unrelated entries, and uv is rarely installed where the bump runs.
 */
export async function checkCargoLockfiles(root: string, files: readonly string[], run: ToolRunner): Promise<ToolCheck[]> {
  return Promise.all([...new Set(files)].map(async (file): Promise<ToolCheck> => {
    const full = path.join(root, file);
    const before = fs.readFileSync(full, 'utf8');
    const r = await run('cargo', ['update', '--workspace', '--offline'], path.join(root, dirOf(file)));
    if (r.error !== undefined) {
      const why = (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'cargo is not installed' : `cargo ${r.error.message}`;
      return { file, tool: 'cargo', outcome: 'unavailable', detail: why };
    }
    if (r.status !== 0) {
      return offlineOnly(r.stderr) || toolchainMissing(r.stderr)
        ? { file, tool: 'cargo', outcome: 'unavailable', detail: firstError(r.stderr) }
        : { file, tool: 'cargo', outcome: 'failed', detail: cargoMessage(r.stderr, r.status) };
    }
    const after = fs.readFileSync(full, 'utf8');
    if (after === before) return { file, tool: 'cargo', outcome: 'confirmed' };
    return { file, tool: 'cargo', outcome: 'refreshed', detail: changedEntries(file, before, after) };
  }));
}

/**
 * True when cargo failed only because it was offline: it says so, and nothing it searched was a local
 * path. A version that a path dependency does not satisfy ("failed to select a version", location
 * searched: a directory) is the workspace's own fault, offline or not, even though cargo adds its reminder
 * about offline mode to that message too.
 */
export function offlineOnly(stderr: string): boolean {
  if (!/offline/i.test(stderr)) return false;
  const searched = [...stderr.matchAll(/^location searched: (.+)$/gm)].map((m) => m[1].trim());
  return !searched.some((where) => where.startsWith('/') || /^[A-Za-z]:[\\/]/.test(where) || where.startsWith('\\\\'));
}

/** rustup could not start cargo: the workspace pins a toolchain (rust-toolchain.toml) this machine does not have. */
function toolchainMissing(stderr: string): boolean {
  return /^error: toolchain '[^']+' is not installed/m.test(stderr);
}

function firstError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => l.startsWith('error')) ?? lines[0] ?? 'cargo failed without a message';
}

/** Cargo's own message: from its first error on (warnings before it are noise here). */
function cargoMessage(stderr: string, status: number | null): string {
  const lines = stderr.replace(/\s+$/, '').split('\n');
  const first = lines.findIndex((l) => l.startsWith('error'));
  const message = (first < 0 ? lines : lines.slice(first)).join('\n').trim();
  return message || `cargo exited ${status ?? 'on a signal'} without a message`;
}

/** The entries cargo changed beyond the bump, as `name old -> new` (or added/removed). */
function changedEntries(file: string, before: string, after: string): string {
  const versions = (text: string) => {
    const doc = parseToml(file, text);
    const list = Array.isArray(doc.package) ? (doc.package as Array<Record<string, unknown>>) : [];
    return new Set(list.map((p) => `${String(p.name)} ${String(p.version)}`));
  };
  const [a, b] = [versions(before), versions(after)];
  const removed = [...a].filter((x) => !b.has(x));
  const added = [...b].filter((x) => !a.has(x));
  const changes = [...removed.map((x) => `-${x}`), ...added.map((x) => `+${x}`)];
  return changes.length === 0 ? 'dependency lists or checksums' : changes.join(', ');
}
