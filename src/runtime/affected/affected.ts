import { PathPattern, ProductPlan, ReleasePlan } from '../../model';

/**
 * Change detection for CI: which products a change set affects.
 *
 * Rules, per changed file (the first that applies wins):
 *  1. A file every build reads affects every product: the plan file, anything under `.github/`,
 *     `.projen/` or `.lockstep/`, `.projenrc.*`, any `.cargo/` configuration, and the root's workspace
 *     manifests, lockfiles and toolchain files (ROOT_SHARED_FILES). These cannot be ignored.
 *  2. A file matching an `ignorePaths` pattern affects nothing.
 *  3. A file matching a `sharedPaths` pattern affects every product.
 *  4. Otherwise the file belongs to the product with the deepest path containing it (a product at `.`
 *     owns whatever no deeper product owns, as Cargo packages a root crate).
 *  5. A file no product owns affects every product: it may be a script, a fixture or a config any build
 *     reads, and running too much is safe where running too little is not.
 * Then every product that depends on an affected product (its `dependsOn`, or a CI build dependency such
 * as a Go module linking the C FFI library) is affected too, transitively.
 */
export interface AffectedRules {
  /** Patterns whose change affects every product. */
  readonly sharedPaths?: readonly string[];
  /** Patterns whose change affects no product (built-in shared files excepted). */
  readonly ignorePaths?: readonly string[];
}

/** Which products a change set affects, and why. */
export interface AffectedResult {
  /** True when every product is affected. */
  readonly all: boolean;
  /** Affected product names, in plan order. */
  readonly products: string[];
  /** One line per changed file and per product reached through a dependency, for the log. */
  readonly reasons: string[];
}

/** Workspace manifests, lockfiles and toolchain files that, at the repository root, every build reads. */
export const ROOT_SHARED_FILES: readonly string[] = [
  'Cargo.toml', 'Cargo.lock', 'rust-toolchain', 'rust-toolchain.toml', 'clippy.toml', '.clippy.toml', 'rustfmt.toml',
  '.rustfmt.toml', 'deny.toml', 'package.json', 'package-lock.json', 'npm-shrinkwrap.json', 'pnpm-lock.yaml',
  'pnpm-workspace.yaml', 'yarn.lock', '.yarnrc.yml', '.npmrc', '.nvmrc', '.node-version', 'tsconfig.json',
  'go.work', 'go.work.sum', 'pyproject.toml', 'uv.lock', '.python-version', '.tool-versions', '.gitattributes',
];

const BUILT_IN_SHARED = ['.github', '.projen', '.lockstep', '.projenrc.*', '**/.cargo'].map((p) => PathPattern.parse(p));

/** Every product of every track (CI jobs are per product, whatever the track). */
export function allProducts(plan: ReleasePlan): ProductPlan[] {
  return plan.tracks.flatMap((t) => t.products);
}

/** Works out which products the changed files affect. */
export function affectedProducts(plan: ReleasePlan, files: readonly string[], rules: AffectedRules = {}): AffectedResult {
  const products = allProducts(plan);
  const ignore = (rules.ignorePaths ?? []).map((p) => PathPattern.parse(p));
  const shared = (rules.sharedPaths ?? []).map((p) => PathPattern.parse(p));
  const reasons: string[] = [];
  const direct = new Set<string>();
  let all = false;
  for (const file of files) {
    const why = sharedReason(plan, file, ignore, shared);
    if (why === 'ignored') {
      reasons.push(`${file}: ignored (ignorePaths)`);
      continue;
    }
    const owners = why === undefined ? ownersOf(products, file) : [];
    if (why !== undefined || owners.length === 0) {
      all = true;
      reasons.push(`${file}: ${why ?? 'belongs to no product'}, so every product is affected`);
      continue;
    }
    owners.forEach((o) => direct.add(o.name));
    reasons.push(`${file}: ${owners.map((o) => o.name).join(', ')}`);
  }
  const affected = all ? new Set(products.map((p) => p.name)) : withDependents(products, direct, reasons);
  return { all, products: products.map((p) => p.name).filter((n) => affected.has(n)), reasons };
}

function sharedReason(plan: ReleasePlan, file: string, ignore: PathPattern[], shared: PathPattern[]): string | undefined {
  if (file === plan.planFile) return 'the release plan changed';
  const builtIn = BUILT_IN_SHARED.find((p) => p.matches(file));
  if (builtIn) return `shared file (${builtIn.source})`;
  if (ROOT_SHARED_FILES.includes(file)) return 'root workspace, lockfile or toolchain file';
  if (ignore.some((p) => p.matches(file))) return 'ignored';
  const s = shared.find((p) => p.matches(file));
  return s ? `shared file (sharedPaths: ${s.source})` : undefined;
}

/** The products with the deepest path containing `file` (several only when they share a directory). */
export function ownersOf(products: readonly ProductPlan[], file: string): ProductPlan[] {
  const containing = products.filter((p) => p.path === '.' || file === p.path || file.startsWith(`${p.path}/`));
  const depth = (p: ProductPlan) => (p.path === '.' ? 0 : p.path.split('/').length);
  const deepest = Math.max(...containing.map(depth));
  return containing.filter((p) => depth(p) === deepest);
}

/** Products a product's CI needs built and tested first: its dependencies and CI build dependencies. */
export function ciDependenciesOf(p: ProductPlan): string[] {
  return [...new Set([...p.dependsOn, ...(p.ci?.buildsWith ?? [])])];
}

function withDependents(products: readonly ProductPlan[], direct: Set<string>, reasons: string[]): Set<string> {
  const affected = new Set(direct);
  const queue = [...direct];
  while (queue.length > 0) {
    const changed = queue.shift()!;
    for (const p of products) {
      if (!affected.has(p.name) && ciDependenciesOf(p).includes(changed)) {
        affected.add(p.name);
        queue.push(p.name);
        reasons.push(`${p.name}: depends on ${changed}`);
      }
    }
  }
  return affected;
}
