import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, planConfigOf } from '../../src/model';

// Issue 17: `dependsOn` between products orders publishing when no manifest says so (flovyn's server
// waits for its SDKs).

const crate = (name: string, deps = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n${deps}`;
const files = {
  'sdk/Cargo.toml': crate('flo-sdk'),
  'server/Cargo.toml': crate('flo-server'),
  'cli/Cargo.toml': crate('flo-cli', '[dependencies]\nflo-sdk = { path = "../sdk", version = "1.0.0" }\n'),
};

/** The plan of a repository holding only the manifests of the products given (every manifest needs a product). */
function plan(options: PlanOptions): ReleasePlan {
  const paths = (options.products ?? []).map((p) => `${p.path}/Cargo.toml`);
  const repo = new MemoryRepoReader(Object.fromEntries(Object.entries(files).filter(([f]) => paths.includes(f))));
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

describe('dependsOn: explicit ordering between products (issue 17)', () => {
  it('GIVEN a server no manifest ties to its SDK WHEN it names the SDK in dependsOn THEN the SDK is published a wave earlier and the plan says why', () => {
    const without = plan({ products: [Product.rustCrate({ path: 'server' }), Product.rustCrate({ path: 'sdk' })] }).tracks[0];
    expect(without.publishWaves).toEqual([['flo-server', 'flo-sdk']]);
    const track = plan({ products: [Product.rustCrate({ path: 'server', dependsOn: ['flo-sdk'] }), Product.rustCrate({ path: 'sdk' })] }).tracks[0];
    expect(track.publishWaves).toEqual([['flo-sdk'], ['flo-server']]);
    const server = track.products.find((p) => p.name === 'flo-server')!;
    expect([server.dependsOn, server.explicitDependsOn]).toEqual([['flo-sdk'], ['flo-sdk']]);
  });

  it('GIVEN dependsOn repeating what a manifest declares WHEN planned THEN the order is the manifest\'s and the option adds nothing', () => {
    const track = plan({ products: [Product.rustCrate({ path: 'cli', dependsOn: ['flo-sdk'] }), Product.rustCrate({ path: 'sdk' })] }).tracks[0];
    expect(track.publishWaves).toEqual([['flo-sdk'], ['flo-cli']]);
    expect(track.products.find((p) => p.name === 'flo-cli')!.explicitDependsOn).toEqual([]);
  });

  it('GIVEN dependsOn against a manifest dependency WHEN planned THEN the cycle is a synth error naming the products, the manifest entry and the option to change', () => {
    expect(() => plan({ products: [Product.rustCrate({ path: 'cli' }), Product.rustCrate({ path: 'sdk', dependsOn: ['flo-cli'] })] })).toThrow(
      /in a cycle[\s\S]*flo-cli -> flo-sdk\s+\(cli\/Cargo\.toml dependencies\.flo-sdk\)[\s\S]*flo-sdk -> flo-cli\s+\(products\[1\]\.dependsOn\)\nRemove 'flo-cli' from products\[1\]\.dependsOn/,
    );
  });

  it('GIVEN two products naming each other WHEN planned THEN the cycle names both options', () => {
    expect(() => plan({ products: [Product.rustCrate({ path: 'server', dependsOn: ['flo-sdk'] }), Product.rustCrate({ path: 'sdk', dependsOn: ['flo-server'] })] }))
      .toThrow(/flo-server -> flo-sdk\s+\(products\[0\]\.dependsOn\)[\s\S]*flo-sdk -> flo-server\s+\(products\[1\]\.dependsOn\)/);
  });

  it('GIVEN a name that is no product of the track, or the product itself WHEN planned THEN one message names the option and the products there are', () => {
    expect(() => plan({ products: [Product.rustCrate({ path: 'server', dependsOn: ['flo-sdkk'] }), Product.rustCrate({ path: 'sdk' })] }))
      .toThrow("products[0].dependsOn: 'flo-sdkk' is not a product of this track (its products: flo-server, flo-sdk); name one of them, or remove it.");
    expect(() => plan({ products: [Product.rustCrate({ path: 'server', dependsOn: ['flo-server'] })] }))
      .toThrow("products[0].dependsOn: product 'flo-server' names itself; remove 'flo-server'.");
  });
});
