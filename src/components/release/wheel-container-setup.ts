import { ProductSetupPlan } from '../../model';
import { Step } from '../workflow/workflow-types';

/**
 * Issue 17: a maturin product's setup inside the container that builds its Linux wheels. maturin-action
 * (pinned v1.51.0) builds them with `docker run` in a container of its choosing, which sees none of what the
 * runner installed: for `manylinux: auto` quay.io/pypa/manylinux2014_<arch> (CentOS 7 based, yum), for a
 * musllinux twin ghcr.io/rust-cross/rust-musl-cross:<arch>-musl (Ubuntu based, cross-compiling to musl).
 * It mounts only the workspace and its own script, forwards only environment variables of a few prefixes
 * (CARGO_, RUST, PYO3_, ...: not PROTOC), and runs `before-script-linux` inside the container, in the same
 * bash script as `maturin build` (after its Rust toolchain is installed, under `set -euo pipefail`), so an
 * `export` there reaches the build. On macOS and Windows it ignores both inputs used here.
 */

/** Where the runner's protoc is copied (under the runner's temp directory), outside the checkout: maturin's sdist and git status never see it. */
const RUNNER_PROTOC_DIR = 'lockstep-protoc';

/** Where the container sees that copy, read-only. */
export const CONTAINER_PROTOC_DIR = '/opt/lockstep/protoc';

/**
 * Copies the protoc the pinned arduino/setup-protoc installed (its release zip: `bin/protoc` and the
 * well-known types in `include/`, which protoc finds beside its binary) out of the tool cache, whose path is
 * the action's own business, to a fixed place the build step mounts. The same binary runs in both containers:
 * protobuf links its Linux release binaries against manylinux2014 sysroots (glibc 2.17; toolchain/BUILD.bazel
 * of protocolbuffers/protobuf at 04668bd), and the musl cross images are glibc Ubuntu of the runner's arch.
 */
export function protocCopyStep(): Step {
  return {
    name: 'Copy the runner\'s protoc for the Linux wheel container (setup.protoc)',
    if: "runner.os == 'Linux'",
    run: [
      `mkdir -p "$RUNNER_TEMP/${RUNNER_PROTOC_DIR}"`,
      `cp -R "$(dirname "$(dirname "$(command -v protoc)")")/." "$RUNNER_TEMP/${RUNNER_PROTOC_DIR}/"`,
    ].join('\n'),
  };
}

/** Which container a build step's script is for: the manylinux one (glibc wheels) or a musllinux twin's. */
export type WheelContainer = 'manylinux' | 'musllinux';

/**
 * The `before-script-linux` of a build step: the setup the product asked for that the container needs, one
 * command per option under a comment naming it. Every value was checked at synth against a pattern without
 * shell characters or a leading `-`, so each is a plain word of the command. Undefined when there is none.
 */
export function containerScript(setup: ProductSetupPlan | undefined, container: WheelContainer): string | undefined {
  if (setup === undefined) return undefined;
  const lines: string[] = [];
  const rpms = container === 'manylinux' ? setup.manylinuxPackages ?? [] : [];
  if (rpms.length > 0) {
    const names = rpms.join(' ');
    // manylinux2014 is CentOS 7 (yum); manylinux_2_28 and later are AlmaLinux (dnf): the image's own one.
    // CentOS 7's yum skips a name it cannot find and exits 0 (skip_missing_names_on_install defaults to True),
    // so a misspelled package would surface only as a build error far later; the setopt makes it fail here.
    lines.push('# setup.manylinuxPackages', `if command -v dnf > /dev/null; then dnf install -y ${names}; else yum install -y --setopt=skip_missing_names_on_install=False ${names}; fi`);
  }
  if (setup.protoc !== undefined) {
    // prost-build and tonic-build read PROTOC; the version check fails here, not in a build.rs, if it cannot run.
    lines.push(`# setup.protoc: the runner's protoc ${setup.protoc}, mounted read-only`, `export PROTOC=${CONTAINER_PROTOC_DIR}/bin/protoc`, '"$PROTOC" --version');
  }
  if (setup.rustComponents.length > 0) lines.push('# setup.rustComponents', `rustup component add ${setup.rustComponents.join(' ')}`);
  if (setup.rustTargets.length > 0) lines.push('# setup.rustTargets', `rustup target add ${setup.rustTargets.join(' ')}`);
  return lines.length > 0 ? lines.join('\n') : undefined;
}

/**
 * The inputs a maturin build step adds for the product's setup in `container`: the script, and the mount of
 * the runner's protoc when it asks for one; with the options they come from, for the step's name.
 */
export function containerInputs(setup: ProductSetupPlan | undefined, container: WheelContainer): { with: Record<string, string>; options: string[] } {
  const script = containerScript(setup, container);
  if (setup === undefined || script === undefined) return { with: {}, options: [] };
  const options = [
    ...(container === 'manylinux' && (setup.manylinuxPackages ?? []).length > 0 ? ['setup.manylinuxPackages'] : []),
    ...(setup.protoc !== undefined ? ['setup.protoc'] : []),
    ...(setup.rustComponents.length > 0 ? ['setup.rustComponents'] : []),
    ...(setup.rustTargets.length > 0 ? ['setup.rustTargets'] : []),
  ];
  return {
    with: {
      'before-script-linux': script,
      ...(setup.protoc !== undefined ? { 'docker-options': `--volume \${{ runner.temp }}/${RUNNER_PROTOC_DIR}:${CONTAINER_PROTOC_DIR}:ro` } : {}),
    },
    options,
  };
}
