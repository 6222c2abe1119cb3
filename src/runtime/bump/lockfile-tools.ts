import { spawn } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { dirOf } from '../../model';

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
   * `confirmed`: the tool ran and changed nothing more; `refreshed`: it also changed other entries (the
   * lockfile was stale before the bump); `unavailable`: it could not run offline, so the verified surgical
   * edit stands.
   */
  readonly outcome: 'confirmed' | 'refreshed' | 'unavailable';
  readonly detail?: string;
}

/** Runs programs with `spawn`, with a timeout so an offline tool never hangs a release. */
export const spawnRunner: ToolRunner = (command, args, cwd) =>
  new Promise((resolve) => {
    let stderr = '';
    const child = spawn(command, args, { cwd, stdio: ['ignore', 'ignore', 'pipe'], timeout: 120_000, env: { ...process.env, CARGO_TERM_COLOR: 'never' } });
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', (error) => resolve({ status: null, stderr, error }));
    child.on('close', (status) => resolve({ status, stderr }));
  });

/**
 * Lets Cargo have its say on every Cargo.lock the bump edited (B6): `cargo update --workspace --offline`
 * refreshes the workspace's own entries, which the surgical edit has already done, so it normally changes
 * nothing and confirms the edit. When it cannot run offline (dependencies not in the local cache, no
 * cargo), the surgical edit, already proven by parsing, stands and the reason is reported. npm and uv
 * lockfiles are only edited surgically: `npm install --package-lock-only` takes most of a second and may
 * rewrite unrelated entries, and uv is rarely installed where the bump runs.
 */
export async function checkCargoLockfiles(root: string, files: readonly string[], run: ToolRunner): Promise<ToolCheck[]> {
  // Each workspace is independent, so the runs go in parallel.
  return Promise.all(files.map(async (file): Promise<ToolCheck> => {
    const full = path.join(root, file);
    const before = fs.readFileSync(full, 'utf8');
    const r = await run('cargo', ['update', '--workspace', '--offline'], path.join(root, dirOf(file)));
    if (r.error !== undefined || r.status !== 0) {
      const why =
        r.error !== undefined
          ? (r.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'cargo is not installed' : r.error.message
          : r.status === null ? 'cargo timed out or was killed' : firstError(r.stderr);
      return { file, tool: 'cargo', outcome: 'unavailable', detail: why };
    }
    return { file, tool: 'cargo', outcome: fs.readFileSync(full, 'utf8') === before ? 'confirmed' : 'refreshed' };
  }));
}

function firstError(stderr: string): string {
  const lines = stderr.split('\n').map((l) => l.trim()).filter(Boolean);
  return lines.find((l) => l.startsWith('error')) ?? lines[0] ?? 'cargo failed without a message';
}
