import { LockstepConfigError, PREFLIGHT, PublishTarget, TrustedTarget, isSecretName, isTrustedTarget } from '../../model';
import { LockstepArg, lockstepStep } from '../workflow';
import { Step } from '../workflow/workflow-types';

/** What a publish job's preflight checks: its registry, the identity its trusted publishers name, its secrets. */
export interface PreflightStepOptions {
  /** The workflow file name the registry's trusted publishers are registered against (`release.yml`). */
  readonly workflowFile: string;
  /** The environment the job runs in, which the trusted publishers also name. */
  readonly environment: string;
  /** Secrets the job reads, checked non-empty (each reaches the step through `env:`, never inlined). */
  readonly secrets?: readonly string[];
  /** npm only: `release.provenance` (`auto`, `always`, `never`), which the preflight reports on (O5). */
  readonly provenance?: string;
}

/** Secrets a preflight step reads reach it as `env:` names, which GitHub's `GITHUB_*` names would replace. */
function refuseUnusableSecrets(secrets: readonly string[]): void {
  for (const s of secrets) {
    if (!isSecretName(s) || /^GITHUB_/i.test(s)) throw new LockstepConfigError(`preflight: '${s}' is not a usable secret name.`);
  }
}

/**
 * The step that starts a trusted-publishing job: `lockstep preflight` fails it before anything is uploaded
 * when the job has no OIDC token or another OIDC identity than its publishers name (O3, O4), when npm or
 * Node is too old (O2), when an npm token or a package.json repository would break the publish (O1), or
 * when a secret is empty, each time linking to the section of docs/release-secrets.md that fixes it.
 * Place it after the lockstep CLI is installed and before the first registry call.
 */
export function preflightStep(target: TrustedTarget, options: PreflightStepOptions): Step {
  if (!isTrustedTarget(target)) throw new Error(`preflightStep: '${target}' does not publish with trusted publishing`);
  const secrets = [...(options.secrets ?? [])];
  refuseUnusableSecrets(secrets);
  const args: LockstepArg[] = [
    PREFLIGHT.command,
    `--${PREFLIGHT.registry}`, target,
    `--${PREFLIGHT.workflow}`, options.workflowFile,
    `--${PREFLIGHT.environment}`, options.environment,
    ...(secrets.length > 0 ? [`--${PREFLIGHT.secrets}`, secrets.join(',')] : []),
    ...(options.provenance !== undefined && target === PublishTarget.NPM ? [`--${PREFLIGHT.provenance}`, options.provenance] : []),
  ];
  return lockstepStep(`Preflight: can this job publish to ${target} with trusted publishing?`, args, {
    ...(secrets.length > 0 ? { env: Object.fromEntries(secrets.map((s) => [s, `\${{ secrets.${s} }}`])) } : {}),
  });
}

/**
 * Issue 17: the preflight of a job that reads declared secrets (a generic product's publish command, a Tauri
 * app's signing build): `lockstep preflight --secrets` fails the job before anything is published or built
 * when one of them is empty (it does not exist, or belongs to an environment the job does not use), linking
 * to the doc's section on secrets. Each secret reaches the step through `env:`, never inlined. `name` says
 * whose secrets they are.
 */
export function secretsPreflightStep(secrets: readonly string[], name = 'Preflight: is every secret of the publish command set?'): Step {
  refuseUnusableSecrets(secrets);
  return lockstepStep(name, [PREFLIGHT.command, `--${PREFLIGHT.secrets}`, secrets.join(',')], {
    env: Object.fromEntries(secrets.map((s) => [s, `\${{ secrets.${s} }}`])),
  });
}
