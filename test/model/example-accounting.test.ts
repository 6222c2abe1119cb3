import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { FsRepoReader, LockfilePlan, buildPlan, isTable, parseJson, parseToml, planConfigOf, readSiteValue } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { EXAMPLE_DIR, listFiles } from '../support/fixtures';

const VERSION = '0.3.0';

/** Occurrences of the version per file, over the whole example tree (build output excluded). */
function grepTree(dir: string): Map<string, number> {
  const counts = new Map<string, number>();
  for (const file of listFiles(dir).filter((f) => !/(^|\/)(node_modules|target)\//.test(f))) {
    const n = fs.readFileSync(path.join(dir, file), 'utf8').split(VERSION).length - 1;
    if (n > 0) counts.set(file, n);
  }
  return counts;
}

/** String leaves containing the version inside the lockfile entries of the recorded packages. */
function lockfileOccurrences(lock: LockfilePlan, text: string): number {
  const recorded = (e: unknown) => isTable(e) && lock.packages.includes(String(e.name));
  const entries: unknown[] = lock.tool === 'npm'
    ? Object.values((parseJson(lock.file, text).packages ?? {}) as Record<string, unknown>).filter(recorded)
    : (parseToml(lock.file, text).package as unknown[]).filter((e) => recorded(e) && (e as Record<string, unknown>).source === undefined);
  const count = (v: unknown): number => {
    if (typeof v === 'string') return v.split(VERSION).length - 1;
    const children = Array.isArray(v) ? v : isTable(v) ? Object.values(v) : [];
    return children.reduce((n: number, x) => n + count(x), 0);
  };
  return entries.reduce((n: number, e) => n + count(e), 0);
}

describe('the example plan accounts for every occurrence of its version', () => {
  const repo = new FsRepoReader(EXAMPLE_DIR);
  const track = buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo).tracks[0];
  const found = grepTree(EXAMPLE_DIR);

  it('GIVEN the whole tree WHEN grepped for the version THEN every file with it is a planned manifest or lockfile', () => {
    const planned = new Set([...track.manifests, ...track.lockfiles.map((l) => l.file)]);
    expect([...found.keys()].filter((f) => !planned.has(f))).toEqual([]);
    expect(found.size).toBeGreaterThan(10);
  });

  it('GIVEN each manifest WHEN grepped THEN it has exactly as many occurrences as the plan has sites there, each carrying the version', () => {
    for (const file of track.manifests) {
      const sites = track.sites.filter((s) => s.file === file);
      for (const site of sites) expect(readSiteValue(site, repo), `${file} ${site.keyPath.join('.')}`).toContain(VERSION);
      expect(found.get(file), file).toBe(sites.length);
    }
  });

  it('GIVEN each lockfile WHEN grepped THEN every occurrence is inside an entry of a recorded product package', () => {
    for (const lock of track.lockfiles) {
      expect(found.get(lock.file), lock.file).toBe(lockfileOccurrences(lock, repo.read(lock.file)!));
    }
  });
});
