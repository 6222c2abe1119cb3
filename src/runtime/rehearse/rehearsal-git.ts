import { Exec, ExecResult } from '../release/ports';

/**
 * The git the rehearsal runs for itself (its remote, the clone it commits in, the seeded crates index):
 * a fixed identity, and none of the user's configuration. A global `commit.gpgsign=true`, a system hook
 * path or a signing program would otherwise make these commits fail or prompt on some machines only.
 */
export const REHEARSAL_GIT_ENV: Readonly<Record<string, string>> = {
  GIT_AUTHOR_NAME: 'rehearsal',
  GIT_AUTHOR_EMAIL: 'rehearsal@localhost',
  GIT_COMMITTER_NAME: 'rehearsal',
  GIT_COMMITTER_EMAIL: 'rehearsal@localhost',
  GIT_CONFIG_NOSYSTEM: '1',
  GIT_CONFIG_GLOBAL: '/dev/null',
};

/** Runs `git -c commit.gpgsign=false ARGS` in `cwd` with REHEARSAL_GIT_ENV; the result as it is. */
export function runRehearsalGit(exec: Exec, cwd: string, args: readonly string[]): Promise<ExecResult> {
  // The repository's own config could still ask for signing; these commits are never signed.
  return exec.run('git', ['-c', 'commit.gpgsign=false', ...args], { cwd, env: { ...REHEARSAL_GIT_ENV } });
}

/** runRehearsalGit, its trimmed stdout; a failure is an error naming the command and the directory. */
export async function rehearsalGit(exec: Exec, cwd: string, args: readonly string[]): Promise<string> {
  const r = await runRehearsalGit(exec, cwd, args);
  if (r.code !== 0) throw new Error(`git ${args.join(' ')} failed in ${cwd}: ${r.stderr.trim()}`);
  return r.stdout.trim();
}
