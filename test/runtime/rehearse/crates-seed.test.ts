import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { lockedCratesIo, prepareCratesSeed } from '../../../src/runtime/rehearse/crates-seed';
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

describe('the crates.io crates a rehearsal seeds its crates registry with', () => {
  it('GIVEN a Cargo.lock with a local, a git and a crates.io package WHEN read THEN only the crates.io package is seeded, with its checksum', () => {
    expect(lockedCratesIo('Cargo.lock', LOCK)).toEqual([
      { name: 'serde', version: '1.0.228', checksum: '9a8e94ea7f378bd32cbbd37198a4a91436180c5bb472411e48b5ec2e2124ae9e' },
    ]);
  });

  it('GIVEN a locked crate cargo has not downloaded on this machine WHEN the seed is prepared THEN one message names it and the cargo fetch to run', async () => {
    const repo = tempDir('lockstep-seed-repo-');
    fs.writeFileSync(path.join(repo, 'Cargo.lock'), LOCK);
    const env = { CARGO_HOME: tempDir('lockstep-seed-cargo-home-'), XDG_CACHE_HOME: tempDir('lockstep-seed-cache-') };
    await expect(prepareCratesSeed(repo, ['Cargo.lock'], env, new SpawnExec(process.env, repo))).rejects.toThrow(
      "the rehearsal's crates registry plays crates.io, but 1 crate(s) the Cargo.lock files lock are not in this machine's cargo cache (serde@1.0.228): run `cargo fetch` in ., then rehearse again.",
    );
  });

  it('GIVEN a Cargo.lock with only local packages WHEN the seed is prepared THEN there is nothing to seed', async () => {
    const repo = tempDir('lockstep-seed-repo-');
    fs.writeFileSync(path.join(repo, 'Cargo.lock'), 'version = 4\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n');
    expect(await prepareCratesSeed(repo, ['Cargo.lock'], {}, new SpawnExec(process.env, repo))).toBeUndefined();
  });
});
