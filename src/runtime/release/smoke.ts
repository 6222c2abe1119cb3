import * as path from 'path';
import { pythonModuleOf } from './pack';
import { Exec, Fs } from './ports';
import { RunProduct } from './run';
import { ProductKind, PublishTarget } from '../../model';

/** Imports the module named by the first argument. */
const IMPORT_ARGV1 = 'import importlib, sys; importlib.import_module(sys.argv[1])';

/**
 * Imports every top-level module the installed distribution named by the first argument holds, as its
 * RECORD lists them (a pure-Python wheel's modules are whatever its backend packed, which no one setting
 * names). The wheel is installed without its dependencies (a pinned product may not be on the index yet),
 * so a module missing from outside the distribution is reported on stdout and not a failure; anything
 * else that fails an import exits 1 with the error.
 */
export const IMPORT_DISTRIBUTION_ARGV1 = [
  'import importlib, importlib.metadata as md, sys',
  'files = md.distribution(sys.argv[1]).files or []',
  "tops = sorted({f.parts[0][:-3] if f.parts[0].endswith('.py') else f.parts[0] for f in files if f.parts and f.parts[0] not in ('..', '__pycache__')"
    + " and not f.parts[0].endswith(('.dist-info', '.data', '.pth')) and (len(f.parts) > 1 or f.parts[0].endswith('.py'))})",
  "if not tops: sys.exit('the wheel holds no module to import')",
  'for t in tops:',
  '    try: importlib.import_module(t)',
  '    except ModuleNotFoundError as e:',
  "        if (e.name or '').split('.')[0] in tops: raise",
  "        print(f'{t}: not imported, it needs {e.name}, a dependency the smoke test does not install')",
  "    else: print(f'{t}: imported')",
].join('\n');

/**
 * Installs or loads what a build job made, on the platform it was built for, before it is uploaded:
 * a wheel is installed from the build output only (`--no-index`) and imported; a napi-rs package is
 * required, which loads this platform's binary. Returns the problems (empty when it works).
 */
export async function smokeTest(product: RunProduct, deps: { exec: Exec; fs: Fs }): Promise<string[]> {
  if (product.kind === ProductKind.MATURIN) {
    const pkg = product.packages.find((k) => k.target === PublishTarget.PYPI);
    const pyproject = deps.fs.read(`${product.path}/pyproject.toml`);
    if (!pkg || pyproject === undefined) return [`${product.path}/pyproject.toml is missing`];
    const found = pythonModuleOf(pyproject, `${product.path}/pyproject.toml`, pkg.name);
    if ('problem' in found) return [found.problem];
    const installed = await installWheel(product, pkg, [], deps.exec);
    if (installed !== undefined) return [installed];
    // The code is fixed; the module name is data, passed as an argument.
    const load = await deps.exec.run('python', ['-c', IMPORT_ARGV1, found.module]);
    return load.code === 0 ? [] : [`import ${found.module} failed: ${load.stderr.trim().split('\n').slice(-1)[0]}`];
  }
  if (product.kind === ProductKind.PYTHON_PACKAGE) {
    const pkg = product.packages.find((k) => k.target === PublishTarget.PYPI);
    if (!pkg) return [`${product.name} has no PyPI package in the release decision`];
    const installed = await installWheel(product, pkg, ['--no-deps'], deps.exec);
    if (installed !== undefined) return [installed];
    const load = await deps.exec.run('python', ['-c', IMPORT_DISTRIBUTION_ARGV1, pkg.name]);
    return load.code === 0 ? [] : [`importing the modules of ${pkg.name} failed: ${load.stderr.trim().split('\n').slice(-1)[0]}`];
  }
  if (product.kind === ProductKind.NAPI) {
    const load = await deps.exec.run('node', ['-e', 'require(process.argv[1])', deps.fs.resolve(product.path)]);
    return load.code === 0 ? [] : [`loading ${product.path} failed: ${load.stderr.trim().split('\n').slice(0, 2).join(' | ')}`];
  }
  return [`no smoke test for a ${product.kind} product`];
}

/** Installs the release version of a product's wheel from its build output only, or says why it could not. */
async function installWheel(product: RunProduct, pkg: { name: string; version: string }, flags: readonly string[],
  exec: Exec): Promise<string | undefined> {
  const dist = path.posix.join(product.path, 'dist');
  const install = await exec.run('python', ['-m', 'pip', 'install', '--no-index', '--find-links', dist, '--force-reinstall', ...flags, `${pkg.name}==${pkg.version}`]);
  return install.code === 0 ? undefined : `pip could not install ${pkg.name}==${pkg.version} from the built wheels: ${install.stderr.trim().split('\n').slice(-2).join(' | ')}`;
}
