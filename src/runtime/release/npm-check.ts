import * as path from 'path';
import { napiLayoutArgs } from './npm';
import { Exec, Fs } from './ports';
import { ReleaseRun, RunProduct, productsInOrder } from './run';
import { lastLines } from './tool-output';
import { DEFAULT_MAX_NPM_PACKAGE_BYTES, ProductKind, PublishTarget, isTable, napiPlatformSuffix, napiTargetsOf, parseJson } from '../../model';

/** Largest unpacked npm package accepted unless the release says otherwise (`release.maxNpmPackageBytes`). */
export const DEFAULT_MAX_NPM_BYTES = DEFAULT_MAX_NPM_PACKAGE_BYTES;

/** What `npm pack --json` (with or without `--dry-run`) says about one tarball (the parts used here). */
export interface NpmPackListing {
  readonly filename: string;
  readonly unpackedSize: number;
  readonly files: ReadonlyArray<{ readonly path: string }>;
}

/** Which rules a tarball is held to besides the common ones. */
export type NpmTarballRole = 'package' | 'napi-main' | 'napi-platform';

/** Paths an npm tarball must never contain (P4, S3). */
const NPM_NEVER = /(^|\/)(node_modules|target|\.git)\/|(^|\/)\.npmrc$|(^|\/)\.env(\..*)?$/;
/** Rust sources and manifests: they belong to the crate, never to an npm package built from it (P13). */
const RUST_SOURCES = /(^|\/)[^/]+\.rs$|(^|\/)Cargo\.(toml|lock)$/;

/**
 * The problems of one tarball listing: nothing that must never ship (dependencies, build trees, secrets),
 * no more than `maxBytes` unpacked, and for napi-rs packages (P13) no Rust sources, no platform binary in
 * the main package (each belongs to its platform package) and its own binary in each platform package.
 */
export function tarballProblems(listing: NpmPackListing, role: NpmTarballRole, maxBytes: number, binary?: string): string[] {
  const files = listing.files.map((f) => f.path);
  const problems: string[] = [];
  const list = (xs: string[]) => `${xs.slice(0, 5).join(', ')}${xs.length > 5 ? ` and ${xs.length - 5} more` : ''}`;
  const never = files.filter((f) => NPM_NEVER.test(f));
  if (never.length > 0) problems.push(`the tarball contains ${list(never)}; add a "files" list to package.json`);
  if (listing.unpackedSize > maxBytes) problems.push(`the package unpacks to ${listing.unpackedSize} bytes, over the limit of ${maxBytes}; check its "files" list (or raise release.maxNpmPackageBytes)`);
  if (role === 'package') return problems;
  const rust = files.filter((f) => RUST_SOURCES.test(f));
  if (rust.length > 0) problems.push(`the tarball contains the Rust sources ${list(rust)}; list only the JavaScript and type files in package.json "files"`);
  if (role === 'napi-main') {
    const binaries = files.filter((f) => f.endsWith('.node'));
    if (binaries.length > 0) problems.push(`the main package would ship the platform binaries ${list(binaries)}; each belongs in its platform package: leave *.node out of package.json "files"`);
  } else if (binary !== undefined) {
    if (!files.includes(binary)) problems.push(`the platform package does not contain its binary ${binary}; name it in package.json "files"`);
    const others = files.filter((f) => f.endsWith('.node') && f !== binary);
    if (others.length > 0) problems.push(`the platform package would also ship ${list(others)}; it carries exactly its own binary ${binary}`);
  }
  return problems;
}

/** The package.json fields of a napi-rs platform package that decide where npm installs it and what it loads. */
export interface NapiPlatformExpectation {
  /** `<napi packageName or main package name>-<platform>`, the name the main package's optional dependency names. */
  readonly name: string;
  readonly version: string;
  /** The napi platform suffix, e.g. `linux-x64-gnu`: its first part is npm's `os`, its second `cpu`. */
  readonly platform: string;
  /** The binary `napi build --platform` makes for it, which `main` must name. */
  readonly binary: string;
}

/** The problems of a napi-rs platform package.json: name, version, os/cpu and main as the release needs them. */
export function platformManifestProblems(manifest: Record<string, unknown>, expected: NapiPlatformExpectation): string[] {
  const problems: string[] = [];
  const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
  if (manifest.name !== expected.name) problems.push(`its name is ${show(manifest.name)}, not ${JSON.stringify(expected.name)} (the main package's optional dependency)`);
  if (manifest.version !== expected.version) problems.push(`its version is ${show(manifest.version)}, not the release's ${expected.version}`);
  const [os, cpu] = expected.platform.split('-');
  if (!sameList(manifest.os, [os])) problems.push(`its "os" is ${show(manifest.os)}, not ["${os}"]: npm would install it on the wrong systems`);
  if (cpu !== 'universal' && !sameList(manifest.cpu, [cpu])) problems.push(`its "cpu" is ${show(manifest.cpu)}, not ["${cpu}"]: npm would install it on the wrong machines`);
  if (manifest.main !== expected.binary) problems.push(`its "main" is ${show(manifest.main)}, not ${JSON.stringify(expected.binary)}: the binary would not load`);
  return problems;
}

function sameList(value: unknown, expected: string[]): boolean {
  return Array.isArray(value) && value.length === expected.length && value.every((v, i) => v === expected[i]);
}

/** One npm package of the run, as `npm pack --dry-run` would pack it. */
export interface NpmPackageCheck {
  readonly product: string;
  /** The package's directory. */
  readonly dir: string;
  readonly files: number;
  readonly bytes: number;
  readonly problems: string[];
}

/**
 * Checks every npm package the run still has to publish before the approval (P4, P13), from what
 * `npm pack --dry-run --json` lists: plain npm packages, and a napi-rs product's main package and its
 * platform packages. Platform packages kept in the repository (`npm/<platform>`, napi-rs v2 layouts) are
 * checked as they are; when the repository keeps none (napi-rs v3 makes them at publish time), the
 * product's own napi CLI lays them out here with the command the publish job runs, and they are removed
 * again after the check. The napi binaries are not built in this job: an empty stand-in of each
 * platform's binary, named as `napi build --platform` names it, sits in the package directory while npm
 * lists it, as the real ones do when the publish job packs it.
 * WASM packages exist only once wasm-pack has built them: their build job checks them (`pack-npm`).
 */
export async function checkNpmPackages(run: ReleaseRun, deps: { exec: Exec; fs: Fs }, maxBytes: number): Promise<NpmPackageCheck[]> {
  const checks: NpmPackageCheck[] = [];
  for (const product of productsInOrder(run)) {
    const npm = product.packages.find((k) => k.target === PublishTarget.NPM);
    if (!npm || npm.state === 'published') continue;
    if (product.kind === ProductKind.NPM_PACKAGE) checks.push(await checkDir(product.name, product.path, 'package', deps, maxBytes));
    if (product.kind === ProductKind.NAPI) checks.push(...await checkNapi(product, npm.version, deps, maxBytes));
  }
  return checks;
}

async function checkNapi(product: RunProduct, version: string, deps: { exec: Exec; fs: Fs }, maxBytes: number): Promise<NpmPackageCheck[]> {
  const file = `${product.path}/package.json`;
  const text = deps.fs.read(file);
  if (text === undefined) return [{ product: product.name, dir: product.path, files: 0, bytes: 0, problems: [`${file} does not exist`] }];
  const manifest = parseJson(file, text) as { name?: unknown; napi?: unknown };
  const config = isTable(manifest.napi) ? manifest.napi : {};
  // napi-rs v3 calls it binaryName, v2 name; both default to "index".
  const binaryName = typeof config.binaryName === 'string' ? config.binaryName : typeof config.name === 'string' ? config.name : 'index';
  const suffixes = [...new Set(napiTargetsOf(manifest.napi, product.settings.napiCli === '2' ? 2 : 3).map(napiPlatformSuffix))];
  const binaries = (suffixes.length > 0 ? suffixes : ['linux-x64-gnu']).map((s) => `${binaryName}.${s}.node`);
  const staged = binaries.map((b) => `${product.path}/${b}`).filter((b) => !deps.fs.exists(b));
  for (const b of staged) deps.fs.write(b, '');
  let main: NpmPackageCheck;
  try {
    main = await checkDir(product.name, product.path, 'napi-main', deps, maxBytes);
  } finally {
    for (const b of staged) deps.fs.remove(b);
  }
  const napiPackage = typeof config.packageName === 'string' ? config.packageName
    : isTable(config.package) && typeof config.package.name === 'string' ? config.package.name : String(manifest.name);
  const npmDir = `${product.path}/npm`;
  const platformDirs = () => deps.fs.list(npmDir).filter((d) => deps.fs.exists(`${npmDir}/${d}/package.json`)).sort();
  const kept = platformDirs();
  if (kept.length > 0) return [main, ...await checkPlatforms(product, kept, { napiPackage, binaryName, version }, deps, maxBytes)];
  // None kept in the repository: napi makes them at publish time, so make them now the same way (P13).
  const before = new Set(deps.fs.list(npmDir));
  const args = napiLayoutArgs(product);
  try {
    const r = await deps.exec.run('npx', ['--no-install', 'napi', ...args], { cwd: product.path });
    const made = platformDirs();
    if (r.code !== 0 || made.length === 0) {
      const why = r.code !== 0 ? `exited ${r.code}: ${lastLines(`${r.stdout}\n${r.stderr}`)}` : `made no platform package under ${npmDir}`;
      return [main, { product: product.name, dir: npmDir, files: 0, bytes: 0, problems: [`napi ${args.join(' ')} (what the publish job runs to make the platform packages) ${why}`] }];
    }
    const missing = suffixes.filter((s) => !made.includes(s));
    const checks = await checkPlatforms(product, made, { napiPackage, binaryName, version }, deps, maxBytes);
    if (missing.length > 0) checks.push({ product: product.name, dir: npmDir, files: 0, bytes: 0, problems: [`napi ${args.join(' ')} made no platform package for ${missing.join(', ')}, which package.json "napi" lists`] });
    return [main, ...checks];
  } finally {
    for (const d of deps.fs.list(npmDir).filter((x) => !before.has(x))) deps.fs.remove(`${npmDir}/${d}`);
    if (before.size === 0) deps.fs.remove(npmDir);
  }
}

/** Each platform package in `<product>/npm/<platform>`: its tarball (exactly its one binary) and its package.json. */
async function checkPlatforms(product: RunProduct, platforms: readonly string[], napi: { napiPackage: string; binaryName: string; version: string },
  deps: { exec: Exec; fs: Fs }, maxBytes: number): Promise<NpmPackageCheck[]> {
  const checks: NpmPackageCheck[] = [];
  const npmDir = `${product.path}/npm`;
  for (const platform of platforms) {
    const dir = `${npmDir}/${platform}`;
    const binary = `${napi.binaryName}.${platform}.node`;
    const stand = `${dir}/${binary}`;
    const stage = !platform.startsWith('wasm32') && !deps.fs.exists(stand);
    if (stage) deps.fs.write(stand, '');
    try {
      const check = await checkDir(product.name, dir, 'napi-platform', deps, maxBytes, platform.startsWith('wasm32') ? undefined : binary);
      const manifestFile = `${dir}/package.json`;
      const manifest = parseJson(manifestFile, deps.fs.read(manifestFile) ?? '{}');
      const fields = platform.startsWith('wasm32') ? []
        : platformManifestProblems(manifest, { name: `${napi.napiPackage}-${platform}`, version: napi.version, platform, binary });
      checks.push({ ...check, problems: [...check.problems, ...fields.map((p) => `${manifestFile}: ${p}`)] });
    } finally {
      if (stage) deps.fs.remove(stand);
    }
  }
  return checks;
}

async function checkDir(product: string, dir: string, role: NpmTarballRole, deps: { exec: Exec; fs: Fs }, maxBytes: number,
  binary?: string): Promise<NpmPackageCheck> {
  const r = await deps.exec.run('npm', ['pack', '--dry-run', '--json', '--ignore-scripts'], { cwd: dir });
  if (r.code !== 0) return { product, dir, files: 0, bytes: 0, problems: [`npm pack --dry-run exited ${r.code}: ${r.stderr.trim().split('\n').slice(-2).join(' | ')}`] };
  const [listing] = JSON.parse(r.stdout) as NpmPackListing[];
  return { product, dir, files: listing.files.length, bytes: listing.unpackedSize, problems: tarballProblems(listing, role, maxBytes, binary) };
}

/** The npm tarball file name `npm pack` writes for a listing, under `out`. */
export function tarballPath(out: string, listing: NpmPackListing): string {
  return path.posix.join(out, path.posix.basename(listing.filename.replace(/^@/, '').replace(/\//, '-')));
}
