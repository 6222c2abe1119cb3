import { AffectedResult, AffectedRules, affectedProducts, allProducts } from './affected';
import { CiEvent, fullRunReason } from './trigger';
import { ReleasePlan } from '../../model';
import { END_OF_OPTIONS } from '../git-args';

/** Runs git with argv (no shell) in the repository; returns stdout or throws. */
export type GitRunner = (args: readonly string[]) => string;

/** The outcome of change detection for one CI run. */
export interface Detection extends AffectedResult {
  /** Files changed between the base and HEAD (empty when the run tests everything without diffing). */
  readonly changed: string[];
  /** A problem worth a warning annotation (the diff failed and everything runs instead). */
  readonly warning?: string;
}

/**
 * Files changed between `base` and HEAD: `git diff --name-only --no-renames -z base...HEAD`. Three dots
 * compare with the merge base, so a base branch that moved on adds nothing; `--no-renames` lists a renamed
 * file under both names, so the product it left is tested too; `-z` keeps unusual file names intact.
 */
export function changedFiles(git: GitRunner, base: string): string[] {
  return git(['diff', '--name-only', '--no-renames', '-z', END_OF_OPTIONS, `${base}...HEAD`]).split('\0').filter((f) => f !== '');
}

/** Decides what a CI run tests: everything (release runs, no base, a failed diff) or what the diff affects. */
export function detectAffected(plan: ReleasePlan, event: CiEvent, rules: AffectedRules, git: GitRunner): Detection {
  const everything = (reason: string, warning?: string): Detection => ({
    all: true,
    products: allProducts(plan).map((p) => p.name),
    reasons: [`${reason}: every product runs`],
    changed: [],
    ...(warning ? { warning } : {}),
  });
  const full = fullRunReason(event, plan.releaseBranch);
  if (full !== undefined) return everything(full);
  let changed: string[];
  try {
    changed = changedFiles(git, event.base!);
  } catch (e) {
    const why = `could not list the files changed since ${event.base} (${firstLine((e as Error).message)}); check out with fetch-depth: 0`;
    return everything('no change set', why);
  }
  return { ...affectedProducts(plan, changed, rules), changed };
}

function firstLine(s: string): string {
  return s.trim().split('\n')[0];
}
