import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { LockfilePlan, ValueEditLike, lockfileOutcome } from './lockfile-support';
import { ToolRun, checkCargoLockfiles, offlineOnly, spawnRunnerWithin } from '../../../src/runtime/bump/lockfile-tools';
import { writeRepo } from '../../support/fixtures';

/**
 * The rules of the lockfile edits and of reading cargo's answer that the B6 scenarios (lockfiles.test.ts,
 * lockfile-tools.test.ts) leave open: which entries and references count as the products' own, what a
 * malformed entry does (it is passed over, never a crash), and the exact words a user reads.
 */

const REGISTRY = 'registry+https://github.com/rust-lang/crates.io-index';

describe('Cargo.lock: the entries and references the bump edits', () => {
  const plan: LockfilePlan = { file: 'Cargo.lock', tool: 'cargo', packages: ['quill-engine'] };

  it('GIVEN the local crate and a registry crate of the same name AND version WHEN refreshed THEN only the bare `name version` reference follows; the one naming its source stays', () => {
    // Cargo writes `name version (source)` when two entries share a name and a version; that one is the registry's.
    const lock = [
      'version = 4',
      '',
      '[[package]]',
      'name = "quill-engine"',
      'version = "0.3.0"',
      '',
      '[[package]]',
      'name = "quill-engine"',
      'version = "0.3.0"',
      `source = "${REGISTRY}"`,
      'checksum = "abc"',
      '',
      '[[package]]',
      'name = "quill-bench"',
      'version = "0.0.0"',
      'dependencies = [',
      ' "quill-engine 0.3.0",',
      ` "quill-engine 0.3.0 (${REGISTRY})",`,
      ']',
      '',
    ].join('\n');
    const { after, problems } = lockfileOutcome(plan, lock, '0.4.0');
    expect(problems).toEqual([]);
    expect(after).toBe(lock.replace('name = "quill-engine"\nversion = "0.3.0"\n\n', 'name = "quill-engine"\nversion = "0.4.0"\n\n').replace(' "quill-engine 0.3.0",', ' "quill-engine 0.4.0",'));
  });

  it('GIVEN dependency records that are not a `name version` string (a nested list, a third word in front) WHEN refreshed THEN they are not references and stay as written', () => {
    const lock = [
      'version = 4',
      '',
      '[[package]]',
      'name = "quill-engine"',
      'version = "0.3.0"',
      '',
      '[[package]]',
      'name = "quill-bench"',
      'version = "0.0.0"',
      'dependencies = [["quill-engine 0.3.0"], "vendored quill-engine 0.3.0"]',
      '',
    ].join('\n');
    const { after, problems } = lockfileOutcome(plan, lock, '0.4.0');
    expect(problems).toEqual([]);
    expect(after).toBe(lock.replace('version = "0.3.0"', 'version = "0.4.0"'));
  });

  it('GIVEN the product\'s local entry without a version WHEN refreshed THEN it is not an entry of the product: the problem says so and names the cargo command that records it', () => {
    const lock = 'version = 4\n\n[[package]]\nname = "quill-engine"\n';
    const { after, problems } = lockfileOutcome({ ...plan, file: 'rust/Cargo.lock' }, lock, '0.4.0');
    expect(problems).toEqual(['rust/Cargo.lock: has no local entry for quill-engine, although the release plan lists one; run `cargo update --workspace` in rust, then `npx projen`.']);
    expect(after).toBe(lock);
  });
});

describe('package-lock.json: which files are edited, and which entry is which product', () => {
  const plan: LockfilePlan = { file: 'package-lock.json', tool: 'npm', packages: ['engine'] };
  const outcome = (doc: unknown, packages = plan.packages, pins: ValueEditLike[] = []) => {
    const text = JSON.stringify(doc, null, 2);
    const r = lockfileOutcome({ ...plan, packages }, text, '0.4.0', pins);
    return { ...r, text, doc: JSON.parse(r.after) };
  };
  const V1 = 'package-lock.json: is a lockfileVersion 1 file (no "packages"); regenerate it with npm 7 or later (`npm install --package-lock-only`).';

  it('GIVEN a lockfileVersion below 2, or none, even with "packages" WHEN refreshed THEN it is refused as a file npm 6 wrote and nothing changes', () => {
    const packages = { '': { name: 'engine', version: '0.3.0' } };
    for (const doc of [{ name: 'engine', version: '0.3.0', lockfileVersion: 1, packages }, { name: 'engine', version: '0.3.0', packages }]) {
      const { after, problems, text } = outcome(doc);
      expect(problems).toEqual([V1]);
      expect(after).toBe(text);
    }
  });

  it('GIVEN an entry that is not an object (null) WHEN refreshed THEN it is passed over and the products are still edited', () => {
    const { doc, problems } = outcome({
      name: 'root',
      lockfileVersion: 3,
      packages: { '': { name: 'root' }, 'node_modules/broken': null, 'packages/engine': { version: '0.3.0' } },
    });
    expect(problems).toEqual([]);
    expect(doc.packages).toEqual({ '': { name: 'root' }, 'node_modules/broken': null, 'packages/engine': { version: '0.4.0' } });
  });

  it('GIVEN an installed copy (no link) whose "resolved" names a workspace folder WHEN refreshed THEN only a link names that folder: the workspace keeps its folder\'s name', () => {
    const { doc, problems } = outcome({
      name: 'root',
      lockfileVersion: 3,
      packages: {
        '': { name: 'root' },
        'node_modules/engine-copy': { version: '0.3.0', resolved: 'packages/engine' },
        'packages/engine': { version: '0.3.0' },
      },
    });
    expect(problems).toEqual([]);
    expect([doc.packages['packages/engine'].version, doc.packages['node_modules/engine-copy'].version]).toEqual(['0.4.0', '0.3.0']);
  });

  it('GIVEN a workspace entry with its own "name" and no link to it WHEN refreshed THEN the entry\'s name wins over its folder', () => {
    const { doc, problems } = outcome({ name: 'root', lockfileVersion: 3, packages: { '': { name: 'root' }, 'packages/core': { name: 'engine', version: '0.3.0' } } });
    expect(problems).toEqual([]);
    expect(doc.packages['packages/core']).toEqual({ name: 'engine', version: '0.4.0' });
  });

  it('GIVEN a root entry without "name" WHEN refreshed THEN it is the product the lockfile\'s top-level "name" says, and both versions follow', () => {
    const { doc, problems } = outcome({ name: 'engine', version: '0.3.0', lockfileVersion: 3, packages: { '': { version: '0.3.0' } } });
    expect(problems).toEqual([]);
    expect(doc).toEqual({ name: 'engine', version: '0.4.0', lockfileVersion: 3, packages: { '': { version: '0.4.0' } } });
  });

  it('GIVEN a product\'s workspace entry without a version WHEN refreshed THEN it is no entry of the product, and the problem names the npm command that records it', () => {
    const { problems } = outcome({ name: 'root', lockfileVersion: 3, packages: { '': { name: 'root' }, 'packages/engine': { name: 'engine' } } });
    expect(problems).toEqual(['package-lock.json: has no local entry for engine, although the release plan lists one; run `npm install --package-lock-only` in ., then `npx projen`.']);
  });

  it('GIVEN a workspace product and a root that is not one WHEN refreshed THEN the top-level "version" (the root\'s) stays', () => {
    const { doc, problems } = outcome({
      name: 'root',
      version: '0.3.0',
      lockfileVersion: 3,
      packages: { '': { name: 'root', version: '0.3.0' }, 'packages/engine': { version: '0.3.0' } },
    });
    expect(problems).toEqual([]);
    expect([doc.version, doc.packages[''].version, doc.packages['packages/engine'].version]).toEqual(['0.3.0', '0.3.0', '0.4.0']);
  });

  it('GIVEN the root product and a lockfile without a top-level "version" WHEN refreshed THEN the root entry is edited and none is added', () => {
    const { doc, problems } = outcome({ name: 'engine', lockfileVersion: 3, packages: { '': { name: 'engine', version: '0.3.0' } } });
    expect(problems).toEqual([]);
    expect(doc).toEqual({ name: 'engine', lockfileVersion: 3, packages: { '': { name: 'engine', version: '0.4.0' } } });
  });

  it('GIVEN an entry whose "dependencies" is null and a manifest pin in that table WHEN refreshed THEN the pin has nothing to mirror there and the versions are still edited', () => {
    const pin: ValueEditLike = { file: 'packages/app/package.json', keyPath: ['dependencies', 'engine'], oldValue: '^0.3.0', newValue: '^0.4.0' };
    const { doc, problems } = outcome(
      { name: 'root', lockfileVersion: 3, packages: { '': { name: 'root' }, 'packages/app': { version: '0.0.0', dependencies: null }, 'packages/engine': { version: '0.3.0' } } },
      ['engine'],
      [pin],
    );
    expect(problems).toEqual([]);
    expect(doc.packages['packages/app']).toEqual({ version: '0.0.0', dependencies: null });
    expect(doc.packages['packages/engine'].version).toBe('0.4.0');
  });
});

describe('uv.lock: only the products\' local packages', () => {
  const plan: LockfilePlan = { file: 'uv.lock', tool: 'uv', packages: ['quill-db'] };

  it('GIVEN a local (virtual) package that is not a product WHEN refreshed THEN its version stays', () => {
    const lock = [
      'version = 1',
      '',
      '[[package]]',
      'name = "quill-db"',
      'version = "0.3.0"',
      'source = { editable = "sdk/python" }',
      '',
      '[[package]]',
      'name = "quill-workspace"',
      'version = "0.3.0"',
      'source = { virtual = "." }',
      '',
    ].join('\n');
    const { after, problems } = lockfileOutcome(plan, lock, '0.4.0');
    expect(problems).toEqual([]);
    expect(after).toBe(lock.replace('name = "quill-db"\nversion = "0.3.0"', 'name = "quill-db"\nversion = "0.4.0"'));
  });

  it('GIVEN malformed records (a local package without a name, a requirement without a name, a specifier that is not a string) WHEN refreshed THEN they are passed over and the product is still edited', () => {
    const lock = [
      'version = 1',
      '',
      '[[package]]',
      'version = "0.3.0"',
      'source = { editable = "nameless" }',
      '',
      '[[package]]',
      'name = "quill-db"',
      'version = "0.3.0"',
      'source = { editable = "sdk/python" }',
      '',
      '[package.metadata]',
      'requires-dist = [{ specifier = ">=0.3.0" }, { name = "quill-db", specifier = [">=0.3.0"] }]',
      '',
    ].join('\n');
    const { after, problems } = lockfileOutcome(plan, lock, '0.4.0');
    expect(problems).toEqual([]);
    expect(after).toBe(lock.replace('name = "quill-db"\nversion = "0.3.0"', 'name = "quill-db"\nversion = "0.4.0"'));
  });
});

describe('the runner gives a lockfile tool no input and discards its output', () => {
  it('GIVEN a tool that reads its input to the end WHEN run THEN it reads nothing at once instead of waiting for a terminal', async () => {
    const dir = writeRepo({ 'x.txt': '' });
    const run = await spawnRunnerWithin(5000)('sh', ['-c', 'cat; echo read-all >&2'], dir);
    expect(run).toEqual({ status: 0, stderr: 'read-all\n', error: undefined });
  });
});

describe('what cargo searched: only its own `location searched:` lines, and any local path among them', () => {
  const REMINDER = "As a reminder, you're using offline mode (--offline) which can sometimes cause surprising resolution failures.";
  const failure = (location: string) =>
    `error: failed to select a version for the requirement \`engine = "^0.1.0"\`\ncandidate versions found which didn't match: 0.2.0\nlocation searched: ${location}\nrequired by package \`benches v0.0.0\`\n${REMINDER}\n`;

  it('GIVEN an offline failure that searched nowhere (a download refused offline) WHEN read THEN it is offline only', () => {
    expect(offlineOnly('error: failed to download `engine v0.1.0`\n\nCaused by:\n  attempting to make an HTTP request, but --offline was specified\n')).toBe(true);
  });

  it('GIVEN a Git repository searched offline (its URL holds `s:/`) WHEN read THEN it is offline only, not a Windows drive', () => {
    expect(offlineOnly(failure('Git repository https://github.com/quill/engine'))).toBe(true);
  });

  it('GIVEN a local path written after more than one space WHEN read THEN it is still the workspace\'s own fault', () => {
    expect(offlineOnly(failure('  /work/repo/engine'))).toBe(false);
  });

  it('GIVEN the words "location searched:" inside another line WHEN read THEN that line is not a place cargo searched', () => {
    expect(offlineOnly(`${failure('`crates-io` index')}note: the description reads "location searched: /work/repo/engine"\n`)).toBe(true);
  });
});

describe('the words a user reads when cargo refuses or cannot run', () => {
  const LOCK = 'version = 4\n\n[[package]]\nname = "solo"\nversion = "0.1.0"\n';
  /** cargo's check of one lockfile, with cargo's answer `run`; `rewrite` stands in for what cargo writes. */
  const check = async (run: ToolRun, rewrite?: string) => {
    const dir = writeRepo({ 'Cargo.lock': LOCK });
    const [result] = await checkCargoLockfiles(dir, ['Cargo.lock'], async (_c, _a, cwd) => {
      if (rewrite !== undefined) fs.writeFileSync(path.join(cwd, 'Cargo.lock'), rewrite);
      return run;
    });
    return result;
  };

  it('GIVEN cargo\'s refusal after a warning, with or without a final newline WHEN checked THEN the detail is exactly its message from the first error on', async () => {
    const message = 'error: failed to parse lock file at: /w/Cargo.lock\n\nCaused by:\n  TOML parse error';
    for (const stderr of [`warning: unused manifest key: package.x\n${message}`, `warning: unused manifest key: package.x\n${message}\n\n`]) {
      expect(await check({ status: 101, stderr })).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'failed', detail: message });
    }
  });

  it('GIVEN cargo panicking (no error line) WHEN checked THEN the detail is all it said, without the leading blank line', async () => {
    const said = "thread 'main' panicked at src/cargo/core/resolver/mod.rs:1:1:\ninternal error\nnote: run with `RUST_BACKTRACE=1` environment variable to display a backtrace";
    expect(await check({ status: 101, stderr: `\n${said}\n` })).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'failed', detail: said });
  });

  it('GIVEN cargo ending without a word WHEN checked THEN the detail names its exit status, or the signal', async () => {
    expect((await check({ status: 101, stderr: '' })).detail).toBe('cargo exited 101 without a message');
    expect((await check({ status: null, stderr: '' })).detail).toBe('cargo exited on a signal without a message');
  });

  it('GIVEN cargo\'s own failure that quotes rustup\'s words inside a line WHEN checked THEN it is a failure, not a missing toolchain', async () => {
    const stderr = "error: failed to parse manifest at `/w/Cargo.toml`\n\nCaused by:\n  invalid key: note: error: toolchain 'nightly' is not installed\n";
    expect(await check({ status: 101, stderr })).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'failed', detail: stderr.trim() });
  });

  it('GIVEN cargo offline on Windows (CRLF line ends) WHEN checked THEN the reason is its error line without the carriage return', async () => {
    const stderr = 'warning: spurious network error\r\nerror: failed to download `engine v0.1.0`\r\n\r\nCaused by:\r\n  attempting to make an HTTP request, but --offline was specified\r\n';
    expect(await check({ status: 101, stderr })).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'unavailable', detail: 'error: failed to download `engine v0.1.0`' });
  });

  it('GIVEN an offline refusal with no error line, after blank lines WHEN checked THEN the reason is its first line of text', async () => {
    const stderr = '\n   \nnote: --offline was specified and the index is not cached\n';
    expect(await check({ status: 101, stderr })).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'unavailable', detail: 'note: --offline was specified and the index is not cached' });
  });

  it('GIVEN cargo leaving no package in the lockfile WHEN checked THEN the refresh names the entry that went, and nothing else', async () => {
    expect(await check({ status: 0, stderr: '' }, 'version = 4\n')).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'refreshed', detail: '-solo 0.1.0' });
  });

  it('GIVEN cargo moving an entry the bump did not edit WHEN checked THEN the refresh names the old and the new, comma-separated', async () => {
    expect(await check({ status: 0, stderr: '' }, LOCK.replace('0.1.0', '0.1.1'))).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'refreshed', detail: '-solo 0.1.0, +solo 0.1.1' });
  });

  it('GIVEN cargo changing no version, only a dependency list WHEN checked THEN the refresh says so', async () => {
    expect(await check({ status: 0, stderr: '' }, `${LOCK}dependencies = [\n "libc",\n]\n`)).toEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'refreshed', detail: 'dependency lists or checksums' });
  });
});
