import { describe, expect, it } from 'vitest';
import { MemoryRepoReader } from '../../../src/model';
import { cargoLockProblems } from '../../../src/runtime/bump/cargo-lock-check';
import { lockProblems } from '../../../src/runtime/bump/lock-consistency';
import { npmLockProblems } from '../../../src/runtime/bump/npm-lock-check';

// The rules of the lock checks that the shared lockfile tests leave open: each case here names one a
// mutation run found unpinned (issue 21), by the problem a user sees or the absence of one.

const crate = (name: string, version: string, extra = '') => `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n${extra}`;
const entry = (name: string, version: string, deps: string[] = [], source?: string) =>
  `[[package]]\nname = "${name}"\nversion = "${version}"\n${source ? `source = "${source}"\n` : ''}${deps.length > 0 ? `dependencies = [\n${deps.map((d) => ` "${d}",\n`).join('')}]\n` : ''}`;
const lockOf = (...entries: string[]) => `version = 4\n\n${entries.join('\n')}`;
const REGISTRY = 'registry+https://github.com/rust-lang/crates.io-index';
const FIX = 'run `cargo update --workspace` in .';

function cargo(files: Record<string, string>, options: { lock?: string; listed?: string[]; products?: string[] } = {}) {
  const lock = options.lock ?? 'Cargo.lock';
  const ctx = { listed: new Set(options.listed ?? []), products: new Set(options.products ?? []) };
  return cargoLockProblems(lock, files[lock], new MemoryRepoReader(files), ctx);
}

/** A workspace of `app` depending on the member `engine` by path (`appDeps`); `lock` is its Cargo.lock. */
const workspace = (lock: string, appDeps = 'engine = { path = "../engine" }\n') => ({
  'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["app", "engine"]\n',
  'app/Cargo.toml': crate('app', '1.0.0', `\n[dependencies]\n${appDeps}`),
  'engine/Cargo.toml': crate('engine', '0.3.0'),
  'Cargo.lock': lock,
});

describe('what each Cargo.lock problem is about (its key: the same problem before and after a bump)', () => {
  it('GIVEN a crate without an entry, a dependency its entry does not list and a requirement its path crate misses WHEN checked THEN each problem carries its own key', () => {
    expect(cargo(workspace(lockOf(entry('app', '1.0.0'))))).toEqual([
      { file: 'Cargo.lock', key: 'dep app engine', reason: `does not list engine as a dependency of app, although app/Cargo.toml dependencies.engine declares it; ${FIX}.` },
      { file: 'Cargo.lock', key: 'entry engine', reason: `has no entry for engine 0.3.0 (engine/Cargo.toml); ${FIX}.` },
    ]);
    expect(cargo(workspace(lockOf(entry('app', '1.0.0', ['engine']), entry('engine', '0.3.0')), 'engine = { path = "../engine", version = "0.4" }\n'))).toEqual([{
      file: 'Cargo.lock',
      key: 'req app engine',
      requirementAt: 'app/Cargo.toml dependencies.engine.version',
      reason: 'app/Cargo.toml dependencies.engine requires engine 0.4, but the crate at its path (engine/Cargo.toml) is 0.3.0, so cargo cannot resolve ' +
        'the workspace ("failed to select a version"); make the requirement follow, or drop it from the path dependency.',
    }]);
  });
});

describe('a registry requirement Cargo.lock does not satisfy', () => {
  const app = (refs: string[], ...entries: string[]) => ({
    'Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nengine = "0.4"\n'),
    'Cargo.lock': lockOf(entry('app', '1.0.0', refs), ...entries),
  });

  it('GIVEN a product locked both from its registry and from git WHEN neither satisfies the requirement THEN both versions are named, and it does not await a publish: publishing cannot fix the git one', () => {
    const git = 'git+https://github.com/quill/engine?branch=main#0123abc';
    expect(cargo(app([`engine 0.3.0 (${REGISTRY})`, `engine 0.2.0 (${git})`], entry('engine', '0.3.0', [], REGISTRY), entry('engine', '0.2.0', [], git)), { products: ['engine'] })).toEqual([{
      file: 'Cargo.lock',
      key: 'req app engine',
      reason: `records engine 0.3.0, 0.2.0 for app, which does not satisfy 0.4 (Cargo.toml dependencies.engine); ${FIX}.`,
      requirementAt: 'Cargo.toml dependencies.engine',
    }]);
  });

  it('GIVEN a product locked from a git source whose URL merely contains `registry+` WHEN it misses the requirement THEN it is no registry source, and does not await a publish', () => {
    const git = 'git+https://github.com/quill/registry+tools#0123abc';
    const [problem] = cargo(app([`engine 0.3.0 (${git})`], entry('engine', '0.3.0', [], git)), { products: ['engine'] });
    expect(problem.awaitsPublish).toBeUndefined();
    expect(problem.reason).toBe(`records engine 0.3.0 for app, which does not satisfy 0.4 (Cargo.toml dependencies.engine); ${FIX}.`);
  });
});

describe('Cargo.lock dependency references the check cannot resolve to one entry', () => {
  const app = (deps: string, ref: string, ...entries: string[]) => ({
    'Cargo.toml': crate('app', '1.0.0', `\n[dependencies]\n${deps}`),
    'Cargo.lock': lockOf(entry('app', '1.0.0', [ref]), ...entries),
  });

  it('GIVEN a reference with a word after the version (not `name version (source)`) WHEN checked THEN no entry is taken for it, and nothing is claimed', () => {
    expect(cargo(app('engine = "0.4"\n', 'engine 0.3.0 extra', entry('engine', '0.3.0', [], REGISTRY)))).toEqual([]);
  });

  it('GIVEN a reference whose last words name another entry WHEN checked THEN that entry is not taken for the first word', () => {
    expect(cargo(app('x = "0.4"\n', 'x engine 0.3.0', entry('engine', '0.3.0', [], REGISTRY)))).toEqual([]);
  });

  it('GIVEN a reference to a name no entry has WHEN checked THEN no version is claimed for it', () => {
    expect(cargo(app('engine = "0.4"\n', 'engine'))).toEqual([]);
  });
});

describe('Cargo.lock entries of an unexpected shape', () => {
  it('GIVEN an entry whose dependencies are a string, not a list WHEN checked THEN it lists none, and the undeclared one is named', () => {
    const files = workspace(`version = 4\n\n[[package]]\nname = "app"\nversion = "1.0.0"\ndependencies = "engine"\n\n${entry('engine', '0.3.0')}`);
    expect(cargo(files).map((p) => p.reason)).toEqual([`does not list engine as a dependency of app, although app/Cargo.toml dependencies.engine declares it; ${FIX}.`]);
  });

  it('GIVEN a dependency list holding a number besides its names WHEN checked THEN the names still count', () => {
    expect(cargo(workspace(`version = 4\n\n[[package]]\nname = "app"\nversion = "1.0.0"\ndependencies = ["engine", 7]\n\n${entry('engine', '0.3.0')}`))).toEqual([]);
  });

  it('GIVEN an entry whose source is not a string WHEN checked THEN it has no source: it is the local crate\'s entry', () => {
    expect(cargo(workspace(`${lockOf(entry('app', '1.0.0', ['engine']))}\n[[package]]\nname = "engine"\nversion = "0.3.0"\nsource = 7\n`))).toEqual([]);
  });

  it('GIVEN a package list holding a stray string WHEN checked THEN the string is no entry (not one named `undefined`)', () => {
    expect(cargo({ 'Cargo.toml': crate('undefined', '1.0.0'), 'Cargo.lock': 'version = 4\npackage = ["stray"]\n' }).map((p) => p.reason)).toEqual([
      `has no entry for undefined 1.0.0 (Cargo.toml); ${FIX}.`,
    ]);
  });
});

describe('which Cargo.lock the check reads, and for which workspace', () => {
  it('GIVEN a Cargo.lock with no Cargo.toml beside it WHEN checked THEN cargo never reads it, and nothing is claimed', () => {
    expect(cargo({ 'Cargo.lock': lockOf(entry('app', '1.0.0')) })).toEqual([]);
  });

  it('GIVEN a workspace root inside a directory an outer workspace\'s members glob matches WHEN its own lock is checked THEN it is a root: its lock is checked', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["*"]\n',
      'sdk/Cargo.toml': '[workspace]\nmembers = ["core"]\n',
      'sdk/core/Cargo.toml': crate('core', '0.2.0'),
      'sdk/Cargo.lock': lockOf(),
    };
    expect(cargo(files, { lock: 'sdk/Cargo.lock' }).map((p) => p.reason)).toEqual(['has no entry for core 0.2.0 (sdk/core/Cargo.toml); run `cargo update --workspace` in sdk.']);
  });
});

describe('crates that inherit from a workspace that is not there', () => {
  it('GIVEN a crate without a [workspace] whose version is `version.workspace = true` WHEN checked THEN it is taken at 0.0.0, as cargo gives a crate no version', () => {
    expect(cargo({ 'Cargo.toml': '[package]\nname = "app"\nversion.workspace = true\n', 'Cargo.lock': lockOf(entry('app', '0.0.0')) })).toEqual([]);
  });

  it('GIVEN a path crate outside the workspace, with no workspace above it, that inherits its version and a dependency WHEN checked THEN it is at 0.0.0 and the inherited dependency is left to cargo', () => {
    const files = {
      'rust/Cargo.toml': '[workspace]\nmembers = ["app"]\n',
      'rust/app/Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nshared = { path = "../../shared" }\n'),
      'shared/Cargo.toml': '[package]\nname = "shared"\nversion.workspace = true\n\n[dependencies]\nhelper = { workspace = true }\n',
      'rust/Cargo.lock': lockOf(entry('app', '1.0.0', ['shared']), entry('shared', '0.0.0')),
    };
    expect(cargo(files, { lock: 'rust/Cargo.lock' })).toEqual([]);
  });

  it('GIVEN a member that inherits a dependency its workspace does not declare WHEN checked THEN that is cargo\'s own error to report: nothing is claimed', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["app"]\n\n[workspace.dependencies]\nengine = "0.3"\n',
      'app/Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nserde = { workspace = true }\n'),
      'Cargo.lock': lockOf(entry('app', '1.0.0')),
    };
    expect(cargo(files)).toEqual([]);
  });
});

describe('a dependency inherited from the workspace', () => {
  it('GIVEN a member inheriting a dependency named like a dependency table the workspace does not declare WHEN the root has a target table THEN the root\'s own dependency is not taken for it', () => {
    const files = {
      'Cargo.toml': `${crate('root', '1.0.0')}\n[target.'cfg(unix)'.dependencies]\nlibc = "0.2"\n\n[workspace]\nmembers = ["app"]\n`,
      'app/Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\ndependencies = { workspace = true }\n'),
      'Cargo.lock': lockOf(entry('app', '1.0.0'), entry('libc', '0.2.150', [], REGISTRY), entry('root', '1.0.0', ['libc'])),
    };
    expect(cargo(files)).toEqual([]);
  });
});

describe('which crates are members (their dev-dependencies are locked) and which are only reached', () => {
  const testingDev = '\n[dev-dependencies]\ntesting = "0.1"\n';

  it('GIVEN a [patch] crate below the root that no members glob names WHEN checked THEN it is not a member: its dev-dependencies are not required in the lock', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["app"]\n\n[patch.crates-io]\nengine = { path = "vendor/engine" }\n',
      'app/Cargo.toml': crate('app', '1.0.0'),
      'vendor/engine/Cargo.toml': crate('engine', '0.3.0', testingDev),
      'Cargo.lock': lockOf(entry('app', '1.0.0'), entry('engine', '0.3.0')),
    };
    expect(cargo(files)).toEqual([]);
  });

  it('GIVEN a path dependency below the root that no members glob names WHEN checked THEN cargo makes it a member: its dev-dependency must be locked', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["app"]\n',
      'app/Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\ntools = { path = "../tools" }\n'),
      'tools/Cargo.toml': crate('tools', '0.1.0', testingDev),
      'Cargo.lock': lockOf(entry('app', '1.0.0', ['tools']), entry('tools', '0.1.0')),
    };
    expect(cargo(files).map((p) => p.reason)).toEqual([`does not list testing as a dependency of tools, although tools/Cargo.toml dev-dependencies.testing declares it; ${FIX}.`]);
  });

  it('GIVEN a path dependency below a directory the workspace excludes WHEN checked THEN it is no member: its dev-dependency is not required', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["app"]\nexclude = ["vendor"]\n',
      'app/Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nlib = { path = "../vendor/lib" }\n'),
      'vendor/lib/Cargo.toml': crate('lib', '0.1.0', testingDev),
      'Cargo.lock': lockOf(entry('app', '1.0.0', ['lib']), entry('lib', '0.1.0')),
    };
    expect(cargo(files)).toEqual([]);
  });

  it('GIVEN a crate without a [workspace] and a path dependency in its own directory WHEN checked THEN there is no workspace to make it a member', () => {
    const files = {
      'Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nengine = { path = "engine" }\n'),
      'engine/Cargo.toml': crate('engine', '0.3.0', testingDev),
      'Cargo.lock': lockOf(entry('app', '1.0.0', ['engine']), entry('engine', '0.3.0')),
    };
    expect(cargo(files)).toEqual([]);
  });

  it('GIVEN a crate without a [workspace] and another crate in a subdirectory it does not use (a fuzz crate) WHEN checked THEN only the crate itself is checked', () => {
    const files = {
      'Cargo.toml': crate('app', '1.0.0'),
      'fuzz/Cargo.toml': crate('app-fuzz', '0.0.0'),
      'Cargo.lock': lockOf(entry('app', '1.0.0')),
    };
    expect(cargo(files)).toEqual([]);
  });

  it('GIVEN a `crates/*` members glob and a crate nested inside a member WHEN checked THEN the glob matches the member only, not the crate below it', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["crates/*"]\n',
      'crates/a/Cargo.toml': crate('a', '1.0.0'),
      'crates/a/fuzz/Cargo.toml': crate('a-fuzz', '0.0.0'),
      'Cargo.lock': lockOf(entry('a', '1.0.0')),
    };
    expect(cargo(files)).toEqual([]);
  });

  it('GIVEN a `Cargo.toml.orig` (what `cargo package` leaves) in a member\'s directory WHEN checked THEN it is no manifest of the workspace', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["app"]\n',
      'app/Cargo.toml': crate('app', '1.0.0'),
      'app/Cargo.toml.orig': crate('app', '0.9.0'),
      'Cargo.lock': lockOf(entry('app', '1.0.0')),
    };
    expect(cargo(files)).toEqual([]);
  });
});

describe('[patch] entries the check follows', () => {
  it('GIVEN a [patch] from git (no path) WHEN checked THEN there is no local crate to follow', () => {
    const files = {
      'Cargo.toml': crate('app', '1.0.0', '\n[patch.crates-io]\nserde = { git = "https://github.com/serde-rs/serde" }\n'),
      'Cargo.lock': lockOf(entry('app', '1.0.0')),
    };
    expect(cargo(files)).toEqual([]);
  });

  it('GIVEN a [[patch.crates-io]] array of tables (not a source\'s table) WHEN checked THEN its paths are no patches', () => {
    const files = {
      'Cargo.toml': `${crate('app', '1.0.0')}\n[[patch.crates-io]]\npath = "vendor/engine"\n`,
      'vendor/engine/Cargo.toml': crate('engine', '0.3.0'),
      'Cargo.lock': lockOf(entry('app', '1.0.0')),
    };
    expect(cargo(files)).toEqual([]);
  });
});

describe('path dependencies that leave the repository', () => {
  it('GIVEN a path dependency to `../engine` or `..` WHEN checked THEN the crate there is never read, even by a reader that would serve it', () => {
    const outside = (deps: string, dir: string) => ({
      'Cargo.toml': crate('app', '1.0.0', `\n[dependencies]\n${deps}`),
      [`${dir}/Cargo.toml`]: crate('engine', '0.3.0'),
      'Cargo.lock': lockOf(entry('app', '1.0.0', ['engine']), entry('engine', '0.4.1')),
    });
    expect(cargo(outside('engine = { path = "../engine", version = "0.4" }\n', '../engine'))).toEqual([]);
    expect(cargo(outside('engine = { path = "..", version = "0.4" }\n', '..'))).toEqual([]);
  });
});

/** A package `app` declaring `dependencies`, with a lock of `lockfileVersion` made of `packages` besides its own entry. */
function npmApp(dependencies: Record<string, string>, packages: Record<string, object>, lockfileVersion: unknown = 3): Record<string, string> {
  return {
    'package.json': JSON.stringify({ name: 'app', version: '1.0.0', dependencies }),
    'package-lock.json': JSON.stringify({ name: 'app', lockfileVersion, packages: { '': { name: 'app', version: '1.0.0', dependencies }, ...packages } }),
  };
}
const npm = (files: Record<string, string>, products: string[] = []) =>
  npmLockProblems('package-lock.json', files['package-lock.json'], new MemoryRepoReader(files), new Set(products));
const NPM_FIX = 'run `npm install --package-lock-only` in .';

describe('which package-lock.json the check reads', () => {
  const stale = { 'node_modules/dep': { version: '1.0.0' } };

  it('GIVEN a lockfileVersion 2 lock out of step WHEN checked THEN it is read (npm 7 and 8 write it)', () => {
    expect(npm(npmApp({ dep: '^2.0.0' }, stale, 2)).map((p) => p.key)).toEqual(['range  dep']);
  });

  it('GIVEN a lockfileVersion 1 lock, or one whose version is no number, holding `packages` WHEN checked THEN it is not read', () => {
    expect(npm(npmApp({ dep: '^2.0.0' }, stale, 1))).toEqual([]);
    expect(npm(npmApp({ dep: '^2.0.0' }, stale, '3'))).toEqual([]);
  });
});

describe('package-lock.json entries as npm finds them', () => {
  it('GIVEN a dependency with no entry WHEN checked THEN the problem is about that package of that workspace', () => {
    expect(npm(npmApp({ dep: '^2.0.0' }, {}))).toEqual([{
      file: 'package-lock.json',
      key: 'missing  dep',
      reason: `has no entry for dep, which package.json declares in dependencies (^2.0.0); ${NPM_FIX}.`,
    }]);
  });

  it('GIVEN a key npm never writes (`/node_modules/dep`) WHEN the root\'s dependency is looked up THEN `node_modules/dep` is where it is', () => {
    expect(npm(npmApp({ dep: '^2.0.0' }, { '/node_modules/dep': { version: '1.0.0' }, 'node_modules/dep': { version: '2.0.0' } }))).toEqual([]);
  });

  it('GIVEN an entry that is no link but whose `resolved` names another entry WHEN checked THEN its own version counts', () => {
    expect(npm(npmApp({ dep: '^1.0.0' }, { 'node_modules/dep': { version: '1.0.0', resolved: 'packages/dep' }, 'packages/dep': { version: '2.0.0' } }))).toEqual([]);
  });

  it('GIVEN a link whose `resolved` is not a string WHEN checked THEN it is not followed, and a link with no version claims nothing', () => {
    expect(npm(npmApp({ dep: '^1.0.0' }, { 'node_modules/dep': { link: true, resolved: ['packages/dep'] }, 'packages/dep': { version: '2.0.0' } }))).toEqual([]);
  });

  it('GIVEN a link whose target has no entry, or an entry whose version is no string WHEN checked THEN no version is known, and nothing is claimed', () => {
    expect(npm(npmApp({ dep: '^1.0.0' }, { 'node_modules/dep': { link: true, resolved: 'packages/dep' } }))).toEqual([]);
    expect(npm(npmApp({ dep: '^1.0.0' }, { 'node_modules/dep': { version: 2 } }))).toEqual([]);
  });
});

describe('which package-lock.json entries come from the registry (so a product there awaits its publish)', () => {
  const stale = (entryOf: object) => npm(npmApp({ sdk: '^2.0.0' }, { 'node_modules/sdk': { version: '1.0.0', ...entryOf } }), ['sdk']);
  const plain = { file: 'package-lock.json', key: 'range  sdk', reason: `resolves sdk at 1.0.0 (node_modules/sdk), which does not satisfy ^2.0.0 in package.json dependencies, so \`npm ci\` refuses it; ${NPM_FIX}.` };

  it('GIVEN a product resolved from git over https WHEN locked below its range THEN it is no registry entry: it does not await a publish', () => {
    expect(stale({ resolved: 'git+https://github.com/quill/sdk.git#0123abc' })).toEqual([plain]);
  });

  it('GIVEN a link, even one whose `resolved` reads as a URL WHEN locked below its range THEN it is no registry entry', () => {
    expect(stale({ link: true, resolved: 'https://registry.npmjs.org/sdk/-/sdk-1.0.0.tgz' })).toEqual([plain]);
  });

  it('GIVEN a `resolved` that is not a string WHEN locked below its range THEN it is no registry entry', () => {
    expect(stale({ resolved: ['https://registry.npmjs.org/sdk/-/sdk-1.0.0.tgz'] })).toEqual([plain]);
  });

  it('GIVEN a product resolved from the registry WHEN locked below its range THEN it awaits the publish', () => {
    expect(stale({ resolved: 'https://registry.npmjs.org/sdk/-/sdk-1.0.0.tgz' })[0].awaitsPublish).toBe(true);
  });
});

describe('npm aliases', () => {
  it('GIVEN an alias without a version (`npm:engine`) WHEN it has no entry THEN it is read as any version of engine, and the missing entry is named', () => {
    expect(npm(npmApp({ x: 'npm:engine' }, {})).map((p) => p.reason)).toEqual([`has no entry for x, which package.json declares in dependencies (npm:engine); ${NPM_FIX}.`]);
  });

  it('GIVEN a git URL that contains `npm:name@version`, or an alias followed by a line break WHEN checked THEN npm reads no alias there: it is left to npm', () => {
    expect(npm(npmApp({ x: 'git+https://example.com/npm:engine@1.0.0' }, {}))).toEqual([]);
    expect(npm(npmApp({ x: 'npm:engine@^2\n' }, {}))).toEqual([]);
  });
});

describe('lock problems by tool', () => {
  it('GIVEN a uv.lock WHEN checked THEN nothing is claimed: the bump keeps its editable packages\' versions', () => {
    expect(lockProblems({ file: 'uv.lock', tool: 'uv', packages: ['app'] }, 'version = 1\n', new MemoryRepoReader({}), new Set())).toEqual([]);
  });

  it('GIVEN a Cargo.lock that is not TOML WHEN checked THEN it is one problem, about that lock being unreadable', () => {
    const problems = lockProblems({ file: 'Cargo.lock', tool: 'cargo', packages: [] }, 'version = = 4\n', new MemoryRepoReader({ 'Cargo.toml': crate('app', '1.0.0') }), new Set());
    expect(problems.map((p) => [p.file, p.key])).toEqual([['Cargo.lock', 'unreadable Cargo.lock']]);
  });
});
