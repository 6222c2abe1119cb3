import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, planConfigOf } from '../../src/model';

const crate = (name: string, deps = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n${deps}`;

function plan(files: Record<string, string>, options: PlanOptions): ReleasePlan {
  const repo = new MemoryRepoReader(files);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

describe('validation when the project is constructed', () => {
  const twoCrates = { 'a/Cargo.toml': crate('a'), 'b/Cargo.toml': crate('b') };

  it('GIVEN two products with one name WHEN planned THEN the error names both options and says to set `name`', () => {
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: 'a', name: 'x' }), Product.rustCrate({ path: 'b', name: 'x' })] }))
      .toThrow(/products\[1\]: product name 'x' is already used by products\[0\] \(rust-crate at 'a'\)\. Set `name`/);
  });

  it('GIVEN two products with one tag prefix WHEN planned THEN the error names the option and the fix', () => {
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: 'a', tagPrefix: 'k-v' }), Product.rustCrate({ path: 'b', tagPrefix: 'k-v' })] }))
      .toThrow(/products\[1\]\.tagPrefix: 'k-v' is already the tag prefix of products\[0\]/);
  });

  it("GIVEN tag prefixes 'v' (umbrella) and 'v-tray' WHEN planned THEN the overlap is refused because a 'v*' glob matches both", () => {
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: 'a', tagPrefix: 'v-tray' })] }))
      .toThrow(/products\[0\]\.tagPrefix: tag prefix 'v-tray' \(a\) starts with 'v' \(umbrella, umbrellaTagPrefix\)/);
  });

  it('GIVEN product prefixes where one starts with the other WHEN planned THEN the overlap is refused', () => {
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: 'a', tagPrefix: 'core-v' }), Product.rustCrate({ path: 'b', tagPrefix: 'core-v2-' })] }))
      .toThrow(/tag prefix 'core-v2-' \(b\) starts with 'core-v' \(a/);
  });

  it('GIVEN a path outside the repository WHEN planned THEN the error names the option', () => {
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: '../elsewhere' })] })).toThrow(/products\[0\]\.path: '\.\.\/elsewhere' is outside the repository/);
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: '/abs/a' })] })).toThrow(/products\[0\]\.path: '\/abs\/a' is outside/);
  });

  it('GIVEN a path without its manifest WHEN planned THEN the error names the missing file and the fix', () => {
    expect(() => plan(twoCrates, { products: [Product.maturin({ path: 'a' })] }))
      .toThrow(/products\[0\] \(maturin at 'a'\): a\/pyproject\.toml not found\. A maturin product needs a pyproject\.toml; fix the product's `path`/);
  });

  it('GIVEN crates that depend on each other WHEN planned THEN the cycle is shown with the manifest entries', () => {
    const files = {
      'a/Cargo.toml': crate('a', '[dependencies]\nb = { path = "../b", version = "1.0.0" }\n'),
      'b/Cargo.toml': crate('b', '[dependencies.a]\npath = "../a"\nversion = "1.0.0"\n'),
    };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })] }))
      .toThrow(/in a cycle[\s\S]*a -> b\s+\(a\/Cargo\.toml dependencies\.b\)[\s\S]*b -> a\s+\(b\/Cargo\.toml dependencies\.a\)/);
  });

  it('P9 GIVEN a path-only dev-dependency back-edge WHEN planned THEN it orders nothing: cargo strips it when packaging', () => {
    const files = {
      'a/Cargo.toml': crate('a', '[dev-dependencies]\nb = { path = "../b" }\n'),
      'b/Cargo.toml': crate('b', '[dependencies]\na = { path = "../a", version = "1.0.0" }\n'),
    };
    const track = plan(files, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })] }).tracks[0];
    expect(track.publishWaves).toEqual([['a'], ['b']]);
    expect(track.products.find((p) => p.name === 'a')!.dependsOn).toEqual([]);
  });

  it('P9 GIVEN a dev-dependency with a version requirement WHEN planned THEN the crate it names is published first, and the pin still follows the version', () => {
    const files = {
      'a/Cargo.toml': crate('a', '[dev-dependencies]\nb = { path = "../b", version = "1.0.0" }\n'),
      'b/Cargo.toml': crate('b'),
    };
    const track = plan(files, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })] }).tracks[0];
    expect(track.publishWaves).toEqual([['b'], ['a']]);
    expect(track.products.find((p) => p.name === 'a')!.dependsOn).toEqual(['b']);
    expect(track.sites.filter((s) => s.role === 'pin').map((s) => s.keyPath.join('.'))).toEqual(['dev-dependencies.b.version']);
  });

  it('P9 GIVEN a dev-dependency inheriting a versioned [workspace.dependencies] entry WHEN planned THEN it orders publishing too', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n\n[workspace.dependencies]\nb = { path = "b", version = "1.0.0" }\n',
      'a/Cargo.toml': crate('a', '[dev-dependencies]\nb.workspace = true\n'),
      'b/Cargo.toml': crate('b'),
    };
    const track = plan(files, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })] }).tracks[0];
    expect(track.publishWaves).toEqual([['b'], ['a']]);
  });

  it('P9 GIVEN a cycle through a versioned dev-dependency WHEN planned THEN the synth error names the requirement to drop', () => {
    const files = {
      'a/Cargo.toml': crate('a', '[dev-dependencies]\nb = { path = "../b", version = "1.0.0" }\n'),
      'b/Cargo.toml': crate('b', '[dependencies]\na = { path = "../a", version = "1.0.0" }\n'),
    };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })] })).toThrow(
      /in a cycle[\s\S]*a -> b\s+\(a\/Cargo\.toml dev-dependencies\.b, a dev-dependency with a version\)[\s\S]*Drop the version requirement of a\/Cargo\.toml dev-dependencies\.b \(keep only its `path`\): cargo strips a path-only dev-dependency/,
    );
  });

  it('GIVEN both products and tracks WHEN configured THEN the conflict names both options', () => {
    expect(() => plan(twoCrates, { products: [], tracks: [{ name: 'one', products: [] }] })).toThrow(/products and tracks: give either/);
  });

  it('GIVEN a Go module with a custom tag prefix WHEN planned THEN it is refused because Go needs <path>/v', () => {
    const files = { 'sdk/go/go.mod': 'module example.com/x/sdk/go\n\ngo 1.22\n' };
    expect(() => plan(files, { products: [Product.goModule({ path: 'sdk/go', tagPrefix: 'go-v' })] }))
      .toThrow(/products\[0\]\.tagPrefix: 'go-v' cannot be used for the Go module at 'sdk\/go': Go requires tags named 'sdk\/go\/vX\.Y\.Z'/);
  });

  it('GIVEN two products claiming one manifest WHEN planned THEN the error names both', () => {
    const files = { 'py/Cargo.toml': crate('py'), 'py/pyproject.toml': '[project]\nname = "py"\nversion = "1.0.0"\n' };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'py', name: 'core' }), Product.maturin({ path: 'py' })] }))
      .toThrow(/products\[1\]: manifest py\/Cargo\.toml is already claimed by products\[0\] \('core'\)/);
  });

  it('GIVEN a malformed manifest WHEN planned THEN the error names the file and the line', () => {
    const files = { 'a/Cargo.toml': '[package]\nname = "a"\nversion = 1.0.0"\n' };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'a' })] })).toThrow(/^a\/Cargo\.toml:3: invalid TOML/);
    const json = { 'n/package.json': '{\n  "name": "n",\n  "version": "1.0.0",\n}\n' };
    expect(() => plan(json, { products: [Product.npmPackage({ path: 'n' })] })).toThrow(/^n\/package\.json:4: invalid JSON/);
  });

  it('GIVEN a generic product without a name WHEN planned THEN it asks for `name`', () => {
    expect(() => plan(twoCrates, { products: [Product.generic({ path: 'a' })] })).toThrow(/a generic product needs `name`; set it/);
  });
});

describe('B1: every versioned manifest belongs to a product or is excluded', () => {
  const files = {
    'Cargo.toml': '[workspace]\nmembers = ["core", "benches"]\n',
    'core/Cargo.toml': crate('core'),
    'benches/Cargo.toml': '[package]\nname = "benches"\nversion = "0.0.0"\npublish = false\n\n[dependencies]\ncore = { path = "../core", version = "1.0.0" }\n',
    'app/package.json': '{ "name": "app", "private": true }\n',
  };

  it('B1 GIVEN a benchmarks crate pinning a product WHEN planned THEN the error names the file, its fields and both ways out', () => {
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'core' })] })).toThrow(
      /1 manifest\(s\) carry a version or an internal pin but belong to no product:\n {2}benches\/Cargo\.toml: \[package\]\.version = "0\.0\.0"; pins core at dependencies\.core\.version\n[\s\S]*declare a product[\s\S]*`excludeManifests`/,
    );
  });

  /** The benchmarks crate depending on the product by path alone, which an exclusion can leave as it is. */
  const pathOnly = { ...files, 'benches/Cargo.toml': files['benches/Cargo.toml'].replace(', version = "1.0.0" }', ' }') };

  it('B1 GIVEN the file excluded WHEN planned THEN planning passes and the exclusion is recorded', () => {
    const p = plan(pathOnly, { products: [Product.rustCrate({ path: 'core' })], excludeManifests: ['benches'] });
    expect(p.excluded).toEqual(['benches']);
    expect(p.tracks[0].manifests).toEqual(['core/Cargo.toml']);
  });

  it('B1 GIVEN the file excluded while it pins the product by path and version WHEN planned THEN the exclusion is refused, naming the pin and both fixes', () => {
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'core' })], excludeManifests: ['benches'] })).toThrow(
      /^excludeManifests: 1 pin\(s\) in excluded crates would break their workspace after a bump:\n {2}benches\/Cargo\.toml: pins core by path and version at dependencies\.core\.version = "1\.0\.0"\n[\s\S]*drop the `version` of that path dependency[\s\S]*Product\.rustCrate\(\{ path: 'benches', publish: false \}\)/,
    );
  });

  it('B1 GIVEN the crate declared as an unpublished product WHEN planned THEN its pin follows the version but it is not published', () => {
    const p = plan(files, { products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'benches' })] });
    const benches = p.tracks[0].products.find((x) => x.name === 'benches')!;
    expect(benches).toMatchObject({ publish: false, registries: [], githubRelease: false });
    expect(p.tracks[0].sites.map((s) => `${s.file} ${s.keyPath.join('.')}`)).toContain('benches/Cargo.toml dependencies.core.version');
  });

  it('B1 GIVEN an exclusion that matches nothing WHEN planned THEN it is refused as a likely typo', () => {
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'core' })], excludeManifests: ['bench'] }))
      .toThrow(/excludeManifests\[0\]: 'bench' matches no manifest or lockfile/);
  });

  it('B1 GIVEN a private package.json without a version WHEN planned THEN it needs nothing', () => {
    expect(() => plan(pathOnly, { products: [Product.rustCrate({ path: 'core' })], excludeManifests: ['benches/Cargo.toml'] })).not.toThrow();
  });
});
