import { Finding, PreflightDeps } from './ports';
import { PreflightProblem } from '../../model';

/** Audience of the token preflight asks for: no registry accepts it, so it cannot be replayed anywhere. */
export const PREFLIGHT_AUDIENCE = 'lockstep-preflight';

/** The identity the trusted publishers name, which the job's OIDC token must carry. */
export interface ExpectedIdentity {
  readonly workflow?: string;
  readonly environment?: string;
}

/** The claims of a GitHub Actions OIDC token that trusted publishers match. */
export interface IdentityClaims {
  readonly repository?: string;
  readonly workflow_ref?: string;
  readonly job_workflow_ref?: string;
  readonly environment?: string;
  readonly ref?: string;
}

/** Decodes a JWT's payload without verifying it: preflight only reads what GitHub put there. */
export function decodeClaims(jwt: string): IdentityClaims {
  const payload = jwt.split('.')[1];
  if (payload === undefined) throw new Error('the OIDC token is not a JWT');
  return JSON.parse(Buffer.from(payload.replace(/-/g, '+').replace(/_/g, '/'), 'base64').toString('utf8')) as IdentityClaims;
}

/** `release.yml` from `owner/repo/.github/workflows/release.yml@refs/heads/main`. */
export function workflowFileOf(ref: string | undefined): string | undefined {
  return ref?.split('@')[0].split('/').pop();
}

/**
 * OIDC is available (the job holds `id-token: write`), and the token it gets names the workflow file and
 * environment the trusted publishers are registered with (O3). `job_workflow_ref` differs from
 * `workflow_ref` in a reusable workflow, which PyPI refuses (O4).
 */
export async function checkOidc(expected: ExpectedIdentity, deps: PreflightDeps, passed: string[]): Promise<Finding[]> {
  const url = deps.env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const token = deps.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  const missing = [...(url ? [] : ['ACTIONS_ID_TOKEN_REQUEST_URL']), ...(token ? [] : ['ACTIONS_ID_TOKEN_REQUEST_TOKEN'])];
  if (missing.length > 0 || !url || !token) {
    return [{
      problem: PreflightProblem.OIDC_UNAVAILABLE,
      message: `this job cannot get an OIDC token (${missing.join(' and ')} not set): it needs \`permissions: id-token: write\`, which the generated publish jobs declare.`,
    }];
  }
  let claims: IdentityClaims;
  try {
    claims = decodeClaims(await deps.requestIdToken(url, token, PREFLIGHT_AUDIENCE));
  } catch (e) {
    return [{ problem: PreflightProblem.OIDC_UNAVAILABLE, message: `asking GitHub for an OIDC token failed: ${(e as Error).message}` }];
  }
  const workflows = [...new Set([workflowFileOf(claims.workflow_ref), workflowFileOf(claims.job_workflow_ref)])];
  passed.push(`OIDC token for ${claims.repository ?? '?'}, workflow ${workflows.join(' / ')}, environment ${claims.environment ?? '(none)'}, ref ${claims.ref ?? '?'}: these must match each trusted publisher.`);
  const findings: Finding[] = [];
  if (expected.workflow !== undefined && workflows.some((w) => w !== expected.workflow)) {
    findings.push({
      problem: PreflightProblem.IDENTITY_MISMATCH,
      message: `the job's OIDC token names the workflow ${workflows.map((w) => w ?? '(none)').join(' and ')}, but the trusted publishers are registered for ${expected.workflow}${claims.job_workflow_ref !== claims.workflow_ref ? ' (a reusable workflow: PyPI refuses those)' : ''}.`,
    });
  }
  if (expected.environment !== undefined && claims.environment !== expected.environment) {
    findings.push({
      problem: PreflightProblem.IDENTITY_MISMATCH,
      message: `the job's OIDC token names the environment ${claims.environment ?? '(none)'}, but the trusted publishers are registered for ${expected.environment}.`,
    });
  }
  return findings;
}
