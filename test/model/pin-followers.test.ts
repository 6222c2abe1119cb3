import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, nextReleaseVersion, planConfigOf, ReleaseBump } from '../../src/model';
import { lockstep, writePlan } from '../runtime/bump/helpers';
import { writeRepo } from '../support/fixtures';
import { copyRealFixture, fixtureCargoEnv, realFixture } from '../support/real-repos';

/**
 * Issue 11, item 7: a workspace member that is no product keeps its own version while its pins on products
 * follow the release (SQLRite's benchmarks crate at 0.0.0). Declared with `pinFollowers`; the bump edits the
 * pins and leaves the version, and `lockstep verify` checks the pins.
 */
const workspace = (benchesPin = '1.4.2') => ({
  'Cargo.toml': '[workspace]\nmembers = ["engine", "benches"]\nresolver = "2"\n',
  'engine/Cargo.toml': '[package]\nname = "engine"\nversion = "1.4.2"\nedition = "2021"\n',
  'engine/src/lib.rs': '',
  'benches/Cargo.toml': `[package]\nname = "benches"\nversion = "0.0.0"\nedition = "2021"\npublish = false\n\n[dependencies]\nengine = { path = "../engine", version = "${benchesPin}" }\n`,
  'benches/src/lib.rs': '',
});
const ENGINE = () => [Product.rustCrate({ path: 'engine' })];

function plan(files: Record<string, string>, options: PlanOptions): ReleasePlan {
  const repo = new MemoryRepoReader(files);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

describe('pin followers: the model', () => {
  it('GIVEN benches at 0.0.0 pinning the engine WHEN declared a pin follower THEN its pin is a site of the track and its version is none', () => {
    const track = plan(workspace(), { products: ENGINE(), pinFollowers: ['benches'] }).tracks[0];
    expect(track.sites.filter((s) => s.file === 'benches/Cargo.toml')).toEqual([
      { file: 'benches/Cargo.toml', format: 'toml', keyPath: ['dependencies', 'engine', 'version'], role: 'pin', scheme: 'cargo-req', products: [], target: 'engine' },
    ]);
    expect(track.manifests).toContain('benches/Cargo.toml');
    expect(track.products.map((p) => p.name)).toEqual(['engine']);
    expect(track.lockfiles.flatMap((l) => l.packages)).not.toContain('benches');
  });

  it('GIVEN the same member undeclared WHEN planned THEN the coverage error offers pinFollowers', () => {
    expect(() => plan(workspace(), { products: ENGINE() })).toThrow(/benches\/Cargo\.toml: \[package\]\.version = "0\.0\.0"; pins engine at dependencies\.engine\.version[\s\S]*3\. list it in `pinFollowers` \(for example pinFollowers: \['benches'\]\)/);
  });

  it('GIVEN the manifest file itself WHEN declared THEN it is the same follower', () => {
    expect(plan(workspace(), { products: ENGINE(), pinFollowers: ['benches/Cargo.toml'] }).tracks[0].manifests).toContain('benches/Cargo.toml');
  });

  it.each([
    [['nowhere'], "pinFollowers[0]: 'nowhere' has no Cargo.toml, package.json, pyproject.toml. Name a manifest, or the directory that holds one."],
    [['../x'], "pinFollowers[0]: '../x' is outside the repository."],
    [['engine'], "pinFollowers[0]: engine/Cargo.toml belongs to product 'engine', whose version it carries. Remove it from `pinFollowers`."],
    [['benches', 'benches/Cargo.toml'], 'pinFollowers[1]: benches/Cargo.toml is already a pin follower; remove the duplicate.'],
  ])('GIVEN pinFollowers %j WHEN planned THEN the error names the entry and the fix', (entries, message) => {
    expect(() => plan(workspace(), { products: ENGINE(), pinFollowers: entries })).toThrow(message);
  });

  it('GIVEN a follower that is also excluded WHEN planned THEN the contradiction is refused', () => {
    expect(() => plan(workspace(), { products: ENGINE(), pinFollowers: ['benches'], excludeManifests: ['benches'] }))
      .toThrow('pinFollowers[0]: benches/Cargo.toml is also in `excludeManifests`, which leaves it alone; a pin follower\'s pins follow the release. Remove it from one of the two.');
  });

  it('GIVEN a follower that pins no product by version WHEN planned THEN it is refused as doing nothing', () => {
    const files = { ...workspace(), 'benches/Cargo.toml': '[package]\nname = "benches"\nversion = "0.0.0"\nedition = "2021"\n\n[dependencies]\nengine = { path = "../engine" }\n' };
    expect(() => plan(files, { products: ENGINE(), pinFollowers: ['benches'] }))
      .toThrow('pinFollowers[0]: benches/Cargo.toml pins no product by version, so it has nothing to follow. Remove it from `pinFollowers` (list it in `excludeManifests` if it carries a version of its own).');
  });
});

const read = (dir: string, f: string) => fs.readFileSync(path.join(dir, f), 'utf8');
const cargoLocked = (dir: string) => execFileSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1', '--no-deps'], { cwd: dir, env: fixtureCargoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });

describe('pin followers: the bump and verify', () => {
  it('GIVEN a workspace with a follower WHEN bumped to 1.5.0 THEN its pin moves, its version and lock entry stay at 0.0.0, cargo accepts the lock and verify passes', async () => {
    const dir = writeRepo(workspace());
    execFileSync('cargo', ['generate-lockfile', '--offline'], { cwd: dir, env: fixtureCargoEnv(), stdio: 'ignore' });
    writePlan(dir, { products: ENGINE(), pinFollowers: ['benches'] });
    const r = await lockstep(dir, 'bump', '1.5.0');
    expect(r.code, r.stderr).toBe(0);
    expect(read(dir, 'benches/Cargo.toml')).toBe(workspace('1.5.0')['benches/Cargo.toml']);
    expect(read(dir, 'Cargo.lock')).toMatch(/name = "benches"\nversion = "0\.0\.0"/);
    expect(read(dir, 'Cargo.lock')).toMatch(/name = "engine"\nversion = "1\.5\.0"/);
    cargoLocked(dir);
    expect((await lockstep(dir, 'verify')).code).toBe(0);
  });

  it('GIVEN a follower whose pin was left behind WHEN verified THEN verify names the file and the pin', async () => {
    const dir = writeRepo({ ...workspace(), 'engine/Cargo.toml': workspace()['engine/Cargo.toml'].replace('1.4.2', '1.5.0') });
    writePlan(dir, { products: ENGINE(), pinFollowers: ['benches'] });
    const v = await lockstep(dir, 'verify');
    expect(v.code).toBe(1);
    expect(v.stderr).toBe(
      'track default: 1 problem(s):\n' +
        "  benches/Cargo.toml:8: dependencies.engine.version is '1.4.2', but the track is at 1.5.0 (engine/Cargo.toml package.version), so it should be '1.5.0'; " +
        'run `npx lockstep bump 1.5.0 --allow-same` to fix it.\n',
    );
  });

  it('GIVEN SQLRite with its benchmarks crate as a pin follower instead of a product WHEN bumped to the next minor THEN only its sqlrite-engine pin changes and cargo confirms the workspace', async () => {
    const fixture = realFixture('sqlrite');
    const dir = copyRealFixture('sqlrite');
    const options = fixture.options() as PlanOptions;
    const products = options.products!.filter((p) => p.path !== 'benchmarks');
    expect(products).toHaveLength(options.products!.length - 1);
    writePlan(dir, { ...options, products, pinFollowers: ['benchmarks'] });
    const next = nextReleaseVersion(fixture.releases[0].version, ReleaseBump.MINOR);
    const before = read(dir, 'benchmarks/Cargo.toml');
    const previous = process.env.RUSTUP_TOOLCHAIN;
    process.env.RUSTUP_TOOLCHAIN = fixtureCargoEnv().RUSTUP_TOOLCHAIN;
    try {
      const r = await lockstep(dir, 'bump', next, '--json');
      expect(r.code, r.stderr).toBe(0);
      expect(JSON.parse(r.stdout).lockfileTools).toContainEqual({ file: 'Cargo.lock', tool: 'cargo', outcome: 'confirmed' });
    } finally {
      if (previous === undefined) delete process.env.RUSTUP_TOOLCHAIN;
      else process.env.RUSTUP_TOOLCHAIN = previous;
    }
    expect(read(dir, 'benchmarks/Cargo.toml')).toBe(before.replace(`version = "${fixture.releases[0].version}", default-features`, `version = "${next}", default-features`));
    expect(read(dir, 'benchmarks/Cargo.toml')).toContain('version = "0.0.0"');
    expect(read(dir, 'Cargo.lock')).toMatch(/name = "sqlrite-benchmarks"\nversion = "0\.0\.0"/);
    execFileSync('cargo', ['metadata', '--locked', '--offline', '--format-version', '1'], { cwd: dir, env: fixtureCargoEnv(), stdio: ['ignore', 'ignore', 'pipe'] });
  }, 300_000);
});
