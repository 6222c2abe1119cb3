import { CliError } from './cli-error';
import { logValue } from './output';

/**
 * Arguments that reach git from the environment or the command line. A value git could read as an option
 * (`--output=/path`) never gets the chance: commits from the environment must be full SHAs, revisions must
 * not start with `-`, and git commands put `--end-of-options` before them.
 */

/** Ends git's options: whatever follows is a revision or a path, even when it starts with `-`. */
export const END_OF_OPTIONS = '--end-of-options';

/** True for a full commit SHA (SHA-1 or SHA-256), as GitHub's events give them. */
export function isCommitSha(value: string): boolean {
  return /^(?:[0-9a-f]{40}|[0-9a-f]{64})$/.test(value);
}

/** A commit SHA from the environment or an option, or a CliError naming where it came from. */
export function commitShaFrom(value: string, source: string): string {
  if (!isCommitSha(value)) throw new CliError(`${source} must be a full commit SHA (40 or 64 hex digits), got ${logValue(value)}.`, 2);
  return value;
}

/** A revision given by hand (`origin/main`, a SHA, `HEAD~3`): no option, no white space, no control character. */
export function revisionFrom(value: string, source: string): string {
  if (!/^[A-Za-z0-9_][A-Za-z0-9._/@{}~^:+-]*$/.test(value) || value.includes('..')) {
    throw new CliError(`${source}: ${logValue(value)} is not a revision (a branch, a tag or a commit SHA).`, 2);
  }
  return value;
}
