import { Step } from './workflow-types';
import { ACTIONS, ActionName, TOOL_VERSIONS } from '../../model';

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

/** Installs the repository's dev dependencies, which include this library's `lockstep` CLI. */
export function installLockstepStep(): Step {
  return { name: 'Install the lockstep CLI', run: 'npm ci --ignore-scripts --no-audit --no-fund' };
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

