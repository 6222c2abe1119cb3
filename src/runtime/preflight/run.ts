import { checkNoNpmToken, checkNpmRepositories, checkNpmVersions } from './npm';
import { checkOidc, ExpectedIdentity } from './oidc';
import { Finding, PreflightDeps, PreflightReport } from './ports';
import {
  PreflightProblem, ProvenanceMode, TrustedTarget, PublishTarget, REPOSITORY_VISIBILITY_ENV, decideProvenance, emptySecretAdvice, undecidedProvenance,
} from '../../model';

/** What a publish job asks preflight to check. */
export interface PreflightRequest extends ExpectedIdentity {
  /** The registry the job publishes to with trusted publishing; undefined checks only the secrets. */
  readonly registry?: TrustedTarget;
  /** Environment variables (filled from secrets) that must be non-empty. */
  readonly secrets: readonly string[];
  /** npm only: `release.provenance`, decided with the repository's visibility from the environment (O5). */
  readonly provenance?: ProvenanceMode;
}

/**
 * O5: says what the npm job will do about provenance, and fails before publishing when npm would refuse it
 * (`always` in a private or internal repository) or `auto` cannot tell the repository's visibility.
 */
export function checkProvenance(mode: ProvenanceMode, deps: PreflightDeps, passed: string[]): Finding[] {
  const visibility = deps.env[REPOSITORY_VISIBILITY_ENV];
  const decision = decideProvenance(mode, visibility);
  if (decision === undefined) return [{ problem: PreflightProblem.PROVENANCE_REFUSED, message: undecidedProvenance(visibility) }];
  if (decision.npmRefused) return [{ problem: PreflightProblem.PROVENANCE_REFUSED, message: decision.npmRefused }];
  passed.push(`Provenance: ${decision.why}`);
  return [];
}

/** Secrets the job reads must be non-empty: an undefined secret reaches the job as an empty string. */
export function checkSecrets(names: readonly string[], deps: PreflightDeps, passed: string[]): Finding[] {
  const missing = names.filter((n) => (deps.env[n] ?? '').trim() === '');
  if (names.length > missing.length) passed.push(`Secrets present: ${names.filter((n) => !missing.includes(n)).join(', ')}.`);
  return missing.map((n) => {
    const advice = emptySecretAdvice(n);
    return {
      problem: PreflightProblem.SECRET_MISSING,
      message: `the secret ${n} is empty: it does not exist, or it belongs to an environment this job does not use.${advice ? ` ${advice}` : ''}`,
    };
  });
}

/**
 * Runs every check the request asks for and collects all problems (not just the first), so one failed
 * run shows everything to fix. Nothing here has side effects: the OIDC token it asks for has an audience
 * no registry accepts and is never printed.
 */
export async function runPreflight(request: PreflightRequest, deps: PreflightDeps): Promise<PreflightReport> {
  const passed: string[] = [];
  const findings: Finding[] = [...checkSecrets(request.secrets, deps, passed)];
  if (request.registry !== undefined) findings.push(...(await checkOidc(request, deps, passed)));
  if (request.registry === PublishTarget.NPM) {
    findings.push(...(await checkNpmVersions(deps, passed)), ...checkNoNpmToken(deps, passed), ...checkNpmRepositories(deps, passed));
    if (request.provenance !== undefined) findings.push(...checkProvenance(request.provenance, deps, passed));
  }
  return { passed, findings };
}
