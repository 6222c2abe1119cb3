import { Clock, ExecResult, Log, Sleep } from './ports';
import { lastLines } from './tool-output';

/**
 * Rate limits (P10): crates.io, npm and PyPI answer 429 under bursts (crates.io limits new crates and new
 * versions per minute and says when to try again). A rate-limited upload waits what the registry asks,
 * or backs off when its client does not show the ask, within a bound, and is tried again; past the bound
 * that package fails, reported as rate-limited. Every publisher (cargo, npm, twine) goes through
 * `withRateLimit`.
 */

/** How long a rate-limited upload may wait in all, and the first wait when the registry names none. */
export interface RateLimitOptions {
  readonly maxWaitMs: number;
  /** The first back-off when the client shows no `Retry-After`; each further one doubles. */
  readonly defaultWaitMs: number;
  /** The setting a user raises, named in the failure. */
  readonly setting: string;
}

/** True when a tool's output says the registry answered 429 (cargo, npm's E429, twine's HTTPError). */
export function isRateLimited(output: string): boolean {
  return /\bstatus 429\b|\b429 Too Many Requests\b|\bE429\b|\bHTTPError: 429\b/i.test(output);
}

/**
 * The wait a 429 asks for, in milliseconds: a `Retry-After` of seconds or an HTTP date, or crates.io's
 * "Please try again after <date>"; undefined when the output names none. Never negative.
 */
export function askedWait(output: string, now: number): number | undefined {
  const seconds = /retry-after:?\s*(\d+)\b/i.exec(output);
  if (seconds) return Number(seconds[1]) * 1000;
  const date = /(?:retry-after:?|try again after)\s+([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)/i.exec(output);
  if (date) {
    const at = Date.parse(date[1]);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return undefined;
}

/** What the rate-limit loop needs: a way to wait, the clock asked waits are measured against, the log. */
export interface RateLimitDeps {
  readonly sleep: Sleep;
  readonly now: Clock;
  readonly log: Log;
}

/** A tool's last result; `rateLimited` says why the loop gave up on a 429 (the package fails as rate-limited). */
export type RateLimitedResult = ExecResult & { readonly rateLimited?: string };

/**
 * Runs one upload (`attempt`) until it is not rate-limited: after a 429 it waits what the registry asks
 * (or backs off: `defaultWaitMs`, doubling) and tries again, until the next wait would take the waits past
 * `maxWaitMs`; then it returns the last result with `rateLimited` set. `subject` names the package in the log.
 */
export async function withRateLimit(subject: string, attempt: () => Promise<ExecResult>, deps: RateLimitDeps,
  options: RateLimitOptions): Promise<RateLimitedResult> {
  let waited = 0;
  let backoffs = 0;
  for (;;) {
    const r = await attempt();
    const output = `${r.stdout}\n${r.stderr}`;
    if (r.code === 0 || !isRateLimited(output)) return r;
    const asked = askedWait(output, deps.now());
    const wait = asked ?? options.defaultWaitMs * 2 ** backoffs++;
    const seconds = Math.ceil(wait / 1000);
    if (waited + wait > options.maxWaitMs) {
      const ask = asked === undefined ? `showed no Retry-After, and the next back-off is ${seconds} s` : `asked to wait ${seconds} s more`;
      return {
        ...r,
        rateLimited: `the registry answered 429 Too Many Requests and ${ask} after ${Math.round(waited / 1000)} s of waiting; raise ${options.setting}, or dispatch the release again later (${lastLines(output, 1)})`,
      };
    }
    deps.log.warning(`${subject}: the registry answered 429 Too Many Requests; trying again in ${seconds} s${asked === undefined ? ' (it named no wait: backing off)' : ''}.`);
    await deps.sleep(wait);
    waited += wait;
  }
}
