import { describe, expect, it } from 'vitest';
import { MemoryRepoReader } from '../../../src/model';
import { cargoLockProblems } from '../../../src/runtime/bump/cargo-lock-check';

const crate = (name: string, version: string, extra = '') => `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n${extra}`;
const entry = (name: string, version: string, deps: string[] = [], source?: string) =>
  `[[package]]\nname = "${name}"\nversion = "${version}"\n${source ? `source = "${source}"\n` : ''}${deps.length > 0 ? `dependencies = [\n${deps.map((d) => ` "${d}",\n`).join('')}]\n` : ''}`;
const lockOf = (...entries: string[]) => `version = 4\n\n${entries.join('\n')}`;
const REGISTRY = 'registry+https://github.com/rust-lang/crates.io-index';

/** The reasons the check gives for `Cargo.lock`, with the crates the plan lists. */
function reasons(files: Record<string, string>, listed: string[] = []): string[] {
  return cargoLockProblems('Cargo.lock', files['Cargo.lock'], new MemoryRepoReader(files), { listed: new Set(listed), products: new Set() }).map((p) => p.reason);
}

/** A workspace of `app` depending on the member `engine` by path; `lock` is its Cargo.lock. */
const workspace = (lock: string, appDeps = 'engine = { path = "../engine" }\n') => ({
  'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["app", "engine"]\n',
  'app/Cargo.toml': crate('app', '1.0.0', `\n[dependencies]\n${appDeps}`),
  'engine/Cargo.toml': crate('engine', '0.3.0'),
  'Cargo.lock': lock,
});

describe('a crate\'s own entry in Cargo.lock', () => {
  it('GIVEN only a registry entry of the crate\'s name and version WHEN checked THEN the local crate still has no entry', () => {
    expect(reasons(workspace(lockOf(entry('app', '1.0.0', ['engine']), entry('engine', '0.3.0', [], REGISTRY))))).toEqual([
      'has no entry for engine 0.3.0 (engine/Cargo.toml); run `cargo update --workspace` in ..',
    ]);
  });

  it('GIVEN a crate the plan lists that has no entry at all WHEN checked THEN it is named: only a lagging entry is left to the bump', () => {
    expect(reasons(workspace(lockOf(entry('app', '1.0.0', ['engine']))), ['engine'])).toEqual([
      'has no entry for engine 0.3.0 (engine/Cargo.toml); run `cargo update --workspace` in ..',
    ]);
  });

  it('GIVEN two local entries of the crate, neither at its version WHEN checked THEN both versions are named', () => {
    expect(reasons(workspace(lockOf(entry('app', '1.0.0', ['engine 0.2.0']), entry('engine', '0.1.0'), entry('engine', '0.2.0'))))).toEqual([
      'records engine 0.1.0, 0.2.0, but engine/Cargo.toml is at 0.3.0; run `cargo update --workspace` in ..',
    ]);
  });

  it('GIVEN a lock without any [[package]] WHEN checked THEN every crate is named as missing', () => {
    expect(reasons(workspace('version = 4\n'))).toEqual([
      'has no entry for app 1.0.0 (app/Cargo.toml); run `cargo update --workspace` in ..',
      'has no entry for engine 0.3.0 (engine/Cargo.toml); run `cargo update --workspace` in ..',
    ]);
  });
});

describe('which entry a dependency of Cargo.lock refers to', () => {
  const twoEngines = (ref: string) => ({
    'Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nengine = "0.4"\n'),
    'Cargo.lock': lockOf(entry('app', '1.0.0', [ref]), entry('engine', '0.3.0', [], REGISTRY), entry('engine', '0.4.1', [], REGISTRY)),
  });

  it('GIVEN a reference by name and version WHEN checked THEN the entry of that version is the one checked', () => {
    expect(reasons(twoEngines('engine 0.4.1'))).toEqual([]);
    expect(reasons(twoEngines('engine 0.3.0'))).toEqual([expect.stringMatching(/^records engine 0\.3\.0 for app, which does not satisfy 0\.4 /)]);
  });

  it('GIVEN a reference by name alone where two entries share it WHEN checked THEN no entry is taken for it, and nothing is claimed', () => {
    expect(reasons(twoEngines('engine'))).toEqual([]);
  });

  it('GIVEN a reference to a source no entry has WHEN checked THEN no entry is taken for it', () => {
    expect(reasons(twoEngines('engine 0.3.0 (git+https://example.com/engine#abc)'))).toEqual([]);
  });
});
