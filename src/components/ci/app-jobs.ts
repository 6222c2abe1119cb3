import { ProductKind, ProductPlan, TOOL_VERSIONS } from '../../model';
import { actionStep, checkoutStep } from '../workflow';
import {
  CiJob,
  lockedFlag,
  npmInstallStep,
  npmLockfileOf,
  oldestAndNewest,
  productJob,
  runStep,
  rustCacheSteps,
  rustToolchainStep,
  setupNodeCiStep,
} from './ci-steps';
import { CiRunner } from './options';
import { ProductCi, crateOf } from './rust-jobs';
import { Step } from '../workflow/workflow-types';

/**
 * Go: build the C FFI libraries the module links (its CI build dependencies) in release mode, then
 * `go build ./...` and `go test ./...` with cgo, on Linux and macOS (cgo on Windows needs a MinGW setup).
 */
export function goJobs(ci: ProductCi): CiJob[] {
  const ffi = (ci.product.ci?.buildsWith ?? []).map(ci.lookup);
  const goSum = ci.product.ci?.lockfiles.find((f) => f.endsWith('go.sum'));
  const steps: Step[] = [checkoutStep()];
  if (ffi.length > 0) steps.push(rustToolchainStep());
  for (const lib of ffi) {
    const { crate, cargoRoot } = crateOf(lib);
    steps.push(...rustCacheSteps(cargoRoot, ci.caches), runStep(`Build the ${lib.name} library`, `cargo build${lockedFlag(lib)} --release -p ${crate}`, cargoRoot));
  }
  steps.push(
    actionStep('Set up Go', 'setupGo', { 'go-version': TOOL_VERSIONS.go, ...(goSum && ci.caches ? { 'cache': true, 'cache-dependency-path': goSum } : { cache: false }) }),
    runStep('Build', ci.options.buildCommand ?? 'go build ./...', ci.product.path),
    runStep('Test', ci.options.testCommand ?? 'go test ./...', ci.product.path),
  );
  return [{
    id: `go-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `go ${ci.product.name}`,
      product: ci.product,
      runners: ci.options.runners ?? [CiRunner.LINUX, CiRunner.MACOS],
      env: { CGO_ENABLED: '1' },
      steps,
    }),
  }];
}

/** Libraries a Tauri app needs on Linux (WebKitGTK 4.1 for Tauri 2, tray icons, SVG, AppImage patching). */
export const TAURI_LINUX_PACKAGES = ['libwebkit2gtk-4.1-dev', 'libayatana-appindicator3-dev', 'librsvg2-dev', 'patchelf'];

/** Tauri: system dependencies, then a build of the app (the project's Tauri CLI, without bundling installers). */
export function tauriJobs(ci: ProductCi): CiJob[] {
  const { crate, cargoRoot } = crateOf(ci.product);
  const npm = ci.product.ci?.npmRoot !== undefined;
  const linuxOnly = { if: "runner.os == 'Linux'" };
  const steps: Step[] = [
    checkoutStep(),
    runStep('Update the package index', 'sudo apt-get update', '.', linuxOnly),
    runStep('Install system dependencies', `sudo apt-get install --yes --no-install-recommends ${TAURI_LINUX_PACKAGES.join(' ')}`, '.', linuxOnly),
    ...(npm ? [setupNodeCiStep(TOOL_VERSIONS.node, npmLockfileOf(ci.product), ci.caches)] : []),
    rustToolchainStep(),
    ...rustCacheSteps(cargoRoot, ci.caches),
    ...(npm ? [npmInstallStep(ci.product)] : []),
    ci.options.buildCommand
      ? runStep('Build', ci.options.buildCommand, ci.product.path)
      : npm
        ? runStep('Build', 'npx --no-install tauri build --no-bundle', ci.product.path)
        : runStep('Build', `cargo build${lockedFlag(ci.product)} -p ${crate}`, cargoRoot),
  ];
  if (ci.options.testCommand) steps.push(runStep('Test', ci.options.testCommand, ci.product.path));
  return [{
    id: `tauri-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `tauri ${ci.product.name}`,
      product: ci.product,
      runners: ci.options.runners ?? [CiRunner.LINUX, CiRunner.MACOS, CiRunner.WINDOWS],
      steps,
    }),
  }];
}

/**
 * A plain npm package: install, build and test when the package has those scripts. napi-rs products it
 * depends on are built first, so its tests load a real native binary.
 */
export function npmPackageJobs(ci: ProductCi): CiJob[] {
  const natives = napiDependencies(ci.product, ci.lookup);
  const steps: Step[] = [checkoutStep(), setupNodeCiStep('${{ matrix.node }}', npmLockfileOf(ci.product), ci.caches)];
  if (natives.length > 0) steps.push(rustToolchainStep());
  for (const n of natives) steps.push(...rustCacheSteps(crateOf(n).cargoRoot, ci.caches));
  steps.push(npmInstallStep(ci.product));
  for (const n of natives) steps.push(runStep(`Build ${n.name}`, 'npm run build', n.path));
  steps.push(
    runStep('Build', ci.options.buildCommand ?? 'npm run build --if-present', ci.product.path),
    runStep('Test', ci.options.testCommand ?? 'npm run test --if-present', ci.product.path),
  );
  return [{
    id: `npm-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `npm ${ci.product.name}`,
      product: ci.product,
      runners: ci.options.runners ?? [CiRunner.LINUX],
      axis: { key: 'node', values: ci.options.nodeVersions ?? oldestAndNewest(TOOL_VERSIONS.nodeMatrix) },
      steps,
    }),
  }];
}

/** napi-rs products a product depends on, directly or through other products, in plan order of discovery. */
function napiDependencies(product: ProductPlan, lookup: (name: string) => ProductPlan): ProductPlan[] {
  const seen = new Set<string>();
  const visit = (p: ProductPlan): void => {
    for (const d of p.dependsOn) {
      if (!seen.has(d)) {
        seen.add(d);
        visit(lookup(d));
      }
    }
  };
  visit(product);
  return [...seen].map(lookup).filter((p) => p.kind === ProductKind.NAPI);
}

/** A generic product: its build command (and test command, if given) on Linux; no job without a build command. */
export function genericJobs(ci: ProductCi): CiJob[] {
  const build = ci.options.buildCommand ?? ci.product.settings.buildCommand;
  if (build === undefined) return [];
  const steps: Step[] = [checkoutStep(), runStep('Build', build, ci.product.path)];
  if (ci.options.testCommand) steps.push(runStep('Test', ci.options.testCommand, ci.product.path));
  return [{
    id: `build-${ci.slug}`,
    product: ci.product.name,
    job: productJob({ name: `build ${ci.product.name}`, product: ci.product, runners: ci.options.runners ?? [CiRunner.LINUX], steps }),
  }];
}
