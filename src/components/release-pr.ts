import { Component, Project } from 'projen';
import { LockstepConfigError, NO_BUMP, PROJEN_MARKER, RELEASE_PR_OUTPUTS, RELEASE_PR_WORKFLOW_FILE, RUNNERS, ReleaseBump, ReleasePlan, RepoReader, workflowTriggers } from '../model';
import { BumpScript } from './bump-script';
import { ReleasePrOptions, ReleasePrTokenSource } from './release-pr-options';
import { Job, LockstepArg, Permissions, Step, Workflow, WorkflowFile, actionStep, githubAppTokenStep, installLockstepStep, lockstepStep, setupNodeStep } from './workflow';

/** A secret or repository variable the release PR workflow reads. */
export interface ReleasePrCredential {
  readonly name: string;
  /** `secret` or `variable`. */
  readonly kind: string;
  /** What it holds and why. */
  readonly purpose: string;
}

/** What the repository must provide for release-pr.yml: the facts the secrets doc is generated from (S5). */
export interface ReleasePrFacts {
  readonly workflowFile: string;
  readonly tokenSource: ReleasePrTokenSource;
  /** Secrets and variables the workflow reads (none with `GITHUB_TOKEN`). */
  readonly credentials: ReleasePrCredential[];
  /** Whether "Allow GitHub Actions to create and approve pull requests" must be enabled (Settings → Actions → General). */
  readonly needsActionsCanCreatePullRequests: boolean;
  /** The CI workflow the release PR workflow dispatches itself, when its token's push cannot start CI (T2). */
  readonly dispatchedCiWorkflow?: string;
  /** Permissions the App or PAT needs on the repository (empty with `GITHUB_TOKEN`, whose job asks for its own). */
  readonly tokenPermissions: string[];
  /** The `GITHUB_TOKEN` permissions of the job that pushes and opens the PR. */
  readonly jobPermissions: Permissions;
}

/** Ids of the two jobs and of the steps whose outputs later steps read. */
export const RELEASE_PR_JOBS = { plan: 'plan', releasePr: 'release-pr' } as const;
const STEP = { prepare: 'prepare', commit: 'commit', appToken: 'app-token' } as const;

/** The identity of release commits: the Actions bot, whatever token pushes them. */
const BOT = { name: 'github-actions[bot]', email: '41898282+github-actions[bot]@users.noreply.github.com' };

const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/** The facts of release-pr.yml for a configuration, with its defaults resolved (and checked). */
export function releasePrFacts(options: ReleasePrOptions = {}): ReleasePrFacts {
  const o = resolve(options);
  const credentials: ReleasePrCredential[] = {
    [ReleasePrTokenSource.GITHUB_TOKEN]: [],
    [ReleasePrTokenSource.GITHUB_APP]: [
      { name: o.appClientIdVariable, kind: 'variable', purpose: 'client ID of the GitHub App that pushes the release PR branch and opens the PR' },
      { name: o.appPrivateKeySecret, kind: 'secret', purpose: 'private key of that GitHub App' },
    ],
    [ReleasePrTokenSource.PAT]: [{ name: o.patSecret, kind: 'secret', purpose: 'personal access token that pushes the release PR branch and opens the PR' }],
  }[o.tokenSource];
  const own = o.tokenSource === ReleasePrTokenSource.GITHUB_TOKEN;
  return {
    workflowFile: RELEASE_PR_WORKFLOW_FILE,
    tokenSource: o.tokenSource,
    credentials,
    needsActionsCanCreatePullRequests: own,
    dispatchedCiWorkflow: own ? o.ciWorkflowFile : undefined,
    tokenPermissions: own ? [] : ['contents: write', 'pull-requests: write'],
    // With its own token the job pushes, opens the PR and dispatches CI; with an App or PAT it needs nothing.
    jobPermissions: own ? { 'contents': 'write', 'pull-requests': 'write', 'actions': 'write' } : {},
  };
}

/** A secret or variable name GitHub accepts, else a configuration error naming the option. */
export function checkCredentialName(option: string, value: string): void {
  if (!NAME.test(value) || /^GITHUB_/i.test(value)) {
    throw new LockstepConfigError(`${option}: '${value}' is not a usable secret or variable name (letters, digits and '_', not starting with a digit or GITHUB_).`);
  }
}

/**
 * With its own token, release-pr.yml dispatches the CI workflow on the release branch (T2). When that is
 * not the CI this library generates (`generatedCi`: its file name, or undefined with `ci.enabled: false`),
 * it is the repository's own, and it must exist and accept `workflow_dispatch`, or the dispatch fails and
 * the release PR gets no checks.
 */
export function checkDispatchedCi(repo: RepoReader, options: ReleasePrOptions = {}, generatedCi: string | undefined): void {
  const dispatched = releasePrFacts(options).dispatchedCiWorkflow;
  if (dispatched === undefined || dispatched === generatedCi) return;
  const file = `.github/workflows/${dispatched}`;
  const text = repo.read(file);
  const others = 'or let a GitHub App or PAT open the PR (`releasePr.tokenSource`), whose push starts CI by itself';
  if (text === undefined) {
    throw new LockstepConfigError(
      `releasePr.ciWorkflowFile: ${RELEASE_PR_WORKFLOW_FILE} dispatches ${file} on the release branch (its own token's push starts no workflow), but there is no such file. ` +
        `Name your CI workflow's file in \`releasePr: { ciWorkflowFile: '…' }\`, generate CI (\`ci.enabled\`), ${others}.`,
    );
  }
  if (text.includes(PROJEN_MARKER)) {
    throw new LockstepConfigError(
      `${file}: ${RELEASE_PR_WORKFLOW_FILE} would dispatch it, but it is the CI this library generated, which \`ci: { enabled: false }\` stops generating (projen deletes it now). ` +
        `Turn the generated CI back on, name your own CI workflow in \`releasePr: { ciWorkflowFile: '…' }\`, ${others}.`,
    );
  }
  if (!(workflowTriggers(text) ?? []).includes('workflow_dispatch')) {
    throw new LockstepConfigError(
      `${file}: ${RELEASE_PR_WORKFLOW_FILE} dispatches this workflow on the release branch (its own token's push starts no workflow), but its \`on:\` has no ` +
        '`workflow_dispatch` trigger, so the dispatch would fail and the release PR would get no checks. Add `workflow_dispatch:` under its `on:`, ' +
        `name another workflow in \`releasePr: { ciWorkflowFile: '…' }\`, ${others}.`,
    );
  }
}

type Resolved = Required<Omit<ReleasePrOptions, 'enabled'>>;

function resolve(options: ReleasePrOptions): Resolved {
  const o: Resolved = {
    tokenSource: options.tokenSource ?? ReleasePrTokenSource.GITHUB_TOKEN,
    appClientIdVariable: options.appClientIdVariable ?? 'RELEASE_APP_CLIENT_ID',
    appPrivateKeySecret: options.appPrivateKeySecret ?? 'RELEASE_APP_PRIVATE_KEY',
    patSecret: options.patSecret ?? 'RELEASE_PR_TOKEN',
    ciWorkflowFile: options.ciWorkflowFile ?? 'ci.yml',
  };
  for (const key of ['appClientIdVariable', 'appPrivateKeySecret', 'patSecret'] as const) checkCredentialName(`releasePr.${key}`, o[key]);
  if (!/^[A-Za-z0-9_.-]+\.ya?ml$/.test(o.ciWorkflowFile)) {
    throw new LockstepConfigError(`releasePr.ciWorkflowFile: '${o.ciWorkflowFile}' must be a workflow file name under .github/workflows, such as 'ci.yml'.`);
  }
  return o;
}

/**
 * `.github/workflows/release-pr.yml`: one dispatch opens (or updates) the release PR.
 *
 * - `plan` (read-only): `lockstep release-pr prepare` validates the input and computes the version before
 *   any job holds a write token (S1, B4, B8); the input reaches it only through `env:`.
 * - `release-pr`: `commit` cuts `release/<tag>` from the release branch, runs the bump script and commits
 *   exactly the files it changed (B7); `open` creates or updates the PR; with the default token, CI is
 *   dispatched on the branch, since the token's push starts no workflow (T2). The only job that keeps its
 *   checkout's credential, because it pushes.
 *
 * One concurrency group without cancel-in-progress serializes dispatches.
 */
export class ReleasePr extends Component {
  /** The generated workflow file. */
  public readonly file: WorkflowFile;
  private readonly options: Resolved;

  constructor(project: Project, private readonly plan: ReleasePlan, options: ReleasePrOptions = {}) {
    super(project);
    this.options = resolve(options);
    this.file = new WorkflowFile(project, RELEASE_PR_WORKFLOW_FILE, () => this.render(), plan.packageManager);
  }

  /** The workflow, rendered at synth. */
  public render(): Workflow {
    return {
      name: 'release-pr',
      on: { workflow_dispatch: { inputs: this.inputs() } },
      // T7: dispatches queue instead of racing on the same branch; none is cancelled mid-push.
      concurrency: { 'group': 'release-pr', 'cancel-in-progress': false },
      jobs: { [RELEASE_PR_JOBS.plan]: this.planJob(), [RELEASE_PR_JOBS.releasePr]: this.releasePrJob() },
    };
  }

  private get severalTracks(): boolean {
    return this.plan.tracks.length > 1;
  }

  private inputs(): Record<string, unknown> {
    return {
      version: { description: 'Version to release, such as 1.4.0 or 1.4.0-rc.1 (leave empty to compute it with bump)', type: 'string', required: false, default: '' },
      bump: {
        description: `Or compute the version from the current one (${NO_BUMP}: use the version above)`,
        type: 'choice',
        options: [NO_BUMP, ...Object.values(ReleaseBump)],
        default: NO_BUMP,
      },
      preid: { description: 'Prerelease identifier for bump=prerelease (rc: 1.4.1-rc.1; empty: 1.4.1-1)', type: 'string', required: false, default: 'rc' },
      ...(this.severalTracks
        ? { track: { description: 'Release track', type: 'choice', options: this.plan.tracks.map((t) => t.name), default: this.plan.tracks[0].name } }
        : {}),
    };
  }

  private trackArgs(): LockstepArg[] {
    return this.severalTracks ? ['--track', { env: 'TRACK' }] : [];
  }

  private trackEnv(): Record<string, string> {
    return this.severalTracks ? { TRACK: '${{ inputs.track }}' } : {};
  }

  private planJob(): Job {
    return {
      'name': 'Check the requested version',
      'runs-on': RUNNERS.linuxX64,
      'permissions': { contents: 'read' },
      'timeout-minutes': 15,
      'outputs': { [RELEASE_PR_OUTPUTS.version]: `\${{ steps.${STEP.prepare}.outputs.${RELEASE_PR_OUTPUTS.version} }}` },
      'steps': [
        // All history and tags: the tag check and the current version read the release branch as it is.
        checkout(this.plan.releaseBranch, false),
        setupNodeStep(),
        installLockstepStep(),
        lockstepStep(
          'Validate the requested version',
          ['release-pr', 'prepare', '--version', { env: 'REQUESTED_VERSION' }, '--bump', { env: 'BUMP' }, '--preid', { env: 'PREID' }, ...this.trackArgs(), '--local-tags'],
          {
            id: STEP.prepare,
            // S1: the inputs reach the CLI as data, never pasted into the script.
            env: { REQUESTED_VERSION: '${{ inputs.version }}', BUMP: '${{ inputs.bump }}', PREID: '${{ inputs.preid }}', ...this.trackEnv() },
          },
        ),
      ],
    };
  }

  private releasePrJob(): Job {
    const facts = releasePrFacts(this.options);
    const token = this.token();
    const version = { VERSION: `\${{ needs.${RELEASE_PR_JOBS.plan}.outputs.${RELEASE_PR_OUTPUTS.version} }}`, ...this.trackEnv() };
    const steps: Step[] = [
      ...(this.options.tokenSource === ReleasePrTokenSource.GITHUB_APP ? [this.appTokenStep()] : []),
      // The one checkout that keeps its credential: this job pushes the release PR's branch.
      checkout(this.plan.releaseBranch, true, token),
      setupNodeStep(),
      installLockstepStep(),
      lockstepStep('Bump and push the release branch', ['release-pr', 'commit', '--version', { env: 'VERSION' }, ...this.bumpScriptArgs(), ...this.trackArgs()], {
        id: STEP.commit,
        env: { ...version, GIT_AUTHOR_NAME: BOT.name, GIT_AUTHOR_EMAIL: BOT.email, GIT_COMMITTER_NAME: BOT.name, GIT_COMMITTER_EMAIL: BOT.email },
      }),
      lockstepStep('Open or update the release PR', ['release-pr', 'open', '--version', { env: 'VERSION' }, ...this.trackArgs()], { env: { ...version, GH_TOKEN: token } }),
      ...(facts.dispatchedCiWorkflow !== undefined ? [ciDispatchStep(facts.dispatchedCiWorkflow)] : []),
    ];
    return {
      'name': 'Open the release PR',
      'runs-on': RUNNERS.linuxX64,
      'needs': [RELEASE_PR_JOBS.plan],
      'permissions': facts.jobPermissions,
      'timeout-minutes': 20,
      steps,
    };
  }

  /** The token that pushes and opens the PR, as an expression. */
  private token(): string {
    switch (this.options.tokenSource) {
      case ReleasePrTokenSource.GITHUB_TOKEN:
        return '${{ github.token }}';
      case ReleasePrTokenSource.GITHUB_APP:
        return `\${{ steps.${STEP.appToken}.outputs.token }}`;
      case ReleasePrTokenSource.PAT:
        return `\${{ secrets.${this.options.patSecret} }}`;
    }
  }

  private appTokenStep(): Step {
    // Scoped to this repository (the default) and to what the job does: push a branch, open a PR.
    return githubAppTokenStep(STEP.appToken, this.options.appClientIdVariable, this.options.appPrivateKeySecret, { 'contents': 'write', 'pull-requests': 'write' });
  }

  /** The generated bump script, when the project has one: the release PR bumps exactly as a maintainer does. */
  private bumpScriptArgs(): LockstepArg[] {
    const script = this.project.components.find((c): c is BumpScript => c instanceof BumpScript);
    return script === undefined ? [] : ['--bump-script', script.path];
  }
}

function checkout(ref: string, persistCredentials: boolean, token?: string): Step {
  return actionStep('Check out', 'checkout', {
    'ref': ref,
    'fetch-depth': 0,
    'persist-credentials': persistCredentials,
    ...(token !== undefined && token !== '${{ github.token }}' ? { token } : {}),
  });
}

/** T2: the default token's push starts no workflow, but a dispatch does; CI then runs on the PR's head commit. */
function ciDispatchStep(ciWorkflowFile: string): Step {
  return {
    name: 'Run CI on the release PR',
    run: `gh workflow run ${ciWorkflowFile} --ref "$RELEASE_BRANCH"`,
    env: { GH_TOKEN: '${{ github.token }}', RELEASE_BRANCH: `\${{ steps.${STEP.commit}.outputs.${RELEASE_PR_OUTPUTS.branch} }}` },
  };
}
