import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as os from 'os';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ConcurrencyLimit, PROCESSES, REQUESTS } from '../../src/runtime/concurrency';
import { httpGet } from '../../src/runtime/registry/http';
import { SpawnExec } from '../../src/runtime/release/real-deps';

/** Work that records how many of its kind run at the moment it starts. */
function probe() {
  let active = 0;
  let peak = 0;
  const order: number[] = [];
  const work = (i: number, fail = false) => async () => {
    active++;
    peak = Math.max(peak, active);
    order.push(i);
    await new Promise((r) => setTimeout(r, 5));
    active--;
    if (fail) throw new Error(`task ${i} failed`);
    return i;
  };
  return { work, order, peak: () => peak };
}

describe('ConcurrencyLimit', () => {
  it('never runs more than its limit at once, starts them in the order asked, and finishes all', async () => {
    const limit = new ConcurrencyLimit(4);
    const p = probe();
    const results = await Promise.all(Array.from({ length: 50 }, (_, i) => limit.run(p.work(i))));
    expect(results).toEqual(Array.from({ length: 50 }, (_, i) => i));
    expect(p.peak()).toBe(4);
    expect(p.order).toEqual(Array.from({ length: 50 }, (_, i) => i));
  });

  it('gives the slot back when the work fails, so later work still runs', async () => {
    const limit = new ConcurrencyLimit(1);
    const p = probe();
    const settled = await Promise.allSettled([limit.run(p.work(0, true)), limit.run(p.work(1)), limit.run(p.work(2, true)), limit.run(p.work(3))]);
    expect(settled.map((s) => s.status)).toEqual(['rejected', 'fulfilled', 'rejected', 'fulfilled']);
    expect(p.peak()).toBe(1);
    // All four slots came back: a fresh batch runs at the limit again.
    const again = probe();
    await Promise.all([limit.run(again.work(4)), limit.run(again.work(5))]);
    expect(again.order).toEqual([4, 5]);
  });

  it('refuses a limit that is not a positive integer', () => {
    expect(() => new ConcurrencyLimit(0)).toThrow('a concurrency limit must be a positive integer, not 0');
    expect(() => new ConcurrencyLimit(2.5)).toThrow('not 2.5');
  });
});

describe('issue 20: a release plan at 1000 crates does not start every process and request at once', () => {
  it('the process runner starts at most 16 real processes at once, however many are asked for together', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-procs-'));
    const running = path.join(dir, 'running');
    fs.mkdirSync(running);
    // Each process counts the others running when it starts (marker files), then holds its slot a moment.
    const script = 'n=$(ls "$1" | wc -l); echo "$n" > "$2/seen-$$"; touch "$1/$$"; sleep 0.3; rm "$1/$$"';
    const exec = new SpawnExec(process.env, dir);
    const results = await Promise.all(Array.from({ length: 40 }, () => exec.run('sh', ['-c', script, 'sh', running, dir])));
    expect(results.every((r) => r.code === 0)).toBe(true);
    const seen = fs.readdirSync(dir).filter((f) => f.startsWith('seen-')).map((f) => Number(fs.readFileSync(path.join(dir, f), 'utf8')));
    expect(seen).toHaveLength(40);
    // `seen` counts the others, so at most limit - 1; and more than one ran together, so the bound is not 1.
    expect(Math.max(...seen)).toBeLessThanOrEqual(PROCESSES.limit - 1);
    expect(Math.max(...seen)).toBeGreaterThan(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('registry requests: at most 16 in flight at once against a real local server, every answer returned', async () => {
    let inFlight = 0;
    let peak = 0;
    const server = http.createServer((req, res) => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      setTimeout(() => {
        inFlight--;
        res.end(req.url);
      }, 50);
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const answers = await Promise.all(Array.from({ length: 60 }, (_, i) => httpGet(`${base}/crate-${i}`)));
      expect(answers.map((a) => a.body)).toEqual(Array.from({ length: 60 }, (_, i) => `/crate-${i}`));
      expect(peak).toBeLessThanOrEqual(REQUESTS.limit);
      expect(peak).toBeGreaterThan(1);
    } finally {
      await new Promise((r) => server.close(r));
    }
  });
});
