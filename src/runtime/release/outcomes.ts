import * as path from 'path';
import { Fs } from './ports';
import { OUTCOME_DIR } from '../../model';

/**
 * What happened to one product on one target. Outcomes are values, never exceptions: "already there" is
 * a normal result (P1), and a failure of one package does not stop the others (P6). `held-back`: not
 * attempted because a product it `dependsOn` is not on its registry yet; a re-run publishes it.
 */
export type OutcomeKind = 'published' | 'skipped:already-published' | 'failed' | 'held-back' | 'dry-run';

/** The outcome of one product on one publish target. */
export interface Outcome {
  readonly product: string;
  /** A `PublishTarget` value, or `tag` / `umbrella`. */
  readonly target: string;
  /** Package name, tag or release the outcome is about. */
  readonly subject: string;
  readonly version: string;
  readonly outcome: OutcomeKind;
  /** Why: the registry's answer, the error, or what a dry run would have done. */
  readonly detail: string;
  /** The registry package a row of one of its files belongs to (PyPI records an outcome per file: S6). */
  readonly package?: string;
}

/** A failed outcome, with the context of what was being done. */
export function failed(base: Omit<Outcome, 'outcome' | 'detail'>, doing: string, error: unknown): Outcome {
  const message = error instanceof Error ? error.message : String(error);
  return { ...base, outcome: 'failed', detail: `${doing}: ${message}` };
}

/** True when any outcome failed. */
export function anyFailed(outcomes: readonly Outcome[]): boolean {
  return outcomes.some((o) => o.outcome === 'failed');
}

/** The outcome file of a job: `<OUTCOME_DIR>/<job>.json`. */
export function outcomeFile(job: string): string {
  return path.posix.join(OUTCOME_DIR, `${job}.json`);
}

/** Writes a job's outcomes to `<OUTCOME_DIR>/<job>.json` for the summary job to collect. */
export function writeOutcomes(fs: Fs, job: string, outcomes: readonly Outcome[]): string {
  const file = outcomeFile(job);
  fs.mkdirp(OUTCOME_DIR);
  const previous = readOutcomeFile(fs, file);
  // A job may record outcomes in several steps (PyPI: probe, then upload): later ones replace earlier.
  const key = (o: Outcome): string => `${o.product}\u0000${o.target}\u0000${o.subject}`;
  const merged = new Map(previous.map((o) => [key(o), o]));
  for (const o of outcomes) merged.set(key(o), o);
  fs.write(file, `${JSON.stringify([...merged.values()], undefined, 2)}\n`);
  return file;
}

/** Reads one outcome file; a missing file is no outcomes, a corrupt one is an error naming it. */
export function readOutcomeFile(fs: Fs, file: string): Outcome[] {
  const text = fs.read(file);
  if (text === undefined) return [];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new Error(`${file}: not an outcome file (${(e as Error).message})`);
  }
  if (!Array.isArray(parsed) || !parsed.every(isOutcome)) throw new Error(`${file}: not an outcome file (expected an array of outcomes)`);
  return parsed;
}

/** Reads every `*.json` outcome file below `dir` (the summary's downloaded artifacts). */
export function readOutcomeDir(fs: Fs, dir: string): Outcome[] {
  const out: Outcome[] = [];
  for (const entry of fs.list(dir).sort()) {
    const p = path.posix.join(dir, entry);
    // Anything else may be an artifact's folder; a file that is not an outcome file lists no entries.
    if (entry.endsWith('.json')) out.push(...readOutcomeFile(fs, p));
    else out.push(...readOutcomeDir(fs, p));
  }
  return out;
}

const KINDS: readonly string[] = ['published', 'skipped:already-published', 'failed', 'held-back', 'dry-run'];

function isOutcome(v: unknown): v is Outcome {
  const o = v as Record<string, unknown>;
  return typeof o === 'object' && o !== null && ['product', 'target', 'subject', 'version', 'detail'].every((k) => typeof o[k] === 'string') && KINDS.includes(o.outcome as string);
}
