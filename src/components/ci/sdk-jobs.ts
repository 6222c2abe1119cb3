import { LockstepConfigError, TOOL_VERSIONS } from '../../model';
import { actionStep, checkoutStep } from '../workflow';
import {
  CiJob,
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
import { ProductCi, crateOf, rustLintJob } from './rust-jobs';
import { Step } from '../workflow/workflow-types';

const ALL_OS = [CiRunner.LINUX, CiRunner.MACOS, CiRunner.WINDOWS];

/**
 * maturin: install the package in develop (editable) mode with the pinned maturin, then pytest, on every
 * runner × CPython line. `pip install --editable` goes through maturin's PEP 660 hook (what `maturin
 * develop` does) without needing a virtualenv, the same way on every OS.
 */
export function pythonJobs(ci: ProductCi): CiJob[] {
  const { cargoRoot } = crateOf(ci.product);
  const dir = ci.product.path;
  const test: CiJob = {
    id: `python-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `python ${ci.product.name}`,
      product: ci.product,
      runners: ci.options.runners ?? ALL_OS,
      axis: { key: 'python', values: ci.options.pythonVersions ?? oldestAndNewest(TOOL_VERSIONS.pythonMatrix) },
      env: { MATURIN_VERSION: TOOL_VERSIONS.maturin, PYTEST_VERSION: TOOL_VERSIONS.pytest },
      steps: [
        checkoutStep(),
        actionStep('Set up Python', 'setupPython', { 'python-version': '${{ matrix.python }}' }),
        rustToolchainStep(),
        ...rustCacheSteps(cargoRoot, ci.caches),
        runStep('Install maturin and pytest', 'python -m pip install "maturin==$MATURIN_VERSION" "pytest==$PYTEST_VERSION"'),
        runStep('Develop-install', ci.options.buildCommand ?? 'python -m pip install --no-build-isolation --editable .', dir),
        runStep('Test', ci.options.testCommand ?? 'python -m pytest', dir),
      ],
    }),
  };
  return [test, rustLintJob(ci)].filter((j): j is CiJob => j !== undefined);
}

/** napi-rs: install, build the native binary and run the tests on every runner × Node line. */
export function nodeJobs(ci: ProductCi): CiJob[] {
  const { cargoRoot } = crateOf(ci.product);
  const test: CiJob = {
    id: `node-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `node ${ci.product.name}`,
      product: ci.product,
      runners: ci.options.runners ?? ALL_OS,
      axis: { key: 'node', values: ci.options.nodeVersions ?? oldestAndNewest(TOOL_VERSIONS.nodeMatrix) },
      steps: [
        checkoutStep(),
        setupNodeCiStep('${{ matrix.node }}', npmLockfileOf(ci.product), ci.caches),
        rustToolchainStep(),
        ...rustCacheSteps(cargoRoot, ci.caches),
        npmInstallStep(ci.product),
        runStep('Build the native binary', ci.options.buildCommand ?? 'npm run build', ci.product.path),
        runStep('Test', ci.options.testCommand ?? 'npm test', ci.product.path),
      ],
    }),
  };
  return [test, rustLintJob(ci)].filter((j): j is CiJob => j !== undefined);
}

/**
 * wasm-pack: the pinned wasm-pack (built by cargo from crates.io with its lockfile, so every download is
 * checksum-verified, and cached with the Cargo cache) and the pinned binaryen, whose tarball is checked
 * against its SHA-256 before use (S3, S4; seed 000's SQLR-58: wasm-pack otherwise uses whatever wasm-opt
 * the runner has). The size of each .wasm goes to the job summary, so a pull request shows size changes.
 */
export function wasmJobs(ci: ProductCi): CiJob[] {
  const { cargoRoot } = crateOf(ci.product);
  const runners = ci.options.runners ?? [CiRunner.LINUX];
  if (runners.some((r) => r !== CiRunner.LINUX)) {
    throw new LockstepConfigError(`ci.products.${ci.product.name}.runners: a wasm-pack build runs on Linux x64 only (the pinned binaryen is the x86_64-linux build); use [CiRunner.LINUX].`);
  }
  const dir = ci.product.path;
  const steps: Step[] = [
    checkoutStep(),
    rustToolchainStep({ targets: ['wasm32-unknown-unknown'] }),
    ...rustCacheSteps(cargoRoot, ci.caches),
    runStep('Install wasm-pack', 'cargo install wasm-pack --locked --version "$WASM_PACK_VERSION"'),
    runStep('Download binaryen', 'curl --proto "=https" --tlsv1.2 --fail --silent --show-error --location --output "$RUNNER_TEMP/binaryen.tar.gz" "https://github.com/WebAssembly/binaryen/releases/download/$BINARYEN_VERSION/binaryen-$BINARYEN_VERSION-x86_64-linux.tar.gz"'),
    runStep('Verify binaryen', 'echo "$BINARYEN_SHA256  $RUNNER_TEMP/binaryen.tar.gz" | sha256sum --check --strict'),
    runStep('Unpack binaryen', 'tar --extract --gzip --file "$RUNNER_TEMP/binaryen.tar.gz" --directory "$RUNNER_TEMP"'),
    runStep('Put wasm-opt on PATH', 'echo "$RUNNER_TEMP/binaryen-$BINARYEN_VERSION/bin" >> "$GITHUB_PATH"'),
    runStep('Show wasm-opt version', 'wasm-opt --version'),
    runStep('Build', ci.options.buildCommand ?? 'wasm-pack build --release --target web', dir),
    runStep('Report the .wasm size', `stat --printf='- ${ci.product.name} %n: %s bytes\\n' pkg/*.wasm >> "$GITHUB_STEP_SUMMARY"`, dir),
  ];
  if (ci.options.testCommand) steps.push(runStep('Test', ci.options.testCommand, dir));
  const build: CiJob = {
    id: `wasm-${ci.slug}`,
    product: ci.product.name,
    job: productJob({
      name: `wasm ${ci.product.name}`,
      product: ci.product,
      runners,
      env: { WASM_PACK_VERSION: TOOL_VERSIONS.wasmPack, BINARYEN_VERSION: TOOL_VERSIONS.binaryen, BINARYEN_SHA256: TOOL_VERSIONS.binaryenSha256 },
      steps,
    }),
  };
  return [build, rustLintJob(ci)].filter((j): j is CiJob => j !== undefined);
}
