import { LockstepConfigError } from './errors';

/**
 * Extra tools a product's build needs, set up in each of its CI and release jobs before the build: a
 * protobuf compiler for a `build.rs` that runs prost, a system library, a Rust component. Each is a typed
 * option rendered as a pinned step (an action from the library's pin table, or apt with the names given),
 * never a YAML string, so a reviewer reads exactly what runs.
 */
export interface ProductSetupOptions {
  /**
   * Debian/Ubuntu packages `apt-get install` adds on the Linux runners (`['protobuf-compiler', 'libssl-dev']`),
   * optionally pinned as `name=version`. macOS and Windows legs skip them: use `protoc` for a protobuf compiler
   * on every runner.
   * @default []
   */
  readonly aptPackages?: string[];
  /**
   * protoc release set up with the pinned arduino/setup-protoc on every runner, exact (`'29.3'`): a range
   * such as `'29.x'` would install whatever release is newest when the job runs. A maturin product's Linux
   * wheels, built in maturin-action's container, get that same protoc there too (mounted read-only, named in `PROTOC`).
   * @default - no protoc
   */
  readonly protoc?: string;
  /**
   * pnpm version set up with the pinned pnpm/action-setup, exact (`'9.15.9'`), for a build or publish command
   * that runs pnpm. A repository whose root package.json names pnpm in `packageManager` already gets that pnpm
   * in every job, and then this is refused.
   * @default - no pnpm beyond the one the repository's own install needs
   */
  readonly pnpm?: string;
  /**
   * rustup components added to the Rust toolchain (`['llvm-tools-preview', 'rust-src']`), and to the one in
   * the container that builds a maturin product's Linux wheels.
   * @default []
   */
  readonly rustComponents?: string[];
  /**
   * rustup targets added to the Rust toolchain (`['wasm32-wasip1']`), and to the one in the container that
   * builds a maturin product's Linux wheels.
   * @default []
   */
  readonly rustTargets?: string[];
  /**
   * RPM packages a maturin product's glibc Linux wheels need inside the manylinux container maturin-action
   * builds them in (`['openssl-devel', 'perl-IPC-Cmd']`), optionally pinned as `name-version`. That container
   * (manylinux2014, CentOS 7 based) sees nothing the runner installed, and Debian names from `aptPackages` do
   * not exist there: they are installed with its own `yum` (`dnf` on an AlmaLinux based image) by the build
   * step's `before-script-linux`. The musl wheels' container (Ubuntu based, cross-compiling) is not given
   * them: a distribution package there is a glibc library, which a musl wheel cannot link. A product of any
   * other kind builds on the runner: give its packages in `aptPackages`.
   * @default []
   */
  readonly manylinuxPackages?: string[];
}

/** A product's setup as the plan records it: names checked, lists sorted and without repeats. */
export interface ProductSetupPlan {
  readonly aptPackages: string[];
  readonly protoc?: string;
  readonly pnpm?: string;
  readonly rustComponents: string[];
  readonly rustTargets: string[];
  /** The RPM packages of the manylinux container; absent when there are none, so the plans of products without them stay as they were. */
  readonly manylinuxPackages?: string[];
}

/** A Debian package name (policy §5.6.1), optionally pinned to a version (`name=version`). */
const APT_PACKAGE = /^[a-z0-9][a-z0-9+.-]+(=[A-Za-z0-9.+~:-]+)?$/;
const PROTOC_VERSION = /^\d+\.\d+(\.\d+)?$/;
const PNPM_VERSION = /^\d+\.\d+\.\d+$/;
const RUST_COMPONENT = /^[a-z0-9][a-z0-9_-]*$/;
const RUST_TARGET = /^[a-z0-9_]+(-[a-z0-9_.]+)+$/;
/** An RPM package name, optionally with a version (`name-version`), as yum and dnf match it: no shell character, no leading `-`. */
const RPM_PACKAGE = /^[A-Za-z0-9][A-Za-z0-9._+-]*$/;

function checkedList(option: string, values: readonly string[] | undefined, pattern: RegExp, what: string, words = { a: 'a', many: `${what}s` }): string[] {
  if (values !== undefined && !Array.isArray(values)) throw new LockstepConfigError(`${option}: give a list of ${words.many}.`);
  for (const v of values ?? []) {
    if (typeof v !== 'string' || !pattern.test(v)) throw new LockstepConfigError(`${option}: '${String(v)}' is not ${words.a} ${what}; fix or remove it.`);
  }
  return [...new Set(values ?? [])].sort();
}

/**
 * The product's `setup` option checked and made plain data; undefined when it asks for nothing. `option`
 * names the product's declaration (`products[2]`) in errors; `inManylinux` says whether the product's Linux
 * wheels are built in a manylinux container (a maturin product), the only place `manylinuxPackages` acts.
 */
export function setupPlanOf(option: string, setup: ProductSetupOptions | undefined, inManylinux: boolean): ProductSetupPlan | undefined {
  if (setup === undefined) return undefined;
  const at = `${option}.setup`;
  const known = ['aptPackages', 'protoc', 'pnpm', 'rustComponents', 'rustTargets', 'manylinuxPackages'];
  for (const key of Object.keys(setup)) {
    if (!known.includes(key)) throw new LockstepConfigError(`${at}.${key}: unknown setup option; the options are ${known.join(', ')}.`);
  }
  if (setup.protoc !== undefined && !PROTOC_VERSION.test(setup.protoc)) {
    throw new LockstepConfigError(`${at}.protoc: '${setup.protoc}' is not an exact protoc release; give one such as '29.3' (a range installs whatever release is newest when the job runs).`);
  }
  if (setup.pnpm !== undefined && !PNPM_VERSION.test(setup.pnpm)) {
    throw new LockstepConfigError(`${at}.pnpm: '${setup.pnpm}' is not an exact pnpm version; give one such as '9.15.9'.`);
  }
  const plan: ProductSetupPlan = {
    aptPackages: checkedList(`${at}.aptPackages`, setup.aptPackages, APT_PACKAGE, 'Debian package name (optionally name=version)'),
    ...(setup.protoc !== undefined ? { protoc: setup.protoc } : {}),
    ...(setup.pnpm !== undefined ? { pnpm: setup.pnpm } : {}),
    rustComponents: checkedList(`${at}.rustComponents`, setup.rustComponents, RUST_COMPONENT, 'rustup component name'),
    rustTargets: checkedList(`${at}.rustTargets`, setup.rustTargets, RUST_TARGET, 'Rust target triple'),
    ...manylinuxPackagesOf(`${at}.manylinuxPackages`, setup.manylinuxPackages, inManylinux),
  };
  return isEmptySetup(plan) ? undefined : plan;
}

/** `manylinuxPackages` checked; refused on a product no manylinux container builds, where it would do nothing. */
function manylinuxPackagesOf(option: string, values: readonly string[] | undefined, inManylinux: boolean): Pick<ProductSetupPlan, 'manylinuxPackages'> {
  const packages = checkedList(option, values, RPM_PACKAGE, 'RPM package name (optionally name-version)', { a: 'an', many: 'RPM package names' });
  if (packages.length === 0) return {};
  if (!inManylinux) {
    throw new LockstepConfigError(
      `${option}: only a maturin product's Linux wheels are built in a manylinux container; this product builds on the runner, so give its packages in setup.aptPackages (Debian names) and remove setup.manylinuxPackages.`,
    );
  }
  return { manylinuxPackages: packages };
}

/** Whether a setup asks for nothing. */
export function isEmptySetup(s: ProductSetupPlan | undefined): boolean {
  if (s === undefined) return true;
  const lists = [s.aptPackages, s.rustComponents, s.rustTargets, s.manylinuxPackages ?? []];
  return s.protoc === undefined && s.pnpm === undefined && lists.every((l) => l.length === 0);
}

/** A product's name and setup. */
export interface NamedSetup {
  readonly name: string;
  readonly setup?: ProductSetupPlan;
}

/**
 * The setup of a job that builds several products (all crates checked in one job): the union of their
 * lists; protoc and pnpm must agree, since a job has one of each. `where` names the job in the error.
 */
export function mergeSetups(where: string, setups: ReadonlyArray<NamedSetup>): ProductSetupPlan | undefined {
  const given = setups.filter((s): s is { name: string; setup: ProductSetupPlan } => s.setup !== undefined);
  if (given.length === 0) return undefined;
  const one = (key: 'protoc' | 'pnpm'): string | undefined => {
    const versions = [...new Set(given.map((s) => s.setup[key]).filter((v): v is string => v !== undefined))];
    if (versions.length > 1) {
      const who = given.filter((s) => s.setup[key] !== undefined).map((s) => `${s.name} (${s.setup[key]})`).join(', ');
      throw new LockstepConfigError(`setup.${key}: ${where} builds ${who} and sets up one ${key}; give these products the same setup.${key}.`);
    }
    return versions[0];
  };
  const union = (key: 'aptPackages' | 'rustComponents' | 'rustTargets' | 'manylinuxPackages') => [...new Set(given.flatMap((s) => s.setup[key] ?? []))].sort();
  const protoc = one('protoc');
  const pnpm = one('pnpm');
  const manylinuxPackages = union('manylinuxPackages');
  return {
    aptPackages: union('aptPackages'),
    ...(protoc !== undefined ? { protoc } : {}),
    ...(pnpm !== undefined ? { pnpm } : {}),
    rustComponents: union('rustComponents'),
    rustTargets: union('rustTargets'),
    ...(manylinuxPackages.length > 0 ? { manylinuxPackages } : {}),
  };
}
