import * as path from 'path';
import { DEFAULT_MAX_NPM_BYTES, NpmPackListing, tarballPath, tarballProblems } from './npm-check';
import { Exec, Fs } from './ports';
import { ReleaseRun, RunProduct } from './run';
import { ProductKind, parseToml, pythonModuleProblem } from '../../model';

/** What packing a product gave: the file made, and why it must not be published, if anything. */
export interface Packed {
  readonly file?: string;
  readonly problems: string[];
}

/** wasm-pack's output directory (its default `--out-dir`, which the release's build keeps). */
const WASM_PACK_OUT = 'pkg';

/**
 * Packs an npm product into a tarball under `out` (`npm pack`, scripts off) and checks it (P4): the name
 * and version the release expects, no dependencies, build output or secrets inside, at most `maxBytes`
 * unpacked, and for a WASM package a `.wasm` file. wasm-pack names its package after the crate: the plan's npm name wins.
 * A WASM product whose own package.json wraps wasm-pack's output (`npmPackageDir`) is packed from its directory.
 */
export async function packNpm(run: ReleaseRun, product: RunProduct, deps: { exec: Exec; fs: Fs }, out: string,
  maxBytes = DEFAULT_MAX_NPM_BYTES): Promise<Packed> {
  const wasm = product.kind === ProductKind.WASM_PACK;
  const wrapper = wasm ? product.settings.npmPackageDir : undefined;
  const dir = wrapper ?? (wasm ? path.posix.join(product.path, WASM_PACK_OUT) : product.path);
  if (wrapper !== undefined) {
    if (!deps.fs.exists(path.posix.join(product.path, WASM_PACK_OUT, 'package.json'))) return { problems: [`${product.path}/${WASM_PACK_OUT} has no package.json: did wasm-pack build run?`] };
    dropWasmPackGitignore(product.path, deps.fs);
  }
  const text = deps.fs.read(`${dir}/package.json`);
  if (text === undefined) return { problems: [`${dir}/package.json does not exist${wasm ? ': did wasm-pack build run?' : ''}`] };
  const manifest = JSON.parse(text) as Record<string, unknown>;
  const expected = product.packages.find((k) => k.target === 'npm');
  const problems: string[] = [];
  if (wasm && wrapper === undefined && expected && manifest.name !== expected.name) {
    manifest.name = expected.name;
    deps.fs.write(`${dir}/package.json`, `${JSON.stringify(manifest, undefined, 2)}\n`);
  }
  if (expected && manifest.name !== expected.name) problems.push(`${dir}/package.json is named ${String(manifest.name)}, the plan says ${expected.name}`);
  if (manifest.version !== run.version) problems.push(`${dir}/package.json is at ${String(manifest.version)}, the release is ${run.version}`);
  deps.fs.mkdirp(out);
  // npm resolves --pack-destination from the directory it runs in.
  const r = await deps.exec.run('npm', ['pack', '--json', '--ignore-scripts', '--pack-destination', path.posix.relative(dir, out) || '.'], { cwd: dir });
  if (r.code !== 0) return { problems: [...problems, `npm pack exited ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`] };
  const [info] = JSON.parse(r.stdout) as NpmPackListing[];
  problems.push(...tarballProblems(info, 'package', maxBytes));
  if (wasm && !info.files.some((f) => f.path.endsWith('.wasm'))) problems.push('the WASM package has no .wasm file');
  return { file: tarballPath(out, info), problems };
}

/**
 * wasm-pack writes `pkg/.gitignore` holding `*` (so the build output is not committed; it has no option to
 * leave it out), and npm honours a nested .gitignore even for a directory package.json's `files` names: the
 * wrapping package would be packed without pkg/. Only that file, with that content, is removed.
 */
function dropWasmPackGitignore(crateDir: string, fs: Fs): void {
  const file = path.posix.join(crateDir, WASM_PACK_OUT, '.gitignore');
  if (fs.read(file)?.trim() === '*') fs.remove(file);
}

/** Library file names of a Rust library crate per platform family. */
function libraryFiles(lib: string, platform: string): { dynamic: string[]; other: string[] } {
  if (platform.startsWith('windows')) return { dynamic: [`${lib}.dll`], other: [`${lib}.dll.lib`, `${lib}.lib`] };
  if (platform.startsWith('macos')) return { dynamic: [`lib${lib}.dylib`], other: [`lib${lib}.a`] };
  return { dynamic: [`lib${lib}.so`], other: [`lib${lib}.a`] };
}

/** Which build of a C FFI library to pack, and where the tarball goes. */
export interface FfiBuild {
  readonly platform: string;
  readonly target: string;
  readonly out: string;
}

/** What `cargo metadata` says about the crates (the parts used here). */
interface CargoMetadata {
  readonly target_directory: string;
  readonly packages: Array<{ manifest_path: string; targets: Array<{ name: string; crate_types: string[] }> }>;
}

/**
 * A C FFI tarball for one platform: the shared library (which must exist: that is the smoke check), the
 * static library when built, and the header, as `<product>-<version>-<platform>.tar.gz` under `out`.
 */
export async function packFfi(run: ReleaseRun, product: RunProduct, build: FfiBuild, deps: { exec: Exec; fs: Fs }): Promise<Packed> {
  const { platform, target, out } = build;
  const meta = await deps.exec.run('cargo', ['metadata', '--no-deps', '--format-version', '1', '--manifest-path', `${product.path}/Cargo.toml`]);
  if (meta.code !== 0) return { problems: [`cargo metadata exited ${meta.code}: ${meta.stderr.trim()}`] };
  const data = JSON.parse(meta.stdout) as CargoMetadata;
  const manifest = deps.fs.resolve(`${product.path}/Cargo.toml`);
  const lib = data.packages.find((p) => path.resolve(p.manifest_path) === manifest)?.targets.find((t) => t.crate_types.some((c) => c === 'cdylib' || c === 'staticlib'));
  if (!lib) return { problems: [`${product.path}/Cargo.toml has no cdylib or staticlib target`] };
  const built = path.join(data.target_directory, target, 'release');
  const names = libraryFiles(lib.name.replace(/-/g, '_'), platform);
  const problems = names.dynamic.filter((f) => !deps.fs.exists(path.join(built, f))).map((f) => `${path.join(built, f)} was not built`);
  const header = product.settings.header ? path.posix.join(product.path, product.settings.header) : undefined;
  if (header && !deps.fs.exists(header)) problems.push(`the header ${header} does not exist`);
  if (problems.length > 0) return { problems };
  const name = `${product.name}-${run.version}-${platform}`;
  const stage = path.posix.join('.lockstep', 'ffi', name);
  for (const f of [...names.dynamic, ...names.other].filter((x) => deps.fs.exists(path.join(built, x)))) deps.fs.copy(path.join(built, f), `${stage}/lib/${f}`);
  if (header) deps.fs.copy(header, `${stage}/include/${path.posix.basename(header)}`);
  deps.fs.mkdirp(out);
  const file = path.posix.join(out, `${name}.tar.gz`);
  // tar opens the archive before -C changes directory: both paths are relative to the workspace.
  const tar = await deps.exec.run('tar', ['-czf', file, '-C', stage, '.']);
  return tar.code === 0 ? { file, problems: [] } : { problems: [`tar exited ${tar.code}: ${tar.stderr.trim()}`] };
}

/**
 * The top-level import name of a maturin package: `tool.maturin.module-name`'s first part, else the project
 * name with `-` as `_`. It comes from the repository, so it must be a Python module name; anything else is
 * refused with the reason, never handed to Python.
 */
export function pythonModuleOf(pyproject: string, file: string, project: string): { module: string } | { problem: string } {
  const doc = parseToml(file, pyproject) as { tool?: { maturin?: { 'module-name'?: unknown } } };
  const declared = doc.tool?.maturin?.['module-name'];
  const name = declared === undefined ? project.replace(/-/g, '_') : declared;
  const problem = typeof name === 'string' ? pythonModuleProblem(name) : 'is not text';
  if (problem !== undefined) {
    const what = declared === undefined ? `the project name ${JSON.stringify(project)}` : `tool.maturin.module-name ${JSON.stringify(declared)}`;
    return { problem: `${file}: ${what} ${problem}; the wheel was not imported.` };
  }
  return { module: (name as string).split('.')[0] };
}
