import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { REPO_ROOT, git, tempDir, writeRepo } from '../support/fixtures';

/**
 * The README's quickstart "until the library is on npm", run as written: pack this library, copy the
 * tarball into the repository's vendor/, `projen new --from ./vendor/<tarball>`, `npm install`; then a
 * fresh clone (what CI checks out) installs with `npm ci` from the committed tarball. Needs the compiled
 * library (lib/), which `npx projen build` produces before the tests run, and the npm registry.
 */
const PROJEN_BIN = path.join(REPO_ROOT, 'node_modules', 'projen', 'bin', 'projen');
const run = (cwd: string, cmd: string, args: string[]) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', env: { ...process.env, CI: 'true' }, stdio: ['ignore', 'pipe', 'pipe'] });

/** The README's shell block for packing and bootstrapping from a tarball, one command per line (comments dropped). */
function readmeTarballCommands(): string[] {
  const readme = fs.readFileSync(path.join(REPO_ROOT, 'README.md'), 'utf8');
  const section = readme.slice(readme.indexOf('### Until the library is on npm: from a packed tarball'));
  const block = /```sh\n([\s\S]*?)```/.exec(section)![1];
  return block.split('\n').map((l) => l.replace(/\s+#.*$/, '').trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

describe('README quickstart: the library from a packed tarball', () => {
  it('GIVEN the README\'s commands WHEN run in a repository with a crate THEN bootstrap depends on the vendored tarball and a fresh clone installs with npm ci', () => {
    expect(readmeTarballCommands()).toEqual([
      'npm ci && npx projen compile',
      'npm pack',
      'mkdir -p vendor && cp /path/to/projen-lockstep-release-X.Y.Z.tgz vendor/',
      'npx projen new --from ./vendor/projen-lockstep-release-X.Y.Z.tgz',
      'npm install',
    ]);
    if (!fs.existsSync(path.join(REPO_ROOT, 'lib', 'index.js'))) throw new Error('lib/ is missing: run `npx projen compile` first');
    const packed = tempDir('lockstep-pack-');
    const name = run(REPO_ROOT, 'npm', ['pack', '--silent', '--pack-destination', packed]).trim().split('\n').pop()!;
    expect(name).toMatch(/^projen-lockstep-release-\d+\.\d+\.\d+\.tgz$/);

    const dir = writeRepo({ 'Cargo.toml': '[package]\nname = "demo-core"\nversion = "1.4.0"\nedition = "2021"\n', 'src/lib.rs': '' }, tempDir('lockstep-readme-'));
    git(dir, 'init', '-q', '-b', 'main');
    fs.mkdirSync(path.join(dir, 'vendor'));
    fs.copyFileSync(path.join(packed, name), path.join(dir, 'vendor', name));
    run(dir, process.execPath, [PROJEN_BIN, 'new', '--from', `./vendor/${name}`]);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
    expect(pkg.devDependencies['projen-lockstep-release']).toBe(`file:vendor/${name}`);
    run(dir, 'npm', ['install', '--no-audit', '--no-fund']);
    git(dir, 'add', '-A');
    // projen new already committed package-lock.json in step: the README's `npm install` may change nothing.
    git(dir, 'commit', '-q', '--allow-empty', '-m', 'release tooling');

    const clone = tempDir('lockstep-readme-clone-');
    git(clone, 'clone', '-q', dir, '.');
    run(clone, 'npm', ['ci', '--no-audit', '--no-fund']);
    expect(run(clone, 'npx', ['--no-install', 'lockstep', '--help'])).toMatch(/lockstep/);
  }, 300_000);
});
