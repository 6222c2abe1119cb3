import { describe, expect, it } from 'vitest';
import { ManifestError, MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, planConfigOf } from '../../src/model';
import { errorOf, synthIn, writeRepo } from '../support/fixtures';

/**
 * Issue 11, item 6: configuration mistakes that used to pass synth and fail only at release time (a tag
 * that collides, a Go module the proxy never serves, a crate crates.io refuses, an exclusion the bump
 * ignores, a workspace cargo cannot load). Each is now refused when the plan is built, before any file is
 * written, by one message naming the file or option and what to do.
 */

const crate = (name: string, extra = '', version = '1.0.0') => `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n${extra}`;
const goMod = (module: string) => `module ${module}\n\ngo 1.22\n`;

function plan(files: Record<string, string>, options: PlanOptions, repository?: string): ReleasePlan {
  const repo = new MemoryRepoReader(files);
  return buildPlan({ ...planConfigOf(options, repo, '0.0.0'), repository }, repo);
}

describe('a product tag prefix equal to the umbrella prefix', () => {
  const twoCrates = { 'a/Cargo.toml': crate('a'), 'b/Cargo.toml': crate('b') };

  it('GIVEN two products, one with the umbrella prefix WHEN planned THEN the error names its tagPrefix, the umbrella option and both fixes', () => {
    expect(() => plan(twoCrates, { products: [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b', tagPrefix: 'v' })] })).toThrow(
      "products[1].tagPrefix: 'v' is also the umbrella tag prefix (umbrellaTagPrefix) of a track with 2 products, so release 1.2.3 needs the tag 'v1.2.3' twice: " +
        "once for the track and once for b alone. Give b its own `tagPrefix` (for example 'b-v'), or change `umbrellaTagPrefix`.",
    );
  });

  it('GIVEN a root Go module (tags v*) beside a crate under the default umbrella prefix WHEN planned THEN the fix is the umbrella prefix, which Go leaves free', () => {
    const files = { 'go.mod': goMod('example.com/quill'), 'a/Cargo.toml': crate('a') };
    expect(() => plan(files, { products: [Product.goModule({ path: '.' }), Product.rustCrate({ path: 'a' })] }))
      .toThrow(/^products\[0\]\.tagPrefix: 'v' is also the umbrella tag prefix \(umbrellaTagPrefix\).*Go fixes the tag prefix of the module at '\.', so change `umbrellaTagPrefix`/);
    expect(() => plan(files, { products: [Product.goModule({ path: '.' }), Product.rustCrate({ path: 'a' })], umbrellaTagPrefix: 'release-v' })).not.toThrow();
  });

  it('GIVEN a one-product track sharing its umbrella tag (seed 002\'s tray) WHEN planned THEN it stays allowed: there is one tag to make', () => {
    const track = plan({ 'a/Cargo.toml': crate('a') }, { products: [Product.rustCrate({ path: 'a', tagPrefix: 'v' })] }).tracks[0];
    expect([track.umbrellaTagPrefix, track.products[0].tagPrefix]).toEqual(['v', 'v']);
  });
});

describe('a Go module path that does not match the repository and directory', () => {
  it('GIVEN a module path that does not end with its directory WHEN planned THEN the error names go.mod, the directory option and the path to write', () => {
    const files = { 'sdk/go/go.mod': goMod('example.com/quill/go'), 'Cargo.toml': crate('core') };
    const e = errorOf(() => plan(files, { products: [Product.rustCrate({ path: '.' }), Product.goModule({ path: 'sdk/go' })] }));
    expect(e).toBeInstanceOf(ManifestError);
    expect(e.message).toBe(
      "sdk/go/go.mod: module path 'example.com/quill/go' does not match where the module is: the module is in 'sdk/go' (products[1].path), so its path must end with 'sdk/go'. " +
        "Go fetches a module version from the repository and directory its path names, at the tag 'sdk/go/vX.Y.Z', so the Go proxy would never serve this module, " +
        "and a pushed tag cannot be taken back. Change the module line to '<module path of the repository root>/sdk/go' (and its imports), or fix products[1].path.",
    );
    expect(() => plan({ ...files, 'sdk/go/go.mod': goMod('github.com/acme/quill/go') }, { products: [Product.rustCrate({ path: '.' }), Product.goModule({ path: 'sdk/go' })] }))
      .toThrow(/Change the module line to 'github\.com\/acme\/quill\/sdk\/go'/);
  });

  it('GIVEN trustedPublishing.repository and a github.com module path naming another repository WHEN planned THEN the error names the repository option and the exact path', () => {
    const files = { 'sdk/go/go.mod': goMod('github.com/someone/quill/sdk/go'), 'Cargo.toml': crate('core') };
    const products = () => [Product.rustCrate({ path: '.' }), Product.goModule({ path: 'sdk/go' })];
    expect(() => plan(files, { products: products() }, 'acme/quill')).toThrow(
      /^sdk\/go\/go\.mod: module path 'github\.com\/someone\/quill\/sdk\/go' does not match where the module is: the repository is acme\/quill \(trustedPublishing\.repository\) and the module is in 'sdk\/go'\..*Change the module line to 'github\.com\/acme\/quill\/sdk\/go'/,
    );
    // Without the repository, only the directory can be checked, and it matches.
    expect(() => plan(files, { products: products() })).not.toThrow();
    expect(() => plan({ ...files, 'sdk/go/go.mod': goMod('github.com/Acme/quill/sdk/go') }, { products: products() }, 'acme/quill')).not.toThrow();
  });

  it('GIVEN the repository set in .projenrc WHEN synthesized THEN the component hands it to the plan and the module is refused', () => {
    const dir = writeRepo({ 'sdk/go/go.mod': goMod('github.com/someone/quill/sdk/go'), 'Cargo.toml': crate('core', 'license = "MIT"\n'), 'src/lib.rs': '' });
    expect(() => synthIn(dir, { products: [Product.rustCrate({ path: '.' }), Product.goModule({ path: 'sdk/go' })], trustedPublishing: { repository: 'acme/quill' } }))
      .toThrow(/sdk\/go\/go\.mod: module path 'github\.com\/someone\/quill\/sdk\/go' does not match.*trustedPublishing\.repository/);
  });
});

describe('Go semantic import versioning against the track version', () => {
  const products = () => [Product.rustCrate({ path: '.' }), Product.goModule({ path: 'sdk/go' })];

  it('GIVEN a /v2 module path while the track is at 1.4.0 WHEN planned THEN the error names go.mod, the version and its source, and says to drop the suffix', () => {
    const files = { 'Cargo.toml': crate('core', '', '1.4.0'), 'sdk/go/go.mod': goMod('example.com/quill/sdk/go/v2') };
    expect(() => plan(files, { products: products() })).toThrow(
      "sdk/go/go.mod: module example.com/quill/sdk/go/v2 ends in /v2 but the version is 1.4.0: the track's version is 1.4.0 (from Cargo.toml), and the Go toolchain refuses this module at that version. " +
        "To fix it, remove '/v2' from the module line (a module below 2.0.0 has no major suffix), or release it at 2.0.0 or later.",
    );
  });

  it('GIVEN a 0.x track and a /v3 module WHEN planned THEN it is refused too', () => {
    const files = { 'Cargo.toml': crate('core', '', '0.3.0'), 'sdk/go/go.mod': goMod('example.com/quill/sdk/go/v3') };
    expect(() => plan(files, { products: products() })).toThrow(/^sdk\/go\/go\.mod: module example\.com\/quill\/sdk\/go\/v3 ends in \/v3 but the version is 0\.3\.0/);
  });

  it('GIVEN a 2.x track and a module without /v2 WHEN planned THEN the error says to add the suffix', () => {
    const files = { 'Cargo.toml': crate('core', '', '2.1.0'), 'sdk/go/go.mod': goMod('example.com/quill/sdk/go') };
    expect(() => plan(files, { products: products() }))
      .toThrow(/^sdk\/go\/go\.mod: '2\.1\.0' needs the Go module example\.com\/quill\/sdk\/go to end in \/v2 .*add the major version suffix to the module line/);
  });

  it('GIVEN a 2.x track and a /v2 module WHEN planned THEN it is accepted', () => {
    const files = { 'Cargo.toml': crate('core', '', '2.1.0'), 'sdk/go/go.mod': goMod('github.com/acme/quill/sdk/go/v2') };
    expect(plan(files, { products: products() }, 'acme/quill').tracks[0].products.map((p) => p.name)).toEqual(['core', 'sdk-go']);
  });
});

describe('a published crate depending on an unpublished one', () => {
  const internal = crate('internal', 'publish = false\n');

  it('GIVEN a published crate with a normal dependency on a publish = false crate WHEN planned THEN the error names the manifest entry, both crates and the fixes', () => {
    const files = { 'core/Cargo.toml': crate('core', '[dependencies]\ninternal = { path = "../internal", version = "1.0.0" }\n'), 'internal/Cargo.toml': internal };
    const e = errorOf(() => plan(files, { products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'internal' })] }));
    expect(e).toBeInstanceOf(ManifestError);
    expect(e.message).toBe(
      'core/Cargo.toml: dependencies.internal: core (products[0]) is published to crates.io but depends on internal, and internal/Cargo.toml says `publish = false`. ' +
        'crates.io accepts a crate only when its dependencies are on it too, so the release would stop at core. ' +
        'Publish internal too, move the dependency to [dev-dependencies] (path only) if only tests use it, or set `publish: false` on products[0].',
    );
  });

  it('GIVEN the dependency in [build-dependencies] through [workspace.dependencies], on a crate no product declares WHEN planned THEN it is refused too', () => {
    const files = {
      'Cargo.toml': '[workspace]\nmembers = ["core", "internal"]\n\n[workspace.dependencies]\ninternal = { path = "internal" }\n',
      'core/Cargo.toml': crate('core', '[build-dependencies]\ninternal.workspace = true\n'),
      'internal/Cargo.toml': internal,
    };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'core' })], excludeManifests: ['internal'] }))
      .toThrow(/^core\/Cargo\.toml: build-dependencies\.internal: core \(products\[0\]\) is published to crates\.io but depends on internal, and internal\/Cargo\.toml says `publish = false`/);
  });

  it('GIVEN a dependency on a crate declared publish: false WHEN planned THEN the error names that option', () => {
    const files = { 'core/Cargo.toml': crate('core', '[dependencies]\nhelper = { path = "../helper", version = "1.0.0" }\n'), 'helper/Cargo.toml': crate('helper') };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'helper', publish: false })] }))
      .toThrow(/^core\/Cargo\.toml: dependencies\.helper: core \(products\[0\]\) is published to crates\.io but depends on helper, and products\[1\] declares it `publish: false`/);
  });

  it('GIVEN only a path-only dev-dependency on the unpublished crate, or an unpublished crate depending on it WHEN planned THEN both are accepted', () => {
    const files = {
      'core/Cargo.toml': crate('core', '[dev-dependencies]\ninternal = { path = "../internal" }\n'),
      'bench/Cargo.toml': crate('bench', 'publish = false\n[dependencies]\ninternal = { path = "../internal", version = "1.0.0" }\n'),
      'internal/Cargo.toml': internal,
    };
    const products = [Product.rustCrate({ path: 'core' }), Product.rustCrate({ path: 'bench' }), Product.rustCrate({ path: 'internal' })];
    expect(plan(files, { products }).tracks[0].products.map((p) => [p.name, p.publish])).toEqual([['core', true], ['bench', false], ['internal', false]]);
  });
});

describe('publish: true against the manifest', () => {
  it('GIVEN publish: true on a crate whose Cargo.toml says publish = false WHEN planned THEN the error names the option, the file and both ways out', () => {
    const files = { 'a/Cargo.toml': crate('a', 'publish = false\n') };
    expect(() => plan(files, { products: [Product.rustCrate({ path: 'a', publish: true })] })).toThrow(
      'products[0].publish: true, but a/Cargo.toml says `publish = false`, so cargo would refuse to publish it at release time. ' +
        'Remove `publish = false` from a/Cargo.toml to publish it, or drop `publish: true` from products[0] to keep it unpublished.',
    );
  });

  it('GIVEN publish: true on an npm package marked private WHEN planned THEN it is refused, naming package.json', () => {
    const files = { 'cli/package.json': JSON.stringify({ name: 'cli', version: '1.0.0', private: true }) };
    expect(() => plan(files, { products: [Product.npmPackage({ path: 'cli', publish: true })] }))
      .toThrow(/^products\[0\]\.publish: true, but cli\/package\.json says `"private": true`, so npm would refuse/);
  });
});

describe('excludeManifests naming a manifest a product owns', () => {
  const files = { 'crates/a/Cargo.toml': crate('a'), 'crates/b/Cargo.toml': crate('b'), 'crates/fixture/package.json': JSON.stringify({ name: 'fx', version: '9.9.9' }) };
  const products = () => [Product.rustCrate({ path: 'crates/a' }), Product.rustCrate({ path: 'crates/b' })];

  it('GIVEN the file of a product excluded WHEN planned THEN the error names the entry, the field the bump sets and the product', () => {
    expect(() => plan(files, { products: products(), excludeManifests: ['crates/fixture', 'crates/b/Cargo.toml'] })).toThrow(
      "excludeManifests[1]: 'crates/b/Cargo.toml' names crates/b/Cargo.toml, whose package.version the bump sets for b: the bump edits it whatever excludeManifests says. " +
        'Remove the entry (the file follows the release), or change the product that owns it.',
    );
  });

  it('GIVEN a folder holding a product excluded WHEN planned THEN the error says which owned file it covers and to list the others instead', () => {
    expect(() => plan(files, { products: products(), excludeManifests: ['crates'] }))
      .toThrow(/^excludeManifests\[0\]: 'crates' covers crates\/a\/Cargo\.toml, whose package\.version the bump sets for a: .*List the files or folders below 'crates'/);
    expect(plan(files, { products: products(), excludeManifests: ['crates/fixture'] }).excluded).toEqual(['crates/fixture']);
  });
});

describe('Cargo workspace members that name nothing', () => {
  const members = (list: string) => ({
    'Cargo.toml': `[workspace]\nmembers = [${list}]\n\n[workspace.package]\nversion = "1.0.0"\n`,
    'crates/a/Cargo.toml': '[package]\nname = "a"\nversion.workspace = true\nedition = "2021"\n',
  });

  it('GIVEN a members glob that matches no crate WHEN planned THEN the error names the workspace file, the entry and the fix', () => {
    const e = errorOf(() => plan(members('"crates/*", "tools/*"'), { products: [Product.rustCrate({ path: 'crates/a' })] }));
    expect(e).toBeInstanceOf(ManifestError);
    expect(e.message).toBe('Cargo.toml: [workspace].members[1] = "tools/*" matches no directory with a Cargo.toml under the repository root. Fix the glob or remove it.');
  });

  it('GIVEN a member directory that does not exist WHEN planned THEN the error names the missing manifest', () => {
    expect(() => plan(members('"crates/a", "crates/gone"'), { products: [Product.rustCrate({ path: 'crates/a' })] }))
      .toThrow('Cargo.toml: [workspace].members[1] = "crates/gone": crates/gone/Cargo.toml does not exist, so cargo cannot load the workspace. Fix the entry or remove it (or restore the crate).');
  });

  it('GIVEN members that all name crates, and a broken workspace under an excluded folder WHEN planned THEN it is accepted', () => {
    const files = { ...members('"crates/*"'), 'examples/Cargo.toml': '[workspace]\nmembers = ["gone"]\n' };
    expect(plan(files, { products: [Product.rustCrate({ path: 'crates/a' })], excludeManifests: ['examples'] }).tracks[0].manifests).toEqual(['Cargo.toml']);
  });
});
