import { describe, expect, it } from 'vitest';
import { LockfilePlan, ValueEditLike, lockfileOutcome } from './lockfile-support';

describe('Cargo.lock (B6)', () => {
  const lock = [
    'version = 4',
    '',
    '[[package]]',
    'name = "quill-engine"',
    'version = "0.3.0"',
    '',
    '[[package]]',
    'name = "quill-engine"',
    'version = "0.2.0"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    'checksum = "abc"',
    '',
    '[[package]]',
    'name = "quill-ffi"',
    'version = "0.3.0"',
    'dependencies = [',
    ' "libc",',
    ' "quill-engine 0.2.0",',
    ' "quill-engine 0.3.0",',
    ']',
    '',
    '[[package]]',
    'name = "libc"',
    'version = "0.3.0"',
    'source = "registry+https://github.com/rust-lang/crates.io-index"',
    '',
  ].join('\n');
  const plan: LockfilePlan = { file: 'Cargo.lock', tool: 'cargo', packages: ['quill-engine', 'quill-ffi'] };

  it('GIVEN local and registry entries of the same name WHEN refreshed THEN only local entries and references to them change', () => {
    const { after, problems } = lockfileOutcome(plan, lock, '0.4.0');
    expect(problems).toEqual([]);
    expect(after).toBe(
      lock
        .replace('name = "quill-engine"\nversion = "0.3.0"', 'name = "quill-engine"\nversion = "0.4.0"')
        .replace('name = "quill-ffi"\nversion = "0.3.0"', 'name = "quill-ffi"\nversion = "0.4.0"')
        .replace('"quill-engine 0.3.0"', '"quill-engine 0.4.0"'),
    );
  });

  it('GIVEN a product missing from the lockfile WHEN refreshed THEN the problem names the lockfile and the fix', () => {
    const { problems } = lockfileOutcome({ ...plan, packages: ['quill-engine', 'quill-gone'] }, lock, '0.4.0');
    expect(problems).toEqual([expect.stringMatching(/^Cargo\.lock: has no local entry for quill-gone.*cargo update --workspace/)]);
  });
});

describe('package-lock.json (B6)', () => {
  const lock = {
    name: 'root',
    version: '0.3.0',
    lockfileVersion: 3,
    requires: true,
    packages: {
      '': { name: 'root', version: '0.3.0', workspaces: ['packages/*'], dependencies: { 'left-pad': '^0.3.0' } },
      'node_modules/bar': { resolved: 'packages/bar', link: true },
      'node_modules/@s/foo': { resolved: 'packages/foo', link: true },
      'node_modules/baz': { version: '0.3.0', resolved: 'https://registry.npmjs.org/baz/-/baz-0.3.0.tgz' },
      'packages/bar': { version: '0.3.0' },
      'packages/foo': { name: '@s/foo', version: '0.3.0', dependencies: { bar: '^0.3.0', baz: '^0.3.0' } },
    },
  };
  const plan: LockfilePlan = { file: 'package-lock.json', tool: 'npm', packages: ['@s/foo', 'bar', 'root'] };
  const pin: ValueEditLike = { file: 'packages/foo/package.json', keyPath: ['dependencies', 'bar'], oldValue: '^0.3.0', newValue: '^0.4.0' };

  it('GIVEN a root product and workspaces with and without "name" WHEN refreshed THEN root version, local entries and mirrored pins change; registry copies do not', () => {
    const { after, problems } = lockfileOutcome(plan, JSON.stringify(lock, null, 2), '0.4.0', [pin]);
    expect(problems).toEqual([]);
    const doc = JSON.parse(after);
    expect(doc.version).toBe('0.4.0');
    expect(doc.packages['']).toMatchObject({ version: '0.4.0', dependencies: { 'left-pad': '^0.3.0' } });
    expect(doc.packages['packages/bar'].version).toBe('0.4.0');
    expect(doc.packages['packages/foo']).toEqual({ name: '@s/foo', version: '0.4.0', dependencies: { bar: '^0.4.0', baz: '^0.3.0' } });
    expect(doc.packages['node_modules/baz'].version).toBe('0.3.0');
  });

  it('GIVEN workspaces named only by a scoped link or only by their folder WHEN refreshed THEN each is found under that name', () => {
    const packages = {
      '': { name: 'root', version: '0.3.0', workspaces: ['packages/*'] },
      'node_modules/@s/linked': { resolved: 'packages/linked', link: true },
      'packages/linked': { version: '0.3.0' },
      'packages/plain': { version: '0.3.0' },
    };
    const { after, problems } = lockfileOutcome({ ...plan, packages: ['@s/linked', 'plain'] }, JSON.stringify({ ...lock, packages }, null, 2), '0.4.0');
    expect(problems).toEqual([]);
    const doc = JSON.parse(after);
    expect([doc.packages['packages/linked'].version, doc.packages['packages/plain'].version, doc.packages[''].version]).toEqual(['0.4.0', '0.4.0', '0.3.0']);
  });

  it('GIVEN a manifest pin the lock entry does not record (another table, or a table the entry lacks) WHEN refreshed THEN the lock is left as it is there', () => {
    const pins: ValueEditLike[] = [
      { file: 'packages/foo/package.json', keyPath: ['dependencies', 'qux'], oldValue: '^0.3.0', newValue: '^0.4.0' },
      { file: 'packages/foo/package.json', keyPath: ['peerDependencies', 'bar'], oldValue: '^0.3.0', newValue: '^0.4.0' },
      { file: 'packages/foo/package.json', keyPath: ['scripts', 'bar'], oldValue: '^0.3.0', newValue: '^0.4.0' },
    ];
    const { after, problems } = lockfileOutcome(plan, JSON.stringify(lock, null, 2), '0.4.0', pins);
    expect(problems).toEqual([]);
    expect(JSON.parse(after).packages['packages/foo'].dependencies).toEqual({ bar: '^0.3.0', baz: '^0.3.0' });
  });

  it('GIVEN a product the lockfile has no local entry for WHEN refreshed THEN the problem names it and the npm command that records it', () => {
    const { problems } = lockfileOutcome({ ...plan, file: 'web/package-lock.json', packages: ['@s/foo', 'baz'] }, JSON.stringify(lock, null, 2), '0.4.0');
    expect(problems).toEqual([
      'web/package-lock.json: has no local entry for baz, although the release plan lists one; run `npm install --package-lock-only` in web, then `npx projen`.',
    ]);
  });

  it('GIVEN a lockfileVersion 1 file WHEN refreshed THEN it is refused naming the npm version that upgrades it', () => {
    const { problems } = lockfileOutcome(plan, JSON.stringify({ name: 'root', lockfileVersion: 1, dependencies: {} }), '0.4.0');
    expect(problems).toEqual([expect.stringMatching(/^package-lock\.json: is a lockfileVersion 1 file.*npm 7/)]);
  });
});

describe('uv.lock (B6)', () => {
  const lock = [
    'version = 1',
    'requires-python = ">=3.9"',
    '',
    '[[package]]',
    'name = "quill-db"',
    'version = "0.3.0"',
    'source = { editable = "sdk/python" }',
    '',
    '[[package]]',
    'name = "quill-tools"',
    'version = "0.3.0"',
    'source = { virtual = "tools" }',
    'dependencies = [{ name = "quill-db" }]',
    '',
    '[package.metadata]',
    'requires-dist = [{ name = "quill-db", editable = "sdk/python" }, { name = "quill_db", specifier = ">=0.3.0" }, { name = "rich", specifier = ">=0.3.0" }]',
    '',
    '[[package]]',
    'name = "rich"',
    'version = "0.3.0"',
    'source = { registry = "https://pypi.org/simple" }',
    '',
  ].join('\n');
  const plan: LockfilePlan = { file: 'uv.lock', tool: 'uv', packages: ['quill-db', 'quill-tools'] };

  it('GIVEN editable and virtual products WHEN refreshed to a prerelease THEN their versions and specifiers take the PEP 440 form; registry packages do not change', () => {
    const { after, problems } = lockfileOutcome(plan, lock, '0.4.0-rc.1');
    expect(problems).toEqual([]);
    expect(after).toBe(
      lock
        .replace('name = "quill-db"\nversion = "0.3.0"', 'name = "quill-db"\nversion = "0.4.0rc1"')
        .replace('name = "quill-tools"\nversion = "0.3.0"', 'name = "quill-tools"\nversion = "0.4.0rc1"')
        .replace('{ name = "quill_db", specifier = ">=0.3.0" }', '{ name = "quill_db", specifier = ">=0.4.0rc1" }'),
    );
  });

  it('GIVEN a product whose version is dynamic (no version in uv.lock) WHEN refreshed THEN it counts as found and nothing of it changes', () => {
    const dynamic = lock.replace('name = "quill-db"\nversion = "0.3.0"\n', 'name = "quill-db"\n');
    const { after, problems } = lockfileOutcome(plan, dynamic, '0.4.0');
    expect(problems).toEqual([]);
    expect(after).toBe(dynamic.replace('name = "quill-tools"\nversion = "0.3.0"', 'name = "quill-tools"\nversion = "0.4.0"').replace('specifier = ">=0.3.0" }, { name = "rich"', 'specifier = ">=0.4.0" }, { name = "rich"'));
  });

  it('GIVEN a product that uv.lock has only from a registry WHEN refreshed THEN the problem names it and `uv lock`', () => {
    const { problems } = lockfileOutcome({ file: 'py/uv.lock', tool: 'uv', packages: ['quill-db', 'rich'] }, lock, '0.4.0');
    expect(problems).toEqual(['py/uv.lock: has no local entry for rich, although the release plan lists one; run `uv lock` in py, then `npx projen`.']);
  });
});
