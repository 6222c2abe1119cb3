import * as path from 'path';
import { pythonModuleOf } from './pack';
import { Exec, Fs } from './ports';
import { RunProduct } from './run';
import { ProductKind, PublishTarget } from '../../model';

/** Imports the module named by the first argument. */
const IMPORT_ARGV1 = 'import importlib, sys; importlib.import_module(sys.argv[1])';

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
    const install = await deps.exec.run('python', ['-m', 'pip', 'install', '--no-index', '--find-links', path.posix.join(product.path, 'dist'), '--force-reinstall', `${pkg.name}==${pkg.version}`]);
    if (install.code !== 0) return [`pip could not install ${pkg.name}==${pkg.version} from the built wheels: ${install.stderr.trim().split('\n').slice(-2).join(' | ')}`];
    // The code is fixed; the module name is data, passed as an argument.
    const load = await deps.exec.run('python', ['-c', IMPORT_ARGV1, found.module]);
    return load.code === 0 ? [] : [`import ${found.module} failed: ${load.stderr.trim().split('\n').slice(-1)[0]}`];
  }
  if (product.kind === ProductKind.NAPI) {
    const load = await deps.exec.run('node', ['-e', 'require(process.argv[1])', deps.fs.resolve(product.path)]);
    return load.code === 0 ? [] : [`loading ${product.path} failed: ${load.stderr.trim().split('\n').slice(0, 2).join(' | ')}`];
  }
  return [`no smoke test for a ${product.kind} product`];
}
