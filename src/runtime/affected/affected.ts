import { CI_WORKFLOW_FILE, PathPattern, PathPatternList, ProductPlan, ReleasePlan, directoryPattern } from '../../model';
import { CliError } from '../cli-error';
import { logValue } from '../output';

/**
 * Change detection for CI: which products a change set affects, and why.
 *
 * Per changed file, the first rule that applies decides:
 *  1. The CI workflow itself (`.github/workflows/ci.yml`) runs every job it defines: every product.
 *  2. A file matching an `ignorePaths` pattern runs nothing.
 *  3. A file matching a `sharedPaths` pattern runs every product.
 *  4. Otherwise the file runs each product whose inputs (the plan's `ci.inputs`: what its build and tests
 *     read, worked out at synth) include it. A file no product reads runs no product: docs, other
 *     workflows (release-only ones included), the plan and projen's files (whose effect on CI shows in
 *     ci.yml, and which the drift check keeps in step). A file whose whole change is a release bump of some
 *     tracks (a shared Cargo.lock, a workspace Cargo.toml) runs only those tracks' products that read it.
 * Then every product whose inputs include another affected product's (its `ci.inputsFrom`: dependencies of
 * every kind, the C library a Go module links) is affected too, transitively.
 */
export interface AffectedRules {
  /** Patterns whose change affects every product. */
  readonly sharedPaths?: readonly string[];
  /** Patterns whose change affects no product (the CI workflow excepted). */
  readonly ignorePaths?: readonly string[];
}

/** Why a product runs: the first changed file that made it run. */
export interface Cause {
  /** The changed file. */
  readonly file: string;
  /** The product whose input the file is, when the product runs because it reads that product's inputs. */
  readonly through?: string;
  /** The rule, when the file is not a product input (the CI workflow, a `sharedPaths` pattern). */
  readonly rule?: string;
}

/** Which products a change set affects, and why. */
export interface AffectedResult {
  /** True when every product is affected. */
  readonly all: boolean;
  /** Affected product names, in plan order. */
  readonly products: string[];
  /** For each affected product, the first changed file that made it run. */
  readonly causes: Record<string, Cause>;
}

/** Path of the CI workflow in the repository. */
export const CI_WORKFLOW_PATH = `.github/workflows/${CI_WORKFLOW_FILE}`;

/** Every product of every track (CI jobs are per product, whatever the track). */
export function allProducts(plan: ReleasePlan): ProductPlan[] {
  return plan.tracks.flatMap((t) => t.products);
}

/**
 * Works out which products the changed files affect. `bumps` names the changed files whose whole change is
 * a release bump of some tracks (see version-bumps.ts): such a file affects only those tracks' products.
 */
export function affectedProducts(
  plan: ReleasePlan,
  files: readonly string[],
  rules: AffectedRules = {},
  bumps: ReadonlyMap<string, readonly string[]> = new Map(),
): AffectedResult {
  const products = allProducts(plan);
  const trackOf = new Map(plan.tracks.flatMap((t) => t.products.map((p) => [p.name, t.name] as const)));
  const ignore = rules.ignorePaths?.map((p) => PathPattern.parse(p)) ?? [];
  const shared = rules.sharedPaths?.map((p) => PathPattern.parse(p)) ?? [];
  const inputs = products.map((p) => ({ name: p.name, list: inputPatterns(plan, p) }));
  const found = new Map<string, Found>();
  const hit = (name: string, index: number, c: Cause) => {
    if (!found.has(name)) found.set(name, { index, cause: c });
  };
  files.forEach((file, index) => {
    if (file === CI_WORKFLOW_PATH) {
      products.forEach((p) => hit(p.name, index, { file, rule: 'the CI workflow, whose every job runs' }));
      return;
    }
    if (ignore.some((p) => p.matches(file))) return;
    const s = shared.find((p) => p.matches(file));
    if (s) {products.forEach((p) => hit(p.name, index, { file, rule: `sharedPaths: ${s.source}` }));} else {
      const bumped = bumps.get(file);
      inputs
        .filter((i) => i.list.match(file) !== undefined && (bumped === undefined || bumped.includes(trackOf.get(i.name)!)))
        .forEach((i) => hit(i.name, index, { file }));
    }
  });
  const causes = withDependents(products, found);
  const names = products.map((p) => p.name).filter((n) => causes.has(n));
  return { all: names.length === products.length && products.length > 0, products: names, causes: Object.fromEntries([...causes]) };
}

/** A product found affected: by which changed file (its position in the change set) and how. */
interface Found {
  readonly index: number;
  readonly cause: Cause;
}

/**
 * A product's inputs, parsed. Inputs that are no list of path patterns are the plan file's fault (a repository
 * file, edited by hand) and stop the job with what to do, not with an internal error.
 */
function inputPatterns(plan: ReleasePlan, p: ProductPlan): PathPatternList {
  const inputs: unknown = inputsOf(p);
  const where = `${plan.planFile}: ci.inputs of product ${logValue(p.name)}:`;
  const fix = 'Regenerate the plan with `npx projen`.';
  if (!Array.isArray(inputs) || !inputs.every((i) => typeof i === 'string')) {
    throw new CliError(`${where} ${JSON.stringify(inputs)} is not a list of path patterns. ${fix}`, 2);
  }
  try {
    return PathPatternList.parse(inputs);
  } catch (e) {
    // A list of texts fails to parse only as a LockstepConfigError naming the pattern that is none.
    throw new CliError(`${where} ${(e as Error).message} ${fix}`, 2);
  }
}

/** A product's inputs; a plan without them (written by hand) falls back to the product's directory. */
function inputsOf(p: ProductPlan): readonly string[] {
  return p.ci?.inputs ?? [directoryPattern(p.path)];
}

/** Products whose inputs include another product's: the plan's `inputsFrom`, or `dependsOn` and `buildsWith`. */
export function ciDependenciesOf(p: ProductPlan): string[] {
  return [...new Set([...p.dependsOn, ...(p.ci?.buildsWith ?? []), ...(p.ci?.inputsFrom ?? [])])];
}

/**
 * Adds every product that reads an affected product's inputs, transitively. Each product keeps the earliest
 * changed file that reaches it, directly or through the products it reads from (settled in file order).
 */
function withDependents(products: readonly ProductPlan[], found: Map<string, Found>): Map<string, Cause> {
  const readers = new Map<string, string[]>();
  for (const p of products) for (const d of ciDependenciesOf(p)) readers.set(d, [...(readers.get(d) ?? []), p.name]);
  const settled = new Map<string, Cause>();
  for (;;) {
    let next: [string, Found] | undefined;
    for (const entry of found) if (!settled.has(entry[0]) && (next === undefined || entry[1].index < next[1].index)) next = entry;
    if (next === undefined) return settled;
    const [name, { index, cause }] = next;
    settled.set(name, cause);
    for (const reader of readers.get(name) ?? []) {
      const known = found.get(reader);
      if (!settled.has(reader) && (known === undefined || known.index > index)) {
        found.set(reader, { index, cause: cause.rule ? cause : { file: cause.file, through: cause.through ?? name } });
      }
    }
  }
}
