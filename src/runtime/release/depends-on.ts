import { Outcome } from './outcomes';
import { Registry } from './ports';
import { ReleaseRun, RunPackage, RunProduct } from './run';
import { PublishTarget, ownValue } from '../../model';

/**
 * Issue 17: a product's `dependsOn` option orders publishing across registries (flovyn's server waits for
 * its SDKs). release.yml runs the publish job of a product after the jobs of what it names, but those jobs
 * may have failed, or left the version half-published; so before a product is published, the registries of
 * the products it names are asked whether they list them at this version. Until they do, it is held back,
 * and a re-run of the release (after the dependency is published) publishes it.
 *
 * Only other registries are asked: within one publish job, the job's own order and its "its dependency
 * failed" check already hold a package back (and a registry may lag right after its own upload). A
 * product's own publish command and GitHub Releases have nothing to ask, so a dependency published only
 * that way is left to the order of the jobs.
 */

/** The registries a dependency can be asked on, as maintainers call them. */
const REGISTRY_TITLE: Readonly<Record<string, string>> = {
  [PublishTarget.CRATES_IO]: 'crates.io',
  [PublishTarget.NPM]: 'npm',
  [PublishTarget.PYPI]: 'PyPI',
  [PublishTarget.GO]: 'the Go module proxy',
  [PublishTarget.GHCR]: 'GitHub\'s container registry',
};

/** A package of a product named in `dependsOn` that its registry does not list (or could not be asked about). */
export interface UnpublishedDependency {
  /** The product named in `dependsOn`. */
  readonly product: string;
  readonly package: RunPackage;
  /** Set when the registry could not be asked: the product is held back all the same. */
  readonly probeError?: string;
}

/**
 * The packages of the products `product` names in its `dependsOn` option that are on another registry than
 * `target` and that this registry does not list at the release version. The plan job's answer counts when
 * it found one published; anything else is asked again now.
 */
export async function unpublishedDependencies(
  run: ReleaseRun, product: RunProduct, target: string, registry: Registry,
): Promise<UnpublishedDependency[]> {
  const out: UnpublishedDependency[] = [];
  for (const name of product.explicitDependsOn ?? []) {
    const dependency = run.products.find((p) => p.name === name);
    // Not released by this run (not published at all): there is nothing to wait for.
    if (dependency === undefined) continue;
    const packages = dependency.packages.filter((k) => k.target !== target && ownValue(REGISTRY_TITLE, k.target) !== undefined);
    for (const pkg of packages.filter((k) => k.state !== 'published')) {
      try {
        if ((await registry.probe(pkg)) !== 'published') out.push({ product: name, package: pkg });
      } catch (e) {
        out.push({ product: name, package: pkg, probeError: (e as Error).message });
      }
    }
  }
  return out;
}

/** Why a product waits, in one sentence for the summary: what it depends on, where it is missing, what to do. */
export function heldBackDetail(unpublished: readonly UnpublishedDependency[]): string {
  const missing = unpublished.map((u) => {
    const where = ownValue(REGISTRY_TITLE, u.package.target) ?? u.package.target;
    return u.probeError === undefined
      ? `${where} does not list ${u.product}'s ${u.package.name} ${u.package.version} yet`
      : `${where} could not be asked about ${u.product}'s ${u.package.name} ${u.package.version} (${u.probeError})`;
  });
  const products = [...new Set(unpublished.map((u) => u.product))].join(', ');
  return `held back: it is published after ${products} (its dependsOn), and ${missing.join('; ')}; dispatch the release again with the same version once that is published`;
}

/** The held-back outcomes of a product's packages on `target`, one a package. */
export function heldBackOutcomes(product: RunProduct, target: string, unpublished: readonly UnpublishedDependency[]): Outcome[] {
  return product.packages.filter((k) => k.target === target)
    .map((k) => ({ product: product.name, target, subject: k.name, version: k.version, outcome: 'held-back' as const, detail: heldBackDetail(unpublished) }));
}
