import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, optionsOfRecord, planConfigOf, planSourceOf } from '../../src/model';

// Issue 17, extension points: a product's extra setup (every kind) and a generic product's publish secrets
// and permissions, as the plan records them, and the errors that name the option.

const files = {
  'core/Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\nedition = "2021"\n',
  'server/VERSION': '1.0.0\n',
};

/** The plan of a repository holding the files of the products given (every manifest needs a product). */
function plan(options: PlanOptions): ReleasePlan {
  const repo = repoOf(options);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

function repoOf(options: PlanOptions): MemoryRepoReader {
  const paths = (options.products ?? []).map((p) => p.path);
  return new MemoryRepoReader(Object.fromEntries(Object.entries(files).filter(([f]) => paths.includes(f.split('/')[0]))));
}

const server = (extra: Partial<Parameters<typeof Product.generic>[0]> = {}) =>
  Product.generic({ path: 'server', name: 'server', buildCommand: 'make', publishCommand: 'make push', ...extra });

describe('setup: extra tools of a product, as the plan records them (issue 17)', () => {
  it('GIVEN a crate with setup WHEN planned THEN the plan records it checked, sorted and without repeats', () => {
    const p = plan({ products: [Product.rustCrate({ path: 'core', setup: { aptPackages: ['libssl-dev', 'protobuf-compiler', 'libssl-dev'], protoc: '29.3', rustComponents: ['rust-src'], rustTargets: ['wasm32-wasip1'] } })] });
    expect(p.tracks[0].products[0].setup).toEqual({ aptPackages: ['libssl-dev', 'protobuf-compiler'], protoc: '29.3', rustComponents: ['rust-src'], rustTargets: ['wasm32-wasip1'] });
  });

  it('GIVEN no setup, or an empty one WHEN planned THEN the plan has no setup field', () => {
    expect(plan({ products: [Product.rustCrate({ path: 'core' })] }).tracks[0].products[0].setup).toBeUndefined();
    expect(plan({ products: [Product.rustCrate({ path: 'core', setup: { aptPackages: [] } })] }).tracks[0].products[0].setup).toBeUndefined();
  });

  it.each([
    [{ aptPackages: ['libssl-dev; curl evil'] }, /^products\[0\]\.setup\.aptPackages: 'libssl-dev; curl evil' is not a Debian package name \(optionally name=version\); fix or remove it\.$/],
    [{ aptPackages: ['Protobuf'] }, /^products\[0\]\.setup\.aptPackages: 'Protobuf' is not a Debian package name/],
    [{ protoc: '25.x' }, /^products\[0\]\.setup\.protoc: '25\.x' is not an exact protoc release; give one such as '29\.3'/],
    [{ pnpm: '9' }, /^products\[0\]\.setup\.pnpm: '9' is not an exact pnpm version; give one such as '9\.15\.9'\.$/],
    [{ rustComponents: ['rust src'] }, /^products\[0\]\.setup\.rustComponents: 'rust src' is not a rustup component name/],
    [{ rustTargets: ['$(id)'] }, /^products\[0\]\.setup\.rustTargets: '\$\(id\)' is not a Rust target triple/],
    [{ apt: ['x'] }, /^products\[0\]\.setup\.apt: unknown setup option; the options are aptPackages, protoc, pnpm, rustComponents, rustTargets, manylinuxPackages\.$/],
  ])('GIVEN setup %j WHEN planned THEN the synth error names the option and the fix', (setup, message) => {
    expect(() => plan({ products: [Product.rustCrate({ path: 'core', setup: setup as never })] })).toThrow(message);
  });

  it('GIVEN setup and dependsOn WHEN the plan is rebuilt from what it records (lockstep drift) THEN it is the same plan', () => {
    const options: PlanOptions = {
      products: [
        Product.rustCrate({ path: 'core', setup: { protoc: '29.3', aptPackages: ['libssl-dev'] } }),
        server({ dependsOn: ['core'], publishSecrets: ['REGISTRY_TOKEN'], publishPermissions: { packages: 'write' } }),
      ],
    };
    const repo = repoOf(options);
    const rebuilt = plan(optionsOfRecord(JSON.parse(JSON.stringify(planSourceOf(options, repo).options))));
    expect(rebuilt.tracks).toEqual(plan(options).tracks);
  });
});

describe('generic products: publish secrets and permissions, as the plan records them (issue 17)', () => {
  it('GIVEN secrets and a permission WHEN planned THEN the plan records them sorted, with the checkout\'s contents: read', () => {
    const p = plan({ products: [server({ publishSecrets: ['REGISTRY_TOKEN', 'DOCKERHUB_USER'], publishPermissions: { 'packages': 'write', 'id-token': 'write' } })] });
    expect(p.tracks[0].products[0].publishAccess).toEqual({ secrets: ['DOCKERHUB_USER', 'REGISTRY_TOKEN'], permissions: { 'contents': 'read', 'id-token': 'write', 'packages': 'write' } });
  });

  it('GIVEN no secrets and no permissions WHEN planned THEN the product has no publish access (it publishes in the shared, read-only job)', () => {
    expect(plan({ products: [server()] }).tracks[0].products[0].publishAccess).toBeUndefined();
  });

  it.each([
    [{ publishSecrets: ['my-token'] }, /^products\[0\]\.publishSecrets: 'my-token' is not a GitHub secret name \(letters, digits and '_', not starting with a digit\); rename it\.$/],
    [{ publishSecrets: ['1TOKEN'] }, /^products\[0\]\.publishSecrets: '1TOKEN' is not a GitHub secret name/],
    [{ publishSecrets: ['GITHUB_TOKEN'] }, /^products\[0\]\.publishSecrets: 'GITHUB_TOKEN' is a name GitHub or release\.yml already gives the publish step/],
    [{ publishSecrets: ['VERSION'] }, /^products\[0\]\.publishSecrets: 'VERSION' is a name GitHub or release\.yml already gives/],
    [{ publishPermissions: { idToken: 'write' } }, /^products\[0\]\.publishPermissions: 'idToken' is not a GitHub token permission \(GitHub spells it 'id-token'\); use one of actions, /],
    [{ publishPermissions: { registry: 'write' } }, /^products\[0\]\.publishPermissions: 'registry' is not a GitHub token permission; use one of /],
    [{ publishPermissions: { packages: 'admin' } }, /^products\[0\]\.publishPermissions\.packages: 'admin' is not a permission level; use 'read', 'write' or 'none'\.$/],
    [{ publishPermissions: { contents: 'none' } }, /^products\[0\]\.publishPermissions\.contents: the job checks out the release commit/],
    [{ publishCommand: undefined, publishSecrets: ['TOKEN'] }, /^products\[0\]\.publishSecrets\/publishPermissions: only the publish command gets them, and this product has none; set publishCommand or remove them\.$/],
  ])('GIVEN %j WHEN planned THEN the synth error names the option and what to do', (extra, message) => {
    expect(() => plan({ products: [server(extra as never)] })).toThrow(message);
  });
});
