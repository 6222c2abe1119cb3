import satisfies from 'semver/functions/satisfies';
import validRange from 'semver/ranges/valid';
import { LockProblem } from './lock-problems';
import { NPM_DEP_TABLES, isTable, parseJson, readNpmManifest } from '../../model/manifests';
import { RepoReader, dirOf, joinRepoPath } from '../../model/repo';

/**
 * What `npm ci` would refuse in a package-lock.json ("package.json and package-lock.json are not in
 * sync"), checked without npm or the network: every dependency that the root and each workspace declare
 * resolves, the way npm looks it up (the package's own node_modules, then the root's), to an entry whose
 * version satisfies the declared range; a link resolves to its target's version. Ranges npm does not
 * read as semver (tags, `file:`, git, `workspace:`) are left to npm. `products` are the track's package
 * names: one that resolves from the registry at a version its new pin does not accept awaits publishing.
 */
export function npmLockProblems(lockFile: string, text: string, repo: RepoReader, products: ReadonlySet<string>): LockProblem[] {
  const lock = parseJson(lockFile, text);
  if (typeof lock.lockfileVersion !== 'number' || lock.lockfileVersion < 2 || !isTable(lock.packages)) return [];
  const entries = lock.packages;
  const dir = dirOf(lockFile);
  const fix = `run \`npm install --package-lock-only\` in ${dir}`;
  const problems: LockProblem[] = [];
  for (const key of Object.keys(entries).filter((k) => !k.split('/').includes('node_modules'))) {
    const file = joinRepoPath(dir, key === '' ? '.' : key, 'package.json');
    const text2 = repo.read(file);
    if (text2 === undefined) continue;
    const manifest = readNpmManifest(file, text2);
    for (const dep of manifest.dependencies) {
      const { name, range } = aliased(dep.name, dep.range);
      if (range === undefined) continue;
      const table = dep.keyPath[0] as (typeof NPM_DEP_TABLES)[number];
      const where = key === '' ? `node_modules/${dep.name}` : `${key}/node_modules/${dep.name}`;
      const found = [where, `node_modules/${dep.name}`].find((k) => isTable(entries[k]));
      if (found === undefined) {
        // npm records optional dependencies and peers it could not place only as absent; it installs them when it can.
        if (table !== 'optionalDependencies' && table !== 'peerDependencies') {
          problems.push({ file: lockFile, key: `missing ${key} ${dep.name}`, reason: `has no entry for ${dep.name}, which ${file} declares in ${table} (${dep.range}); ${fix}.` });
        }
        continue;
      }
      const entry = entries[found] as Record<string, unknown>;
      const target = entry.link === true && typeof entry.resolved === 'string' && isTable(entries[entry.resolved]) ? (entries[entry.resolved] as Record<string, unknown>) : entry;
      const version = typeof target.version === 'string' ? target.version : undefined;
      if (version === undefined || satisfies(version, range, { loose: true })) continue;
      const registry = entry.link !== true && typeof entry.resolved === 'string' && /^https?:/.test(entry.resolved);
      const awaitsPublish = registry && products.has(name);
      problems.push({
        file: lockFile,
        key: `range ${key} ${dep.name}`,
        reason: `resolves ${dep.name} at ${version} (${found}), which does not satisfy ${dep.range} in ${file} ${table}, so \`npm ci\` refuses it; ` +
          (awaitsPublish
            ? `${name} comes from the registry: ${fix} once that version is published (or depend on the workspace package instead).`
            : `${fix}.`),
        ...(awaitsPublish ? { awaitsPublish } : {}),
      });
    }
  }
  return problems;
}

/** The package and semver range a dependency asks for (`npm:real@^1` aliases included); no range when npm does not read it as one. */
function aliased(name: string, spec: string): { name: string; range?: string } {
  const alias = /^npm:((?:@[^/@]+\/)?[^@]+)(?:@(.*))?$/.exec(spec);
  const [real, range] = alias ? [alias[1], alias[2] ?? '*'] : [name, spec];
  return { name: real, range: validRange(range, { loose: true }) === null ? undefined : range };
}
