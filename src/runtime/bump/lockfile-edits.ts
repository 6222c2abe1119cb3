import { BumpProblem, EditTarget, ValueEdit } from './text-edits';
import { isTable, normalizePythonName, NPM_DEP_TABLES } from '../../model/manifests';
import { ownValue } from '../../model/own';
import { LockfilePlan } from '../../model/plan-types';
import { dirOf, joinRepoPath } from '../../model/repo';
import { pep440SpecifierParts, toPep440 } from '../../model/versions';

/** What a lockfile's edits depend on besides the lockfile itself. */
export interface LockfileContext {
  readonly lock: LockfilePlan;
  readonly version: string;
  /** The manifest edits of the bump, by manifest file (a lockfile mirrors its manifests' pins). */
  readonly manifestEdits: ReadonlyMap<string, readonly ValueEdit[]>;
}

/** The values to rewrite in a lockfile, or the problems that stop the bump. */
export interface LockfileTargets {
  readonly targets: EditTarget[];
  readonly problems: BumpProblem[];
}

/**
 * The surgical edits of a lockfile (B6): exactly the entries that record a product's own version, and the
 * dependency records that name those versions. Registry entries are never touched, even when they share a
 * product's name. The real tool then gets its say where it runs offline (`lockfile-tools.ts`).
 */
export function lockfileTargets(doc: Record<string, unknown>, ctx: LockfileContext): LockfileTargets {
  switch (ctx.lock.tool) {
    case 'cargo':
      return cargoTargets(doc, ctx);
    case 'npm':
      return npmTargets(doc, ctx);
    case 'uv':
      return uvTargets(doc, ctx);
  }
}

const set = (value: string) => () => value;

function tablesOf(list: unknown): Array<Record<string, unknown>> {
  return Array.isArray(list) ? list.map((x) => (isTable(x) ? x : {})) : [];
}

function missing(ctx: LockfileContext, found: ReadonlySet<string>, fix: string): BumpProblem[] {
  return ctx.lock.packages
    .filter((name) => !found.has(name))
    .map((name) => ({ file: ctx.lock.file, reason: `has no local entry for ${name}, although the release plan lists one; ${fix}` }));
}

/** Cargo.lock: `[[package]]` entries without a `source` (path and workspace crates) and `"name version"` references to them. */
function cargoTargets(doc: Record<string, unknown>, ctx: LockfileContext): LockfileTargets {
  const packages = tablesOf(doc.package);
  const listed = new Set(ctx.lock.packages);
  const oldVersions = new Map<string, string>();
  const targets: EditTarget[] = [];
  packages.forEach((p, i) => {
    if (p.source === undefined && typeof p.name === 'string' && listed.has(p.name) && typeof p.version === 'string') {
      oldVersions.set(p.name, p.version);
      targets.push({ keyPath: ['package', i, 'version'], newValue: set(ctx.version) });
    }
  });
  packages.forEach((p, i) => {
    tablesOfStrings(p.dependencies).forEach((dep, j) => {
      // "name version" only appears when two entries share a name; one with a source says so in parentheses.
      const m = /^(\S+) (\S+)$/.exec(dep ?? '');
      if (m && oldVersions.get(m[1]) === m[2]) targets.push({ keyPath: ['package', i, 'dependencies', j], newValue: set(`${m[1]} ${ctx.version}`) });
    });
  });
  const fix = `run \`cargo update --workspace\` in ${dirOf(ctx.lock.file)}, then \`npx projen\`.`;
  return { targets, problems: missing(ctx, new Set(oldVersions.keys()), fix) };
}

function tablesOfStrings(list: unknown): Array<string | undefined> {
  return Array.isArray(list) ? list.map((x) => (typeof x === 'string' ? x : undefined)) : [];
}

/**
 * package-lock.json (v2, v3): the root `version`, the local entries (`""` and workspace folders) of
 * products, and their dependency ranges on products, which must mirror package.json or `npm ci` refuses.
 */
function npmTargets(doc: Record<string, unknown>, ctx: LockfileContext): LockfileTargets {
  const file = ctx.lock.file;
  if (typeof doc.lockfileVersion !== 'number' || doc.lockfileVersion < 2 || !isTable(doc.packages)) {
    return { targets: [], problems: [{ file, reason: 'is a lockfileVersion 1 file (no "packages"); regenerate it with npm 7 or later (`npm install --package-lock-only`).' }] };
  }
  const entries = doc.packages;
  const linkNames = new Map<string, string>();
  for (const [key, e] of Object.entries(entries)) {
    if (isTable(e) && e.link === true && typeof e.resolved === 'string') linkNames.set(e.resolved, key.slice(key.lastIndexOf('node_modules/') + 'node_modules/'.length));
  }
  const listed = new Set(ctx.lock.packages);
  const found = new Set<string>();
  const targets: EditTarget[] = [];
  for (const [key, e] of Object.entries(entries)) {
    if (!isTable(e) || key.split('/').includes('node_modules')) continue;
    const name = typeof e.name === 'string' ? e.name : key === '' ? doc.name : (linkNames.get(key) ?? key.split('/').pop());
    if (typeof name === 'string' && listed.has(name) && typeof e.version === 'string') {
      found.add(name);
      targets.push({ keyPath: ['packages', key, 'version'], newValue: set(ctx.version) });
      if (key === '' && typeof doc.version === 'string') targets.push({ keyPath: ['version'], newValue: set(ctx.version) });
    }
    // The root entry's key is '', which the join drops: its manifest is the package.json beside the lockfile.
    const manifest = joinRepoPath(dirOf(file), key, 'package.json');
    for (const edit of ctx.manifestEdits.get(manifest) ?? []) {
      const [table, dep] = edit.keyPath;
      const deps = NPM_DEP_TABLES.includes(table as (typeof NPM_DEP_TABLES)[number]) && isTable(e[table]) ? e[table] : undefined;
      const recorded = ownValue(deps as Record<string, unknown> | undefined, String(dep));
      // The local entry records what package.json says: it takes the new pin, even where it had fallen behind.
      if (typeof recorded === 'string') targets.push({ keyPath: ['packages', key, table, dep], newValue: set(edit.newValue) });
    }
  }
  return { targets, problems: missing(ctx, found, `run \`npm install --package-lock-only\` in ${dirOf(file)}, then \`npx projen\`.`) };
}

/** uv.lock: editable and virtual (local) packages of products, and their `requires-dist` specifiers on products. */
function uvTargets(doc: Record<string, unknown>, ctx: LockfileContext): LockfileTargets {
  const listed = new Set(ctx.lock.packages.map(normalizePythonName));
  const pep440 = toPep440(ctx.version);
  const found = new Set<string>();
  const targets: EditTarget[] = [];
  tablesOf(doc.package).forEach((p, i) => {
    const local = isTable(p.source) && ('editable' in p.source || 'virtual' in p.source);
    if (!local || typeof p.name !== 'string') return;
    if (listed.has(normalizePythonName(p.name))) {
      found.add(p.name);
      // A package with a dynamic version has no `version` in uv.lock: nothing to refresh.
      if (typeof p.version === 'string') targets.push({ keyPath: ['package', i, 'version'], newValue: set(pep440) });
    }
    const requires = isTable(p.metadata) ? tablesOf(p.metadata['requires-dist']) : [];
    requires.forEach((r, j) => {
      const parts = typeof r.specifier === 'string' && typeof r.name === 'string' && listed.has(normalizePythonName(r.name)) ? pep440SpecifierParts(r.specifier) : undefined;
      if (parts) targets.push({ keyPath: ['package', i, 'metadata', 'requires-dist', j, 'specifier'], newValue: set(`${parts.prefix}${pep440}${parts.suffix}`) });
    });
  });
  return { targets, problems: missing(ctx, found, `run \`uv lock\` in ${dirOf(ctx.lock.file)}, then \`npx projen\`.`) };
}
