import { LockstepConfigError } from './errors';
import { ProductPlan } from './plan-types';
import { ProductKind } from './product';
import { PUBLISH_JOB_OF, PublishTarget, productSlug } from './release-workflow';
import { ReservedSecretNames, checkSecretNames } from './secret-names';

/**
 * Issue 17: what a generic product's own publish command may use besides the checkout: secrets, by name,
 * and token permissions beyond `contents: read`. The product then publishes in a job of its own, so no other
 * job (and no other product's command) gets them.
 */
export interface GenericPublishAccessPlan {
  /** Secret names (sorted), each handed to the publish step as the environment variable of the same name. */
  readonly secrets: string[];
  /** Token permissions of the job, GitHub's scope names to `read`/`write`/`none`, `contents: read` included. */
  readonly permissions: Record<string, string>;
}

/** The scopes a job's `permissions:` may name (GitHub's workflow syntax). */
export const GITHUB_PERMISSION_SCOPES = [
  'actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models', 'packages', 'pages',
  'pull-requests', 'security-events', 'statuses',
] as const;

const LEVELS = ['read', 'write', 'none'];

/**
 * Names the publish step's environment already has (the version, the lockstep settings, the runner's own):
 * a secret of the same name would replace them.
 */
const RESERVED: ReservedSecretNames = {
  prefixes: ['GITHUB_', 'RUNNER_', 'ACTIONS_', 'LOCKSTEP_'],
  names: ['VERSION', 'CI', 'HOME', 'PATH'],
  givenBy: 'GitHub or release.yml already gives the publish step',
};

/** `publishSecrets` of a generic product, checked. */
function secretsOf(option: string, names: readonly string[] | undefined): string[] {
  const at = `${option}.publishSecrets`;
  if (names !== undefined && !Array.isArray(names)) throw new LockstepConfigError(`${at}: give a list of secret names.`);
  checkSecretNames(at, names ?? [], RESERVED);
  return [...new Set(names ?? [])].sort();
}

/** `publishPermissions` of a generic product, checked, with the checkout's `contents: read` added. */
function permissionsOf(option: string, given: Readonly<Record<string, string>> | undefined): Record<string, string> {
  const at = `${option}.publishPermissions`;
  const out: Record<string, string> = { contents: 'read' };
  for (const [scope, level] of Object.entries(given ?? {})) {
    if (!(GITHUB_PERMISSION_SCOPES as readonly string[]).includes(scope)) {
      const kebab = scope.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
      const hint = (GITHUB_PERMISSION_SCOPES as readonly string[]).includes(kebab) ? ` (GitHub spells it '${kebab}')` : '';
      throw new LockstepConfigError(`${at}: '${scope}' is not a GitHub token permission${hint}; use one of ${GITHUB_PERMISSION_SCOPES.join(', ')}.`);
    }
    if (!LEVELS.includes(level)) throw new LockstepConfigError(`${at}.${scope}: '${String(level)}' is not a permission level; use 'read', 'write' or 'none'.`);
    if (scope === 'contents' && level === 'none') {
      throw new LockstepConfigError(`${at}.contents: the job checks out the release commit, so it needs 'read' (or 'write'); remove contents or raise it.`);
    }
    out[scope] = level;
  }
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)));
}

/**
 * The publish access a generic product declares, checked; undefined when it declares none (it publishes in
 * the shared job, read-only). `option` names the product's declaration (`products[2]`) in errors.
 */
export function genericPublishAccessOf(
  option: string,
  kind: ProductKind,
  declared: {
    readonly publishCommand?: string;
    readonly publishSecrets?: readonly string[];
    readonly publishPermissions?: Readonly<Record<string, string>>;
  },
): GenericPublishAccessPlan | undefined {
  if (declared.publishSecrets === undefined && declared.publishPermissions === undefined) return undefined;
  if (kind !== ProductKind.GENERIC) throw new Error(`publishSecrets/publishPermissions on a ${kind} product`);
  if (!declared.publishCommand) {
    throw new LockstepConfigError(`${option}.publishSecrets/publishPermissions: only the publish command gets them, and this product has none; set publishCommand or remove them.`);
  }
  const secrets = secretsOf(option, declared.publishSecrets);
  const permissions = permissionsOf(option, declared.publishPermissions);
  return secrets.length === 0 && Object.keys(permissions).length === 1 && permissions.contents === 'read' ? undefined : { secrets, permissions };
}

/**
 * The release job publishing a generic product with its own command: its own job when it declares secrets
 * or permissions (only that job gets them), else the shared one. The components and the runtime (outcome
 * files, the summary) both take the name from here.
 */
export function customPublishJobOf(p: Pick<ProductPlan, 'name' | 'publishAccess'>): string {
  const shared = PUBLISH_JOB_OF[PublishTarget.CUSTOM];
  return p.publishAccess === undefined ? shared : `${shared}-${productSlug(p.name)}`;
}
