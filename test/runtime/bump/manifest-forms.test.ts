import { describe, expect, it } from 'vitest';
import { bumpInMemory, planOf } from './helpers';
import { Product } from '../../../src/model';
import { planEdits } from '../../../src/runtime/bump/edit-plan';
import { formatProblem } from '../../../src/runtime/bump/text-edits';

/** Lines that differ between two texts, as `-old` / `+new` pairs. */
function changedLines(before: string, after: string): string[] {
  const a = before.split('\n');
  const b = after.split('\n');
  expect(b.length).toBe(a.length);
  return a.flatMap((line, i) => (line === b[i] ? [] : [`-${line}`, `+${b[i]}`]));
}

const RUST: Record<string, string> = {
  'Cargo.toml': [
    '[package]',
    'name = "quill-engine"',
    'version = "0.3.0"',
    '',
    '[workspace]',
    'members = ["member", "cli"]',
    '',
    '[workspace.package]',
    'version = "0.3.0" # inherited by member',
    '',
    '[workspace.dependencies]',
    'quill-engine = { path = ".", version = "0.3.0" }',
    'libc = "0.3.0"',
    '',
  ].join('\n'),
  'member/Cargo.toml': [
    '[package]',
    'name = "member"',
    'version.workspace = true',
    '',
    '[dependencies]',
    'quill-engine.workspace = true',
    '',
    '[dev-dependencies]',
    'quill-engine = { path = "..", version = "=0.3.0" }',
    '',
  ].join('\n'),
  'cli/Cargo.toml': [
    '[package]',
    'name = "cli"',
    "version = '0.3.0'",
    '',
    '[package.metadata.docs]',
    'version = "0.3.0"',
    '',
    '[dependencies]',
    'quill-engine-extra = "0.3.0"',
    'member.path = "../member"',
    'member.version = ">=0.3.0"',
    '',
    '[dependencies.quill-engine]',
    'path = ".."',
    'version = "^0.3.0"',
    '',
    '[dependencies.libc]',
    'version = "0.3.0"',
    '',
    '[build-dependencies]',
    'engine = { package = "quill-engine", path = "..", version = "~0.3.0" }',
    '',
    "[target.'cfg(windows)'.dependencies]",
    'quill-engine = { path = "..", version = "0.3.0", features = ["0.3.0"] }',
    '',
  ].join('\n'),
};
const RUST_PRODUCTS = [Product.rustCrate({ path: '.', name: 'engine' }), Product.rustCrate({ path: 'member' }), Product.rustCrate({ path: 'cli' })];

describe('bumping Cargo manifests', () => {
  const { edits, after } = bumpInMemory(RUST, RUST_PRODUCTS, '0.4.0');

  it('GIVEN a workspace root WHEN bumped THEN [package].version, [workspace.package].version and its own [workspace.dependencies] pin change, a third-party one does not', () => {
    expect(edits.problems).toEqual([]);
    expect(changedLines(RUST['Cargo.toml'], after['Cargo.toml'])).toEqual([
      '-version = "0.3.0"',
      '+version = "0.4.0"',
      '-version = "0.3.0" # inherited by member',
      '+version = "0.4.0" # inherited by member',
      '-quill-engine = { path = ".", version = "0.3.0" }',
      '+quill-engine = { path = ".", version = "0.4.0" }',
    ]);
  });

  it('GIVEN version.workspace = true WHEN bumped THEN the member keeps it and only its dev-dependency pin changes, keeping =', () => {
    expect(changedLines(RUST['member/Cargo.toml'], after['member/Cargo.toml'])).toEqual([
      '-quill-engine = { path = "..", version = "=0.3.0" }',
      '+quill-engine = { path = "..", version = "=0.4.0" }',
    ]);
  });

  it('GIVEN dotted, table, renamed and cfg-target pins WHEN bumped THEN each changes with its operator; metadata, similar names and third-party tables do not', () => {
    expect(changedLines(RUST['cli/Cargo.toml'], after['cli/Cargo.toml'])).toEqual([
      "-version = '0.3.0'",
      "+version = '0.4.0'",
      '-member.version = ">=0.3.0"',
      '+member.version = ">=0.4.0"',
      '-version = "^0.3.0"',
      '+version = "^0.4.0"',
      '-engine = { package = "quill-engine", path = "..", version = "~0.3.0" }',
      '+engine = { package = "quill-engine", path = "..", version = "~0.4.0" }',
      '-quill-engine = { path = "..", version = "0.3.0", features = ["0.3.0"] }',
      '+quill-engine = { path = "..", version = "0.4.0", features = ["0.3.0"] }',
    ]);
  });

  it('GIVEN the bumped files WHEN bumped again to the same version THEN nothing changes', () => {
    const again = bumpInMemory(after, RUST_PRODUCTS, '0.4.0');
    expect(again.edits.files.every((f) => f.edits.length === 0 && f.after === f.before)).toBe(true);
  });
});

const NPM: Record<string, string> = {
  'package.json': JSON.stringify({ name: 'root', private: true, workspaces: ['packages/*'] }, null, 2),
  'packages/core/package.json': JSON.stringify({ name: '@s/core', version: '0.3.0' }, null, 4),
  'packages/app/package.json': `${JSON.stringify({
    name: '@s/app',
    version: '0.3.0',
    dependencies: { '@s/core': '^0.3.0', '@s/core-extra': '^0.3.0', '@s/util': 'workspace:~0.3.0' },
    devDependencies: { '@s/core': '0.3.0' },
    peerDependencies: { '@s/core': '>=0.3.0' },
    optionalDependencies: { '@s/core': '~0.3.0' },
    config: { version: '0.3.0' },
  }, null, '\t')}\n`,
  'packages/util/package.json': JSON.stringify({ name: '@s/util', version: '0.3.0', dependencies: { '@s/core': 'workspace:*' } }),
};
const NPM_PRODUCTS = ['core', 'app', 'util'].map((p) => Product.npmPackage({ path: `packages/${p}` }));

describe('bumping package.json', () => {
  const { edits, after } = bumpInMemory(NPM, NPM_PRODUCTS, '0.4.0-rc.1');

  it('GIVEN pins in all four dependency tables WHEN bumped THEN each keeps its operator; a similar name, a nested "version" and workspace:* do not change', () => {
    expect(edits.problems).toEqual([]);
    const app = JSON.parse(after['packages/app/package.json']);
    expect(app).toMatchObject({
      version: '0.4.0-rc.1',
      dependencies: { '@s/core': '^0.4.0-rc.1', '@s/core-extra': '^0.3.0', '@s/util': 'workspace:~0.4.0-rc.1' },
      devDependencies: { '@s/core': '0.4.0-rc.1' },
      peerDependencies: { '@s/core': '>=0.4.0-rc.1' },
      optionalDependencies: { '@s/core': '~0.4.0-rc.1' },
      config: { version: '0.3.0' },
    });
    expect(after['packages/util/package.json']).toBe(NPM['packages/util/package.json'].replace('"version":"0.3.0"', '"version":"0.4.0-rc.1"'));
  });

  it('GIVEN tab, 4-space and minified JSON WHEN bumped THEN the layout is kept byte for byte outside the values', () => {
    for (const file of ['packages/app/package.json', 'packages/core/package.json', 'packages/util/package.json']) {
      expect(after[file].replace(/0\.4\.0-rc\.1/g, '0.3.0')).toBe(NPM[file]);
    }
  });
});

describe('bumping Python and Tauri manifests', () => {
  it('GIVEN [project].version, Poetry and a PEP 508 pin WHEN bumped to a prerelease THEN both carry its PEP 440 form', () => {
    const files = {
      'a/pyproject.toml': '[project]\nname = "quill-a"\nversion = "0.3.0"\ndependencies = [\n  "quill-b>=0.3.0",  # sibling\n  "requests>=0.3.0",\n]\n',
      'b/pyproject.toml': '[tool.poetry]\nname = "quill-b"\nversion = "0.3.0"\n',
    };
    const products = [Product.generic({ path: 'a', name: 'a' }), Product.generic({ path: 'b', name: 'b' })];
    const { edits, after } = bumpInMemory(files, products, '0.4.0-rc.2');
    expect(edits.problems).toEqual([]);
    expect(after['a/pyproject.toml']).toBe(files['a/pyproject.toml'].replace('version = "0.3.0"', 'version = "0.4.0rc2"').replace('quill-b>=0.3.0', 'quill-b>=0.4.0rc2'));
    expect(after['b/pyproject.toml']).toBe(files['b/pyproject.toml'].replace('0.3.0', '0.4.0rc2'));
  });

  it('GIVEN maturin with dynamic = ["version"] WHEN bumped THEN Cargo.toml carries the version, pyproject.toml is untouched and the plan says why', () => {
    const files = {
      'py/pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n[project]\nname = "quill-py"\ndynamic = ["version"]\n',
      'py/Cargo.toml': '[package]\nname = "quill-py"\nversion = "0.3.0"\n',
    };
    const products = [Product.maturin({ path: 'py' })];
    const { edits, after } = bumpInMemory(files, products, '0.4.0-rc.1');
    expect(edits.problems).toEqual([]);
    expect(after['py/pyproject.toml']).toBe(files['py/pyproject.toml']);
    expect(after['py/Cargo.toml']).toContain('version = "0.4.0-rc.1"');
    expect(planOf(files, { products }).track.products[0].notes.join(' ')).toMatch(/dynamic = \["version"\].*maturin takes the version from py\/Cargo\.toml/);
  });

  it.each([
    ['v2', { productName: 'Q', version: '0.3.0', identifier: 'x' }, ['version']],
    ['v1', { package: { productName: 'Q', version: '0.3.0' }, tauri: {} }, ['package', 'version']],
  ])('GIVEN a Tauri %s tauri.conf.json WHEN bumped THEN its version changes', (_, conf, keyPath) => {
    const files = {
      'app/src-tauri/Cargo.toml': '[package]\nname = "app"\nversion = "0.3.0"\n',
      'app/src-tauri/tauri.conf.json': JSON.stringify(conf, null, 2),
    };
    const { edits, after } = bumpInMemory(files, [Product.tauriApp({ path: 'app' })], '0.4.0-1');
    expect(edits.problems).toEqual([]);
    const parsed = JSON.parse(after['app/src-tauri/tauri.conf.json']);
    expect(keyPath.reduce((n: any, k) => n[k], parsed)).toBe('0.4.0-1');
  });
});

describe('manifests the bump refuses to edit', () => {
  const base = { 'Cargo.toml': '[package]\nname = "a"\nversion = "0.3.0"\n[workspace]\n', 'b/Cargo.toml': '' };
  const products = [Product.rustCrate({ path: '.' }), Product.rustCrate({ path: 'b' })];
  const problemsOf = (bText: string) => {
    const { edits } = bumpInMemory({ ...base, 'b/Cargo.toml': bText }, products, '0.4.0');
    return edits.problems.map(formatProblem);
  };

  it('GIVEN a version written with an escape WHEN bumped THEN the problem names file, line and the fix', () => {
    expect(problemsOf('[package]\nname = "b"\nversion = "\\u0030.3.0"\n')).toEqual([
      expect.stringMatching(/^b\/Cargo\.toml:3: package\.version is written with escapes .* plain string/),
    ]);
  });

  it('GIVEN a compound requirement on a sibling WHEN bumped THEN the problem names file, line and key', () => {
    expect(problemsOf('[package]\nname = "b"\nversion = "0.3.0"\n\n[dependencies]\na = { path = "..", version = ">=0.3.0, <0.4" }\n')).toEqual([
      expect.stringMatching(/^b\/Cargo\.toml:6: dependencies\.a\.version: '>=0\.3\.0, <0\.4' is a compound requirement/),
    ]);
  });

  it('GIVEN a manifest that became invalid TOML after the plan was made WHEN bumped THEN the problem names its line', () => {
    const { repo, track } = planOf({ ...base, 'b/Cargo.toml': '[package]\nname = "b"\nversion = "0.3.0"\n' }, { products });
    const broken = { read: (f: string) => (f === 'b/Cargo.toml' ? '[package]\nname = "b"\nversion = = "0.3.0"\n' : repo.read(f)), findFiles: () => [], filesUnder: () => [] };
    expect(planEdits(track, '0.4.0', broken).problems.map(formatProblem)).toEqual([expect.stringMatching(/^b\/Cargo\.toml:3: invalid TOML/)]);
  });
});
