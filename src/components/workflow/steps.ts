import { Job, Step, Workflow } from './workflow-types';
import { ACTIONS, ActionName, PackageManagerPlan, TOOL_VERSIONS } from '../../model';

/** `uses:` of a pinned action: `owner/repo@<full sha>` (the renderer adds the version comment). */
export function usesOf(name: ActionName): string {
  return `${ACTIONS[name].repo}@${ACTIONS[name].sha}`;
}

/** A step that uses a pinned action. */
export function actionStep(name: string, action: ActionName, inputs?: Record<string, string | number | boolean>, extra: Partial<Step> = {}): Step {
  return { name, uses: usesOf(action), ...(inputs ? { with: inputs } : {}), ...extra };
}

/**
 * Checks out the repository. Credentials are not kept (S3) unless the job must push, and then only in
 * that job; `ref` selects a commit other than the triggering one; `token` is the one a push then uses.
 */
export function checkoutStep(options: { persistCredentials?: boolean; ref?: string; fetchDepth?: number; token?: string } = {}): Step {
  return actionStep('Check out', 'checkout', {
    'persist-credentials': options.persistCredentials ?? false,
    ...(options.ref !== undefined ? { ref: options.ref } : {}),
    ...(options.fetchDepth !== undefined ? { 'fetch-depth': options.fetchDepth } : {}),
    ...(options.token !== undefined ? { token: options.token } : {}),
  });
}

/**
 * Sets up Node without `registry-url`, which would force token auth over OIDC (O1). setup-node caches on
 * its own, so caching is off unless `cacheLockfile` asks for npm's download cache keyed on that lockfile
 * (CI only: no caches in a job that pushes or publishes, S3).
 */
export function setupNodeStep(nodeVersion: string = TOOL_VERSIONS.node, cacheLockfile?: string): Step {
  return actionStep('Set up Node', 'setupNode', {
    'node-version': nodeVersion,
    ...(cacheLockfile !== undefined ? { 'cache': 'npm', 'cache-dependency-path': cacheLockfile } : { 'package-manager-cache': false }),
  });
}

/**
 * A GitHub App installation token (actions/create-github-app-token) for this repository only, with only
 * the permissions given (`{ contents: 'write' }` → `permission-contents: write`). The client ID comes from
 * a repository variable (it is not a secret), the private key from a secret; the token is the step's
 * `token` output.
 */
export function githubAppTokenStep(id: string, clientIdVariable: string, privateKeySecret: string, permissions: Record<string, 'read' | 'write'>): Step {
  return actionStep('Create a GitHub App token', 'createGithubAppToken', {
    'client-id': `\${{ vars.${clientIdVariable} }}`,
    'private-key': `\${{ secrets.${privateKeySecret} }}`,
    ...Object.fromEntries(Object.entries(permissions).map(([scope, level]) => [`permission-${scope}`, level])),
  }, { id });
}

/** How the `lockstep` CLI is installed with npm: the repository's root package-lock.json, as committed. */
const NPM_ROOT_INSTALL = 'npm ci --ignore-scripts --no-audit --no-fund';

/** pnpm's install from pnpm-lock.yaml that refuses to change the lockfile (what `npm ci` is for npm). */
export const PNPM_FROZEN_INSTALL = 'pnpm install --frozen-lockfile';

/**
 * Installs the repository's dev dependencies, which include this library's `lockstep` CLI, with npm; a
 * WorkflowFile given the plan's package manager installs them with that one instead (withPackageManager).
 */
export function installLockstepStep(): Step {
  return { name: 'Install the lockstep CLI', run: NPM_ROOT_INSTALL };
}

/**
 * A workflow as a repository whose root installs with pnpm needs it: the lockstep CLI is installed with
 * `pnpm install --frozen-lockfile`, and every job that runs pnpm (that install, or a product's) sets pnpm up
 * first with the pinned pnpm/action-setup. The package manager is a fact of the whole repository, so it is
 * applied here, once per workflow file, rather than handed to every job builder. `lockstep` and the other
 * tools still run with `npx --no-install`: it runs the bin pnpm linked into node_modules/.bin, also from a
 * directory without a package.json (a Tauri crate), where `pnpm exec` would find no project.
 */
export function withPackageManager(workflow: Workflow, packageManager: PackageManagerPlan | undefined): Workflow {
  // A product in a pnpm workspace of its own below an npm root still installs with pnpm: the pinned one.
  const pnpm = packageManager ?? { name: 'pnpm', version: TOOL_VERSIONS.pnpm, declared: false };
  const jobs: Record<string, Job> = {};
  for (const [id, job] of Object.entries(workflow.jobs)) {
    const steps = packageManager === undefined ? job.steps : job.steps.map((s) => (s.run === NPM_ROOT_INSTALL ? { ...s, run: `${PNPM_FROZEN_INSTALL} --ignore-scripts` } : s));
    const first = steps.findIndex((s) => s.run !== undefined && /^pnpm\s/.test(s.run));
    // A product's `setup.pnpm` may have set pnpm up already, in every run of the job (issue 17).
    const setUp = steps.slice(0, Math.max(first, 0)).some((s) => s.uses === usesOf('pnpmSetup') && s.if === undefined);
    jobs[id] = first < 0 || setUp ? { ...job, steps } : { ...job, steps: [...steps.slice(0, first), pnpmSetupStep(pnpm), ...steps.slice(first)] };
  }
  return { ...workflow, jobs };
}

/**
 * Sets up pnpm. When package.json's `packageManager` names the version, pnpm/action-setup reads it there
 * and refuses a `version` input besides it; otherwise the pinned version is given.
 */
export function pnpmSetupStep(packageManager: PackageManagerPlan): Step {
  return actionStep('Set up pnpm', 'pnpmSetup', packageManager.declared ? undefined : { version: packageManager.version });
}

/** An argument of a `lockstep` command: a literal or the value of an environment variable. */
export type LockstepArg = string | { readonly env: string };

const SAFE_LITERAL = /^[A-Za-z0-9_./:=@,+-]+$/;

/**
 * A step that runs `npx --no-install lockstep <args>`. `--no-install` matters: without it a missing CLI
 * would make npx fetch whatever package is called `lockstep` from the registry. Literal arguments must be
 * plain tokens and variables are quoted, so the shell never interprets a value.
 */
export function lockstepStep(name: string, args: readonly LockstepArg[], extra: Partial<Step> = {}): Step {
  const rendered = args.map((a) => {
    if (typeof a !== 'string') {
      if (!/^[A-Z_][A-Z0-9_]*$/.test(a.env)) throw new Error(`lockstepStep: '${a.env}' is not an environment variable name`);
      return `"$${a.env}"`;
    }
    if (!SAFE_LITERAL.test(a)) throw new Error(`lockstepStep: argument '${a}' is not a plain token; pass it through env instead`);
    return a;
  });
  return { name, run: ['npx --no-install lockstep', ...rendered].join(' '), ...extra };
}

