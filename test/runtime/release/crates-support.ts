// Helpers of the tests publishing crates to a real crates registry (estuary) on 127.0.0.1.
import * as fs from 'fs';
import * as path from 'path';
import { memoryLog } from './helpers';
import { cargoRegistryArgs, sparseIndexPath } from '../../../src/runtime/registry/crates';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { CratesOptions } from '../../../src/runtime/release/crates';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { LocalCratesRegistry } from '../../support/local-registries';
import { CrateSpec } from '../../support/registry-fixtures';
import { releaseRun } from '../../support/release-run';

export const VERSION = '0.1.0';

/** A release run of a workspace's crates, one product per crate, in `waves`. */
export function crateRun(crates: readonly CrateSpec[], waves: string[][]): ReleaseRun {
  const product = (c: CrateSpec): RunProduct => ({
    name: c.name,
    kind: 'rust-crate',
    path: c.name,
    tag: `${c.name}-v${VERSION}`,
    githubRelease: false,
    dependsOn: [...(c.deps ?? [])],
    settings: {},
    packages: [{ target: 'crates-io', name: c.name, version: VERSION, state: 'missing' }],
  });
  return releaseRun({ version: VERSION, products: crates.map(product), publishWaves: waves });
}

/** Everything publish-crates needs, pointed at `indexUrl` through the one setting, LOCKSTEP_CRATES_INDEX_URL. */
export function localCratesDeps(registry: LocalCratesRegistry, workspace: string, indexUrl = registry.indexUrl) {
  const env = { ...process.env, ...registry.cargoEnv, LOCKSTEP_CRATES_INDEX_URL: indexUrl };
  const exec = new SpawnExec(env, workspace);
  const probe = new HttpRegistry(env, exec);
  const options: CratesOptions = {
    dryRun: false,
    wait: { timeoutMs: 30_000, pollMs: 1_000, setting: '--visibility-timeout' },
    rateLimit: { maxWaitMs: 60_000, defaultWaitMs: 10_000, setting: '--rate-limit-wait' },
    cargo: cargoRegistryArgs(probe.endpoints.crates),
    token: { current: async () => 'estuary-accepts-any-token' },
  };
  return { deps: { registry: probe, exec, log: memoryLog(), sleep: async () => undefined, now: () => Date.now() }, options };
}

/** The versions the registry's index lists for a crate (read from its git repository on disk). */
export function indexed(registry: LocalCratesRegistry, crate: string): string[] {
  const file = path.join(registry.indexDir, sparseIndexPath(crate));
  return fs.existsSync(file) ? fs.readFileSync(file, 'utf8').trim().split('\n').map((l) => JSON.parse(l).vers) : [];
}
