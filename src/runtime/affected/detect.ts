import { AffectedResult, AffectedRules, affectedProducts, allProducts } from './affected';
import { CiEvent, changeSetOf } from './trigger';
import { versionBumpFiles } from './version-bumps';
import { ReleasePlan } from '../../model';
import { END_OF_OPTIONS } from '../git-args';

/** Runs git with argv (no shell) in the repository; returns stdout or throws. */
export type GitRunner = (args: readonly string[]) => string;

/** The outcome of change detection for one CI run. */
export interface Detection extends AffectedResult {
  /** Files changed between the base and HEAD (empty when the run tests everything without diffing). */
  readonly changed: string[];
  /** Why every product runs without looking at the change set, when that is so. */
  readonly everything?: string;
  /** A problem worth a warning annotation (the diff failed and everything runs instead). */
  readonly warning?: string;
}

/**
 * Files changed between `base` and HEAD. `--no-renames` lists a renamed file under both names, so the
 * product it left is tested too; `-z` keeps unusual file names intact. `merge-base` compares with the
 * merge base (`base...HEAD`), `tree` the two trees (`base HEAD`).
 */
export function changedFiles(git: GitRunner, base: string, compare: 'merge-base' | 'tree'): string[] {
  const range = compare === 'merge-base' ? [`${base}...HEAD`] : [base, 'HEAD'];
  return git(['diff', '--name-only', '--no-renames', '-z', END_OF_OPTIONS, ...range, '--']).split('\0').filter((f) => f !== '');
}

/** Decides what a CI run tests: everything (dispatches, release PRs, no base, a failed diff) or what the diff affects. */
export function detectAffected(plan: ReleasePlan, event: CiEvent, rules: AffectedRules, git: GitRunner): Detection {
  const everything = (reason: string, warning?: string): Detection => {
    const products = allProducts(plan).map((p) => p.name);
    return { all: true, products, causes: {}, changed: [], everything: reason, ...(warning ? { warning } : {}) };
  };
  const set = changeSetOf(event);
  if (set.compare === 'everything') return everything(set.reason);
  let changed: string[];
  try {
    changed = changedFiles(git, set.base, set.compare);
  } catch (e) {
    const why = `could not list the files changed since ${set.base} (${firstLine((e as Error).message)}); every product runs. ` +
      'The changes job checks out with fetch-depth: 0; a base commit missing from the clone was force-pushed away or never fetched.';
    return everything('no change set', why);
  }
  return { ...affectedProducts(plan, changed, rules, bumpsOf(plan, changed, set.compare === 'merge-base' ? mergeBase(git, set.base) : set.base, git)), changed };
}

/**
 * The changed files that only bump some tracks' versions (version-bumps.ts). Reading them is a refinement:
 * when it fails the files count as any change does, so more runs, never less.
 */
function bumpsOf(plan: ReleasePlan, changed: readonly string[], base: string | undefined, git: GitRunner): Map<string, string[]> {
  if (base === undefined || plan.tracks.length < 2) return new Map();
  try {
    return versionBumpFiles(plan, changed, base, git);
  } catch {
    return new Map();
  }
}

function mergeBase(git: GitRunner, base: string): string | undefined {
  try {
    return git(['merge-base', END_OF_OPTIONS, base, 'HEAD']).trim();
  } catch {
    return undefined;
  }
}

/** What a given list of changed files affects (`lockstep affected --files-from`). */
export function detectListed(plan: ReleasePlan, changed: readonly string[], rules: AffectedRules): Detection {
  return { ...affectedProducts(plan, changed, rules), changed: [...changed] };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0];
}
