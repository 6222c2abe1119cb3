import { cargoLockProblems } from './cargo-lock-check';
import { LockProblem } from './lock-problems';
import { npmLockProblems } from './npm-lock-check';
import { FileChange, problemOf } from './text-edits';
import { LockfilePlan, TrackPlan } from '../../model/plan-types';
import { RepoReader } from '../../model/repo';

/** Package names of the track's products as their registries know them (crates, npm and PyPI names). */
export function productPackages(track: TrackPlan): Set<string> {
  return new Set(track.products.flatMap((p) => p.packages.map((k) => k.name)));
}

/** What the lockfile's package manager would refuse about it, given its text and the manifests in `repo`. */
export function lockProblems(lock: LockfilePlan, text: string, repo: RepoReader, products: ReadonlySet<string>): LockProblem[] {
  try {
    switch (lock.tool) {
      case 'cargo':
        return cargoLockProblems(lock.file, text, repo, { listed: new Set(lock.packages), products });
      case 'npm':
        return npmLockProblems(lock.file, text, repo, products);
      default:
        // uv.lock: the bump keeps its editable packages' versions; uv itself is rarely installed where it runs.
        return [];
    }
  } catch (e) {
    return [{ ...problemOf(e), key: `unreadable ${lock.file}` }];
  }
}

/**
 * The lockfile problems a bump would bring: each changed lockfile checked against its manifests as they
 * are now and as they would be after the bump, keeping only what the bump itself causes (a lockfile that
 * was already out of step is not the bump's doing, and cargo may settle it).
 */
export function problemsIntroduced(track: TrackPlan, changed: readonly FileChange[], repo: RepoReader): LockProblem[] {
  const products = productPackages(track);
  const after = new BumpedRepo(repo, new Map(changed.map((f) => [f.file, f.after])));
  return track.lockfiles.flatMap((lock) => {
    const change = changed.find((f) => f.file === lock.file);
    if (change === undefined) return [];
    const before = new Set(lockProblems(lock, change.before, repo, products).map((p) => p.key));
    return lockProblems(lock, change.after, after, products).filter((p) => !before.has(p.key));
  });
}

/** A repository as it would be after a bump: the new texts over the files on disk. */
class BumpedRepo implements RepoReader {
  constructor(private readonly base: RepoReader, private readonly texts: ReadonlyMap<string, string>) {}

  public read(file: string): string | undefined {
    return this.texts.get(file) ?? this.base.read(file);
  }

  public findFiles(names: readonly string[]): string[] {
    return this.base.findFiles(names);
  }

  public filesUnder(dir: string): string[] {
    return this.base.filesUnder(dir);
  }
}
