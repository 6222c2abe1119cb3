import {
  ARTIFACTS_DIR, ARTIFACT_KINDS, COLLECTED_OUTCOMES_DIR, LockstepConfigError, PRE_PUBLISH_HELD_BACK_OUTPUT, PROVENANCE_COMMAND, PUBLISH_JOB_OF,
  ProductPlan, PublishTarget,
  REGISTRY_ENV, RELEASE_ASSETS_ENV, RELEASE_JOBS, RELEASE_NEEDS_ENV, REPOSITORY_VISIBILITY_ENV, TOOL_VERSIONS, artifactName, ownValue,
  customPublishJobOf, imagePublishJobOf, parseArtifactName, productSlug, publishWaves,
} from '../../model';
import { preflightStep, secretsPreflightStep } from '../docs/preflight-step';
import { actionStep, lockstepStep } from '../workflow';
import { BuildJob } from './build-jobs';
import { imageJobs } from './image-jobs';
import { ReleaseProvenance } from './options';
import { Registries, registryEnv, usesTrustedPublishing } from './registries';
import {
  IF, checkoutRelease, collectOutcomesStep, downloadEachSteps, downloadStep, linuxJob, lockstepTools, planValue, runEnv, toolStep, uploadOutcomeStep,
} from './release-steps';
import { Job, Permissions, Step } from '../workflow/workflow-types';

/** Where the GitHub Release job gathers each product's assets. */
export const ASSETS_DIR = '.lockstep/release-assets';

/** What the publish stage is built from. */
export interface PublishSettings {
  readonly products: readonly ProductPlan[];
  readonly builds: readonly BuildJob[];
  readonly publishEnvironment: string;
  readonly crateVisibilityTimeout: number;
  /** The workflow's file name, which the trusted publishers name (and the preflight checks). */
  readonly workflowFile: string;
  /** Where each target publishes (`release.registries`). */
  readonly registries: Registries;
  /** `release.provenance` (O5). */
  readonly provenance: ReleaseProvenance;
  /** True when a track sends prereleases to TestPyPI: the PyPI job uploads to the index the plan job chose. */
  readonly testPypi?: boolean;
}

/** O5: the repository's visibility, passed to the commands that decide on provenance (never into `run:`). */
const VISIBILITY_ENV = { [REPOSITORY_VISIBILITY_ENV]: '${{ github.event.repository.visibility }}' };

/** npm's provenance mode: `release.provenance`, unless `release.registries.npmProvenance` turned it off. */
export function npmProvenanceMode(s: Pick<PublishSettings, 'registries' | 'provenance'>): ReleaseProvenance {
  return s.registries.npmProvenance ? s.provenance : ReleaseProvenance.NEVER;
}

/**
 * The preflight of a trusted-publishing job: fails before any upload, pointing at the doc (O1–O4). A job
 * that publishes to another registry with a token has no trusted publisher to check.
 */
function preflight(s: PublishSettings, target: PublishTarget.CRATES_IO | PublishTarget.NPM | PublishTarget.PYPI): Step[] {
  if (!usesTrustedPublishing(s.registries, target)) return [];
  const provenance = target === PublishTarget.NPM ? { provenance: npmProvenanceMode(s) } : {};
  return [preflightStep(target, { workflowFile: s.workflowFile, environment: s.publishEnvironment, ...provenance })];
}

/** A job id and its job. */
export type JobEntry = [string, Job];

/**
 * Issue 17: before a product is published, its job asks the registries of the products its `dependsOn`
 * option names whether they list them yet; this is where those registries are (`release.registries`).
 */
function dependencyRegistryEnv(s: PublishSettings, target: PublishTarget): Record<string, string> {
  const byName = new Map(s.products.map((p) => [p.name, p]));
  const publishesHere = (p: ProductPlan) => p.packages.some((k) => k.registry === target)
    || (target === PublishTarget.CUSTOM && p.registries.includes(target));
  const dependencies = s.products.filter((p) => p.publish && publishesHere(p)).flatMap((p) => p.explicitDependsOn)
    .map((n) => byName.get(n)).filter((d): d is ProductPlan => d !== undefined);
  const targets = new Set(dependencies.flatMap((d) => d.packages.map((k) => k.registry as PublishTarget)).filter((t) => t !== target));
  return Object.assign({}, ...[...targets].sort().map((t) => registryEnv(s.registries, t))) as Record<string, string>;
}

/** The `if:` of the step that publishes after `check` (pre-publish): not when it held the product back (issue 17). */
function notHeldBack(p: ProductPlan, check: string): string {
  return p.explicitDependsOn.length > 0 ? ` && steps.${check}.outputs.${PRE_PUBLISH_HELD_BACK_OUTPUT} != 'true'` : '';
}

/** Publish jobs run after tag-all succeeded and only when their target still has something to publish (P1). */
function publishIf(target: string): string {
  return `!cancelled() && ${IF.tagged} && ${IF.todo(target)}`;
}

/** The build jobs producing one of the artifact kinds. */
function buildsOf(s: PublishSettings, kinds: readonly string[]): string[] {
  return s.builds.filter((b) => b.artifacts.some((k) => kinds.includes(k))).map((b) => b.id);
}

function has(s: PublishSettings, target: PublishTarget): boolean {
  return s.products.some((p) => p.packages.some((k) => k.registry === target) || (target === PublishTarget.CUSTOM && p.registries.includes(target)));
}

/**
 * The publish stage: one job per registry, each needing tag-all (so nothing is published before the
 * approval and the tags, T3) and the build jobs whose artifacts it uploads (built and tested first, P5).
 * Jobs publishing with trusted publishing (crates.io, npm, PyPI) hold `id-token: write` and run in the
 * publish environment, which has no reviewers: the one approval is tag-all's.
 */
export function publishJobs(s: PublishSettings): JobEntry[] {
  const jobs: JobEntry[] = [];
  if (has(s, PublishTarget.CRATES_IO)) jobs.push([PUBLISH_JOB_OF[PublishTarget.CRATES_IO], cratesJob(s)]);
  if (has(s, PublishTarget.NPM)) jobs.push([PUBLISH_JOB_OF[PublishTarget.NPM], npmJob(s)]);
  if (has(s, PublishTarget.PYPI)) jobs.push([PUBLISH_JOB_OF[PublishTarget.PYPI], pypiJob(s)]);
  if (has(s, PublishTarget.GO)) jobs.push([PUBLISH_JOB_OF[PublishTarget.GO], goJob(s)]);
  if (has(s, PublishTarget.CUSTOM)) jobs.push(...customJobs(s));
  jobs.push(...imageJobs({ ...s, dependencyEnv: dependencyRegistryEnv(s, PublishTarget.GHCR) }));
  waitForExplicitDependencies(s, jobs);
  // P12: product releases go live after the registry jobs, and only for products whose packages are out.
  const registryJobs = jobs.map(([id]) => id);
  if (s.products.some((p) => p.publish && p.githubRelease)) {
    jobs.push([PUBLISH_JOB_OF[PublishTarget.GITHUB_RELEASE], githubReleasesJob(s, registryJobs)]);
  }
  return jobs;
}

/** The registry publish jobs a product's packages go out in (its GitHub Release is not one: it waits for them all). */
function publishJobsOf(p: ProductPlan): string[] {
  const targets = [...p.packages.map((k) => k.registry), ...p.registries.filter((r) => r === PublishTarget.CUSTOM || r === PublishTarget.GO)];
  const jobOf = (t: string) => {
    if (t === PublishTarget.CUSTOM) return customPublishJobOf(p);
    return t === PublishTarget.GHCR ? imagePublishJobOf(p.name) : ownValue<string>(PUBLISH_JOB_OF, t);
  };
  return [...new Set(targets.map(jobOf).filter((j): j is string => j !== undefined))];
}

/**
 * Issue 17: a product's `dependsOn` option orders publishing across registries too. A publish job holding
 * such a product also needs the publish jobs of the products it names (a server's custom publish waits for
 * its SDKs on crates.io and npm). Manifest dependencies do not: a napi package's crate is built, not
 * downloaded, so npm need not wait for crates.io. Jobs waiting for each other through these options are
 * a configuration error naming the products.
 */
function waitForExplicitDependencies(s: PublishSettings, jobs: JobEntry[]): void {
  const present = new Set(jobs.map(([id]) => id));
  const byName = new Map(s.products.map((p) => [p.name, p]));
  const waits: Array<{ job: string; on: string; why: string }> = [];
  for (const p of s.products.filter((x) => x.publish)) {
    for (const d of p.explicitDependsOn.map((n) => byName.get(n)).filter((x): x is ProductPlan => x !== undefined && x.publish)) {
      for (const job of publishJobsOf(p).filter((j) => present.has(j))) {
        for (const on of publishJobsOf(d).filter((j) => present.has(j) && j !== job)) waits.push({ job, on, why: `${p.name} dependsOn ${d.name}` });
      }
    }
  }
  const needs = (job: string) => [...new Set(waits.filter((w) => w.job === job).map((w) => w.on))];
  const cycle = jobCycle([...present], needs);
  if (cycle !== undefined) {
    const steps = cycle.map((job, i) => {
      const on = cycle[(i + 1) % cycle.length];
      return `  ${job} would wait for ${on} (${[...new Set(waits.filter((w) => w.job === job && w.on === on).map((w) => w.why))].join('; ')})`;
    });
    throw new LockstepConfigError(`products' dependsOn options make publish jobs wait for each other, so release.yml has no order to run them in:\n${steps.join('\n')}\nRemove one of these dependsOn entries, or publish those products from one registry.`);
  }
  jobs.forEach(([id, job], i) => {
    const extra = needs(id).filter((n) => !(job.needs ?? []).includes(n));
    if (extra.length > 0) jobs[i] = [id, { ...job, needs: [...(job.needs ?? []), ...extra] }];
  });
}

/** A cycle in the jobs' `needs`, as the jobs in it, or undefined. */
function jobCycle(jobs: readonly string[], needs: (job: string) => string[]): string[] | undefined {
  const state = new Map<string, 'open' | 'done'>();
  const trail: string[] = [];
  const visit = (job: string): string[] | undefined => {
    if (state.get(job) === 'done') return undefined;
    if (state.get(job) === 'open') return trail.slice(trail.indexOf(job));
    state.set(job, 'open');
    trail.push(job);
    for (const n of needs(job)) {
      const found = visit(n);
      if (found) return found;
    }
    trail.pop();
    state.set(job, 'done');
    return undefined;
  };
  for (const j of jobs) {
    const found = visit(j);
    if (found) return found;
  }
  return undefined;
}

/**
 * crates.io with a 30-minute token from crates-io-auth-action (refreshed by the command: O6), in dependency
 * order, waiting for the index (P3). Another registry (`release.registries.cratesIndexUrl`) gets its token
 * from a secret instead.
 */
function cratesJob(s: PublishSettings): Job {
  const job = PUBLISH_JOB_OF[PublishTarget.CRATES_IO];
  const trusted = usesTrustedPublishing(s.registries, PublishTarget.CRATES_IO);
  const token = trusted ? '${{ steps.crates-io-auth.outputs.token }}' : `\${{ secrets.${s.registries.crates!.tokenSecret} }}`;
  return linuxJob({
    name: 'publish crates (crates.io)',
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag, ...s.builds.filter((b) => b.id === 'check-crates').map((b) => b.id)],
    if: publishIf(PublishTarget.CRATES_IO),
    environment: s.publishEnvironment,
    permissions: trusted ? { 'contents': 'read', 'id-token': 'write' } : { contents: 'read' },
    env: runEnv({
      VISIBILITY_TIMEOUT: String(s.crateVisibilityTimeout),
      ...dependencyRegistryEnv(s, PublishTarget.CRATES_IO),
      ...registryEnv(s.registries, PublishTarget.CRATES_IO),
    }),
    timeout: 120,
    steps: [
      checkoutRelease({ full: true }),
      actionStep('Set up Rust', 'rustToolchain', { toolchain: TOOL_VERSIONS.rust }),
      ...lockstepTools(),
      ...preflight(s, PublishTarget.CRATES_IO),
      ...(trusted ? [actionStep('Get a short-lived crates.io token (trusted publishing)', 'cratesIoAuth', undefined, { id: 'crates-io-auth' })] : []),
      // The token lives only in this step's environment (no long-lived secret where OIDC exists).
      lockstepStep('Publish the crates in dependency order', ['publish-crates', '--visibility-timeout', { env: 'VISIBILITY_TIMEOUT' }], {
        env: { CARGO_REGISTRY_TOKEN: token },
      }),
      uploadOutcomeStep(job),
    ],
  });
}

/**
 * npm with trusted publishing: Node 24 (npm 11) checked by a preflight, no `registry-url`, no token in the
 * environment (O1, O2); prereleases go under their dist-tag. Another registry (`release.registries`) gets its
 * token from a secret as `NODE_AUTH_TOKEN`, which the command hands to npm for that registry only; the OIDC
 * token is then asked for only to sign the provenance.
 */
function npmJob(s: PublishSettings): Job {
  const job = PUBLISH_JOB_OF[PublishTarget.NPM];
  const r = s.registries;
  const provenance = npmProvenanceMode(s);
  const oidc = usesTrustedPublishing(r, PublishTarget.NPM) || provenance !== ReleaseProvenance.NEVER;
  const npmProducts = s.products.filter((p) => p.packages.some((k) => k.registry === PublishTarget.NPM)).map((p) => p.name);
  const artifacts = s.builds.filter((b) => b.products.some((p) => npmProducts.includes(p)))
    .flatMap((b) => b.artifactNames.filter((a) => [ARTIFACT_KINDS.napi, ARTIFACT_KINDS.npm].includes(parseArtifactName(a)!.kind as never)));
  return linuxJob({
    name: 'publish npm packages',
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag, ...buildsOf(s, [ARTIFACT_KINDS.napi, ARTIFACT_KINDS.npm])],
    if: publishIf(PublishTarget.NPM),
    environment: s.publishEnvironment,
    permissions: oidc ? { 'contents': 'read', 'id-token': 'write' } : { contents: 'read' },
    env: runEnv({
      ...dependencyRegistryEnv(s, PublishTarget.NPM),
      ...registryEnv(r, PublishTarget.NPM),
      ...(provenance === ReleaseProvenance.AUTO ? VISIBILITY_ENV : {}),
    }),
    steps: [
      checkoutRelease({ full: true }),
      ...lockstepTools(),
      ...preflight(s, PublishTarget.NPM),
      ...downloadEachSteps('the npm build', artifacts, ARTIFACTS_DIR),
      lockstepStep('Publish to npm in dependency order', ['publish-npm', '--artifacts', ARTIFACTS_DIR, '--provenance', provenance], {
        ...(r.npm ? { env: { NODE_AUTH_TOKEN: `\${{ secrets.${r.npm.tokenSecret} }}` } } : {}),
      }),
      uploadOutcomeStep(job),
    ],
  });
}

/**
 * PyPI with trusted publishing (`lockstep publish-pypi` mints the token and uploads with the pinned twine):
 * every wheel is built before the first upload, and files the index already has are skipped, so an
 * interrupted upload is resumable (P5); a 429 is waited out within a bound, then that product fails as
 * rate-limited (P10). Each product's upload may fail without stopping the next (P6); its outcome step then
 * fails the job.
 */
function pypiJob(s: PublishSettings): Job {
  const job = PUBLISH_JOB_OF[PublishTarget.PYPI];
  const products = inPublishOrder(s.products).filter((p) => p.packages.some((k) => k.registry === PublishTarget.PYPI));
  const builds = s.builds.filter((b) => products.some((p) => b.products.includes(p.name)));
  const wheelBuilds = buildsOf({ ...s, builds }, [ARTIFACT_KINDS.wheels]);
  const trusted = usesTrustedPublishing(s.registries, PublishTarget.PYPI);
  return linuxJob({
    name: 'publish to PyPI',
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag, ...wheelBuilds],
    if: publishIf(PublishTarget.PYPI),
    environment: s.publishEnvironment,
    permissions: trusted ? { 'contents': 'read', 'id-token': 'write' } : { contents: 'read' },
    // With TestPyPI prereleases, the checks and `lockstep publish-pypi` use the index of this run's version,
    // which the plan job chose (its simple API and upload URL).
    env: runEnv({
      ...dependencyRegistryEnv(s, PublishTarget.PYPI),
      ...(s.testPypi
        ? { [REGISTRY_ENV.pypiIndex]: planValue('pypiIndex'), [REGISTRY_ENV.pypiRepository]: planValue('pypiUpload') }
        : registryEnv(s.registries, PublishTarget.PYPI)),
    }),
    steps: [
      checkoutRelease({ full: true }),
      ...lockstepTools(),
      ...preflight(s, PublishTarget.PYPI),
      actionStep('Set up Python', 'setupPython', { 'python-version': TOOL_VERSIONS.pythonMatrix[TOOL_VERSIONS.pythonMatrix.length - 1] }),
      toolStep('Install twine', 'python -m pip install "twine==$TWINE_VERSION"', { env: { TWINE_VERSION: TOOL_VERSIONS.twine } }),
      ...products.flatMap((p) => pypiSteps(p, job, s.registries)),
      uploadOutcomeStep(job),
    ],
  });
}

/**
 * Products in publish order (P3): the PyPI job uploads them one after another in its steps, so a package
 * pinning another product's (a pure-Python client on its maturin core) goes after it, whatever order they were declared in.
 */
function inPublishOrder(products: readonly ProductPlan[]): ProductPlan[] {
  const names = new Set(products.map((p) => p.name));
  const edges = products.flatMap((p) => p.dependsOn.filter((d) => names.has(d)).map((to) => ({ from: p.name, to, via: p.name })));
  const byName = new Map(products.map((p) => [p.name, p]));
  return publishWaves(products.map((p) => p.name), edges).flat().map((n) => byName.get(n)!);
}

function stepId(prefix: string, product: string): string {
  return `${prefix}-${product.toLowerCase().replace(/[^a-z0-9-]+/g, '-')}`;
}

function pypiSteps(p: ProductPlan, job: string, registries: Registries): Step[] {
  const index = registries.pypi;
  const check = stepId('check', p.name);
  const download = stepId('download', p.name);
  const upload = stepId('upload', p.name);
  const dir = `dist/pypi/${p.name}`;
  // Only a product whose wheels were built this run uploads (a complete one was not rebuilt: the summary says so).
  const inRun = IF.toBuild(p.name);
  return [
    lockstepStep(`${p.name}: check the tag and ask PyPI`, ['pre-publish', '--product', p.name, '--target', PublishTarget.PYPI], { id: check, if: `!cancelled() && ${inRun}` }),
    {
      ...downloadStep(`${p.name}: get every wheel and the sdist`, `${artifactName(ARTIFACT_KINDS.wheels, p.name)}.*`, dir, true),
      id: download,
      if: `!cancelled() && steps.${check}.outcome == 'success'${notHeldBack(p, check)}`,
    },
    lockstepStep(`${p.name}: upload to PyPI (files already there are skipped)`, ['publish-pypi', '--product', p.name, '--dist', dir], {
      'id': upload,
      // P7: the upload checks the dry run itself, not only through tag-all and pre-publish.
      'if': `!cancelled() && ${IF.notDryRun} && steps.${download}.outcome == 'success'`,
      'continue-on-error': true,
      // Without a token secret the command mints one with the job's OIDC token (trusted publishing).
      ...(index?.tokenSecret ? { env: { TWINE_PASSWORD: `\${{ secrets.${index.tokenSecret} }}` } } : {}),
    }),
    // S6: one outcome per file, from the index before (pre-publish) and after the upload.
    lockstepStep(`${p.name}: record the outcome of each file`, ['record-outcome', '--job', job, '--product', p.name, '--target', PublishTarget.PYPI, '--result', { env: 'UPLOAD_RESULT' }, '--dist', dir], {
      if: `!cancelled() && ${inRun}`,
      env: { UPLOAD_RESULT: `\${{ steps.${upload}.outcome }}` },
    }),
  ];
}

/** Go: verify each module's tag points at the release commit, then have the module proxy fetch it. */
function goJob(s: PublishSettings): Job {
  const job = PUBLISH_JOB_OF[PublishTarget.GO];
  return linuxJob({
    name: 'publish Go modules (tag check, module proxy)',
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag],
    if: publishIf(PublishTarget.GO),
    permissions: { contents: 'read' },
    env: runEnv(registryEnv(s.registries, PublishTarget.GO)),
    steps: [
      checkoutRelease({ full: true }),
      actionStep('Set up Go', 'setupGo', { 'go-version': TOOL_VERSIONS.go, 'cache': false }),
      ...lockstepTools(),
      lockstepStep('Verify the Go tags and warm the module proxy', ['go-proxy-warm']),
      uploadOutcomeStep(job),
    ],
  });
}

/**
 * Generic products' own publish commands, each run from its directory with the version in `$VERSION`: in one
 * shared, read-only job, except a product that declares publish secrets or permissions (issue 17), which gets
 * a job of its own, so only its command's step sees those secrets and only its job holds those permissions.
 */
function customJobs(s: PublishSettings): JobEntry[] {
  const products = s.products.filter((p) => p.registries.includes(PublishTarget.CUSTOM) && p.settings.publishCommand);
  const shared = products.filter((p) => p.publishAccess === undefined);
  const own = products.filter((p) => p.publishAccess !== undefined);
  const entries: JobEntry[] = own.map((p) => [customPublishJobOf(p), customJob(s, customPublishJobOf(p), [p])]);
  // The shared job also stands when no product publishes in it: the plan's todo names `custom` for every one.
  const sharedId = PUBLISH_JOB_OF[PublishTarget.CUSTOM];
  return shared.length > 0 || own.length === 0 ? [[sharedId, customJob(s, sharedId, shared)], ...entries] : entries;
}

/**
 * One job running products' publish commands. A product's declared secrets reach only its publish step, each
 * as the environment variable of its name, after a preflight that fails the job before publishing when one is
 * empty; the job's permissions are the product's (`contents: read` otherwise).
 */
function customJob(s: PublishSettings, job: string, products: readonly ProductPlan[]): Job {
  const access = products.length === 1 ? products[0].publishAccess : undefined;
  const secrets = access?.secrets ?? [];
  const secretEnv = Object.fromEntries(secrets.map((n) => [n, `\${{ secrets.${n} }}`]));
  const only = products.length === 1 && access !== undefined ? ` (${products[0].name})` : '';
  // Only when the run publishes the product: a re-run that completes other products does not need its secrets.
  const checkSecrets = secrets.length > 0 ? [{ ...secretsPreflightStep(secrets), if: IF.productInRun(products[0].name) }] : [];
  return linuxJob({
    name: `publish with the products' own commands${only}`,
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag, ...s.builds.filter((b) => products.some((p) => b.products.includes(p.name))).map((b) => b.id)],
    if: publishIf(PublishTarget.CUSTOM),
    environment: s.publishEnvironment,
    permissions: (access?.permissions as Permissions | undefined) ?? { contents: 'read' },
    env: runEnv({ VERSION: planValue('version'), ...dependencyRegistryEnv(s, PublishTarget.CUSTOM) }),
    steps: [checkoutRelease({ full: true }), ...lockstepTools(), ...checkSecrets, ...products.flatMap((p) => {
      const check = stepId('check', p.name);
      const publish = stepId('publish', p.name);
      return [
        lockstepStep(`${p.name}: check the tag`, ['pre-publish', '--product', p.name, '--target', PublishTarget.CUSTOM], { id: check, if: `!cancelled() && ${IF.productInRun(p.name)}` }),
        toolStep(`${p.name}: publish`, p.settings.publishCommand, {
          dir: p.path,
          id: publish,
          if: `!cancelled() && steps.${check}.outcome == 'success'${notHeldBack(p, check)}`,
          ...(p.publishAccess && p.publishAccess.secrets.length > 0 ? { env: secretEnv } : {}),
        }),
        lockstepStep(`${p.name}: record the outcome`, ['record-outcome', '--job', job, '--product', p.name, '--target', PublishTarget.CUSTOM, '--result', { env: 'PUBLISH_RESULT' }], {
          if: `!cancelled() && ${IF.productInRun(p.name)}`,
          env: { PUBLISH_RESULT: `\${{ steps.${publish}.outcome }}` },
        }),
      ];
    }), uploadOutcomeStep(job)],
  });
}

/** The id of the GitHub Release job's provenance step. */
const PROVENANCE_STEP = 'provenance';

/**
 * O5: the assets' build provenance attestation. With `auto`, `lockstep provenance` decides from the
 * repository's visibility and says why; the attestation runs only when it answers `attest=true`.
 */
function attestSteps(mode: ReleaseProvenance): Step[] {
  const hasAssets = `hashFiles('${ASSETS_DIR}/**') != ''`;
  const decide = lockstepStep('Decide on build provenance from the repository\'s visibility', [PROVENANCE_COMMAND.command, `--${PROVENANCE_COMMAND.mode}`, mode], { id: PROVENANCE_STEP });
  return [
    ...(mode === ReleaseProvenance.AUTO ? [decide] : []),
    actionStep('Attest the build provenance of the assets', 'attestBuildProvenance', { 'subject-path': `${ASSETS_DIR}/**` }, {
      if: mode === ReleaseProvenance.AUTO ? `steps.${PROVENANCE_STEP}.outputs.${PROVENANCE_COMMAND.attestOutput} == 'true' && ${hasAssets}` : hasAssets,
    }),
  ];
}

/**
 * Each product's GitHub Release: draft, then its assets with build provenance attestations, then
 * published (immutable releases refuse late uploads). Uses the gh CLI with the job's token.
 */
function githubReleasesJob(s: PublishSettings, registryJobs: readonly string[]): Job {
  const job = PUBLISH_JOB_OF[PublishTarget.GITHUB_RELEASE];
  const released = s.products.filter((p) => p.publish && p.githubRelease).map((p) => p.name);
  const builds = s.builds.filter((b) => b.artifactNames.length > 0 && b.products.some((p) => released.includes(p)));
  // P14: what each product's release must carry, from the same build jobs; a release missing any is not published.
  // A job building several products (the npm packages' matrix) lists each one's artifacts: a product requires its own.
  const ownArtifacts = (p: string) => builds.filter((b) => b.products.includes(p)).flatMap((b) => b.artifactNames)
    .filter((a) => parseArtifactName(a)?.product === productSlug(p));
  const required = Object.fromEntries(released.map((p) => [p, ownArtifacts(p)]));
  const artifacts = builds.flatMap((b) => b.artifactNames);
  // O5: attested unless release.provenance is 'never'; with 'auto' the provenance step decides from the visibility.
  const attest = artifacts.length > 0 && s.provenance !== ReleaseProvenance.NEVER;
  return linuxJob({
    name: 'GitHub Releases per product',
    needs: [RELEASE_JOBS.plan, RELEASE_JOBS.tag, ...builds.map((b) => b.id), ...registryJobs],
    if: publishIf(PublishTarget.GITHUB_RELEASE),
    permissions: attest ? { 'contents': 'write', 'id-token': 'write', 'attestations': 'write' } : { contents: 'write' },
    env: runEnv({ [RELEASE_ASSETS_ENV]: JSON.stringify(required), ...(attest && s.provenance === ReleaseProvenance.AUTO ? VISIBILITY_ENV : {}) }),
    steps: [
      // Every tag and commit: each product's notes start at its previous tag (lockstep notes).
      checkoutRelease({ full: true }),
      ...lockstepTools(),
      ...downloadEachSteps('the release assets', artifacts, ARTIFACTS_DIR),
      lockstepStep('Gather each product\'s assets', ['release-assets', '--artifacts', ARTIFACTS_DIR, '--out', ASSETS_DIR]),
      ...(attest ? attestSteps(s.provenance) : []),
      collectOutcomesStep(),
      lockstepStep('Create each product\'s release: draft, assets, then published once its packages are', [
        'github-release', '--assets', ASSETS_DIR, '--artifacts', ARTIFACTS_DIR, '--outcomes', COLLECTED_OUTCOMES_DIR,
      ], {
        env: { GH_TOKEN: '${{ github.token }}', [RELEASE_NEEDS_ENV]: '${{ toJSON(needs) }}' },
      }),
      uploadOutcomeStep(job),
    ],
  });
}
