import { ReleasePlan } from '../../model';
import { Exec } from '../release/ports';

/** What `lockstep preflight` looks at; tests pass their own. */
export interface PreflightDeps {
  /** The job's environment (where OIDC request variables, tokens and secrets show up). */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The repository root the job runs in. */
  readonly cwd: string;
  /** The user's home directory (its `.npmrc`). */
  readonly home: string;
  readonly exec: Exec;
  /** The release plan, for the checks that need the packages (npm repository fields). */
  readonly plan?: ReleasePlan;
  /** Text of a file (absolute, or relative to `cwd`), or undefined when it does not exist. */
  read(file: string): string | undefined;
  /** Asks the Actions OIDC provider for a token for `audience`; resolves to the JWT, rejects with the reason. */
  requestIdToken(requestUrl: string, requestToken: string, audience: string): Promise<string>;
}

/** One thing that would make the publish fail, with the doc section that fixes it. */
export interface Finding {
  /** A PreflightProblem value: also the anchor of its section in docs/release-secrets.md. */
  readonly problem: string;
  readonly message: string;
}

/** What preflight found: the checks that passed (for the log) and the problems. */
export interface PreflightReport {
  readonly passed: string[];
  readonly findings: Finding[];
}
