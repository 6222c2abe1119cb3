import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader } from '../../../src/model';
import { cargoLockProblems } from '../../../src/runtime/bump/cargo-lock-check';
import { copyRealFixture, fixtureCargoEnv, realFixture, realFixtureNames } from '../../support/real-repos';

/**
 * `verify` checks each Cargo.lock the way `cargo metadata --locked --offline` would, without cargo. On the
 * real trees, as committed and with their lockfiles changed the ways a bump or a hand edit gets them wrong,
 * the check and cargo itself must give the same verdict: accepted by both, or refused by both.
 */

/** One way of getting a Cargo.lock wrong: its name, and the lockfile text it makes from the committed one. */
interface Variant {
  readonly name: string;
  readonly lock: string;
}

/** The `[[package]]` blocks of a Cargo.lock that are local crates (no `source`), with where each starts. */
function localBlocks(lock: string): Array<{ start: number; text: string; name: string }> {
  const blocks: Array<{ start: number; text: string; name: string }> = [];
  const re = /^\[\[package\]\]\n(?:(?!\n\n)[\s\S])*/gm;
  for (const m of lock.matchAll(re)) {
    if (/^source = /m.test(m[0])) continue;
    blocks.push({ start: m.index, text: m[0], name: /^name = "([^"]+)"/m.exec(m[0])![1] });
  }
  return blocks;
}

/** At most `n` items spread over the list (first, last and between), so a large workspace costs a few cargo runs. */
function spread<T>(items: readonly T[], n: number): T[] {
  if (items.length <= n) return [...items];
  return [...new Set(Array.from({ length: n }, (_, i) => Math.round((i * (items.length - 1)) / (n - 1))))].map((i) => items[i]);
}

/** The committed lockfile, and lockfiles with one local entry at a version its manifest does not have, or one dependency dropped from its list. */
function variantsOf(lock: string): Variant[] {
  const local = localBlocks(lock);
  const replace = (start: number, from: string, to: string) => `${lock.slice(0, start)}${to}${lock.slice(start + from.length)}`;
  const lagging = spread(local, 2).map((b) => ({
    name: `${b.name}'s entry at 9.9.9`,
    lock: replace(b.start, b.text, b.text.replace(/^version = "[^"]+"/m, 'version = "9.9.9"')),
  }));
  const withDeps = local.filter((b) => /^dependencies = \[\n "/m.test(b.text));
  const dropped = spread(withDeps, 2).map((b) => {
    const first = /^dependencies = \[\n( "[^"]+",\n)/m.exec(b.text)!;
    return { name: `${b.name} without its dependency ${first[1].trim()}`, lock: replace(b.start, b.text, b.text.replace(first[1], '')) };
  });
  return [{ name: 'as committed', lock }, ...lagging, ...dropped];
}

/** What cargo says: undefined when it accepts the lockfile, else its first error line. */
function cargoVerdict(dir: string): string | undefined {
  const r = spawnSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1'], { cwd: dir, env: fixtureCargoEnv(), encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  if (r.status === 0) return undefined;
  return r.stderr.split('\n').find((l) => l.startsWith('error')) ?? r.stderr.trim();
}

const withCargoWorkspaces = realFixtureNames().filter((name) => realFixture(name).facts.cargoWorkspaces.length > 0);

describe('the Cargo.lock check agrees with cargo metadata --locked --offline on the real trees', () => {
  it.each(withCargoWorkspaces)('GIVEN %s\'s Cargo workspaces, as committed and with entries lagging or dependencies dropped WHEN checked THEN the check refuses exactly what cargo refuses', (name) => {
    const dir = copyRealFixture(name);
    const rows: Array<{ variant: string; cargo: string; check: string }> = [];
    for (const ws of realFixture(name).facts.cargoWorkspaces) {
      const lockFile = path.posix.join(ws, 'Cargo.lock');
      const full = path.join(dir, lockFile);
      const committed = fs.readFileSync(full, 'utf8');
      for (const v of variantsOf(committed)) {
        fs.writeFileSync(full, v.lock);
        const ours = cargoLockProblems(lockFile, v.lock, new FsRepoReader(dir), { listed: new Set(), products: new Set() }).map((p) => p.reason);
        const cargo = cargoVerdict(path.join(dir, ws));
        rows.push({ variant: `${lockFile}: ${v.name}`, cargo: cargo === undefined ? 'accepts' : `refuses: ${cargo}`, check: ours.length === 0 ? 'accepts' : `refuses: ${ours.join(' | ')}` });
      }
      fs.writeFileSync(full, committed);
    }
    const verdict = (s: string) => s.split(':')[0];
    expect(rows.filter((r) => verdict(r.cargo) !== verdict(r.check))).toEqual([]);
    // The variants are built to be wrong: cargo must refuse all but the committed lockfiles, or the comparison proved little.
    expect(rows.filter((r) => !r.variant.endsWith('as committed') && verdict(r.cargo) === 'accepts')).toEqual([]);
    expect(rows.length).toBeGreaterThan(3);
  });
});
