import { ManifestCache } from './manifest-cache';
import { Product } from './product';
import { dirOf, joinRepoPath } from './repo';
import { discoveredSigning } from './tauri-signing';

/**
 * Proposes products for a repository whose `.projenrc.ts` declares none (as right after
 * `npx projen new --from projen-lockstep-release`), the way release-plz finds workspace crates: every
 * crate, Go module and versioned npm package becomes a product of the kind its manifests point to. The
 * proposal is only a start: declaring products explicitly is how a maintainer takes control.
 */
export function discoverProducts(cache: ManifestCache, included: (file: string) => boolean): Product[] {
  const products: Array<{ path: string; product: Product }> = [];
  const claimed = new Set<string>();
  const add = (path: string, product: Product, ...files: string[]) => {
    products.push({ path, product });
    files.forEach((f) => claimed.add(f));
  };
  // A maturin package is its pyproject.toml and the crate `[tool.maturin].manifest-path` names (default:
  // the Cargo.toml beside it). A crate beside that pyproject.toml is not the maturin crate when
  // manifest-path points elsewhere: it stays a crate of its own.
  for (const file of cache.repo.findFiles(['pyproject.toml']).filter(included)) {
    const py = cache.pyproject(file);
    if (py?.buildBackend !== 'maturin') continue;
    const crateFile = joinRepoPath(dirOf(file), py.maturinManifestPath ?? 'Cargo.toml');
    if (!included(crateFile) || claimed.has(crateFile) || cache.cargo(crateFile)?.packageName === undefined) continue;
    add(dirOf(file), Product.maturin({ path: dirOf(file) }), file, crateFile);
  }
  for (const file of cache.repo.findFiles(['Cargo.toml']).filter(included)) {
    const crate = cache.cargo(file);
    if (crate?.packageName === undefined || claimed.has(file)) continue;
    const dir = dirOf(file);
    const at = (f: string) => joinRepoPath(dir, f);
    const isLibrary = crate.crateTypes.some((t) => t === 'cdylib' || t === 'staticlib');
    if (cache.npm(at('package.json'))?.napi) {
      add(dir, Product.napi({ path: dir }), at('package.json'));
    } else if (dir.split('/').pop() === 'src-tauri' && cache.tauri(at('tauri.conf.json'))) {
      add(dirOf(dir), Product.tauriApp({ path: dirOf(dir), signing: discoveredSigning(cache.tauri(at('tauri.conf.json'))) }), joinRepoPath(dirOf(dir), 'package.json'));
    } else if (cache.tauri(at('tauri.conf.json'))) {
      // A flat Tauri app: tauri.conf.json beside Cargo.toml, its front end elsewhere (StarStats' tray).
      add(dir, Product.tauriApp({ path: dir, signing: discoveredSigning(cache.tauri(at('tauri.conf.json'))) }));
    } else if (isLibrary && (crate.raw.package as Record<string, unknown>)?.metadata !== undefined && /wasm/.test(crate.packageName)) {
      add(dir, Product.wasmPack({ path: dir }));
    } else if (isLibrary && /(-ffi|-c|-capi)$/.test(crate.packageName)) {
      add(dir, Product.cFfi({ path: dir }));
    } else {
      add(dir, Product.rustCrate({ path: dir }));
    }
  }
  // Go serves a module version only from the directory its path names: a go.mod whose path does not end
  // with its directory (an example with a local name such as `example-hello`) is not something to release.
  for (const file of cache.repo.findFiles(['go.mod']).filter(included)) {
    const dir = dirOf(file);
    const module = cache.goMod(file)?.module;
    if (module === undefined || (dir !== '.' && !module.replace(/\/v\d+$/, '').endsWith(`/${dir}`))) continue;
    add(dir, Product.goModule({ path: dir }));
  }
  for (const file of cache.repo.findFiles(['package.json']).filter(included)) {
    const pkg = cache.npm(file);
    if (claimed.has(file) || pkg?.name === undefined || pkg.version === undefined) continue;
    add(dirOf(file), Product.npmPackage({ path: dirOf(file) }));
  }
  return products.sort((a, b) => (a.path === b.path ? 0 : a.path === '.' ? -1 : b.path === '.' ? 1 : a.path < b.path ? -1 : 1)).map((p) => p.product);
}
