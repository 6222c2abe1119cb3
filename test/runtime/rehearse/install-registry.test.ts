import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InstallRegistry, startInstallRegistry } from '../../../src/runtime/rehearse/install-registry';
import { toolsIn } from '../../../src/runtime/rehearse/servers';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { EXAMPLE_DIR, REPO_ROOT, tempDir } from '../../support/fixtures';

/**
 * The registry a rehearsal's `npm ci` steps install from (real verdaccio, real npm): this library's build,
 * packed from this checkout and published to it, and everything else through its uplink, the npm registry
 * this machine uses. The example's own package.json and package-lock.json are what `npm ci` installs.
 */
const LIBRARY = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package.json'), 'utf8')) as { name: string; version: string; peerDependencies: Record<string, string> };
const LIBRARY_LOCK = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'package-lock.json'), 'utf8')) as { packages: Record<string, { version: string }> };
const EXAMPLE_PACKAGE = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, 'package.json'), 'utf8')) as { devDependencies?: Record<string, string> };
type LockEntry = { version: string; resolved?: string; integrity?: string; peerDependencies?: Record<string, string> };
const EXAMPLE_LOCK = JSON.parse(fs.readFileSync(path.join(EXAMPLE_DIR, 'package-lock.json'), 'utf8')) as { packages: Record<string, LockEntry> };

describe('the example declares what its workflows run, as a consumer of this library does', () => {
  it('GIVEN the example\'s package.json WHEN its devDependencies are read THEN they are this library at its version and its peer dependencies at the versions this repository locks', () => {
    expect(EXAMPLE_PACKAGE.devDependencies).toEqual({
      'projen-lockstep-release': LIBRARY.version,
      'projen': LIBRARY_LOCK.packages['node_modules/projen'].version,
      'constructs': LIBRARY_LOCK.packages['node_modules/constructs'].version,
    });
    for (const [peer, range] of Object.entries(LIBRARY.peerDependencies)) {
      expect(EXAMPLE_LOCK.packages['node_modules/projen-lockstep-release'].peerDependencies?.[peer], peer).toBe(range);
    }
  });

  it('GIVEN the example\'s package-lock.json WHEN the library\'s entry is read THEN it has no integrity (a rehearsal packs a fresh build, whose digest differs each time) and the others have theirs, with no registry URL', () => {
    const library = EXAMPLE_LOCK.packages['node_modules/projen-lockstep-release'];
    expect(library.version).toBe(LIBRARY.version);
    expect(library.integrity).toBeUndefined();
    for (const name of ['projen', 'constructs']) {
      const entry = EXAMPLE_LOCK.packages[`node_modules/${name}`];
      expect(entry.integrity, name).toMatch(/^sha512-/);
      // As `npm install --package-lock-only --offline` writes it (the example's bump test holds the lock to
      // that): npm ci takes the tarball from whichever registry it is pointed at.
      expect(entry.resolved, name).toBeUndefined();
    }
  });
});

describe('the install registry: this library\'s build, and the rest through the uplink (real verdaccio, real npm)', () => {
  let registry: InstallRegistry;
  let dir: string;
  let checkout: string;

  beforeAll(async () => {
    dir = tempDir('lockstep-install-registry-');
    registry = await startInstallRegistry(toolsIn(path.join(REPO_ROOT, '.tools')), dir, REPO_ROOT, new SpawnExec(process.env, REPO_ROOT));
    // The example's root install, as release.yml's "Install the lockstep CLI" step runs it, with an empty npm
    // cache: every tarball is asked of the install registry.
    checkout = tempDir('lockstep-install-checkout-');
    for (const f of ['package.json', 'package-lock.json']) fs.copyFileSync(path.join(EXAMPLE_DIR, f), path.join(checkout, f));
    for (const w of ['sdk/nodejs', 'desktop', 'examples/notes']) {
      fs.mkdirSync(path.join(checkout, w), { recursive: true });
      fs.copyFileSync(path.join(EXAMPLE_DIR, w, 'package.json'), path.join(checkout, w, 'package.json'));
    }
    execFileSync('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund'], {
      cwd: checkout,
      env: { ...process.env, NPM_CONFIG_REGISTRY: registry.url, NPM_CONFIG_CACHE: path.join(dir, 'npm-cache'), NPM_CONFIG_UPDATE_NOTIFIER: 'false' },
      stdio: 'pipe',
    });
  }, 300_000);

  afterAll(async () => {
    await registry?.stop();
    // Tens of MB (projen, twice: the npm cache and node_modules): not left to the OS.
    for (const d of [dir, checkout]) if (d) fs.rmSync(d, { recursive: true, force: true });
  });

  it('GIVEN the install registry WHEN asked after a long install THEN it keeps idle connections open for 600 s: a client reusing one must not meet a socket the server closed after Node\'s 5 s', async () => {
    const answer = await fetch(`${registry.url}-/ping`);
    expect(answer.status).toBe(200);
    expect(answer.headers.get('keep-alive')).toBe('timeout=600');
  });

  it('GIVEN the install registry WHEN it is asked for this library THEN it holds the build packed from this checkout, at the library\'s version', async () => {
    expect(registry.library).toBe(`projen-lockstep-release@${LIBRARY.version}`);
    const doc = (await (await fetch(`${registry.url}projen-lockstep-release`)).json()) as { 'versions': Record<string, unknown>; 'dist-tags': Record<string, string> };
    expect(Object.keys(doc.versions)).toEqual([LIBRARY.version]);
    expect(doc['dist-tags'].latest).toBe(LIBRARY.version);
  });

  it('GIVEN the example\'s npm ci against it WHEN node_modules is read THEN lockstep is this library\'s CLI, installed (a real directory), not linked to this checkout', () => {
    const installed = path.join(checkout, 'node_modules', 'projen-lockstep-release');
    expect(fs.lstatSync(installed).isDirectory()).toBe(true);
    expect(fs.realpathSync(installed)).toBe(installed);
    expect(fs.existsSync(path.join(installed, 'lib', 'runtime', 'cli.js'))).toBe(true);
    const help = execFileSync(path.join(checkout, 'node_modules', '.bin', 'lockstep'), ['--help'], { cwd: checkout, encoding: 'utf8' });
    expect(help).toContain('rehearse');
  });

  it('GIVEN the example\'s npm ci against it with an empty npm cache WHEN the install registry\'s storage is read THEN projen and constructs came through its uplink', () => {
    const storage = path.join(dir, 'verdaccio', 'storage');
    for (const name of ['projen', 'constructs']) {
      const version = EXAMPLE_LOCK.packages[`node_modules/${name}`].version;
      expect(fs.existsSync(path.join(storage, name, `${name}-${version}.tgz`)), name).toBe(true);
    }
    expect(fs.existsSync(path.join(checkout, 'node_modules', 'projen', 'package.json'))).toBe(true);
    expect(registry.uplink).toBe(execFileSync('npm', ['config', 'get', 'registry'], { cwd: REPO_ROOT, encoding: 'utf8' }).trim());
  });
});
