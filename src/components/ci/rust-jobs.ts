import { CiJob, lockedFlag, productJob, runStep, rustCacheSteps, rustToolchainStep } from './ci-steps';
import { CiProductOptions, CiRunner } from './options';
import { LockstepConfigError, ProductKind, ProductPlan } from '../../model';
import { checkoutStep } from '../workflow';

/** What a kind's job builder gets: the product, its CI options and a lookup of the other products. */
export interface ProductCi {
  readonly product: ProductPlan;
  readonly options: CiProductOptions;
  /** Job-id-safe form of the product name. */
  readonly slug: string;
  /** Whether jobs may use caches (see `CiMatrixOptions.caches`). */
  readonly caches: boolean;
  readonly lookup: (name: string) => ProductPlan;
}

/** Kinds whose crate gets the lint job; Tauri is left out (clippy would need the webview system libraries). */
const LINTED: readonly string[] = [ProductKind.RUST_CRATE, ProductKind.C_FFI, ProductKind.MATURIN, ProductKind.NAPI, ProductKind.WASM_PACK];
/** Kinds whose crate is a library others read the docs of. */
const DOCUMENTED: readonly string[] = [ProductKind.RUST_CRATE, ProductKind.C_FFI];

/** Cargo package name of a product's crate; a plan without it was written by an older library. */
export function crateOf(product: ProductPlan): { crate: string; cargoRoot: string } {
  const crate = product.ci?.crate;
  if (crate === undefined || product.ci?.cargoRoot === undefined) {
    throw new Error(`ci.yml: product '${product.name}' (${product.kind}) has no crate in the plan; regenerate the plan with \`npx projen\`.`);
  }
  if (!/^[A-Za-z0-9_-]+$/.test(crate)) throw new Error(`ci.yml: crate name '${crate}' of '${product.name}' is not a valid Cargo package name.`);
  return { crate, cargoRoot: product.ci.cargoRoot };
}

/** Build and test on every runner (Linux, macOS and Windows by default). */
export function rustTestJob(ci: ProductCi): CiJob {
  const { crate, cargoRoot } = crateOf(ci.product);
  const locked = lockedFlag(ci.product);
  return {
    id: `rust-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `rust ${ci.product.name}`,
      product: ci.product,
      runners: ci.options.runners ?? [CiRunner.LINUX, CiRunner.MACOS, CiRunner.WINDOWS],
      steps: [
        checkoutStep(),
        rustToolchainStep(),
        ...rustCacheSteps(cargoRoot, ci.caches),
        runStep('Build', ci.options.buildCommand ?? `cargo build${locked} --all-targets -p ${crate}`, ci.options.buildCommand ? ci.product.path : cargoRoot),
        runStep('Test', ci.options.testCommand ?? `cargo test${locked} -p ${crate}`, ci.options.testCommand ? ci.product.path : cargoRoot),
      ],
    }),
  };
}

/** `cargo fmt --check`, clippy with warnings denied and, for library crates, rustdoc with warnings denied. */
export function rustLintJob(ci: ProductCi): CiJob | undefined {
  if (ci.options.lint === false || !LINTED.includes(ci.product.kind)) return undefined;
  const { crate, cargoRoot } = crateOf(ci.product);
  const locked = lockedFlag(ci.product);
  // A WASM crate is linted for the target it ships to.
  const wasm = ci.product.kind === ProductKind.WASM_PACK;
  const target = wasm ? ' --target wasm32-unknown-unknown' : '';
  const steps = [
    checkoutStep(),
    rustToolchainStep({ components: ['clippy', 'rustfmt'], ...(wasm ? { targets: ['wasm32-unknown-unknown'] } : {}) }),
    ...rustCacheSteps(cargoRoot, ci.caches),
    runStep('Check formatting', `cargo fmt --check -p ${crate}`, cargoRoot),
    runStep('Clippy', `cargo clippy${locked} --all-targets${target} -p ${crate} -- -D warnings`, cargoRoot),
  ];
  if (DOCUMENTED.includes(ci.product.kind)) {
    steps.push(runStep('Docs', `cargo doc${locked} --no-deps -p ${crate}`, cargoRoot, { env: { RUSTDOCFLAGS: '-D warnings' } }));
  }
  return {
    id: `lint-${ci.slug}`,
    product: ci.product.name,
    job: productJob({ name: `lint ${ci.product.name}`, product: ci.product, runners: [CiRunner.LINUX], steps }),
  };
}

/** `cargo check` with the toolchain the crate's `rust-version` declares. */
export function msrvJob(ci: ProductCi): CiJob | undefined {
  const version = ci.product.ci?.rustVersion;
  if (version === undefined || ci.options.msrv === false || !DOCUMENTED.includes(ci.product.kind)) return undefined;
  if (!/^\d+\.\d+(\.\d+)?$/.test(version)) {
    throw new LockstepConfigError(`ci.yml: rust-version '${version}' of '${ci.product.name}' is not a Rust version such as 1.75; fix it in Cargo.toml or set ci.products.${ci.product.name}.msrv to false.`);
  }
  const { crate, cargoRoot } = crateOf(ci.product);
  return {
    id: `msrv-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `msrv ${ci.product.name} (rust ${version})`,
      product: ci.product,
      runners: [CiRunner.LINUX],
      steps: [
        checkoutStep(),
        rustToolchainStep({ toolchain: version }),
        ...rustCacheSteps(cargoRoot, ci.caches),
        // The library only: dev-dependencies may need a newer compiler than the crate promises its users.
        runStep('Check with the MSRV', `cargo check${lockedFlag(ci.product)} -p ${crate}`, cargoRoot),
      ],
    }),
  };
}

/** Every Rust job of a Rust or C FFI product. */
export function rustJobs(ci: ProductCi): CiJob[] {
  return [rustTestJob(ci), rustLintJob(ci), msrvJob(ci)].filter((j): j is CiJob => j !== undefined);
}
