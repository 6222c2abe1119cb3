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

describe('the version of a crate outside the workspace that inherits it', () => {
  it('GIVEN path crates outside the workspace that inherit the version, one from its own [workspace], one from the workspace above it WHEN checked THEN each is locked at its own workspace\'s version, as cargo locks it', () => {
    const files = {
      'ws/Cargo.toml': '[workspace]\nresolver = "2"\nmembers = ["app"]\n',
      'ws/app/Cargo.toml': crate('app', '1.0.0', '\n[dependencies]\nlib = { path = "../../lib" }\nx = { path = "../../shared/x" }\n'),
      'ws/app/src/lib.rs': '',
      'lib/Cargo.toml': '[workspace]\n\n[workspace.package]\nversion = "0.5.0"\n\n[package]\nname = "lib"\nversion.workspace = true\nedition = "2021"\n',
      'lib/src/lib.rs': '',
      'shared/Cargo.toml': '[workspace]\nmembers = ["x"]\n\n[workspace.package]\nversion = "0.7.0"\n',
      'shared/x/Cargo.toml': '[package]\nname = "x"\nversion.workspace = true\nedition = "2021"\n',
      'shared/x/src/lib.rs': '',
      'ws/Cargo.lock': lockOf(entry('app', '1.0.0', ['lib', 'x']), entry('lib', '0.5.0'), entry('x', '0.7.0')),
    };
    const check = (lock: string) => cargoLockProblems('ws/Cargo.lock', lock, new MemoryRepoReader({ ...files, 'ws/Cargo.lock': lock }), { listed: new Set(), products: new Set() })
      .map((p) => p.reason);
    expect(check(files['ws/Cargo.lock'])).toEqual([]);
    execFileSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1'], { cwd: path.join(writeRepo(files), 'ws'), stdio: 'pipe' });
    expect(check(lockOf(entry('app', '1.0.0', ['lib', 'x']), entry('lib', '0.0.0'), entry('x', '0.0.0')))).toEqual([
      'records lib 0.0.0, but lib/Cargo.toml is at 0.5.0; run `cargo update --workspace` in ws.',
      'records x 0.0.0, but shared/x/Cargo.toml is at 0.7.0; run `cargo update --workspace` in ws.',
    ]);
  });
});
