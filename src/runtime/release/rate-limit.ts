/**
 * Rate limits (P10): crates.io, npm and PyPI answer 429 under bursts (crates.io limits new crates and new
 * versions per minute and says when to try again). A rate-limited upload waits what the registry asks,
 * within a bound, and is tried again; past the bound that package fails, reported as rate-limited.
 */

/** How long a rate-limited upload may wait in all, and the wait when the registry names none. */
export interface RateLimitOptions {
  readonly maxWaitMs: number;
  readonly defaultWaitMs: number;
  /** The setting a user raises, named in the failure. */
  readonly setting: string;
}

/** True when a tool's output says the registry answered 429. */
export function isRateLimited(output: string): boolean {
  return /\bstatus 429\b|\b429 Too Many Requests\b|\bE429\b/i.test(output);
}

/**
 * The wait a 429 asks for, in milliseconds: a `Retry-After` of seconds or an HTTP date, or crates.io's
 * "Please try again after <date>"; `fallbackMs` when it names none. Never negative.
 */
export function askedWait(output: string, now: number, fallbackMs: number): number {
  const seconds = /retry-after:?\s*(\d+)\b/i.exec(output);
  if (seconds) return Number(seconds[1]) * 1000;
  const date = /(?:retry-after:?|try again after)\s+([A-Z][a-z]{2}, \d{1,2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} GMT)/i.exec(output);
  if (date) {
    const at = Date.parse(date[1]);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  return fallbackMs;
}
