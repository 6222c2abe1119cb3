import { CliError } from '../cli-error';
import { logValue } from '../output';
import { Outcome, anyFailed, writeOutcomes } from './outcomes';
import { Fs, Log } from './ports';

/**
 * Helpers the release commands' entry files share: the outcome file of the job, the exit code that
 * follows from the outcomes, and options given as text. GitHub's output and summary files are written by
 * `../output`.
 */

/** Logs each outcome, writes the job's outcome file, and returns 1 when any failed (after all ran: P6). */
export function finishWithOutcomes(fs: Fs, log: Log, job: string, outcomes: readonly Outcome[]): number {
  for (const o of outcomes) {
    const line = `${o.product} ${o.target} ${o.subject}@${o.version}: ${o.outcome}${o.detail ? ` (${o.detail})` : ''}`;
    if (o.outcome === 'failed') log.error(line);
    else if (o.outcome === 'held-back') log.warning(line);
    else log.info(line);
  }
  writeOutcomes(fs, job, outcomes);
  return anyFailed(outcomes) ? 1 : 0;
}

/** A positive number of seconds from an option, in milliseconds. */
export function secondsOption(value: string | undefined, fallback: number, option: string): number {
  if (value === undefined || value === '') return fallback * 1000;
  const n = Number(value);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`--${option}: ${logValue(value)} is not a positive number of seconds`, 2);
  return n * 1000;
}

/** A whole number of at least 1 (`--tags-per-push 3`), else a usage error naming the option. */
export function countOption(value: string, option: string): number {
  const n = Number(value);
  if (!/^[0-9]+$/.test(value) || !Number.isSafeInteger(n) || n < 1) throw new CliError(`--${option}: ${logValue(value)} is not a whole number of at least 1`, 2);
  return n;
}

/** A boolean given as text by the workflow (`inputs.dry_run` is 'true', 'false' or empty on a push). */
export function booleanText(value: string | undefined, option: string): boolean {
  if (value === undefined || value === '' || value === 'false') return false;
  if (value === 'true') return true;
  throw new CliError(`--${option}: expected true or false, got ${logValue(value)}`, 2);
}

/**
 * Runs a step whose failures come from the outside world (git, a registry, a tool) and turns a plain
 * error into a CliError saying what was being done, so the run shows the cause instead of "internal error".
 */
export async function outside<T>(doing: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (e) {
    if (e instanceof CliError || !(e instanceof Error) || e.name === 'ManifestError' || e.name === 'LockstepConfigError') throw e;
    throw new CliError(`${doing}: ${e.message}`);
  }
}
