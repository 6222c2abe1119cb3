import { Component, Project } from 'projen';
import {
  APPROVAL_ENVIRONMENT, DEFAULT_MAX_NPM_PACKAGE_BYTES, FsRepoReader, LockstepConfigError, NAPI_CLI_MAJORS, NPM_PACKAGES_BUILD_JOB, ProductKind,
  PUBLISH_ENVIRONMENT, PUBLISH_JOB_OF, ProductPlan, customPublishJobOf,
  PublishTarget, RELEASE_JOBS, RELEASE_WORKFLOW_FILE, ReleasePlan, ReleaseTrigger, RepoReader, TOOL_VERSIONS, TrackPlan, releaseBranchesOf,
  signingLegs, umbrellaTagPattern, unsupportedNapiClis,
} from '../model';
import { BuildJob, buildJobId, buildJobs } from './release/build-jobs';
import { dispatchJob } from './release/dispatch-job';
import { planJob, summaryJob, tagJob, umbrellaJob } from './release/final-jobs';
import { NpmTestSettings, npmTestJobs, resolveNpmTests } from './release/npm-test-jobs';
import { ReleasePlatform, ReleaseProvenance, ReleasePublishOptions } from './release/options';
import { applyProductSetup } from './release/product-setup-steps';
import { npmProvenanceMode, publishJobs } from './release/publish-jobs';
import { Registries, RegistryOverride, allRegistryEnv, registryCredentials, registryOverrides, resolveRegistries, usesTrustedPublishing } from './release/registries';
import { withReleaseRun } from './release/release-steps';
import { TagToken, resolveTagToken, tagTokenCredentials, tagTokenUse } from './release/tag-token';
import { updaterApp } from './release/updater-jobs';
import { WheelTestSettings, resolveWheelTests, wheelTestJobs } from './release/wheel-test-jobs';
import { ReleasePrCredential } from './release-pr';
import { ReleasePrTokenSource } from './release-pr-options';
import { WorkflowFile } from './workflow';
import { Concurrency, Job, Workflow } from './workflow/workflow-types';

/** Prefix of every concurrency group of release.yml. */
export const RELEASE_CONCURRENCY_GROUP = 'lockstep-release';

/*
 * Which runs wait for which (T7, T8). GitHub keeps one running and, by default, ONE pending run or job per
 * concurrency group: when another arrives, the pending one is cancelled. A single lane for every run of
 * release.yml therefore lost releases: while one run waited for its approval, a push queued behind it, and
 * the next push cancelled that pending run, even when it was the run of a release commit. So:
 *
 * - A run's own group is what it releases: the pushed commit, or the dispatched track and version (dry runs
 *   apart). A later push is another commit, so another group: it can never take the place of the pending run
 *   of a release commit, and a run waiting days for its approval holds up no other run. Two runs of the same
 *   commit or version queue (`queue: max`) instead of replacing each other.
 * - The lane (T7) is where two releases could race: the publish jobs and the umbrella release. Each holds a
 *   job-level group of its own, so no registry is published to by two runs at once and `latest` (npm, the
 *   GitHub release) is decided by one run at a time, in the order the runs got there. `queue: max` lets up to
 *   100 jobs wait in a group instead of cancelling all but one.
 * - tag-all is in no lane: its approval may wait for days and must not hold up another release. Tags of
 *   different versions never collide, and two runs of one version push the same tags atomically: the later
 *   push fails and moves nothing (T3, T4).
 */

/** The run's own group (see above); a multi-track dispatch names its track. */
export function runConcurrencyGroup(multiTrack: boolean): string {
  const dispatched = multiTrack ? "format('{0}-v{1}{2}', inputs.track, inputs.version, inputs.dry_run && '-dry-run' || '')"
    : "format('v{0}{1}', inputs.version, inputs.dry_run && '-dry-run' || '')";
  return `${RELEASE_CONCURRENCY_GROUP}-\${{ github.event_name == 'workflow_dispatch' && ${dispatched} || github.sha }}`;
}

/** The lane of one job that publishes or decides `latest` (see above). */
export function laneConcurrency(jobId: string): Concurrency {
  return { 'group': `${RELEASE_CONCURRENCY_GROUP}-lane-${jobId}`, 'cancel-in-progress': false, 'queue': 'max' };
}

const DEFAULT_DESKTOP = [ReleasePlatform.LINUX_X64, ReleasePlatform.MACOS_ARM64, ReleasePlatform.WINDOWS_X64];

/** Options with every default resolved. */
interface Resolved {
  readonly workflowFile: string;
  readonly approvalEnvironment: string;
  readonly publishEnvironment: string;
  readonly platforms: ReleasePlatform[];
  readonly desktopPlatforms: ReleasePlatform[];
  readonly maxCrateBytes: number;
  readonly maxNpmPackageBytes: number;
  readonly crateVisibilityTimeout: number;
  readonly tagToken: TagToken;
  readonly registries: Registries;
  readonly provenance: ReleaseProvenance;
  readonly wheelTests: WheelTestSettings;
  readonly npmTests: NpmTestSettings;
}

function resolve(options: ReleasePublishOptions): Resolved {
  const r: Resolved = {
    workflowFile: options.workflowFile ?? RELEASE_WORKFLOW_FILE,
    approvalEnvironment: options.approvalEnvironment ?? APPROVAL_ENVIRONMENT,
    publishEnvironment: options.publishEnvironment ?? PUBLISH_ENVIRONMENT,
    platforms: [...new Set(options.platforms ?? Object.values(ReleasePlatform))],
    desktopPlatforms: [...new Set(options.desktopPlatforms ?? DEFAULT_DESKTOP)],
    maxCrateBytes: options.maxCrateBytes ?? 10 * 1024 * 1024,
    maxNpmPackageBytes: options.maxNpmPackageBytes ?? DEFAULT_MAX_NPM_PACKAGE_BYTES,
    crateVisibilityTimeout: options.crateVisibilityTimeout ?? 600,
    tagToken: resolveTagToken(options),
    registries: resolveRegistries(options.registries),
    provenance: options.provenance ?? ReleaseProvenance.AUTO,
    wheelTests: resolveWheelTests(options.wheelTests, [...new Set(options.platforms ?? Object.values(ReleasePlatform))]),
    npmTests: resolveNpmTests(options.npmTests),
  };
  if (!Object.values(ReleaseProvenance).includes(r.provenance)) {
    throw new LockstepConfigError(`release.provenance: '${String(r.provenance)}' is not one of ${Object.values(ReleaseProvenance).join(', ')}.`);
  }
  if (!/^[A-Za-z0-9._-]+\.ya?ml$/.test(r.workflowFile)) throw new LockstepConfigError(`release.workflowFile: '${r.workflowFile}' must be a file name ending in .yml, such as '${RELEASE_WORKFLOW_FILE}'.`);
  if (r.approvalEnvironment === r.publishEnvironment) {
    throw new LockstepConfigError(
      `release.publishEnvironment: '${r.publishEnvironment}' is also the approval environment; every publish job would wait for its reviewers again. ` +
        'Give the publish jobs an environment without required reviewers.',
    );
  }
  for (const [option, value] of [['approvalEnvironment', r.approvalEnvironment], ['publishEnvironment', r.publishEnvironment]]) {
    if (!/^[A-Za-z0-9._-]+$/.test(value)) throw new LockstepConfigError(`release.${option}: '${value}' is not a usable environment name (letters, digits, '.', '_', '-').`);
  }
  if (r.platforms.length === 0 || r.desktopPlatforms.length === 0) throw new LockstepConfigError('release.platforms and release.desktopPlatforms: give at least one platform each.');
  if (!(r.maxCrateBytes > 0) || !(r.crateVisibilityTimeout > 0)) throw new LockstepConfigError('release.maxCrateBytes and release.crateVisibilityTimeout must be positive.');
  if (!Number.isInteger(r.maxNpmPackageBytes) || r.maxNpmPackageBytes <= 0) throw new LockstepConfigError(`release.maxNpmPackageBytes: ${r.maxNpmPackageBytes} is not a positive whole number of bytes.`);
  return r;
}

/**
 * `.github/workflows/release.yml`: approve once, tag everything, publish everywhere in dependency order,
 * re-runnable. Its job graph, deepest path first:
 *
 *   plan → build-* (parallel, no secrets, artifacts tested; one matrix job for all plain npm packages) → tag-all (the one approval) →
 *   publish-crates | publish-npm | publish-pypi | publish-go | github-releases → release-umbrella → summary
 *
 * Why one approval: GitHub asks for approval for every job that references an environment with
 * required reviewers, each when it becomes ready. So only tag-all names the approval environment, and
 * every tag and publish job needs tag-all. The publish jobs that use trusted publishing name a second
 * environment with no reviewers (restricted to the release branch, and part of their OIDC identity), so
 * they start as soon as tag-all is done, without a second wait.
 *
 * Triggers: a push to a release branch of a release-PR track (the plan job decides from the manifests
 * and tags whether there is anything to release: T1), a push of a tag-triggered track's umbrella tag
 * (the plan job checks the tag before anything is built), and a dispatch with `version` (re-run that
 * release, on its own commit, with today's workflow: T6) and `dry_run` (P7). When one push sets the
 * versions of several tracks, dispatch-tracks starts the other tracks' runs at once.
 */
export class ReleasePublish extends Component {
  /** The generated workflow file. */
  public readonly file: WorkflowFile;
  private readonly options: Resolved;

  constructor(project: Project, private readonly plan: ReleasePlan, options: ReleasePublishOptions = {}) {
    super(project);
    this.options = resolve(options);
    checkJobIds(plan);
    if (this.options.registries.pypi !== undefined && plan.tracks.some((t) => (t.testPypiPrereleases ?? []).length > 0)) {
      throw new LockstepConfigError('release.registries.pypiRepositoryUrl: a track sends prereleases to TestPyPI (testPypiPrereleases), and all Python uploads go to this index instead; use one or the other.');
    }
    refuseUnsupportedNapiCli(new FsRepoReader(project.outdir), plan);
    refuseUnbuiltSigning(plan, this.options.desktopPlatforms);
    this.file = new WorkflowFile(project, this.options.workflowFile, () => this.render(), plan.packageManager, {
      // The dispatch job starts one run per other track the push released; the npm packages' job packs each
      // plain npm package still to publish.
      computedMatrixCells: {
        [RELEASE_JOBS.dispatch]: plan.tracks.length - 1,
        [NPM_PACKAGES_BUILD_JOB]: plan.tracks.flatMap((t) => t.products).filter((p) => p.publish && p.kind === ProductKind.NPM_PACKAGE).length,
      },
      remedy: 'Release fewer products from this workflow (split them across repositories, or set `release: { enabled: false }` and keep a release workflow of your own).',
    });
  }

  /** The workflow, rendered at synth. */
  public render(): Workflow {
    const products = this.plan.tracks.flatMap((t) => t.products).filter((p) => p.publish);
    // Wheel and npm tests come after their build and before the approval, as build jobs do.
    const builds: BuildJob[] = [
      ...buildJobs(products, this.options),
      ...wheelTestJobs(products, this.options.wheelTests),
      ...npmTestJobs(products, this.options.npmTests),
    ];
    const publish = publishJobs({
      products,
      builds,
      publishEnvironment: this.options.publishEnvironment,
      crateVisibilityTimeout: this.options.crateVisibilityTimeout,
      workflowFile: this.options.workflowFile,
      registries: this.options.registries,
      provenance: this.options.provenance,
      testPypi: this.plan.tracks.some((t) => (t.testPypiPrereleases ?? []).length > 0),
    });
    const inLane = (id: string, { steps, ...job }: Job): Job => ({ ...job, concurrency: laneConcurrency(id), steps });
    const jobs: Record<string, Job> = {
      [RELEASE_JOBS.plan]: planJob(this.plan.tracks.length > 1, allRegistryEnv(this.options.registries)),
      ...(this.plan.tracks.length > 1 ? { [RELEASE_JOBS.dispatch]: dispatchJob(this.options.workflowFile) } : {}),
      ...Object.fromEntries(builds.map((b) => [b.id, b.job])),
      [RELEASE_JOBS.tag]: tagJob(builds.map((b) => b.id), this.options.approvalEnvironment, tagTokenUse(this.options.tagToken)),
      ...Object.fromEntries(publish.map(([id, job]) => [id, inLane(id, job)])),
      [RELEASE_JOBS.umbrella]: inLane(RELEASE_JOBS.umbrella, umbrellaJob(publish.map(([id]) => id), updaterApp(products)?.name)),
    };
    applyProductSetup(jobs, builds.filter((b) => !b.withoutSetup), products, this.plan.packageManager);
    jobs[RELEASE_JOBS.summary] = summaryJob(Object.keys(jobs));
    // Every job after the plan job reads the decision from the plan job's artifact; the summary runs also when there is none.
    for (const id of Object.keys(jobs).filter((j) => j !== RELEASE_JOBS.plan)) jobs[id] = withReleaseRun(id, jobs[id], id === RELEASE_JOBS.summary);
    return {
      name: 'release',
      on: triggers(this.plan),
      // T7, T8: see runConcurrencyGroup; nothing running or pending is ever cancelled.
      concurrency: { 'group': runConcurrencyGroup(this.plan.tracks.length > 1), 'cancel-in-progress': false, 'queue': 'max' },
      jobs,
    };
  }
}

function triggers(plan: ReleasePlan): Record<string, unknown> {
  const inputs: Record<string, unknown> = {
    version: { description: 'Release to (re)run: its commit is the one its umbrella tag points at, or the one that set the version', required: true, type: 'string' },
    dry_run: { description: 'Print what would happen; tag, upload and release nothing', required: false, type: 'boolean', default: false },
  };
  if (plan.tracks.length > 1) {
    inputs.track = { description: 'Release track of the version', required: true, type: 'choice', options: plan.tracks.map((t) => t.name) };
  }
  // A release-PR track releases on a push to its branches; a tag-triggered one on a push of its umbrella tag.
  const byPr = plan.tracks.filter((t) => t.trigger !== ReleaseTrigger.TAG_PUSH);
  const branches = [...new Set(byPr.flatMap((t) => releaseBranchesOf(plan, t).map((b) => b.name)))];
  const tags = plan.tracks.filter((t) => t.trigger === ReleaseTrigger.TAG_PUSH).map(umbrellaTagPattern);
  return { push: { ...(branches.length > 0 ? { branches } : {}), ...(tags.length > 0 ? { tags } : {}) }, workflow_dispatch: { inputs } };
}

/** Product names become job ids and artifact names: two products of different tracks must not collide. */
function checkJobIds(plan: ReleasePlan): void {
  const seen = new Map<string, TrackPlan>();
  for (const t of plan.tracks) {
    for (const p of t.products) {
      const other = seen.get(p.name);
      if (other && other !== t) throw new LockstepConfigError(`release: product '${p.name}' is in track '${other.name}' and track '${t.name}'; release.yml needs product names unique across tracks. Rename one with \`name\`.`);
      seen.set(p.name, t);
    }
  }
}

/** A trusted publisher to register for one package: the exact values a registry's form asks for (O3). */
export interface TrustedPublisherFact {
  readonly target: string;
  readonly package: string;
  readonly product: string;
  readonly workflowFile: string;
  readonly environment: string;
  /** The job that publishes it. */
  readonly job: string;
}

/** What the release-secrets doc needs to know about release.yml, from the same source as the workflow (S5). */
export interface ReleaseWorkflowFacts {
  readonly workflowFile: string;
  /** The environment that needs required reviewers (the one approval). */
  readonly approvalEnvironment: string;
  /** The environment of the trusted-publishing jobs (no reviewers, release branch only). */
  readonly publishEnvironment: string;
  readonly releaseBranch: string;
  /** Repository secrets release.yml reads: none, unless the tags are pushed with an App or PAT (T9). */
  readonly secrets: string[];
  /** Registries `release.registries` points elsewhere, and how each authenticates. */
  readonly registryOverrides: RegistryOverride[];
  /** npm `--provenance` (`release.registries.npmProvenance`). */
  readonly npmProvenance: boolean;
  /** `release.provenance` (O5), and the mode npm publishes with (`never` when `npmProvenance` is off). */
  readonly provenance: string;
  readonly npmProvenanceMode: string;
  /** Which token pushes the release tags (T9). */
  readonly tagTokenSource: ReleasePrTokenSource;
  /** The secrets and variables release.yml reads (the tag token's, the other registries' tokens), with what each holds. */
  readonly credentials: ReleasePrCredential[];
  readonly trustedPublishers: TrustedPublisherFact[];
  /** Registry packages per target (`crates-io`, `npm`, `pypi`, `go`). */
  readonly packagesByTarget: Record<string, string[]>;
  /** Products that get a GitHub Release, and the umbrella tag prefix per track. */
  readonly githubReleases: string[];
  readonly umbrellaTagPrefixes: string[];
}

/**
 * The facts of release.yml for the secrets doc: environments, trusted publishers per package, secrets
 * used (none), the workflow file name. Computed from the same plan and options as the workflow.
 */
export function releaseWorkflowFacts(plan: ReleasePlan, options: ReleasePublishOptions = {}): ReleaseWorkflowFacts {
  const r = resolve(options);
  const products = plan.tracks.flatMap((t) => t.products).filter((p) => p.publish);
  // A registry release.registries points elsewhere with a token has no trusted publisher to register.
  const trusted = [PublishTarget.CRATES_IO, PublishTarget.NPM, PublishTarget.PYPI].filter((t) => usesTrustedPublishing(r.registries, t));
  const packagesByTarget: Record<string, string[]> = {};
  for (const p of products) for (const k of p.packages) (packagesByTarget[k.registry] ??= []).push(k.name);
  const credentials = [
    ...tagTokenCredentials(r.tagToken),
    ...registryCredentials(r.registries, new Set(Object.keys(packagesByTarget))),
    ...ownPublishCredentials(products),
    ...signingCredentials(products),
  ];
  return {
    workflowFile: r.workflowFile,
    approvalEnvironment: r.approvalEnvironment,
    publishEnvironment: r.publishEnvironment,
    releaseBranch: plan.releaseBranch,
    secrets: credentials.filter((c) => c.kind === 'secret').map((c) => c.name),
    tagTokenSource: r.tagToken.source,
    credentials,
    registryOverrides: registryOverrides(r.registries, new Set(Object.keys(packagesByTarget))),
    npmProvenance: r.registries.npmProvenance,
    provenance: r.provenance,
    npmProvenanceMode: npmProvenanceMode(r),
    trustedPublishers: products.flatMap((p) => p.packages.filter((k) => trusted.includes(k.registry as PublishTarget)).map((k) => ({
      target: k.registry,
      package: k.name,
      product: p.name,
      workflowFile: r.workflowFile,
      environment: r.publishEnvironment,
      job: PUBLISH_JOB_OF[k.registry as PublishTarget],
    }))),
    packagesByTarget,
    githubReleases: products.filter((p) => p.githubRelease).map((p) => p.name),
    umbrellaTagPrefixes: plan.tracks.map((t) => t.umbrellaTagPrefix),
  };
}

/** Issue 17: the secrets generic products' own publish commands read, each with its product and job. */
function ownPublishCredentials(products: readonly ProductPlan[]): ReleasePrCredential[] {
  return products.filter((p) => p.settings.publishCommand).flatMap((p) => (p.publishAccess?.secrets ?? []).map((name) => ({
    name,
    kind: 'secret',
    purpose: `read by the publish command of ${p.name} (its publishSecrets), in the job ${customPublishJobOf(p)} only; create it in the publish environment (see Products' own publish commands)`,
  })));
}

/** Issue 17: the signing secrets of Tauri apps, each with the build job that reads it. */
function signingCredentials(products: readonly ProductPlan[]): ReleasePrCredential[] {
  return products.flatMap((p) => (p.signing?.secrets ?? []).map((s) => ({
    name: s.name,
    kind: 'secret',
    purpose: `${s.holds}; read by the build of ${p.name} (its signing) for ${signingLegs(s)}, in the job ${buildJobId(p.name, p.kind)} only; create it in the publish environment (see Desktop signing)`,
  })));
}

/** The desktop platforms of each OS a Tauri app's platform signing is for. */
const SIGNING_PLATFORMS: Record<string, { option: string; platforms: ReleasePlatform[] }> = {
  macOS: { option: 'signing.macos', platforms: [ReleasePlatform.MACOS_ARM64, ReleasePlatform.MACOS_X64] },
  Windows: { option: 'signing.windows', platforms: [ReleasePlatform.WINDOWS_X64] },
};

/**
 * Issue 17: platform signing for an OS release.yml builds no installer for would ask the maintainer for
 * secrets no job reads, and the secrets doc would list them: refused, naming both options.
 */
function refuseUnbuiltSigning(plan: ReleasePlan, desktopPlatforms: readonly ReleasePlatform[]): void {
  const macs = SIGNING_PLATFORMS.macOS.platforms.filter((pl) => desktopPlatforms.includes(pl));
  for (const p of plan.tracks.flatMap((t) => t.products)) {
    // Tauri names the macOS updater bundle after the app only (`<productName>.app.tar.gz`), whatever the
    // architecture: two macOS legs would give the release two assets of one name, found only after the tags.
    if (p.signing?.updater && macs.length > 1) {
      throw new LockstepConfigError(
        `release.desktopPlatforms builds ${macs.join(' and ')}, and ${p.name} signs its updates (signing.updater): Tauri names both legs' macOS updater bundle ` +
          '<productName>.app.tar.gz, so the GitHub Release would hold one of them. Build one macOS platform in release.desktopPlatforms.',
      );
    }
    for (const os of new Set((p.signing?.secrets ?? []).map((s) => s.os).filter((o): o is 'macOS' | 'Windows' => o !== undefined))) {
      const { option, platforms } = SIGNING_PLATFORMS[os];
      if (platforms.some((pl) => desktopPlatforms.includes(pl))) continue;
      throw new LockstepConfigError(
        `release.desktopPlatforms (${desktopPlatforms.join(', ')}) builds no ${os} installer, but ${p.name} declares ${option}, whose secrets no job would read. ` +
          `Add ${platforms.map((pl) => `'${pl}'`).join(' or ')} to release.desktopPlatforms, or remove ${option} from ${p.name}.`,
      );
    }
  }
}

/**
 * release.yml publishes napi products with napi-rs CLI commands of v3 (`napi create-npm-dirs`, `napi
 * artifacts --output-dir`) or v2 (`napi create-npm-dir -t .`, `napi artifacts -d`); a repository on
 * another major would fail there, after its tags are pushed (issue 12).
 */
function refuseUnsupportedNapiCli(repo: RepoReader, plan: ReleasePlan): void {
  const found = unsupportedNapiClis(plan, repo);
  if (found.length === 0) return;
  throw new LockstepConfigError(
    found.map((f) => `${f.file}: ${f.table}['@napi-rs/cli'] is '${f.range}' (napi-rs CLI ${f.major}), but release.yml publishes napi products with the commands of ` +
      `napi-rs CLI ${NAPI_CLI_MAJORS.join(' or ')} (\`napi create-npm-dirs\`, \`napi artifacts\`), which would fail after the tags are pushed.`).join('\n') +
      `\nInstall a supported CLI: npm install --save-dev @napi-rs/cli@${TOOL_VERSIONS.napiCli} in each product's directory, ` +
      'or set `release: { enabled: false }` to keep your own release workflow.',
  );
}
