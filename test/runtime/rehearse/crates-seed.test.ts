import { execFileSync } from 'child_process';
import { createHash } from 'crypto';
import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryRepoReader, Product, buildPlan, planConfigOf } from '../../../src/model';
import {
  CratesSeed, SeedOptions, lockedCratesIo, ownLeftOutNote, prepareCratesSeed, seedSourcesOf, unlockedLine, writeCratesSeed,
} from '../../../src/runtime/rehearse/crates-seed';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { tempDir } from '../../support/fixtures';

const LOCK = `version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["serde", "private"]

[[package]]
name = "private"
version = "1.0.0"
source = "git+https://example.com/private.git#0123456789abcdef"

[[package]]
name = "serde"
version = "1.0.228"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "9a8e94ea7f378bd32cbbd37198a4a91436180c5bb472411e48b5ec2e2124ae9e"
`;

/** A made-up crate's `.crate` bytes and their sha256, as a Cargo.lock records it. */
const DEP_BYTES = Buffer.from('tiny-dep 1.2.3: the bytes of a .crate file\n');
const DEP_SUM = createHash('sha256').update(DEP_BYTES).digest('hex');

/**
 * A workspace `app` whose lock names tiny-dep 1.2.3 from crates.io (sparse source) and my-lib 0.9.0 from
 * crates.io: the previous release of a crate this release publishes, which an example depends on.
 */
const SEED_LOCK = `version = 4

[[package]]
name = "app"
version = "0.1.0"
dependencies = ["tiny-dep", "my-lib"]

[[package]]
name = "my-lib"
version = "0.9.0"
source = "registry+https://github.com/rust-lang/crates.io-index"
checksum = "${'1'.repeat(64)}"

[[package]]
name = "tiny-dep"
version = "1.2.3"
source = "sparse+https://index.crates.io/"
checksum = "${DEP_SUM}"
`;

/** A sparse index on 127.0.0.1 serving tiny-dep's one line, with the checksum `cksum()` gives; counts its requests. */
function startIndex(cksum: () => string): Promise<{ index: string; requests: () => number; stop: () => Promise<void> }> {
  let requests = 0;
  const server = http.createServer((req, res) => {
    requests++;
    if (req.url === '/ti/ny/tiny-dep') {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.end(`${JSON.stringify({ name: 'tiny-dep', vers: '1.2.3', deps: [], cksum: cksum(), features: {}, yanked: false })}\n`);
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve({
    index: `sparse+http://127.0.0.1:${(server.address() as AddressInfo).port}/`,
    requests: () => requests,
    stop: () => new Promise((done) => server.close(() => done())),
  })));
}

/** A repository with SEED_LOCK and a cargo home whose crates.io cache holds tiny-dep's `.crate` file (`bytes`). */
function seedSetup(index: string, bytes: Buffer = DEP_BYTES): SeedOptions & { crateFile: string } {
  const repo = tempDir('lockstep-seed-repo-');
  fs.writeFileSync(path.join(repo, 'Cargo.lock'), SEED_LOCK);
  const cargoHome = tempDir('lockstep-seed-cargo-home-');
  const cache = path.join(cargoHome, 'registry', 'cache', 'index.crates.io-1949cf8c6b5b557f');
  fs.mkdirSync(cache, { recursive: true });
  const crateFile = path.join(cache, 'tiny-dep-1.2.3.crate');
  fs.writeFileSync(crateFile, bytes);
  const env = { CARGO_HOME: cargoHome, XDG_CACHE_HOME: tempDir('lockstep-seed-cache-') };
  return { repoDir: repo, lockfiles: ['Cargo.lock'], own: ['my-lib'], env, exec: new SpawnExec(process.env, repo), index, crateFile };
}

describe('the crates.io crates a rehearsal seeds its crates registry with', () => {
  it('GIVEN a Cargo.lock with a local, a git and a crates.io package WHEN read THEN only the crates.io package is seeded, with its checksum', () => {
    expect(lockedCratesIo('Cargo.lock', LOCK)).toEqual([
      { name: 'serde', version: '1.0.228', checksum: '9a8e94ea7f378bd32cbbd37198a4a91436180c5bb472411e48b5ec2e2124ae9e' },
    ]);
  });

  it('GIVEN a Cargo.lock naming crates.io by its sparse index WHEN read THEN that package is crates.io\'s too', () => {
    expect(lockedCratesIo('Cargo.lock', SEED_LOCK).map((c) => `${c.name}@${c.version}`)).toEqual(['my-lib@0.9.0', 'tiny-dep@1.2.3']);
  });

  it('GIVEN a locked crate cargo has not downloaded on this machine WHEN the seed is prepared THEN one message names it and the cargo fetch to run', async () => {
    const repo = tempDir('lockstep-seed-repo-');
    fs.writeFileSync(path.join(repo, 'Cargo.lock'), LOCK);
    const env = { CARGO_HOME: tempDir('lockstep-seed-cargo-home-'), XDG_CACHE_HOME: tempDir('lockstep-seed-cache-') };
    await expect(prepareCratesSeed({ repoDir: repo, lockfiles: ['Cargo.lock'], own: [], env, exec: new SpawnExec(process.env, repo) })).rejects.toThrow(
      "the rehearsal's crates registry plays crates.io, but 1 crate(s) the Cargo.lock files lock are not in this machine's cargo cache (serde@1.0.228): run `cargo fetch` in ., then rehearse again.",
    );
  });

  it('GIVEN a Cargo.lock with only local packages WHEN the seed is prepared THEN there is nothing to seed', async () => {
    const repo = tempDir('lockstep-seed-repo-');
    fs.writeFileSync(path.join(repo, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n');
    expect(await prepareCratesSeed({ repoDir: repo, lockfiles: ['Cargo.lock'], own: [], env: {}, exec: new SpawnExec(process.env, repo) })).toBeUndefined();
  });
});

describe('preparing the seed against a sparse index on 127.0.0.1', () => {
  let cksum = DEP_SUM;
  let server: Awaited<ReturnType<typeof startIndex>>;
  beforeAll(async () => {
    server = await startIndex(() => cksum);
  });
  afterAll(async () => server.stop());

  it('GIVEN a lock naming a previous release of the release\'s own crate WHEN the seed is prepared THEN that version is left out and named, and only the dependency is seeded', async () => {
    const seed = (await prepareCratesSeed(seedSetup(server.index)))!;
    expect(seed.crates.map((c) => `${c.name}@${c.version}`)).toEqual(['tiny-dep@1.2.3']);
    expect(seed.ownLeftOut).toEqual(['my-lib@0.9.0']);
    expect(ownLeftOutNote(seed.ownLeftOut)).toBe("; left out: my-lib@0.9.0, crates.io versions of this release's own crates that a Cargo.lock locks (previous releases): the local registry does not hold them, so what resolves them fails here though it resolves on crates.io");
    expect(ownLeftOutNote([])).toBe('');
  });

  it('GIVEN the index lines fetched once WHEN the seed is prepared again THEN they come from the cache and the index is not asked again', async () => {
    const setup = seedSetup(server.index);
    const first = (await prepareCratesSeed(setup))!;
    const asked = server.requests();
    const second = (await prepareCratesSeed(setup))!;
    expect([first.fetched, second.fetched]).toEqual([true, false]);
    expect(server.requests()).toBe(asked);
    expect(second.cacheFile).toBe(first.cacheFile);
    expect(JSON.parse(second.crates[0].line)).toMatchObject({ name: 'tiny-dep', vers: '1.2.3', cksum: DEP_SUM });
  });

  it('GIVEN a cache file that lacks a locked crate WHEN the seed is prepared THEN one message names the file, the crate and the removal', async () => {
    const setup = seedSetup(server.index);
    const { cacheFile } = (await prepareCratesSeed(setup))!;
    fs.writeFileSync(cacheFile, '{}');
    await expect(prepareCratesSeed(setup)).rejects.toThrow(`the cached crates.io index lines ${cacheFile} lack tiny-dep@1.2.3: remove the file and rehearse again.`);
  });

  it('GIVEN an index line whose checksum is not the lock\'s WHEN the seed is prepared THEN it is refused, both checksums named', async () => {
    cksum = 'f'.repeat(64);
    try {
      await expect(prepareCratesSeed(seedSetup(server.index))).rejects.toThrow(`crates.io's index gives tiny-dep@1.2.3 the checksum ${'f'.repeat(64)}, the Cargo.lock ${DEP_SUM}`);
    } finally {
      cksum = DEP_SUM;
    }
  });

  it('GIVEN a .crate file in cargo\'s cache whose bytes are not the locked ones WHEN the seed is prepared THEN one message names the file and the cargo fetch to run', async () => {
    const setup = seedSetup(server.index, Buffer.from('truncated'));
    await expect(prepareCratesSeed(setup)).rejects.toThrow(
      `1 .crate file(s) in this machine's cargo cache do not have the checksum the Cargo.lock gives them (${setup.crateFile}): remove them and run \`cargo fetch\` in ., then rehearse again.`,
    );
  });
});

describe('writing the seed into estuary\'s storage', () => {
  it('GIVEN a user whose global git config signs every commit WHEN the seed is written THEN its index is committed unsigned, by the rehearsal', async () => {
    const home = tempDir('lockstep-seed-gitconfig-');
    const globalConfig = path.join(home, '.gitconfig');
    // A signing program that always fails: a commit that reads this config cannot be made.
    fs.writeFileSync(globalConfig, '[commit]\n\tgpgsign = true\n[gpg]\n\tprogram = false\n');
    const crateFile = path.join(home, 'tiny-dep-1.2.3.crate');
    fs.writeFileSync(crateFile, DEP_BYTES);
    const seed: CratesSeed = {
      crates: [{ name: 'tiny-dep', version: '1.2.3', checksum: DEP_SUM, line: '{"name":"tiny-dep","vers":"1.2.3"}', file: crateFile }],
      lockfiles: ['Cargo.lock'],
      cacheFile: path.join(home, 'cache.json'),
      fetched: false,
      ownLeftOut: [],
    };
    const dir = tempDir('lockstep-seed-estuary-');
    await writeCratesSeed(seed, dir, new SpawnExec({ ...process.env, GIT_CONFIG_GLOBAL: globalConfig }, dir));
    const log = execFileSync('git', ['log', '--format=%an %s'], { cwd: path.join(dir, 'index'), encoding: 'utf8', env: { ...process.env, GIT_CONFIG_GLOBAL: '/dev/null' } }).trim();
    expect(log).toBe("rehearsal crates.io's 1 locked crates");
    expect(fs.readFileSync(path.join(dir, 'index', 'ti', 'ny', 'tiny-dep'), 'utf8')).toBe('{"name":"tiny-dep","vers":"1.2.3"}\n');
  });
});

describe('where a plan\'s seed comes from', () => {
  const crate = (name: string, version: string) => `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\n`;

  it('GIVEN two crates, one workspace with a Cargo.lock and one without WHEN the sources are read THEN the lock is used, the other workspace named, and both crates are the release\'s own', () => {
    const repo = new MemoryRepoReader({
      'locked/Cargo.toml': crate('locked-crate', '0.3.0'),
      'locked/Cargo.lock': 'version = 4\n',
      'bare/Cargo.toml': crate('bare-crate', '0.3.0'),
    });
    const products = [Product.rustCrate({ path: 'locked', githubRelease: false }), Product.rustCrate({ path: 'bare', githubRelease: false })];
    const plan = buildPlan(planConfigOf({ products }, repo, '0.0.0'), repo);
    const sources = seedSourcesOf(plan, []);
    expect(sources.lockfiles).toEqual(['locked/Cargo.lock']);
    expect(sources.own).toEqual(['bare-crate', 'locked-crate']);
    expect(sources.unlocked).toEqual([{ product: 'bare-crate', cargoRoot: 'bare' }]);
    expect(unlockedLine(sources.unlocked[0])).toBe('bare-crate: its Cargo workspace bare has no Cargo.lock, so the local crates registry playing crates.io is not seeded with its crates.io dependencies, and a crate that has any fails to resolve them ("no matching package named …"): commit the workspace\'s Cargo.lock (`cargo generate-lockfile` makes one), then rehearse again.');
    // A crate left out of the rehearsal is not published in it: its workspace is not the seed's concern.
    expect(seedSourcesOf(plan, ['bare-crate']).unlocked).toEqual([]);
  });
});
