import { heldBackDetail, unpublishedDependencies } from './depends-on';
import { Outcome, failed } from './outcomes';
import { Clock, Exec, Log, PackageRef, Registry, Sleep } from './ports';
import { RateLimitOptions, RateLimitedResult, withRateLimit } from './rate-limit';
import { ReleaseRun, RunProduct, productsInOrder } from './run';
import { lastLines } from './tool-output';
import { WaitOptions, waitUntilVisible } from './wait';
import { PublishTarget } from '../../model';
import { CargoRegistryArgs } from '../registry/crates';

/** What `publishCrates` needs. */
export interface CratesDeps {
  readonly registry: Registry;
  readonly exec: Exec;
  readonly log: Log;
  readonly sleep: Sleep;
  /** The clock rate-limit waits are measured against. */
  readonly now: Clock;
}

/** The token cargo publishes with; `current()` replaces one about to expire (O6). */
export interface TokenSource {
  current(): Promise<string | undefined>;
}

/** Options of `publishCrates`. */
export interface CratesOptions {
  readonly dryRun: boolean;
  readonly wait: WaitOptions;
  readonly rateLimit: RateLimitOptions;
  /** How cargo reaches the registry (crates.io, or the one `LOCKSTEP_CRATES_INDEX_URL` names). */
  readonly cargo: CargoRegistryArgs;
  readonly token: TokenSource;
}

/**
 * crates.io's own "this version is already there" answers: cargo's check against the index, and the
 * server's reply during the index lag. Nothing else counts as a skip (P2).
 */
const ALREADY_THERE = /already exists on .*index|is already uploaded|already exists on crates\.io/i;

/**
 * Publishes the run's crates in the plan's dependency order (P3): each crate is probed first (P1),
 * published with cargo, and waited for until the index lists it, before any crate that depends on it.
 * A crate whose dependency failed is not attempted; the others go on (P6). A crate whose `dependsOn` names
 * a product another registry does not list yet is held back (issue 17), and so are the ones depending on it.
 */
export async function publishCrates(run: ReleaseRun, deps: CratesDeps, options: CratesOptions): Promise<Outcome[]> {
  const failedProducts = new Set<string>();
  const heldBack = new Set<string>();
  const outcomes: Outcome[] = [];
  for (const product of productsInOrder(run)) {
    const crates = product.packages.filter((k) => k.target === PublishTarget.CRATES_IO);
    // Issue 17: a product its dependsOn ties to another registry waits until that registry lists it (not in a dry run).
    const unpublished = crates.length === 0 || options.dryRun
      ? []
      : await unpublishedDependencies(run, product, PublishTarget.CRATES_IO, deps.registry);
    for (const pkg of crates) {
      const outcome = unpublished.length > 0
        ? { product: product.name, target: PublishTarget.CRATES_IO, subject: pkg.name, version: pkg.version, outcome: 'held-back' as const, detail: heldBackDetail(unpublished) }
        : await publishOne({ product, ref: pkg, failedProducts, heldBack }, deps, options);
      if (outcome.outcome === 'failed') failedProducts.add(product.name);
      if (outcome.outcome === 'held-back') heldBack.add(product.name);
      outcomes.push(outcome);
    }
  }
  return outcomes;
}

/** One crate to publish, and the products that failed or were held back before it. */
interface CrateJob {
  readonly product: RunProduct;
  readonly ref: PackageRef;
  readonly failedProducts: ReadonlySet<string>;
  readonly heldBack: ReadonlySet<string>;
}

async function publishOne(job: CrateJob, deps: CratesDeps, options: CratesOptions): Promise<Outcome> {
  const { product, ref, failedProducts } = job;
  const base = { product: product.name, target: PublishTarget.CRATES_IO, subject: ref.name, version: ref.version };
  const blocked = product.dependsOn.filter((d) => failedProducts.has(d));
  if (blocked.length > 0) return { ...base, outcome: 'failed', detail: `not attempted: its dependency ${blocked.join(', ')} failed` };
  const waiting = product.dependsOn.filter((d) => job.heldBack.has(d));
  if (waiting.length > 0) return { ...base, outcome: 'held-back', detail: `held back: its dependency ${waiting.join(', ')} is held back` };
  try {
    if ((await deps.registry.probe(ref)) === 'published') {
      deps.log.notice(`${ref.name}@${ref.version} is already on crates.io; skipped.`);
      return { ...base, outcome: 'skipped:already-published', detail: 'the index lists it' };
    }
  } catch (e) {
    // cargo publish asks crates.io itself and answers "already exists" when it does.
    deps.log.warning(`${(e as Error).message}; publishing and letting crates.io answer.`);
  }
  if (options.dryRun) return { ...base, outcome: 'dry-run', detail: `would run cargo publish -p ${ref.name}` };
  const r = await cargoPublish(job, deps, options);
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.code !== 0) {
    if (r.rateLimited) return { ...base, outcome: 'failed', detail: `rate-limited: ${r.rateLimited}` };
    if (!ALREADY_THERE.test(output)) return { ...base, outcome: 'failed', detail: `cargo publish exited ${r.code}: ${lastLines(output)}` };
    deps.log.notice(`${ref.name}@${ref.version}: crates.io says it already exists; skipped.`);
  }
  try {
    // Also after "already exists": its dependents resolve it through the index, which may lag.
    await waitUntilVisible(ref, deps, options.wait);
  } catch (e) {
    return failed(base, r.code === 0 ? 'published, then waiting for the index' : 'already on crates.io, then waiting for the index', e);
  }
  return r.code === 0
    ? { ...base, outcome: 'published', detail: 'published and visible in the index' }
    : { ...base, outcome: 'skipped:already-published', detail: 'crates.io answered "already exists"' };
}

/**
 * `cargo publish` of one crate, with the token current at the time (asked again on every try). A 429 (P10)
 * is waited out within `options.rateLimit`; past it, `rateLimited` says why.
 */
async function cargoPublish(job: CrateJob, deps: CratesDeps, options: CratesOptions): Promise<RateLimitedResult> {
  const { product, ref } = job;
  // --manifest-path: a crate in its own (nested) workspace is not a member of the root one.
  const args = [...options.cargo.config, 'publish', '--manifest-path', `${product.path}/Cargo.toml`, '--package', ref.name, '--locked', ...options.cargo.publish];
  return withRateLimit(`${ref.name}@${ref.version}`, async () => {
    const token = await options.token.current();
    return deps.exec.run('cargo', args, token === undefined ? {} : { env: { [options.cargo.tokenEnv]: token } });
  }, deps, options.rateLimit);
}
