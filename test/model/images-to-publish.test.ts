import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, Product, buildPlan, imagesToPublish, planConfigOf } from '../../src/model';

// The one filter release.yml's image jobs, the secrets doc's image rows and a rehearsal's local registry read.

describe('the container images a plan publishes', () => {
  const files = {
    'crates/server/Cargo.toml': '[package]\nname = "starstats-server"\nversion = "2.3.0"\nedition = "2021"\n',
    'crates/server/Dockerfile': 'FROM scratch\n',
    'apps/web/Dockerfile': 'FROM scratch\n',
    'apps/admin/Dockerfile': 'FROM scratch\n',
  };
  const products = [
    Product.rustCrate({ path: 'crates/server', githubRelease: false }),
    Product.containerImage({ path: 'apps/web', name: 'web' }),
    Product.containerImage({ path: 'apps/admin', name: 'admin' }),
  ];
  const repo = new MemoryRepoReader(files);
  const plan = buildPlan(planConfigOf({ products }, repo, '0.0.0'), repo);

  it('GIVEN a crate and two images WHEN filtered THEN the two images are there, in the plan\'s order, and the crate is not', () => {
    expect(plan.tracks[0].products.map((p) => p.name)).toContain('starstats-server');
    expect(imagesToPublish(plan.tracks[0].products).map((p) => p.name)).toEqual(['web', 'admin']);
  });

  it('GIVEN no image WHEN filtered THEN there is none', () => {
    expect(imagesToPublish(plan.tracks[0].products.filter((p) => p.kind !== 'container-image'))).toEqual([]);
  });
});
