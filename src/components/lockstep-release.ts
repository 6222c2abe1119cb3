import { Component, InitProject, Project } from 'projen';
import {
  CI_WORKFLOW_FILE, FsRepoReader, PlanOptions, RELEASE_PR_WORKFLOW_FILE, RELEASE_WORKFLOW_FILE, ReleasePlan, SECRETS_DOC_FILE,
  buildPlan, libraryVersion, missingWorkflowTools, planConfigOf, planSourceOf,
} from '../model';
import { BumpScript } from './bump-script';
import { BumpScriptOptions } from './bump-script-options';
import { CiMatrixOptions } from './ci/options';
import { CiMatrix } from './ci-matrix';
import { TrustedPublishingOptions } from './docs/options';
import { checkOwnFiles } from './own-files';
import { ReleasePublishOptions } from './release/options';
import { ReleasePlanFile } from './release-plan-file';
import { ReleasePr, checkDispatchedCi } from './release-pr';
import { ReleasePrOptions } from './release-pr-options';
import { ReleasePublish } from './release-publish';
import { TrustedPublishing } from './trusted-publishing';

// The bump script options are part of the public (jsii) API through `bumpScript`.
export * from './bump-script-options';
// The CI option structs are part of the public (jsii) API through `ci`.
export * from './ci/options';
// The release PR options are part of the public (jsii) API through `releasePr`.
export * from './release-pr-options';
// The release workflow options are part of the public (jsii) API through `release`.
export * from './release/options';
// The secrets doc options are part of the public (jsii) API through `trustedPublishing`.
export * from './docs/options';

/**
 * Options of the lockstep release: the plan (products, tracks, exclusions) and one field per generated
 * file's component.
 */
export interface LockstepReleaseOptions extends PlanOptions {
  /**
   * The generated `scripts/bump-version.sh`.
   * @default - the script at scripts/bump-version.sh
   */
  readonly bumpScript?: BumpScriptOptions;
  /**
   * The generated `.github/workflows/ci.yml`: per-product build and test matrices, run only when a change
   * affects the product, and one required check (`ci-ok`).
   * @default - every product gets its kind's jobs with the default matrices
   */
  readonly ci?: CiMatrixOptions;
  /**
   * The generated `.github/workflows/release-pr.yml`: one dispatch bumps every product and opens (or
   * updates) the release PR, with CI on its head commit.
   * @default - the default token, CI dispatched on the release PR's branch
   */
  readonly releasePr?: ReleasePrOptions;
  /**
   * The generated `.github/workflows/release.yml`: one approval, tags, then every registry in dependency
   * order; re-runnable by dispatch, with a dry run.
   * @default - release.yml with the `release` approval environment and every platform
   */
  readonly release?: ReleasePublishOptions;
  /**
   * The generated `docs/release-secrets.md` (per registry and package, the exact trusted-publisher values,
   * the GitHub settings and every remaining secret), and the guard against renaming what trusted
   * publishers are bound to. Generated whenever release.yml is.
   * @default - the doc with placeholders for the repository, and a warning at synth
   */
  readonly trustedPublishing?: TrustedPublishingOptions;
}

/**
 * The lockstep release of a repository, as a component any projen project can add
 * (`new LockstepRelease(project, { products })`). It reads the repository's manifests when constructed,
 * so a bad option or an uncovered manifest fails `npx projen` before any file is written, and it renders
 * the release plan that every generated file and the `lockstep` CLI read.
 */
export class LockstepRelease extends Component {
  /** The LockstepRelease of a project, if it has one. */
  public static of(project: Project): LockstepRelease | undefined {
    return project.components.find((c): c is LockstepRelease => c instanceof LockstepRelease);
  }

  /** Repository-relative path of the generated release plan. */
  public readonly planFile: string;

  /** @internal the release plan, read by the other components */
  public readonly _plan: ReleasePlan;

  private readonly planFileComponent: ReleasePlanFile;
  private readonly options: LockstepReleaseOptions;
  /** For each file this library generates, the option that resolves a clash with a file already there. */
  private readonly takeovers = new Map<string, string>();

  constructor(project: Project, options: LockstepReleaseOptions = {}) {
    super(project);
    if (LockstepRelease.of(project) !== this) {
      throw new Error('LockstepRelease: a project can have only one; configure several release tracks with `tracks` instead.');
    }
    const repo = new FsRepoReader(project.outdir);
    // The repository the trusted publishers name is also the one Go module paths must name.
    this._plan = buildPlan({ ...planConfigOf(options, repo, libraryVersion()), repository: options.trustedPublishing?.repository }, repo);
    this.planFile = this._plan.planFile;
    // The plan file records what it was made from, so CI's drift check can tell when it is out of date.
    this.planFileComponent = new ReleasePlanFile(project, this._plan, planSourceOf(options, repo));
    this.options = options;
    const bumpScript = new BumpScript(project, this._plan, options.bumpScript);
    const ciGenerated = options.ci?.enabled !== false;
    if (ciGenerated) new CiMatrix(project, this._plan, options.ci);
    if (options.releasePr?.enabled !== false) {
      new ReleasePr(project, this._plan, options.releasePr);
      checkDispatchedCi(repo, options.releasePr, ciGenerated ? CI_WORKFLOW_FILE : undefined);
    }
    // T9: the tags are pushed with the release PR's App or PAT unless release names its own.
    const release: ReleasePublishOptions = {
      appClientIdVariable: options.releasePr?.appClientIdVariable,
      appPrivateKeySecret: options.releasePr?.appPrivateKeySecret,
      patSecret: options.releasePr?.patSecret,
      ...withoutUndefined(options.release ?? {}),
    };
    if (release.enabled !== false) new ReleasePublish(project, this._plan, release);
    if (release.enabled !== false) new TrustedPublishing(project, this._plan, options.trustedPublishing, { ...options, release });
    warnWhenCliNotInstalled(project, repo, this._plan);
    const workflow = (file: string) => `.github/workflows/${file}`;
    this.takeovers
      .set(workflow(CI_WORKFLOW_FILE), "keep it as the repository's CI with `ci: { enabled: false }` (release-pr.yml then dispatches it, so it needs a `workflow_dispatch` trigger).")
      .set(workflow(RELEASE_PR_WORKFLOW_FILE), 'keep it with `releasePr: { enabled: false }` (no release PR is generated then).')
      .set(
        workflow(release.workflowFile ?? RELEASE_WORKFLOW_FILE),
        "write the generated workflow under another name with `release: { workflowFile: 'lockstep-release.yml' }` (trusted publishers are bound to the file name: " +
          'see trustedPublishing.acknowledgeTrustedPublisherRename), or keep yours with `release: { enabled: false }`.',
      )
      .set(bumpScript.path, "write the generated script elsewhere with `bumpScript: { path: 'scripts/lockstep-bump.sh' }`.")
      .set(SECRETS_DOC_FILE, 'keep it with `trustedPublishing: { enabled: false }` (the generated doc is then not written).')
      .set(this.planFile, "write the plan elsewhere with `planFile: '.lockstep/plan.json'`.");
  }

  /**
   * Issue 11, item 5: before projen removes or writes anything, refuse to replace a file the repository
   * keeps itself at a path the project generates.
   */
  public preSynthesize(): void {
    checkOwnFiles(this.project, this.takeovers);
  }

  /**
   * `projen new` writes `.projenrc.ts` after synthesizing every file; record its digest now, so the next
   * `npx projen` writes the same plan file.
   */
  public projectCreation(_initProject: InitProject): void {
    this.planFileComponent.rewriteWithSource(planSourceOf(this.options, new FsRepoReader(this.project.outdir)));
  }
}

/**
 * The generated workflows run `npm ci` and then `npx --no-install <tool>`: every tool must be declared
 * where npm installs it. A projen Node project declares this library through its own deps.
 */
function warnWhenCliNotInstalled(project: Project, repo: FsRepoReader, plan: ReleasePlan): void {
  const missing = missingWorkflowTools(plan, repo).filter((m) => !('package' in project && m.file === 'package.json'));
  if (missing.length === 0) return;
  project.logger.warn(
    'the generated workflows run npm tools that are not declared, so those steps would fail:\n' +
      missing.map((m) => `  ${m.file}: npm install --save-dev ${m.install}   (${m.why})`).join('\n') +
      '\nInstall each and commit package.json and package-lock.json.',
  );
}

/** The options that are set: a spread of them never overrides a default with `undefined`. */
function withoutUndefined<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(Object.entries(options).filter(([, v]) => v !== undefined)) as Partial<T>;
}
