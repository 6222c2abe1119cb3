import { describe, expect, it } from 'vitest';
import {
  MemoryRepoReader,
  PackageOwners,
  TrackPlan,
  VersionSite,
  cargoDependencies,
  npmDependencies,
  pythonDependencies,
  readCargoManifest,
  readNpmManifest,
  readPyproject,
} from '../../../src/model';
import { planEdits } from '../../../src/runtime/bump/edit-plan';

/**
 * Property test of the bump (B2, B5): thousands of manifests in varied layouts, each generated as a
 * template whose intended values are placeholders. Bumping the rendered old text must give exactly the
 * template rendered with the new version (so nothing else moved, byte for byte), and bumping again must
 * change nothing. Distractors carry the old version too: similar names, third-party tables, metadata,
 * comments and strings that merely contain it.
 */

/** A seeded linear congruential generator (exact in doubles), so a failure names a reproducible case. */
function prng(seed: number): () => number {
  let a = seed % 2 ** 32;
  return () => {
    a = (a * 1664525 + 1013904223) % 2 ** 32;
    return a / 2 ** 32;
  };
}

const OLD = '0.3.0';
const NEW_VERSIONS = ['0.4.0', '0.3.1', '1.0.0-rc.1', '0.4.0-beta.2'];
const by: PackageOwners = {
  crates: new Map([['quill-engine', 'engine'], ['quill-core', 'core']]),
  npm: new Map([['@q/core', 'core'], ['@q/app', 'app']]),
  python: new Map([['quill-b', 'b'], ['quill-a', 'a']]),
};

/** A template: pieces that are text or a function of the intended version. */
type Piece = string | ((v: string) => string);

class Gen {
  constructor(public readonly r: () => number) {}

  public pick<T>(items: readonly T[]): T {
    return items[Math.floor(this.r() * items.length)];
  }

  public chance(p: number): boolean {
    return this.r() < p;
  }

  public shuffle<T>(items: T[]): T[] {
    for (let i = items.length - 1; i > 0; i--) {
      const j = Math.floor(this.r() * (i + 1));
      [items[i], items[j]] = [items[j], items[i]];
    }
    return items;
  }
}

function render(pieces: Piece[], v: string, nl: string, bom: boolean): string {
  return (bom ? '\uFEFF' : '') + pieces.map((p) => (typeof p === 'string' ? p : p(v))).join('').replace(/\n/g, nl);
}

// ------------------------------------------------------------------------------------------- Cargo.toml

function cargoTemplate(g: Gen): Piece[] {
  const eq = () => `${g.pick(['', ' ', '\t', '  '])}=${g.pick(['', ' ', '\t'])}`;
  const q = (s: string) => (g.chance(0.7) ? `"${s}"` : `'${s}'`);
  const ver = (op: string) => {
    const quote = g.chance(0.7) ? '"' : "'";
    return (v: string) => `${quote}${op}${v}${quote}`;
  };
  const noise = (): Piece[] => (g.chance(0.3) ? [g.pick(['# version = "0.3.0"\n', '\n', '# quill-engine = { version = "0.3.0" }\n', '\t\n'])] : []);
  const tail = () => (g.chance(0.3) ? `${g.pick([' ', '\t'])}# ${g.pick(['pin', 'version = "0.3.0"', '"quoted"'])}` : '');
  const op = () => g.pick(['', '^', '~', '=', '>=', '= ']);
  const out: Piece[] = [...noise(), '[package]', tail(), '\n', `name${eq()}"quill-core"\n`, ...noise()];
  out.push(`version${eq()}`, ver(''), tail(), '\n', `description${eq()}"uses quill-engine ${OLD}"\n`, ...noise());
  if (g.chance(0.4)) out.push(`\n[package.metadata.docs]\nversion${eq()}"${OLD}"\n`);
  const tables = g.shuffle(['dependencies', 'dev-dependencies', 'build-dependencies', "target.'cfg(unix)'.dependencies", 'target."cfg(windows)".dev-dependencies']);
  for (const table of tables.slice(0, 1 + Math.floor(g.r() * tables.length))) {
    const form = g.pick(['none', 'inline', 'inline-multiline', 'dotted', 'table', 'string']);
    const o = op();
    out.push('\n', `[${table}]`, tail(), '\n', ...noise());
    const entries: Piece[][] = [];
    const extraKeys = () => (g.chance(0.3) ? [', features = ["a"]', ', optional = true'] : []);
    if (form === 'inline') {
      const keys = g.shuffle([[`path${eq()}".."`], [`version${eq()}`, ver(o)], ...extraKeys().map((k) => [k.slice(2)])]);
      entries.push(['quill-engine', eq(), '{ ', ...keys.flatMap((k, i) => [...(i > 0 ? [', '] : []), ...k]), ' }', tail(), '\n']);
    } else if (form === 'inline-multiline') {
      entries.push(['quill-engine', eq(), '{\n  path = "..", # local\n  version = ', ver(o), ',\n}\n']);
    } else if (form === 'dotted') {
      entries.push(g.shuffle([[`quill-engine.path${eq()}".."\n`], ['quill-engine . version', eq(), ver(o), '\n']]).flat());
    } else if (form === 'string') {
      entries.push(['quill-engine', eq(), ver(o), tail(), '\n']);
    }
    if (g.chance(0.3)) entries.push([`engine2${eq()}{ package = "quill-engine", path = "..", version = `, ver(op()), ' }\n']);
    if (g.chance(0.5)) entries.push([`quill-engine-extra${eq()}${q(OLD)}\n`]);
    if (g.chance(0.5)) entries.push([`serde${eq()}{ version = "${OLD}", features = ["derive"] }\n`]);
    if (g.chance(0.3)) entries.push([`"quill-engine-sys"${eq()}'^${OLD}'\n`]);
    out.push(...g.shuffle(entries).flat());
    if (form === 'table') {
      out.push('\n', `[${table}.quill-engine]`, tail(), '\n', ...g.shuffle([[`path${eq()}".."\n`], [`version${eq()}`, ver(o), '\n']]).flat());
    }
    if (g.chance(0.4)) out.push(`\n[${table}.libc]\nversion${eq()}"${OLD}"\n`);
  }
  return out;
}

function cargoSites(file: string, text: string): VersionSite[] {
  const c = readCargoManifest(file, text);
  return [{ file, format: 'toml', keyPath: ['package', 'version'], role: 'version', scheme: 'semver', products: ['core'] }, ...cargoDependencies(c, ['core'], by).pins];
}

// ----------------------------------------------------------------------------------------- package.json

const TOKEN = '@@VERSION@@';

function npmTemplate(g: Gen): { obj: Record<string, unknown>; indent: string | number } {
  const op = () => g.pick(['', '^', '~', '>=', '=', 'workspace:^', 'workspace:']);
  const obj: Record<string, unknown> = { name: '@q/app', version: TOKEN };
  for (const table of g.shuffle(['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'])) {
    if (g.chance(0.35)) continue;
    const deps: Record<string, string> = {};
    const entries: Array<[string, string]> = [];
    if (g.chance(0.8)) entries.push(['@q/core', `${op()}${TOKEN}`]);
    if (g.chance(0.5)) entries.push(['@q/core-extra', `^${OLD}`]);
    if (g.chance(0.4)) entries.push(['core', OLD]);
    if (g.chance(0.2)) entries.push(['@q/app-plugin', `~${OLD}`]);
    for (const [k, v] of g.shuffle(entries)) deps[k] = v;
    obj[table] = deps;
  }
  if (g.chance(0.4)) obj.config = { version: OLD, nested: [OLD, { version: OLD }] };
  if (g.chance(0.3)) obj.engines = { node: `>=${OLD}` };
  const keys = g.shuffle(Object.keys(obj));
  return { obj: Object.fromEntries(keys.map((k) => [k, obj[k]])), indent: g.pick([0, 2, 4, '\t']) };
}

function npmSites(file: string, text: string): VersionSite[] {
  return [{ file, format: 'json', keyPath: ['version'], role: 'version', scheme: 'semver', products: ['app'] }, ...npmDependencies(readNpmManifest(file, text), ['app'], by).pins];
}

// -------------------------------------------------------------------------------------- pyproject.toml

function pyTemplate(g: Gen): Piece[] {
  const pep = (v: string) => v.replace('-rc.', 'rc').replace('-beta.', 'b');
  const req = (): Piece[] => {
    const op = g.pick(['>=', '==', '~=', ' >= ']);
    const extras = g.pick(['', '[fast]']);
    const marker = g.pick(['', '; python_version >= "3.9"', " ; sys_platform == 'linux'"]);
    return ['"quill-b', extras, op, (v) => pep(v), `${marker.replace(/"/g, "'")}"`];
  };
  const out: Piece[] = ['[project]\nname = "quill-a"\n', 'version = "', (v) => pep(v), '"\n', 'dependencies = [\n'];
  const items: Piece[][] = [];
  if (g.chance(0.8)) items.push(req());
  if (g.chance(0.5)) items.push([`"quill-b-extra>=${OLD}"`]);
  if (g.chance(0.5)) items.push([`"requests>=${OLD}"`]);
  for (const item of g.shuffle(items)) out.push('  ', ...item, ',', g.chance(0.3) ? ' # dep' : '', '\n');
  out.push(']\n');
  if (g.chance(0.4)) out.push(`\n[tool.other]\nversion = "${OLD}"\n`);
  return out;
}

function pySites(file: string, text: string): VersionSite[] {
  return [{ file, format: 'toml', keyPath: ['project', 'version'], role: 'version', scheme: 'pep440', products: ['a'] }, ...pythonDependencies(readPyproject(file, text), ['a'], by).pins];
}

// ----------------------------------------------------------------------------------------------- runner

function trackOf(sites: VersionSite[]): TrackPlan {
  return { name: 'default', umbrellaTagPrefix: 'v', products: [], publishWaves: [], sites, lockfiles: [], manifests: [...new Set(sites.map((s) => s.file))], trigger: 'release-pr', branches: [{ name: 'main' }], testPypiPrereleases: [] };
}

/** Bumps one generated file; returns a failure description, or undefined when the property holds. */
type SitesOf = (file: string, text: string) => VersionSite[];

function check(file: string, oldText: string, expected: string, version: string, sitesOf: SitesOf): string | undefined {
  const first = planEdits(trackOf(sitesOf(file, oldText)), version, new MemoryRepoReader({ [file]: oldText }));
  if (first.problems.length > 0) return `problems: ${JSON.stringify(first.problems)}`;
  const after = first.files[0].after;
  if (after !== expected) return `bumped text differs:\n--- got\n${after}\n--- expected\n${expected}`;
  const second = planEdits(trackOf(sitesOf(file, after)), version, new MemoryRepoReader({ [file]: after }));
  if (second.files[0].edits.length > 0 || second.files[0].after !== after) return 'a second run changed the file';
  return undefined;
}

describe('bump property test (B2, B5)', () => {
  it('GIVEN 1500 generated Cargo.toml layouts WHEN bumped THEN exactly the intended spans change and a second run is a no-op', () => {
    const g = new Gen(prng(20261121));
    for (let i = 0; i < 1500; i++) {
      const pieces = cargoTemplate(g);
      const nl = g.pick(['\n', '\r\n']);
      const bom = g.chance(0.1);
      const version = g.pick(NEW_VERSIONS);
      const failure = check('c/Cargo.toml', render(pieces, OLD, nl, bom), render(pieces, version, nl, bom), version, cargoSites);
      expect(failure, `case ${i}:\n${render(pieces, OLD, nl, bom)}`).toBeUndefined();
    }
  });

  it('GIVEN 1000 generated package.json layouts WHEN bumped THEN exactly the intended pins change, keeping their operators', () => {
    const g = new Gen(prng(7));
    for (let i = 0; i < 1000; i++) {
      const { obj, indent } = npmTemplate(g);
      const nl = g.pick(['\n', '\r\n']);
      const bom = g.chance(0.1);
      const version = g.pick(NEW_VERSIONS);
      const text = JSON.stringify(obj, null, indent) + (g.chance(0.5) ? '\n' : '');
      const failure = check('app/package.json', render([text.split(TOKEN).join(OLD)], OLD, nl, bom), render([text.split(TOKEN).join(version)], version, nl, bom), version, npmSites);
      expect(failure, `case ${i}: ${text}`).toBeUndefined();
    }
  });

  it('GIVEN 500 generated pyproject.toml layouts WHEN bumped THEN the version and PEP 508 pins take the PEP 440 form and nothing else moves', () => {
    const g = new Gen(prng(99));
    for (let i = 0; i < 500; i++) {
      const pieces = pyTemplate(g);
      const nl = g.pick(['\n', '\r\n']);
      const version = g.pick(NEW_VERSIONS);
      const failure = check('a/pyproject.toml', render(pieces, OLD, nl, false), render(pieces, version, nl, false), version, pySites);
      expect(failure, `case ${i}:\n${render(pieces, OLD, nl, false)}`).toBeUndefined();
    }
  });
});
