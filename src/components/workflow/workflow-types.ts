/**
 * Typed GitHub Actions workflow objects, keyed exactly as GitHub spells them, so what the components
 * build is what ends up in the YAML. Only the parts the generated workflows use are modelled.
 */

/** Access a token has to one scope. */
export type PermissionLevel = 'read' | 'write' | 'none';

/** Scopes of the GITHUB_TOKEN (and `id-token` for OIDC). */
export type PermissionScope =
  | 'actions'
  | 'attestations'
  | 'checks'
  | 'contents'
  | 'deployments'
  | 'id-token'
  | 'issues'
  | 'packages'
  | 'pages'
  | 'pull-requests'
  | 'security-events'
  | 'statuses';

/** Job or workflow permissions; `{}` grants nothing. */
export type Permissions = Partial<Record<PermissionScope, PermissionLevel>>;

/** One step of a job: either `uses` an action or `run`s a command. */
export interface Step {
  readonly 'name': string;
  readonly 'id'?: string;
  readonly 'if'?: string;
  readonly 'uses'?: string;
  readonly 'with'?: Record<string, string | number | boolean>;
  readonly 'run'?: string;
  readonly 'shell'?: string;
  readonly 'env'?: Record<string, string>;
  readonly 'working-directory'?: string;
  readonly 'continue-on-error'?: boolean;
  readonly 'timeout-minutes'?: number;
}

/** A matrix strategy. */
export interface Strategy {
  /** The matrix, or an expression giving it (`${{ fromJSON(...) }}`, a matrix computed by a job). */
  readonly 'matrix': Record<string, unknown> | string;
  readonly 'fail-fast'?: boolean;
  readonly 'max-parallel'?: number;
}

/**
 * A concurrency group. `queue: max` lets up to 100 runs or jobs wait in the group instead of one (GitHub
 * cancels the pending one when another arrives by default); it cannot be combined with cancel-in-progress.
 */
export interface Concurrency {
  readonly 'group': string;
  readonly 'cancel-in-progress': boolean;
  readonly 'queue'?: 'single' | 'max';
}

/** One job. `permissions` is required: every job states what its token may do. */
export interface Job {
  readonly 'name'?: string;
  readonly 'runs-on': string;
  readonly 'needs'?: string[];
  readonly 'if'?: string;
  readonly 'permissions': Permissions;
  readonly 'environment'?: string | { readonly name: string; readonly url?: string };
  readonly 'strategy'?: Strategy;
  readonly 'outputs'?: Record<string, string>;
  readonly 'env'?: Record<string, string>;
  readonly 'concurrency'?: Concurrency;
  readonly 'timeout-minutes'?: number;
  readonly 'continue-on-error'?: boolean;
  readonly 'defaults'?: { readonly run: { readonly 'shell'?: string; readonly 'working-directory'?: string } };
  readonly 'steps': Step[];
}

/** A whole workflow file. Top-level `permissions` is always `{}`: jobs ask for what they need. */
export interface Workflow {
  readonly name: string;
  readonly on: Record<string, unknown>;
  readonly concurrency?: Concurrency;
  readonly env?: Record<string, string>;
  readonly defaults?: { readonly run: { readonly shell: string } };
  readonly jobs: Record<string, Job>;
}
