import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, optionsOfRecord, planConfigOf, planSourceOf } from '../../src/model';
import { packageRefs } from '../../src/runtime/release/release-plan';

// Issue 17: a container image in the plan: no manifest of its own, its track's version, one ghcr package
// named by its image, and the settings its publish job builds from.

const crate = (name: string) => `[package]\nname = "${name}"\nversion = "2.3.0"\nedition = "2021"\n`;

function plan(files: Record<string, string>, options: PlanOptions): ReleasePlan {
  const repo = new MemoryRepoReader(files);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

const files = {
  'crates/server/Cargo.toml': crate('starstats-server'),
  'crates/server/Dockerfile': 'FROM scratch\n',
  'apps/web/Dockerfile.web': 'FROM scratch\n',
};

describe('a container image in the release plan (issue 17)', () => {
  const products = [
    Product.rustCrate({ path: 'crates/server', publish: false, githubRelease: false }),
    Product.containerImage({ path: 'crates/server', name: 'starstats-server-image', image: 'starstats-server', platforms: ['linux/amd64', 'linux/arm64', 'linux/arm64'] }),
    Product.containerImage({ path: 'apps/web', name: 'starstats-web', dockerfile: 'Dockerfile.web' }),
  ];
  const p = plan(files, { products });
  const byName = (n: string) => p.tracks[0].products.find((x) => x.name === n)!;

  it('GIVEN an image at the path of a server crate WHEN planned THEN both are products: the image claims no manifest, so the crate keeps its Cargo.toml', () => {
    expect(p.tracks[0].products.map((x) => [x.name, x.kind])).toEqual(expect.arrayContaining([
      ['starstats-server', 'rust-crate'], ['starstats-server-image', 'container-image'], ['starstats-web', 'container-image'],
    ]));
    expect(p.tracks[0].sites.filter((s) => s.products.includes('starstats-server-image'))).toEqual([]);
  });

  it('GIVEN an image WHEN planned THEN it publishes one ghcr package named by its image, with the Dockerfile and the platforms (each once) its job builds', () => {
    const server = byName('starstats-server-image');
    expect(server.packages).toEqual([{ registry: 'ghcr', name: 'starstats-server' }]);
    expect(server.settings).toMatchObject({ image: 'starstats-server', dockerfile: 'crates/server/Dockerfile', platforms: 'linux/amd64,linux/arm64' });
    expect(byName('starstats-web').settings).toMatchObject({ image: 'starstats-web', dockerfile: 'apps/web/Dockerfile.web', platforms: 'linux/amd64' });
  });

  it('GIVEN an image WHEN the plan job lists what to probe THEN it asks the container registry for the version\'s tag', () => {
    expect(packageRefs(byName('starstats-web'), '2.3.0', 'starstats-web-v2.3.0').filter((r) => r.target === 'ghcr'))
      .toEqual([{ target: 'ghcr', name: 'starstats-web', version: '2.3.0' }]);
  });

  it('GIVEN the plan options recorded in the plan file WHEN read back THEN the image\'s options come back as declared', () => {
    const back = optionsOfRecord(planSourceOf({ products }, new MemoryRepoReader(files)).options);
    const image = back.products!.find((x) => x.name === 'starstats-server-image')!;
    expect(image._extra).toMatchObject({ image: 'starstats-server', platforms: ['linux/amd64', 'linux/arm64', 'linux/arm64'] });
    expect(back.products!.find((x) => x.name === 'starstats-web')!._extra).toMatchObject({ dockerfile: 'Dockerfile.web' });
  });

  it('GIVEN a Dockerfile outside the repository or no platform WHEN planned THEN the option is named with the fix', () => {
    expect(() => plan(files, { products: [Product.containerImage({ path: 'apps/web', name: 'w', dockerfile: '../../../Dockerfile' })] }))
      .toThrow(/products\[0\]\.dockerfile: '\.\.\/\.\.\/\.\.\/Dockerfile' leaves the repository/);
    expect(() => plan(files, { products: [Product.containerImage({ path: 'apps/web', name: 'w', dockerfile: 'Dockerfile.web', platforms: [] })] }))
      .toThrow(/products\[0\]\.platforms: give at least one platform/);
  });
});
