import { Unit } from './ci-matrix-units';
import { ProductPlan } from './plan-types';
import { ProductSetupPlan, isEmptySetup } from './product-setup';

/**
 * Issue 17: a product's `setup` in ci.yml. ci.yml has one job per kind of work whatever the number of
 * products, so a product's extra tools travel as values of its matrix cells, which the job's setup steps read
 * (`matrix.setup-apt`, ...). The names were checked at synth and come from the committed plan.
 */

/**
 * The matrix keys of a cell's setup, one per option that acts on a runner. `manylinuxPackages` has none: CI
 * builds and tests on the runner, and only the release's manylinux container installs those packages.
 */
export const CI_SETUP_KEYS = {
  aptPackages: 'setup-apt',
  protoc: 'setup-protoc',
  pnpm: 'setup-pnpm',
  rustComponents: 'setup-rust-components',
  rustTargets: 'setup-rust-targets',
} as const satisfies Record<Exclude<keyof ProductSetupPlan, 'manylinuxPackages'>, string>;

/** The setup values of a cell: space-separated lists, '' for what the product does not ask for. */
export function ciSetupValues(s: ProductSetupPlan | undefined): Record<string, string> {
  return {
    [CI_SETUP_KEYS.aptPackages]: (s?.aptPackages ?? []).join(' '),
    [CI_SETUP_KEYS.protoc]: s?.protoc ?? '',
    [CI_SETUP_KEYS.pnpm]: s?.pnpm ?? '',
    [CI_SETUP_KEYS.rustComponents]: (s?.rustComponents ?? []).join(' '),
    [CI_SETUP_KEYS.rustTargets]: (s?.rustTargets ?? []).join(' '),
  };
}

/** Whether some product of the plan asks for a setup CI acts on: then every cell carries the setup keys ('' when it asks for nothing). */
export function planHasSetup(products: readonly ProductPlan[]): boolean {
  return products.some((p) => !isEmptySetup(p.setup) && Object.values(ciSetupValues(p.setup)).some((v) => v !== ''));
}

/**
 * A unit with its product's setup values; products share a group (one cargo or npm invocation) only with
 * products of the same setup, so a cell sets up exactly what each of its products asked for.
 */
export function withCiSetup(unit: Unit): Unit {
  const values = ciSetupValues(unit.product.setup);
  const fingerprint = Object.values(values).join('|');
  return {
    ...unit,
    ...(unit.key !== undefined ? { key: `${unit.key}|${fingerprint}` } : {}),
    values: (members) => ({ ...unit.values(members), ...values }),
  };
}
