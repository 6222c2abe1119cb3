import { GithubStandIn } from './github-stand-in';
import { LocalCrates, LocalNpm, LocalPypi, Upload } from './servers';
import { PublishTarget } from '../../model';
import { probeImageTag } from '../registry/oci';
import { Outcome } from '../release/outcomes';
import { Exec } from '../release/ports';
import { ReleaseRun } from '../release/run';

/**
 * What the registries really hold, asked of each server directly (not through the release's own probes),
 * set beside what the run's summary says, package by package.
 */

/** The local servers a rehearsal asks. */
export interface LocalRegistries {
  readonly npm: LocalNpm;
  readonly pypi: LocalPypi;
  readonly crates: LocalCrates;
  readonly github: GithubStandIn;
  readonly remote: string;
  /** The container registry, started only for a plan with images (issue 17), and the images' namespace in it. */
  readonly oci?: { readonly url: string; readonly namespace: string };
}

/** One package (or tag, or release) of a run. */
export interface PackageKey {
  readonly product: string;
  readonly target: string;
  readonly name: string;
  readonly version: string;
}

/** A package's state in its registry. */
export type Held = 'there' | 'draft' | 'absent';

/** What the summary says of a package. */
export type Said = 'published' | 'already there' | 'failed' | 'held back' | 'dry run' | 'no outcome';

/** One line of the comparison. */
export interface StateRow extends PackageKey {
  readonly said: Said;
  readonly before: Held;
  readonly after: Held;
  /** Successful uploads of this version during the run (registries only). */
  readonly uploads: number;
  /** Why the registry and the summary disagree, or undefined when they agree. */
  readonly disagreement?: string;
}

function npmPath(name: string): string {
  return name.replace('/', '%2f');
}

/** The npm document of a package (versions and dist-tags), or undefined when the registry has none. */
export async function npmDocument(npm: LocalNpm, name: string): Promise<{ 'versions': Record<string, unknown>; 'dist-tags': Record<string, string> } | undefined> {
  const res = await fetch(`${npm.url}${npmPath(name)}`, { headers: { accept: 'application/json' } });
  if (res.status === 404) return undefined;
  if (!res.ok) throw new Error(`verdaccio answered HTTP ${res.status} for ${name}`);
  return (await res.json()) as { 'versions': Record<string, unknown>; 'dist-tags': Record<string, string> };
}

function pep503(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

/** The file names pypiserver lists for a project. */
export async function pypiFiles(pypi: LocalPypi, name: string): Promise<string[]> {
  const res = await fetch(`${pypi.indexUrl}${pep503(name)}/`);
  if (res.status === 404) return [];
  if (!res.ok) throw new Error(`pypiserver answered HTTP ${res.status} for ${name}`);
  return [...(await res.text()).matchAll(/<a [^>]*>([^<]+)<\/a>/g)].map((m) => m[1]);
}

function distributionOf(file: string, name: string, version: string): boolean {
  const norm = name.toLowerCase().replace(/[-_.]+/g, '_');
  const lower = file.toLowerCase();
  return lower.startsWith(`${norm}-${version.toLowerCase()}-`) || lower === `${norm}-${version.toLowerCase()}.tar.gz` || lower.startsWith(`${name.toLowerCase()}-${version.toLowerCase()}.`);
}

async function crateThere(crates: LocalCrates, name: string, version: string): Promise<boolean> {
  const res = await fetch(`${crates.proxy.url}/api/v1/crates/${name}/${version}/download`, { redirect: 'manual' });
  await res.arrayBuffer();
  return res.status >= 200 && res.status < 400;
}

/** The tags of the rehearsal's remote. */
export async function remoteTags(exec: Exec, remote: string): Promise<Set<string>> {
  const r = await exec.run('git', ['ls-remote', '--tags', '--refs', remote]);
  if (r.code !== 0) throw new Error(`git ls-remote ${remote} failed: ${r.stderr}`);
  return new Set(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[1].replace(/^refs\/tags\//, '')));
}

/** Where a package stands in its registry now. */
export async function held(key: PackageKey, registries: LocalRegistries, exec: Exec): Promise<Held> {
  switch (key.target) {
    case PublishTarget.NPM: {
      const doc = await npmDocument(registries.npm, key.name);
      return doc?.versions[key.version] ? 'there' : 'absent';
    }
    case PublishTarget.PYPI:
      return (await pypiFiles(registries.pypi, key.name)).some((f) => distributionOf(f, key.name, key.version)) ? 'there' : 'absent';
    case PublishTarget.CRATES_IO:
      return (await crateThere(registries.crates, key.name, key.version)) ? 'there' : 'absent';
    case PublishTarget.GO:
    case 'tag':
      return (await remoteTags(exec, registries.remote)).has(key.version) ? 'there' : 'absent';
    case PublishTarget.GHCR:
      if (registries.oci === undefined) return 'absent';
      return (await probeImageTag({ imageRegistry: registries.oci.url }, `${registries.oci.namespace}/${key.name}`, key.version)).state === 'published' ? 'there' : 'absent';
    case PublishTarget.GITHUB_RELEASE:
    case 'umbrella': {
      const release = registries.github.releases.get(key.version);
      return release === undefined ? 'absent' : release.draft ? 'draft' : 'there';
    }
    default:
      return 'absent';
  }
}

/** Every package, tag and release a run is about: its products' packages, their tags and the umbrella. */
export function keysOf(run: ReleaseRun): PackageKey[] {
  const keys: PackageKey[] = [];
  for (const p of run.products) {
    keys.push({ product: p.name, target: 'tag', name: p.tag, version: p.tag });
    for (const k of p.packages) {
      if (k.target === PublishTarget.CUSTOM) continue;
      keys.push({ product: p.name, target: k.target, name: k.name, version: k.version });
    }
  }
  keys.push({ product: '(umbrella)', target: 'tag', name: run.umbrellaTag, version: run.umbrellaTag });
  keys.push({ product: '(umbrella)', target: 'umbrella', name: run.umbrellaTag, version: run.umbrellaTag });
  // The umbrella tag may be the same tag as a product's (one-product track): list it once.
  const seen = new Set<string>();
  return keys.filter((k) => {
    const id = `${k.target}\u0000${k.version}\u0000${k.name}`;
    if (seen.has(id)) return false;
    seen.add(id);
    return true;
  });
}

/** What the summary's outcome rows say of a package. */
export function said(key: PackageKey, outcomes: readonly Outcome[]): Said {
  const rows = outcomes.filter((o) => o.target === key.target
    && (o.subject === key.name || o.package === key.name
      || (key.target === PublishTarget.GITHUB_RELEASE && o.product === key.product && o.subject === key.version)));
  if (rows.length === 0) return 'no outcome';
  if (rows.some((o) => o.outcome === 'failed')) return 'failed';
  if (rows.some((o) => o.outcome === 'held-back')) return 'held back';
  if (rows.every((o) => o.outcome === 'dry-run')) return 'dry run';
  if (rows.some((o) => o.outcome === 'published')) return 'published';
  return 'already there';
}

function uploadsOf(key: PackageKey, uploads: readonly Upload[]): number {
  return uploads.filter((u) => u.target === key.target && u.name === key.name && u.version === key.version && accepted(u)).length;
}

/** True for an upload the registry took (2xx). */
export function accepted(u: Upload): boolean {
  return u.status >= 200 && u.status < 300;
}

/** The rows of the comparison: what the summary says, what the registry holds before and after. */
export function compare(
  keys: readonly PackageKey[], outcomes: readonly Outcome[],
  before: ReadonlyMap<string, Held>, after: ReadonlyMap<string, Held>, uploads: readonly Upload[],
): StateRow[] {
  return keys.map((key) => {
    const id = keyId(key);
    const row = { ...key, said: said(key, outcomes), before: before.get(id) ?? 'absent', after: after.get(id) ?? 'absent', uploads: uploadsOf(key, uploads) };
    return { ...row, disagreement: disagreement(row) };
  });
}

/** A stable id of a package key. */
export function keyId(key: PackageKey): string {
  return `${key.target}\u0000${key.name}\u0000${key.version}`;
}

function disagreement(row: Omit<StateRow, 'disagreement'>): string | undefined {
  const registry = ['crates-io', 'npm', 'pypi'].includes(row.target);
  switch (row.said) {
    case 'published':
      if (row.after !== 'there') return `the summary says published, but it is ${row.after === 'draft' ? 'a draft' : 'not there'}`;
      if (registry && row.uploads === 0 && row.before === 'there') return 'the summary says published, but it was already there and nothing was uploaded';
      return undefined;
    case 'already there':
      if (row.after !== 'there') return `the summary says already there, but it is ${row.after === 'draft' ? 'a draft' : 'not there'}`;
      if (registry && row.uploads > 0 && row.before !== 'there') return 'the summary says already there, but this run uploaded it';
      return undefined;
    case 'dry run':
      return row.after !== row.before ? `a dry run changed it (${row.before} → ${row.after})` : undefined;
    case 'held back':
      return row.after === 'there' && row.before !== 'there' ? 'the summary says held back, but this run published it' : undefined;
    case 'failed':
      return row.target !== 'pypi' && row.before !== 'there' && row.after === 'there' ? 'the summary says failed, but it is there' : undefined;
    default:
      return row.after !== row.before ? `the summary has no outcome for it, but it changed (${row.before} → ${row.after})` : undefined;
  }
}
