import { LockstepConfigError } from './errors';

/** A dependency of one product on another, with the manifest entry it comes from. */
export interface DependencyEdge {
  readonly from: string;
  readonly to: string;
  /** Where the dependency is declared, e.g. `sdk/nodejs/Cargo.toml [dependencies].quill-engine`. */
  readonly via: string;
  /** True for a Cargo dev-dependency with a version requirement, which orders publishing too (P9). */
  readonly dev?: boolean;
  /** True for an order the product's `dependsOn` option asks for, which no manifest declares. */
  readonly explicit?: boolean;
}

/**
 * Orders products into publish waves: every product's dependencies are in earlier waves, so a registry
 * never sees a package before what it depends on (P3). Waves and their members are sorted by the order
 * the products were declared in, so the result is deterministic. A cycle is a configuration error.
 */
export function publishWaves(products: readonly string[], edges: readonly DependencyEdge[]): string[][] {
  const deps = new Map(products.map((p) => [p, new Set<string>()]));
  for (const e of edges) deps.get(e.from)?.add(e.to);
  const placed = new Set<string>();
  const waves: string[][] = [];
  while (placed.size < products.length) {
    const wave = products.filter((p) => !placed.has(p) && [...deps.get(p)!].every((d) => placed.has(d)));
    if (wave.length === 0) throw cycleError(products.filter((p) => !placed.has(p)), edges);
    wave.forEach((p) => placed.add(p));
    waves.push(wave);
  }
  return waves;
}

function cycleError(remaining: string[], edges: readonly DependencyEdge[]): LockstepConfigError {
  const cycle = findCycle(remaining, edges);
  const path = cycle.map((e) => `  ${e.from} -> ${e.to}   (${e.via}${e.dev ? ', a dev-dependency with a version' : ''})`).join('\n');
  const dev = cycle.filter((e) => e.dev);
  // P9: cargo resolves a versioned dev-dependency while packaging; without `version` it strips the entry.
  const explicit = cycle.filter((e) => e.explicit);
  const fix = dev.length > 0
    ? `Drop the version requirement of ${dev.map((e) => e.via).join(' or ')} (keep only its \`path\`): cargo strips a path-only dev-dependency when packaging, so it no longer orders publishing.`
    : explicit.length > 0
      ? `Remove ${explicit.map((e) => `'${e.to}' from ${e.via}`).join(' or ')}: the manifests already order these products the other way, or the option names them both ways.`
      : 'Break the cycle: make one of these a path-only dev-dependency, or merge the products.';
  return new LockstepConfigError(`products depend on each other in a cycle, so there is no order to publish them in:\n${path}\n${fix}`);
}

function findCycle(nodes: string[], edges: readonly DependencyEdge[]): DependencyEdge[] {
  const inside = new Set(nodes);
  const out = (n: string) => edges.filter((e) => e.from === n && inside.has(e.to));
  // Every remaining node has an edge into the remaining set, so walking first edges must revisit a node.
  const trail: DependencyEdge[] = [];
  const seenAt = new Map<string, number>();
  let node = nodes[0];
  while (!seenAt.has(node)) {
    seenAt.set(node, trail.length);
    const next = out(node)[0];
    trail.push(next);
    node = next.to;
  }
  return trail.slice(seenAt.get(node));
}
