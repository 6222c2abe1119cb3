import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { lockstep, snapshot, writePlan } from './helpers';
import { FsRepoReader, PlanOptions, buildPlan, libraryVersion, planConfigOf } from '../../../src/model';
import { exampleProducts, exampleWithoutTauri } from '../../support/example-products';
import { copyExample, git, gitInit } from '../../support/fixtures';

const EXAMPLE: PlanOptions = { products: exampleProducts() };
/** The example without its Tauri app, so that word prereleases are possible. */
const NO_TAURI: PlanOptions = exampleWithoutTauri();

function example(options: PlanOptions = EXAMPLE, edit: (dir: string) => void = () => {}): string {
  const dir = copyExample();
  edit(dir);
  writePlan(dir, options);
  return dir;
}

const read = (dir: string, file: string) => fs.readFileSync(path.join(dir, file), 'utf8');
const write = (dir: string, file: string, text: string) => {
  fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
  fs.writeFileSync(path.join(dir, file), text);
};

describe('B1: the file set comes from the products and workspaces', () => {
  const addBenches = (dir: string) => {
    write(dir, 'benches/Cargo.toml', '[package]\nname = "quill-benches"\nversion = "0.3.0"\npublish = false\n\n[dependencies]\nquill-engine = { path = "..", version = "0.3.0" }\n');
    write(dir, 'benches/src/lib.rs', '');
  };

  it('B1 GIVEN a new crate that pins a product but belongs to none WHEN planned THEN planning fails naming the file and the pin', () => {
    const dir = copyExample();
    addBenches(dir);
    const repo = new FsRepoReader(dir);
    expect(() => buildPlan(planConfigOf(EXAMPLE, repo, libraryVersion()), repo)).toThrow(/benches\/Cargo\.toml: \[package\]\.version = "0\.3\.0"; pins quill at dependencies\.quill-engine\.version/);
  });

  it('B1 GIVEN that crate excluded on purpose WHEN planned THEN the exclusion is refused: its path + version pin would stop the workspace resolving after a bump', () => {
    const dir = copyExample();
    addBenches(dir);
    write(dir, 'Cargo.toml', read(dir, 'Cargo.toml').replace('members = [', 'members = [\n  "benches",'));
    const repo = new FsRepoReader(dir);
    expect(() => buildPlan(planConfigOf({ ...EXAMPLE, excludeManifests: ['benches'] }, repo, libraryVersion()), repo)).toThrow(
      /^excludeManifests: 1 pin\(s\) in excluded crates would break their workspace after a bump:\n {2}benches\/Cargo\.toml: pins quill by path and version at dependencies\.quill-engine\.version = "0\.3\.0"\n.*drop the `version` of that path dependency.*Product\.rustCrate\(\{ path: 'benches', publish: false \}\)/s,
    );
  });

  it('B1 GIVEN that crate excluded with a path-only pin WHEN bumped THEN it is left untouched while everything else moves', async () => {
    const dir = example({ ...EXAMPLE, excludeManifests: ['benches'] }, (d) => {
      addBenches(d);
      write(d, 'benches/Cargo.toml', read(d, 'benches/Cargo.toml').replace(', version = "0.3.0" }', ' }'));
    });
    const before = read(dir, 'benches/Cargo.toml');
    const r = await lockstep(dir, 'bump', '0.4.0');
    expect(r).toMatchObject({ code: 0, stderr: '' });
    expect(read(dir, 'benches/Cargo.toml')).toBe(before);
    expect(read(dir, 'Cargo.toml')).toContain('version = "0.4.0"');
  });
});

describe('B2: parsed, exact edits', () => {
  it('B2 GIVEN a third-party [dependencies.libc], `version =` in other tables and a multi-line pin WHEN bumped THEN only the product values change', async () => {
    const dir = example(EXAMPLE, (d) => {
      write(d, 'quill-ask/Cargo.toml', `${read(d, 'quill-ask/Cargo.toml')}\n[dependencies.libc]\nversion = "0.3.0"\n\n[package.metadata.release]\nversion = "0.3.0"\n`);
      write(d, 'quill-ffi/Cargo.toml', read(d, 'quill-ffi/Cargo.toml').replace('quill-engine = { path = "..", version = "0.3.0" }', 'quill-engine = {\n  path = "..",\n  version = "0.3.0",\n}'));
      write(d, 'examples/notes/package.json', JSON.stringify(JSON.parse(read(d, 'examples/notes/package.json')), null, '\t'));
    });
    const before = { ask: read(dir, 'quill-ask/Cargo.toml'), ffi: read(dir, 'quill-ffi/Cargo.toml'), notes: read(dir, 'examples/notes/package.json') };
    expect((await lockstep(dir, 'bump', '0.4.0')).code).toBe(0);
    expect(read(dir, 'quill-ask/Cargo.toml')).toBe(
      before.ask.replace('name = "quill-ask"\nversion = "0.3.0"', 'name = "quill-ask"\nversion = "0.4.0"').replace('path = ".."\nversion = "0.3.0"', 'path = ".."\nversion = "0.4.0"'),
    );
    expect(read(dir, 'quill-ask/Cargo.toml')).toContain('[dependencies.libc]\nversion = "0.3.0"\n\n[package.metadata.release]\nversion = "0.3.0"\n');
    expect(read(dir, 'quill-ffi/Cargo.toml')).toBe(before.ffi.replace(/0\.3\.0/g, '0.4.0'));
    expect(read(dir, 'examples/notes/package.json')).toBe(before.notes.replace(/0\.3\.0/g, '0.4.0'));
  });
});

describe('B3: all or nothing, and every failure says where', () => {
  it('B3 GIVEN two manifests that cannot be bumped among many WHEN bumped THEN no file changes and each problem names its file and line', async () => {
    const dir = example(EXAMPLE, (d) => {
      write(d, 'sdk/wasm/Cargo.toml', read(d, 'sdk/wasm/Cargo.toml').replace('version = "0.3.0" }', 'version = ">=0.3.0, <0.4" }'));
      write(d, 'quill-ask/Cargo.toml', read(d, 'quill-ask/Cargo.toml').replace('name = "quill-ask"\nversion = "0.3.0"', 'name = "quill-ask"\nversion = "0\\u002e3.0"'));
    });
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/no file was changed/);
    expect(r.stderr).toMatch(/quill-ask\/Cargo\.toml:3: package\.version is written with escapes/);
    expect(r.stderr).toMatch(/sdk\/wasm\/Cargo\.toml:13: dependencies\.quill-engine\.version: '>=0\.3\.0, <0\.4' is a compound requirement/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('B3 GIVEN a truncated package.json WHEN bumped THEN it fails naming the file and line and writes nothing', async () => {
    const dir = example();
    write(dir, 'sdk/nodejs/package.json', read(dir, 'sdk/nodejs/package.json').slice(0, 60));
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/sdk\/nodejs\/package\.json:\d+: invalid JSON/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('B3 GIVEN a manifest and a lockfile each replaced by a directory WHEN bumped and verified THEN each is a clear error naming the path, and nothing is written', async () => {
    const dir = example();
    for (const file of ['quill-ask/Cargo.toml', 'sdk/wasm/Cargo.lock']) {
      fs.rmSync(path.join(dir, file));
      fs.mkdirSync(path.join(dir, file));
    }
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '0.4.0');
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(/internal error|EISDIR|at \w+ \(/);
    expect(r.stderr).toContain('quill-ask/Cargo.toml: is a directory, where a file (a manifest or lockfile) is expected');
    expect(r.stderr).toContain('sdk/wasm/Cargo.lock: is a directory, where a file (a manifest or lockfile) is expected');
    expect(snapshot(dir)).toEqual(before);
    const verify = await lockstep(dir, 'verify');
    expect(verify.code).toBe(1);
    expect(verify.stderr).toContain('sdk/wasm/Cargo.lock: is a directory');
  });

  it('B3 GIVEN the version source replaced by a directory WHEN bumped THEN it is a clear error naming it', async () => {
    const dir = example();
    fs.rmSync(path.join(dir, 'Cargo.toml'));
    fs.mkdirSync(path.join(dir, 'Cargo.toml'));
    const r = await lockstep(dir, 'bump', '0.4.0');
    expect(r).toMatchObject({ code: 1, stdout: '' });
    expect(r.stderr).toBe('lockstep bump: Cargo.toml: is a directory, where a file (a manifest or lockfile) is expected; put the file back, or run `npx projen` if it moved.\n');
  });

  it('B3 GIVEN files with different modes WHEN bumped THEN each keeps its mode and no temporary file is left', async () => {
    const dir = example();
    fs.chmodSync(path.join(dir, 'Cargo.toml'), 0o600);
    fs.chmodSync(path.join(dir, 'sdk/nodejs/package.json'), 0o755);
    expect((await lockstep(dir, 'bump', '0.4.0')).code).toBe(0);
    expect(fs.statSync(path.join(dir, 'Cargo.toml')).mode % 0o1000).toBe(0o600);
    expect(fs.statSync(path.join(dir, 'sdk/nodejs/package.json')).mode % 0o1000).toBe(0o755);
    expect(Object.keys(snapshot(dir)).filter((f) => f.includes('.lockstep-'))).toEqual([]);
  });
});

describe('B4: strict input, versions move forward', () => {
  it.each(['01.2.3', '1.2.3-rc..1', 'v0.4.0', ' 0.4.0', '', '0.4'])('B4 GIVEN %j WHEN bumped THEN it is refused with exit 2 and nothing is written', async (version) => {
    const dir = example();
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', version);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/empty|whitespace|starts with 'v'|not a semver/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('B4 GIVEN build metadata WHEN bumped THEN it is refused on purpose with the reason', async () => {
    const r = await lockstep(example(), 'bump', '0.4.0+build.5');
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/build metadata \(\+build\.5\).*Release '0\.4\.0'/);
  });

  it('B4 GIVEN a lower version WHEN bumped THEN it is refused unless --allow-downgrade', async () => {
    const dir = example();
    const refused = await lockstep(dir, 'bump', '0.2.9');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/0\.2\.9 is lower than the current version 0\.3\.0 \(Cargo\.toml:4 package\.version\).*--allow-downgrade/);
    expect((await lockstep(dir, 'bump', '0.2.9', '--allow-downgrade')).code).toBe(0);
    expect(read(dir, 'Cargo.toml')).toContain('version = "0.2.9"');
  });

  it('B4 GIVEN every file already at the version WHEN bumped to it again THEN it is a no-op that exits 0 saying nothing changed', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '0.3.0');
    expect(r).toEqual({ code: 0, stdout: 'track default is already at 0.3.0 in every file: nothing changed\n', stderr: '' });
    expect(snapshot(dir)).toEqual(before);
    const json = await lockstep(dir, 'bump', '0.3.0', '--json');
    expect(JSON.parse(json.stdout)).toMatchObject({ from: '0.3.0', to: '0.3.0', changedFiles: [], lockfileTools: [] });
  });

  it('B4 GIVEN one file disagreeing with the current version WHEN bumped to it THEN it is refused naming the file unless --allow-same, which fixes just that file', async () => {
    const dir = example(EXAMPLE, (d) => write(d, 'quill-ask/Cargo.toml', read(d, 'quill-ask/Cargo.toml').replace('version = "0.3.0"', 'version = "0.2.9"')));
    const before = snapshot(dir);
    const refused = await lockstep(dir, 'bump', '0.3.0');
    expect(refused.code).toBe(1);
    expect(refused.stderr).toMatch(/already at 0\.3\.0, but 1 file\(s\) disagree \(quill-ask\/Cargo\.toml\); pass --allow-same/);
    expect(snapshot(dir)).toEqual(before);
    const fixed = await lockstep(dir, 'bump', '0.3.0', '--allow-same', '--json');
    expect(JSON.parse(fixed.stdout).changedFiles).toEqual(['quill-ask/Cargo.toml']);
  });
});

describe('B5: pins keep their operator', () => {
  it('B5 GIVEN caret and exact pins WHEN bumped to a prerelease and then to the release THEN the caret pin leaves the prerelease and the exact pin follows', async () => {
    const dir = example(NO_TAURI, (d) => write(d, 'quill-mcp/Cargo.toml', read(d, 'quill-mcp/Cargo.toml').replace('version = "0.3.0", path', 'version = "=0.3.0", path')));
    expect((await lockstep(dir, 'bump', '0.4.0-rc.1')).code).toBe(0);
    expect(JSON.parse(read(dir, 'examples/notes/package.json')).dependencies['@quill-db/quill']).toBe('^0.4.0-rc.1');
    expect((await lockstep(dir, 'bump', '0.4.0')).code).toBe(0);
    expect(JSON.parse(read(dir, 'examples/notes/package.json')).dependencies['@quill-db/quill']).toBe('^0.4.0');
    expect(read(dir, 'quill-mcp/Cargo.toml')).toContain('quill-ask = { version = "=0.4.0", path = "../quill-ask" }');
  });
});

describe('B6: every lockfile that records a product version', () => {
  it('B6 GIVEN a nested Cargo workspace, an npm workspace lockfile and a uv.lock WHEN bumped THEN each records the new version', async () => {
    const uv = 'version = 1\nrequires-python = ">=3.9"\n\n[[package]]\nname = "quill-db"\nversion = "0.3.0"\nsource = { editable = "." }\n';
    const dir = example(NO_TAURI, (d) => write(d, 'sdk/python/uv.lock', uv));
    const r = await lockstep(dir, 'bump', '0.4.0-rc.1', '--json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).changedFiles).toEqual(expect.arrayContaining(['Cargo.lock', 'sdk/wasm/Cargo.lock', 'package-lock.json', 'sdk/python/uv.lock']));
    expect(read(dir, 'sdk/wasm/Cargo.lock')).toMatch(/name = "quill-engine"\nversion = "0\.4\.0-rc\.1"/);
    expect(read(dir, 'sdk/wasm/Cargo.lock')).toMatch(/name = "quill-wasm"\nversion = "0\.4\.0-rc\.1"/);
    const npmLock = JSON.parse(read(dir, 'package-lock.json'));
    expect(npmLock.packages['sdk/nodejs'].version).toBe('0.4.0-rc.1');
    expect(npmLock.packages['examples/notes']).toMatchObject({ version: '0.4.0-rc.1', dependencies: { '@quill-db/quill': '^0.4.0-rc.1' } });
    expect(read(dir, 'sdk/python/uv.lock')).toBe(uv.replace('0.3.0', '0.4.0rc1'));
  });
});

describe('B7: the release commit holds exactly the bump', () => {
  it('B7 GIVEN junk in the working tree WHEN bumped with --json THEN changedFiles is exactly what changed, and adding them leaves the junk out', async () => {
    const dir = gitInit(example());
    write(dir, '.claude/worktrees/agent-1/HEAD', 'ref: x\n');
    write(dir, 'notes.txt', 'scratch\n');
    const r = await lockstep(dir, 'bump', '0.4.0', '--json');
    const changed: string[] = JSON.parse(r.stdout).changedFiles;
    expect([...changed].sort()).toEqual(git(dir, 'diff', '--name-only').trim().split('\n').sort());
    git(dir, 'add', '--', ...changed);
    expect(git(dir, 'diff', '--name-only').trim()).toBe('');
    expect(git(dir, 'status', '--porcelain').split('\n').filter((l) => l.startsWith('??'))).toEqual(['?? .claude/', '?? notes.txt']);
  });
});

describe('B8: each ecosystem gets a version it can carry', () => {
  it('B8 GIVEN a Tauri app WHEN bumped to a prerelease its Windows installer cannot order THEN it is refused naming tauri.conf.json and its line, and nothing is written', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '0.4.0-dev.1');
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/desktop\/src-tauri\/tauri\.conf\.json:4: version: '0\.4\.0-dev\.1' cannot be a Tauri app version: in its Windows installer \(MSI\) version/);
    expect(snapshot(dir)).toEqual(before);
  });

  it('B8 GIVEN a Tauri app WHEN bumped to an alpha THEN tauri.conf.json carries the semver version (the MSI form is made at build time)', async () => {
    const dir = example();
    const r = await lockstep(dir, 'bump', '0.4.0-alpha.3');
    expect(r.code).toBe(0);
    expect(JSON.parse(read(dir, 'desktop/src-tauri/tauri.conf.json')).version).toBe('0.4.0-alpha.3');
  });

  it('B8 GIVEN a Python package WHEN bumped to a prerelease THEN pyproject carries PEP 440 while Cargo and npm carry semver, with the npm dist-tag recorded', async () => {
    const dir = example(NO_TAURI);
    const r = await lockstep(dir, 'bump', '0.4.0-rc.1', '--json');
    expect(JSON.parse(r.stdout)).toMatchObject({ to: '0.4.0-rc.1', npmDistTag: 'rc' });
    expect(read(dir, 'sdk/python/pyproject.toml')).toContain('version = "0.4.0rc1"');
    expect(read(dir, 'sdk/python/Cargo.toml')).toContain('version = "0.4.0-rc.1"');
    expect(JSON.parse(read(dir, 'sdk/nodejs/package.json')).version).toBe('0.4.0-rc.1');
  });

  it('B8 GIVEN maturin with dynamic = ["version"] WHEN bumped THEN Cargo.toml carries the version and pyproject.toml is untouched', async () => {
    const dir = example(NO_TAURI, (d) => write(d, 'sdk/python/pyproject.toml', read(d, 'sdk/python/pyproject.toml').replace('version = "0.3.0"', 'dynamic = ["version"]')));
    const before = read(dir, 'sdk/python/pyproject.toml');
    expect((await lockstep(dir, 'bump', '0.4.0')).code).toBe(0);
    expect(read(dir, 'sdk/python/pyproject.toml')).toBe(before);
    expect(read(dir, 'sdk/python/Cargo.toml')).toContain('version = "0.4.0"');
  });

  it('B8 GIVEN a Go module without /v2 WHEN bumped to 2.0.0 THEN it is refused before any write', async () => {
    const dir = example();
    const before = snapshot(dir);
    const r = await lockstep(dir, 'bump', '2.0.0');
    expect(r.stderr).toMatch(/sdk\/go\/go\.mod: sdk-go \(go-module\): '2\.0\.0' needs the Go module github\.com\/example\/quill\/sdk\/go to end in \/v2/);
    expect(snapshot(dir)).toEqual(before);
  });
});

