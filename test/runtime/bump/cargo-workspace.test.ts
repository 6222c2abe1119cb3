import { execFileSync } from 'child_process';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { MemoryRepoReader } from '../../../src/model';
import { cargoLockProblems } from '../../../src/runtime/bump/cargo-lock-check';
import { writeRepo } from '../../support/fixtures';

const crate = (name: string, version: string, extra = '') => `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n${extra}`;
const lockOf = (...entries: string[]) => `version = 4\n\n${entries.join('\n')}`;
const entry = (name: string, version: string, deps: string[] = []) =>
  `[[package]]\nname = "${name}"\nversion = "${version}"\n${deps.length > 0 ? `dependencies = [\n${deps.map((d) => ` "${d}",\n`).join('')}]\n` : ''}`;

/** What the check reports about `Cargo.lock` (no crate listed by the plan, no product). */
function problems(files: Record<string, string>): string[] {
  return cargoLockProblems('Cargo.lock', files['Cargo.lock'], new MemoryRepoReader(files), { listed: new Set(), products: new Set() }).map((p) => p.reason);
}

describe('where a path dependency leads, as cargo reads it', () => {
  /** A workspace whose member `cli` pins `engine` (at 0.3.0) by path and version 0.2.0, the path written as `path`. */
  const pinned = (p: string) => ({
    'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["engine", "cli"]\n',
    'engine/Cargo.toml': crate('engine', '0.3.0'),
    'cli/Cargo.toml': crate('cli', '0.1.0', `\n[dependencies]\nengine = { path = ${JSON.stringify(p)}, version = "0.2.0" }\n`),
    'Cargo.lock': lockOf(entry('cli', '0.1.0', ['engine']), entry('engine', '0.3.0')),
  });
  const atPath = 'cli/Cargo.toml dependencies.engine requires engine 0.2.0, but the crate at its path (engine/Cargo.toml) is 0.3.0, ' +
    'so cargo cannot resolve the workspace ("failed to select a version"); make the requirement follow, or drop it from the path dependency.';

  it('GIVEN a path written with Windows backslashes WHEN checked THEN it leads to the same crate as with slashes', () => {
    expect(problems(pinned('../engine'))).toEqual([atPath]);
    expect(problems(pinned('..\\engine'))).toEqual([atPath]);
  });

  it('GIVEN a path that leaves the repository WHEN checked THEN no crate of the repository is taken for it; the lock\'s entry is checked instead', () => {
    expect(problems(pinned('../../engine'))).toEqual([
      'records engine 0.3.0 for cli, which does not satisfy 0.2.0 (cli/Cargo.toml dependencies.engine); run `cargo update --workspace` in ..',
    ]);
  });
});

describe('which lock entries the check leaves to the bump', () => {
  const files = {
    'Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["engine", "cli"]\n',
    'engine/Cargo.toml': crate('engine', '0.3.0'),
    'cli/Cargo.toml': crate('cli', '0.1.0', '\n[dependencies]\nengine = { path = "../engine" }\n'),
    'Cargo.lock': lockOf(entry('cli', '0.1.0', ['engine']), entry('engine', '0.2.9')),
  };

  it('GIVEN a crate the plan lists whose entry lags WHEN checked THEN the check is silent: the bump\'s own version check names it, with the track\'s version', () => {
    const listed = cargoLockProblems('Cargo.lock', files['Cargo.lock'], new MemoryRepoReader(files), { listed: new Set(['engine']), products: new Set() });
    expect(listed).toEqual([]);
    expect(problems(files)).toEqual(['records engine 0.2.9, but engine/Cargo.toml is at 0.3.0; run `cargo update --workspace` in ..']);
  });
});

describe('which crates are members, as cargo decides', () => {
  it('GIVEN a member outside the workspace\'s directory and a crate inside it that no glob names WHEN checked THEN the inner crate needs no entry, and cargo agrees', () => {
    const files = {
      'ws/Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["a", "../elsewhere"]\n',
      'ws/a/Cargo.toml': crate('a', '0.1.0'),
      'ws/a/src/lib.rs': '',
      'ws/scratch/Cargo.toml': crate('scratch', '0.1.0'),
      'ws/scratch/src/lib.rs': '',
      'elsewhere/Cargo.toml': crate('elsewhere', '0.1.0', 'workspace = "../ws"\n'),
      'elsewhere/src/lib.rs': '',
      'ws/Cargo.lock': lockOf(entry('a', '0.1.0'), entry('elsewhere', '0.1.0')),
    };
    expect(cargoLockProblems('ws/Cargo.lock', files['ws/Cargo.lock'], new MemoryRepoReader(files), { listed: new Set(), products: new Set() })).toEqual([]);
    execFileSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1'], { cwd: path.join(writeRepo(files), 'ws'), stdio: 'pipe' });
  });
});
