/**
 * The release model. Data flows one way:
 *
 *   1. Options (products per track, exclusions) are validated: paths inside the repo, names and tag
 *      prefixes unique and non-overlapping.
 *   2. Each product's manifests are read through a RepoReader (`resolve-product.ts`); Cargo workspace
 *      roots are found from the crates, so inherited versions and `[workspace.dependencies]` are covered.
 *   3. Every manifest a product owns is scanned for pins on sibling products (`pins-and-edges.ts`),
 *      giving version sites and dependency edges; the edges give the publish waves (`graph.ts`).
 *   4. Lockfiles that record a product's version are found (`lockfiles.ts`).
 *   5. Every manifest in the repository that carries a version or a pin must be covered or excluded
 *      (`coverage.ts`).
 *   Along the way, what a registry or tool would refuse only at release time is refused here: a tag name two
 *   tags need, a Go module path or major suffix the Go toolchain would not serve (`product-checks.ts`), a
 *   published crate depending on an unpublished one, an exclusion the bump would ignore, a workspace member
 *   that names no crate (`workspace-checks.ts`).
 *   6. The result is one `ReleasePlan`: sorted, JSON-serializable, written to the plan file and read by
 *      the bump script, the workflows, the docs and the `lockstep` CLI.
 */
import { checkCoverage, checkExcludedOwned, checkExcludedPins, excludeFilter, MANIFEST_NAMES } from './coverage';
import { LockstepConfigError } from './errors';
import { tagGlobOf, tagPrefixMatches, tagPrefixStart } from './identifiers';
import { LOCKFILE_TOOLS } from './lockfiles';
import { ManifestCache } from './manifest-cache';
import { packageManagerPlanOf } from './package-manager';
import { checkFollowersPin, pinFollowersOf } from './pin-followers';
import { planProblems } from './plan-check';
import { PLAN_SCHEMA_VERSION, ReleasePlan } from './plan-types';
import { RepoReader } from './repo';
import { parseGithubRepository } from './secrets-doc-facts';
import { checkOneUpdaterApp } from './tauri-updater';
import { BuiltTrack, TrackConfig, buildTrack } from './track';
import { checkWorkspaceMembers } from './workspace-checks';

/** Everything `buildPlan` needs besides the repository. */
export interface PlanConfig {
  readonly tracks: readonly TrackConfig[];
  readonly excludeManifests: readonly string[];
  /** Manifests (or their directories) whose pins follow the release while their own version stays. */
  readonly pinFollowers?: readonly string[];
  readonly releaseBranch: string;
  readonly planFile: string;
  /** Version of this library, recorded so the runtime can refuse a plan from another version. */
  readonly generatorVersion: string;
  /**
   * The GitHub repository (`owner/name`, from `trustedPublishing.repository`), when configured: Go module
   * paths are checked against it.
   */
  readonly repository?: string;
}

/** Name of this library in the plan's `generator` field. */
export const GENERATOR_NAME = 'projen-lockstep-release';

/** Builds the release plan from the configuration and the repository's manifests. */
export function buildPlan(config: PlanConfig, repo: RepoReader): ReleasePlan {
  const cache = new ManifestCache(repo);
  const candidates = repo.findFiles([...MANIFEST_NAMES, ...Object.keys(LOCKFILE_TOOLS)]);
  const included = excludeFilter(config.excludeManifests, candidates);
  if (config.tracks.length === 0) throw new LockstepConfigError('tracks: at least one release track is needed.');
  const repository = config.repository === undefined ? undefined : parseGithubRepository(config.repository, 'trustedPublishing.repository');
  checkWorkspaceMembers(cache, included);
  const pinFollowers = pinFollowersOf(config.pinFollowers ?? [], cache, included);
  const built = config.tracks.map((t) => buildTrack(t, cache, included, { repository, pinFollowers, multiTrack: config.tracks.length > 1 }));
  checkOneUpdaterApp(built.flatMap((b) => b.plan.products));
  checkFollowersPin(pinFollowers, built.flatMap((b) => b.plan.sites));
  checkTracksApart(built);
  checkExcludedOwned(config.excludeManifests, built.flatMap((b) => b.plan.sites));
  const covered = new Set(built.flatMap((b) => [...b.covered]));
  const owners = {
    crates: new Map(built.flatMap((b) => [...b.owners.crates])),
    npm: new Map(built.flatMap((b) => [...b.owners.npm])),
    python: new Map(built.flatMap((b) => [...b.owners.python])),
  };
  checkCoverage(cache, covered, owners, included);
  checkExcludedPins(cache, owners, candidates.filter((f) => !included(f)));
  const packageManager = packageManagerPlanOf(repo);
  const plan: ReleasePlan = {
    schemaVersion: PLAN_SCHEMA_VERSION,
    generator: { name: GENERATOR_NAME, version: config.generatorVersion },
    planFile: config.planFile,
    releaseBranch: config.releaseBranch,
    excluded: [...config.excludeManifests].sort(),
    tracks: built.map((b) => b.plan),
    ...(packageManager !== undefined ? { packageManager } : {}),
  };
  // The checks every command repeats when it loads the plan: a plan the build writes must pass them.
  const problems = planProblems(plan);
  if (problems.length > 0) throw new LockstepConfigError(`the release plan would name what no release may use:\n  ${problems.join('\n  ')}\nFix the option or the manifest it comes from.`);
  return plan;
}

/** Tracks are independent: no shared manifest, no overlapping tag prefixes, distinct names. */
function checkTracksApart(built: readonly BuiltTrack[]): void {
  const names = new Set<string>();
  const files = new Map<string, string>();
  const prefixes: Array<{ track: string; prefix: string }> = [];
  for (const { plan } of built) {
    if (names.has(plan.name)) throw new LockstepConfigError(`tracks: the track name '${plan.name}' is used twice; give each track its own name.`);
    names.add(plan.name);
    for (const f of plan.manifests) {
      const other = files.get(f);
      if (other !== undefined) {
        throw new LockstepConfigError(`tracks: ${f} carries the version of both track '${other}' and track '${plan.name}'; a manifest belongs to one track.`);
      }
      files.set(f, plan.name);
    }
    prefixes.push({ track: plan.name, prefix: plan.umbrellaTagPrefix }, ...plan.products.map((p) => ({ track: plan.name, prefix: p.tagPrefix })));
  }
  for (const a of prefixes) {
    for (const b of prefixes) {
      if (a.track !== b.track && tagPrefixMatches(a.prefix, b.prefix)) {
        throw new LockstepConfigError(
          `tracks: tag prefix '${b.prefix}' of track '${b.track}' starts with ${tagPrefixStart(a.prefix)} of track '${a.track}', so one track's tag glob ('${tagGlobOf(a.prefix)}') matches the other's tags. Change one prefix.`,
        );
      }
    }
  }
}
