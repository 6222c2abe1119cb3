import {
  ARTIFACT_KINDS, NpmPackageBuild, PLAN_OUTPUTS, PYTHON_INDEXES, ProductKind, ProductPlan, PublishTarget, ReleasePlan, artifactName,
  customPublishJobOf, npmDistTag, releaseChannel, toPep440,
} from '../../model';
import { formatProblem } from '../bump/text-edits';
import { verifyTrack } from '../bump/verify-track';
import { CliError } from '../cli-error';
import { Decision, Trigger, decideRelease } from './decide';
import { manifestsAt } from './manifest-versions';
import { Git, Log, PackageRef, Registry } from './ports';
import { ReleaseRun, RunPackage, RunProduct } from './run';

/** What `releasePlan` needs. */
export interface ReleasePlanDeps {
  readonly git: Git;
  readonly registry: Registry;
  readonly log: Log;
}

/**
 * The plan job: decide what this run releases (decide.ts), check on the release commit that every
 * manifest carries the one version, compute the tags, and ask each registry what it already has (P1).
 * A probe that fails leaves the package `unknown`: the publish job asks again and fails if it still can't.
 */
export async function releasePlan(plan: ReleasePlan, trigger: Trigger, deps: ReleasePlanDeps): Promise<ReleaseRun> {
  const decision = await decideRelease(plan, trigger, deps.git);
  if (decision.release) {
    // `lockstep verify` itself (manifests, pins and lockfiles), on the release commit, before any registry is asked.
    const files = [...decision.track.manifests, ...decision.track.lockfiles.map((l) => l.file)];
    const verified = verifyTrack(decision.track, await manifestsAt(deps.git, decision.commit, files));
    const problems = [...verified.problems];
    if (verified.version !== undefined && verified.version !== decision.version) {
      // A dispatch takes the commit from the umbrella tag: that commit must carry the version it names.
      const source = decision.track.versionSource!;
      problems.push({ file: source.file, reason: `carries ${verified.version}, not the ${decision.version} this run releases` });
    }
    if (problems.length > 0) {
      throw new CliError(`the release commit ${decision.commit.slice(0, 12)} does not carry ${decision.version} everywhere:\n  ${problems.map(formatProblem).join('\n  ')}\nFix the manifests with the bump script and release again.`);
    }
  }
  const products = decision.release ? await runProducts(decision, deps) : [];
  const todo = [...new Set(products.flatMap((p) => p.packages.filter(needsPublishJob).map((k) => k.target)))].sort();
  return {
    schema: 1,
    release: decision.release,
    reason: decision.reason,
    dryRun: trigger.dryRun,
    event: trigger.event,
    track: decision.track.name,
    version: decision.version,
    commit: decision.commit,
    umbrellaTag: `${decision.track.umbrellaTagPrefix}${decision.version}`,
    releaseBranch: plan.releaseBranch,
    products,
    publishWaves: decision.track.publishWaves.map((w) => w.filter((n) => products.some((p) => p.name === n))).filter((w) => w.length > 0),
    todo,
    others: decision.others ?? [],
    cli: plan.generator.version,
  };
}

async function runProducts(decision: Decision, deps: ReleasePlanDeps): Promise<RunProduct[]> {
  const published = decision.track.products.filter((p) => p.publish);
  return Promise.all(published.map(async (p) => {
    const tag = `${p.tagPrefix}${decision.version}`;
    // A prerelease the track sends to TestPyPI is looked for there (and uploaded there: the pypi_upload output).
    const testPypi = releaseChannel(decision.track, decision.version).pythonIndex === 'testpypi';
    const refs = packageRefs(p, decision.version, tag)
      .map((r) => (testPypi && r.target === PublishTarget.PYPI ? { ...r, index: PYTHON_INDEXES.testpypi.simple } : r));
    const packages = await Promise.all(refs.map((ref) => probeOne(ref, decision.version, deps)));
    return runProduct(p, tag, packages);
  }));
}

/** A product of the run: the plan's product at its tag, with what each registry said of its packages. */
export function runProduct(p: ProductPlan, tag: string, packages: RunPackage[]): RunProduct {
  const order = { dependsOn: p.dependsOn, explicitDependsOn: p.explicitDependsOn };
  const ownJob = p.publishAccess !== undefined ? { customPublishJob: customPublishJobOf(p) } : {};
  return { name: p.name, kind: p.kind, path: p.path, tag, githubRelease: p.githubRelease, ...order, ...ownJob, settings: p.settings, packages };
}

/**
 * The plan job's outputs: the small values release.yml's conditions, refs and computed matrices read. The
 * whole decision goes to the later jobs as a file (issue 20); each value here must stay under the 64 KiB
 * the one $GITHUB_OUTPUT writer takes.
 */
export function planJobOutputs(plan: ReleasePlan, run: ReleaseRun): Record<string, string> {
  return {
    [PLAN_OUTPUTS.release]: String(run.release),
    [PLAN_OUTPUTS.dryRun]: String(run.dryRun),
    [PLAN_OUTPUTS.version]: run.version,
    [PLAN_OUTPUTS.commit]: run.commit,
    [PLAN_OUTPUTS.products]: JSON.stringify(run.products.map((p) => p.name)),
    [PLAN_OUTPUTS.todo]: JSON.stringify(run.todo),
    [PLAN_OUTPUTS.build]: JSON.stringify(productsToBuild(run)),
    [PLAN_OUTPUTS.npmPackages]: JSON.stringify(npmPackageBuilds(run)),
    [PLAN_OUTPUTS.dispatch]: JSON.stringify(run.others ?? []),
    [PLAN_OUTPUTS.pypiIndex]: pythonIndexOf(plan, run).simple,
    [PLAN_OUTPUTS.pypiUpload]: pythonIndexOf(plan, run).upload,
  };
}

/**
 * The Python index a run's version goes to (`pypi_index`, `pypi_upload`): TestPyPI for a prerelease its
 * track sends there, else PyPI. release.yml reads these only when a track sends prereleases to TestPyPI.
 */
export function pythonIndexOf(plan: ReleasePlan, run: ReleaseRun): { simple: string; upload: string } {
  const track = plan.tracks.find((t) => t.name === run.track);
  const index = run.release && track !== undefined ? releaseChannel(track, run.version).pythonIndex : 'pypi';
  return { simple: PYTHON_INDEXES[index].simple, upload: PYTHON_INDEXES[index].upload };
}

/** What a product publishes, each in its registry's version form. */
export function packageRefs(product: ProductPlan, version: string, tag: string): PackageRef[] {
  const refs: PackageRef[] = product.packages.map((k) => {
    switch (k.registry) {
      case PublishTarget.PYPI: return { target: k.registry, name: k.name, version: toPep440(version) };
      case PublishTarget.GO: return { target: k.registry, name: k.name, version: tag };
      default: return { target: k.registry, name: k.name, version };
    }
  });
  // A product's own publish command has no registry to ask: it runs on every release run.
  if (product.registries.includes(PublishTarget.CUSTOM)) refs.push({ target: PublishTarget.CUSTOM, name: product.name, version });
  if (product.githubRelease) refs.push({ target: PublishTarget.GITHUB_RELEASE, name: product.name, version: tag });
  return refs;
}

/**
 * Whether a package's publish job must run. PyPI answers "published" as soon as one file of a version
 * is there, so a run interrupted half-way would otherwise never finish (P5, T5): its job always runs and
 * `skip-existing` uploads only the files still missing.
 */
export function needsPublishJob(pkg: RunPackage): boolean {
  return pkg.state !== 'published' || pkg.target === PublishTarget.PYPI;
}

/**
 * Targets a product publishes from its build artifacts (crates and Go modules are published from the tree), or,
 * for a container image, whose build is checked before the approval (issue 17).
 */
const BUILT_TARGETS: readonly string[] = [
  PublishTarget.NPM, PublishTarget.PYPI, PublishTarget.GITHUB_RELEASE, PublishTarget.CUSTOM, PublishTarget.GHCR,
];

/**
 * Whether a product's build job must run: a package made from its artifacts is still to publish. PyPI says
 * "published" once one file is there, so a PyPI package counts as complete only when the product's GitHub
 * Release is published too, which happens only after every file of the product was uploaded (P12); without
 * a GitHub Release the wheels are rebuilt and `skip-existing` uploads what is missing (P5). A product's own
 * publish command has no registry to ask: it always builds.
 */
export function needsBuild(product: RunProduct): boolean {
  // Crates and Go modules have no build job (the crate check runs on the crates still to publish).
  if (product.kind === ProductKind.RUST_CRATE || product.kind === ProductKind.GO_MODULE) return false;
  const release = product.packages.find((k) => k.target === PublishTarget.GITHUB_RELEASE);
  return product.packages.some((k) => {
    if (!BUILT_TARGETS.includes(k.target)) return false;
    if (k.target === PublishTarget.PYPI) return k.state !== 'published' || release?.state !== 'published';
    return k.state !== 'published';
  });
}

/** The products of a run whose build jobs run (the plan job's `build` output). */
export function productsToBuild(run: ReleaseRun): string[] {
  return run.products.filter(needsBuild).map((p) => p.name);
}

/** The matrix of the npm packages' build job (the plan job's `npm_packages` output): the plain npm packages still to publish. */
export function npmPackageBuilds(run: ReleaseRun): NpmPackageBuild[] {
  return run.products.filter((p) => p.kind === ProductKind.NPM_PACKAGE && needsBuild(p))
    .map((p) => ({ product: p.name, artifact: artifactName(ARTIFACT_KINDS.npm, p.name) }));
}

async function probeOne(ref: PackageRef, version: string, deps: ReleasePlanDeps): Promise<RunPackage> {
  const distTag = ref.target === PublishTarget.NPM ? { distTag: npmDistTag(version) } : {};
  if (ref.target === PublishTarget.CUSTOM) return { ...ref, state: 'unknown' };
  try {
    return { ...ref, ...distTag, state: await deps.registry.probe(ref) };
  } catch (e) {
    deps.log.warning(`${(e as Error).message}; the publish job will ask again.`);
    return { ...ref, ...distTag, state: 'unknown' };
  }
}

