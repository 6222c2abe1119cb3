import { Endpoints } from './endpoints';
import { httpGet, unexpectedAnswer } from './http';
import { ProbeState } from '../release/ports';

/** Path of a crate's file in the sparse index: `1/a`, `2/ab`, `3/a/abc`, `ab/cd/abcd…` (lowercased). */
export function sparseIndexPath(crate: string): string {
  const n = crate.toLowerCase();
  if (n.length === 1) return `1/${n}`;
  if (n.length === 2) return `2/${n}`;
  if (n.length === 3) return `3/${n[0]}/${n}`;
  return `${n.slice(0, 2)}/${n.slice(2, 4)}/${n}`;
}

/** Build metadata does not make a crate version distinct on crates.io. */
function withoutBuild(v: string): string {
  return v.split('+')[0];
}

/**
 * Whether the sparse index lists `crate@version` — what cargo sees when it resolves a dependent, so it is
 * also the test for "visible" (P3). 404 is a crate that was never published; anything else is an error.
 */
export async function probeCrateIndex(endpoints: Endpoints, crate: string, version: string): Promise<ProbeState> {
  const url = `${endpoints.cratesIndex}/${sparseIndexPath(crate)}`;
  // A fresh answer matters while waiting for a dependency to appear: ask caches not to serve a stale one.
  const answer = await httpGet(url, { 'cache-control': 'no-cache' });
  if (answer.status === 404) return 'missing';
  if (answer.status !== 200) throw unexpectedAnswer(url, answer);
  const versions = answer.body.split('\n').filter((l) => l.trim() !== '').map((line, i) => {
    try {
      return String((JSON.parse(line) as { vers?: unknown }).vers);
    } catch {
      throw new Error(`GET ${url}: line ${i + 1} of the index file is not JSON`);
    }
  });
  return versions.some((v) => withoutBuild(v) === withoutBuild(version)) ? 'published' : 'missing';
}

/** Whether crates.io's API knows `crate@version` (it updates before the index). */
export async function probeCrateApi(endpoints: Endpoints, crate: string, version: string): Promise<ProbeState> {
  const url = `${endpoints.cratesApi}/api/v1/crates/${encodeURIComponent(crate)}/${encodeURIComponent(version)}`;
  const answer = await httpGet(url, { accept: 'application/json' });
  if (answer.status === 200) return 'published';
  if (answer.status === 404) return 'missing';
  throw unexpectedAnswer(url, answer);
}
