import { LockstepConfigError } from './errors';
import { tagGlobOf, tagPrefixMatches, tagPrefixStart } from './identifiers';
import { Product, ProductKind } from './product';
import { isInsideRepo } from './repo';
import { ResolvedProduct } from './resolve-product';

/** Checks a declared product's path before anything is read. */
export function validateProductPath(product: Product, option: string): void {
  if (typeof product.path !== 'string' || product.path.trim() === '') {
    throw new LockstepConfigError(`${option}.path: a product needs a path relative to the repository root ('.' for the root).`);
  }
  if (!isInsideRepo(product.path)) {
    throw new LockstepConfigError(
      `${option}.path: '${product.path}' is outside the repository. Give a path relative to the repository root, such as 'sdk/python'.`,
    );
  }
}

/** Checks one track's resolved products against each other. */
export function validateProducts(products: readonly ResolvedProduct[], umbrella: { option: string; prefix: string }): void {
  unique(products, (p) => p.name, (a, b, name) =>
    `${b.option}: product name '${name}' is already used by ${a.option} (${a.kind} at '${a.path}'). Set \`name\` on one of them.`);
  unique(products, (p) => p.tagPrefix, (a, b, prefix) =>
    `${b.option}.tagPrefix: '${prefix}' is already the tag prefix of ${a.option} ('${a.name}'). Give one of them another \`tagPrefix\`.`);
  unique(products.flatMap((p) => manifestsOf(p).map((file) => ({ p, file }))), (x) => x.file, (a, b, file) =>
    twoRegistries(a.p, b.p, file) ??
    `${b.p.option}: manifest ${file} is already claimed by ${a.p.option} ('${a.p.name}'). A manifest belongs to one product: fix one product's \`path\` or kind.`);
  checkUmbrellaShared(products, umbrella);
  const prefixes = [{ option: umbrella.option, name: 'umbrella', prefix: umbrella.prefix }, ...products.map((p) => ({ option: `${p.option}.tagPrefix`, name: p.name, prefix: p.tagPrefix }))];
  for (const a of prefixes) {
    for (const b of prefixes) {
      // An umbrella prefix equal to a product's is a shared tag (a one-product track, like seed 002's tray);
      // with more products checkUmbrellaShared has refused it already.
      const sharedUmbrella = a.prefix === b.prefix && (a.name === 'umbrella' || b.name === 'umbrella');
      if (a !== b && !sharedUmbrella && tagPrefixMatches(a.prefix, b.prefix)) {
        throw new LockstepConfigError(
          `${b.option}: tag prefix '${b.prefix}' (${b.name}) starts with ${tagPrefixStart(a.prefix)} (${a.name}, ${a.option}), so a tag glob '${tagGlobOf(a.prefix)}' also matches ` +
            `${b.name}'s tags. Choose prefixes where neither starts with the other (for example '${b.name}-v' or a different umbrella prefix).`,
        );
      }
    }
  }
}

/**
 * A one-product track may share its umbrella tag with its product (seed 002's tray: `tray-v1.2.3` is both).
 * With more products the umbrella tag stands for the whole track and the product's tag for the product
 * alone: one name for both collides, so the second tag of a release cannot be made.
 */
function checkUmbrellaShared(products: readonly ResolvedProduct[], umbrella: { option: string; prefix: string }): void {
  if (products.length < 2) return;
  const shared = products.find((p) => p.tagPrefix === umbrella.prefix);
  if (shared === undefined) return;
  const fix = shared.kind === ProductKind.GO_MODULE
    ? `Go fixes the tag prefix of the module at '${shared.path}', so change \`${umbrella.option}\` (for example to 'release-v')`
    : `Give ${shared.name} its own \`tagPrefix\` (for example '${shared.name}-v'), or change \`${umbrella.option}\``;
  throw new LockstepConfigError(
    `${shared.option}.tagPrefix: '${shared.tagPrefix}' is also the umbrella tag prefix (${umbrella.option}) of a track with ${products.length} products, ` +
      `so release 1.2.3 needs the tag '${shared.tagPrefix}1.2.3' twice: once for the track and once for ${shared.name} alone. ${fix}.`,
  );
}

/** Kinds whose crate may also go to crates.io through their `publishCrate` option. */
const PUBLISH_CRATE_KINDS: readonly ProductKind[] = [ProductKind.NAPI, ProductKind.WASM_PACK];

/**
 * Issue 17: a crate declared once as a Rust crate and once as a napi or wasm-pack product is one package in
 * two registries. One product carries both (one version, one tag), so the message names the option that says so.
 */
function twoRegistries(a: ResolvedProduct, b: ResolvedProduct, file: string): string | undefined {
  const crate = [a, b].find((p) => p.kind === ProductKind.RUST_CRATE);
  const npm = [a, b].find((p) => PUBLISH_CRATE_KINDS.includes(p.kind));
  if (crate === undefined || npm === undefined || !file.endsWith('Cargo.toml')) return undefined;
  return `${b.option}: manifest ${file} is claimed by both ${crate.option} (rust-crate '${crate.name}') and ${npm.option} (${npm.kind} '${npm.name}'). ` +
    `To publish the crate to crates.io as well as its npm package, at one version, remove ${crate.option} and set \`publishCrate: true\` on ${npm.option}.`;
}

/** Manifest files a resolved product owns. */
export function manifestsOf(p: ResolvedProduct): string[] {
  return [...p.cargo, ...p.npm, ...p.napiPlatforms, ...p.pyproject, ...p.tauri, ...(p.goMod ? [p.goMod] : [])].map((m) => m.file);
}

function unique<T>(items: readonly T[], key: (t: T) => string, message: (first: T, second: T, key: string) => string): void {
  const seen = new Map<string, T>();
  for (const item of items) {
    const k = key(item);
    const first = seen.get(k);
    if (first !== undefined) throw new LockstepConfigError(message(first, item, k));
    seen.set(k, item);
  }
}
