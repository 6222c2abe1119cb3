/**
 * A bound on how many of one kind of work run at once. The release plan asks git and every registry about
 * every package together (`Promise.all`); at 1000 crates that started 1102 processes and as many requests
 * at once, used 5–7 GB and timed most registry answers out. Each runner takes a slot here instead, so a
 * plan's cost grows with its size and not its peak.
 */
export class ConcurrencyLimit {
  private active = 0;
  private readonly waiting: Array<() => void> = [];

  constructor(public readonly limit: number) {
    if (!Number.isInteger(limit) || limit < 1) throw new Error(`a concurrency limit must be a positive integer, not ${limit}`);
  }

  /** Runs `work` once a slot is free; the slot is given back when it settles, either way. */
  public async run<T>(work: () => Promise<T>): Promise<T> {
    if (this.active >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.active++;
    try {
      return await work();
    } finally {
      // The slot passes straight to the next in line (first come, first served), so `active` stays put.
      const next = this.waiting.shift();
      if (next) next();
      else this.active--;
    }
  }
}

/** Tool processes (git, cargo, npm, twine) one lockstep command runs at once: the ceiling of 16. */
export const PROCESSES = new ConcurrencyLimit(16);

/** Registry requests one lockstep command has in flight at once. */
export const REQUESTS = new ConcurrencyLimit(16);
