import * as os from 'os';
import * as path from 'path';
import { pythonModuleOf } from './pack';
import { Exec, Fs, Log } from './ports';
import { RunProduct } from './run';
import { PublishTarget, TOOL_VERSIONS } from '../../model';

/** Prints where the module named by the first argument would be imported from. */
const ORIGIN_ARGV1 = 'import importlib.util, sys; print(importlib.util.find_spec(sys.argv[1]).origin)';

/** What to test: the built wheels, the product's tests, and what else the tests need. */
export interface WheelTestOptions {
  /** Directory holding the wheels a build leg made. */
  readonly dist: string;
  /** The product's tests, a repository path. */
  readonly tests: string;
  /** Requirements pip installs besides pytest (the tests' plugins). */
  readonly requirements: readonly string[];
}

/**
 * Runs a maturin product's own tests with pytest against its built wheel, installed, on the interpreter
 * and platform of the job (seed 001 FR4, FR8): the wheel comes from the build output only, its
 * dependencies from the index, and pytest runs outside the checkout with `--import-mode=importlib`, so the
 * tests import the installed package, never the sources beside them. Returns the problems (empty: passed).
 */
export async function testWheel(product: RunProduct, options: WheelTestOptions, deps: { exec: Exec; fs: Fs; log: Log }): Promise<string[]> {
  const pkg = product.packages.find((k) => k.target === PublishTarget.PYPI);
  const pyprojectFile = `${product.path}/pyproject.toml`;
  const pyproject = deps.fs.read(pyprojectFile);
  if (!pkg || pyproject === undefined) return [`${pyprojectFile} is missing`];
  const found = pythonModuleOf(pyproject, pyprojectFile, pkg.name);
  if ('problem' in found) return [found.problem];
  if (deps.fs.list(options.tests).length === 0) return [`${options.tests} holds no tests; point the release's wheel tests at the product's tests, or turn them off`];
  const requirement = `${pkg.name}==${pkg.version}`;
  const pip = (args: string[]) => deps.exec.run('python', ['-m', 'pip', 'install', '--disable-pip-version-check', ...args]);
  const wheel = await pip(['--no-index', '--no-deps', '--force-reinstall', '--find-links', deps.fs.resolve(options.dist), requirement]);
  if (wheel.code !== 0) return [`pip found no wheel of ${requirement} for this interpreter in ${options.dist}: ${lastLines(wheel.stderr)}`];
  const rest = await pip([requirement, `pytest==${TOOL_VERSIONS.pytest}`, ...options.requirements]);
  if (rest.code !== 0) return [`pip could not install the dependencies of ${requirement} and the tests: ${lastLines(rest.stderr)}`];
  // Outside the checkout, where neither the current directory nor a tests folder puts the sources first.
  const outside = os.tmpdir();
  const origin = await deps.exec.run('python', ['-c', ORIGIN_ARGV1, found.module.split('.')[0]], { cwd: outside });
  const checkout = deps.fs.resolve('.');
  if (origin.code !== 0) return [`the installed ${pkg.name} has no module ${found.module}: ${lastLines(origin.stderr)}`];
  if (path.resolve(origin.stdout.trim()).startsWith(checkout + path.sep)) return [`${found.module} imports from the checkout (${origin.stdout.trim()}), not from the installed wheel`];
  deps.log.info(`${product.name}: testing ${requirement} installed from ${origin.stdout.trim()}`);
  const run = await deps.exec.run('python', ['-m', 'pytest', '--import-mode=importlib', '-p', 'no:cacheprovider', '-q', deps.fs.resolve(options.tests)], { cwd: outside });
  deps.log.info(run.stdout.trimEnd());
  if (run.code === 0) return [];
  return [`pytest failed against the installed ${requirement} (exit ${run.code}): ${lastLines(run.stdout, 6)}`];
}

function lastLines(text: string, n = 2): string {
  return text.trim().split('\n').slice(-n).join(' | ');
}
