import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Exec, Fs, Log } from './ports';
import { RunProduct } from './run';
import { PublishTarget, isInsideRepo } from '../../model';

/** What to test: the packed tarball and the product's tests. */
export interface NpmTestOptions {
  /** Directory holding the tarball the build packed. */
  readonly dist: string;
  /** The product's tests, a repository path inside the product's directory. */
  readonly tests: string;
}

/** The file name `npm pack` gives a package's tarball (`@scope/name` → `scope-name-1.0.0.tgz`). */
export function packedFileName(name: string, version: string): string {
  return `${name.replace(/^@/, '').replace(/\//, '-')}-${version}.tgz`;
}

/**
 * Runs a plain npm package's own `npm test` against its packed tarball before the approval (issue 16, next
 * to the wheel tests): the tarball is unpacked outside the checkout and only the product's test folder is
 * added to it, so the tests import the files the registry would serve; a file the package forgot to pack
 * fails them instead of being found in the checkout. Dependencies come from the registry, with the
 * product's package-lock.json when it has one (`npm ci`), and with scripts off: the package's own
 * `prepare` would rebuild from the sources, which are not what is published. Returns the problems (empty: passed).
 */
export async function testNpmTarball(product: RunProduct, options: NpmTestOptions, deps: { exec: Exec; fs: Fs; log: Log }): Promise<string[]> {
  const pkg = product.packages.find((k) => k.target === PublishTarget.NPM);
  if (!pkg) return [`${product.name} publishes no npm package`];
  const rel = path.posix.relative(product.path === '.' ? '' : product.path, options.tests);
  if (!isInsideRepo(options.tests) || rel === '' || rel.startsWith('..')) return [`${options.tests} is not a folder inside ${product.path}, the package's directory`];
  if (deps.fs.list(options.tests).length === 0) return [`${options.tests} holds no tests; point the release's npm tests at the product's tests, or turn them off`];
  const tarball = path.posix.join(options.dist, packedFileName(pkg.name, pkg.version));
  if (!deps.fs.exists(tarball)) return [`the build packed no ${path.posix.basename(tarball)} into ${options.dist}`];

  // Outside the checkout: nothing of the sources is on a path the tests resolve.
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lockstep-npm-test-'));
  try {
    return await testUnpacked(product, pkg, tarball, rel, work, options, deps);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

async function testUnpacked(product: RunProduct, pkg: { name: string; version: string }, tarball: string, rel: string, work: string,
  options: NpmTestOptions, deps: { exec: Exec; fs: Fs; log: Log }): Promise<string[]> {
  const unpacked = path.join(work, 'package');
  const untar = await deps.exec.run('tar', ['--extract', '--gzip', '--file', deps.fs.resolve(tarball), '--directory', work]);
  if (untar.code !== 0 || !fs.existsSync(path.join(unpacked, 'package.json'))) return [`${tarball} does not unpack into package/: ${lastLines(untar.stderr)}`];
  const copied = await deps.exec.run('cp', ['-R', deps.fs.resolve(options.tests), path.join(unpacked, rel)]);
  if (copied.code !== 0) return [`could not copy ${options.tests} beside the unpacked package: ${lastLines(copied.stderr)}`];
  const lockfile = path.posix.join(product.path, 'package-lock.json');
  const locked = deps.fs.exists(lockfile) && !fs.existsSync(path.join(unpacked, 'package-lock.json'));
  if (locked) fs.copyFileSync(deps.fs.resolve(lockfile), path.join(unpacked, 'package-lock.json'));
  const install = await deps.exec.run('npm', [locked ? 'ci' : 'install', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: unpacked });
  if (install.code !== 0) return [`npm ${locked ? 'ci' : 'install'} of ${pkg.name}@${pkg.version}'s dependencies failed (exit ${install.code}): ${lastLines(install.stderr)}`];

  deps.log.info(`${product.name}: running npm test in ${pkg.name}@${pkg.version} unpacked from ${tarball}, with ${options.tests} added`);
  const run = await deps.exec.run('npm', ['test'], { cwd: unpacked, env: { CI: 'true' } });
  deps.log.info(`${run.stdout.trimEnd()}\n${run.stderr.trimEnd()}`.trim());
  if (run.code === 0) return [];
  return [`npm test failed against the packed ${pkg.name}@${pkg.version} (exit ${run.code}): ${lastLines(`${run.stdout}\n${run.stderr}`, 6)}`];
}

function lastLines(text: string, n = 2): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
