import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { VERSION, crateRun, indexed, localCratesDeps } from './crates-support';
import { publishCrates } from '../../../src/runtime/release/crates';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { LocalCratesRegistry, startEstuary } from '../../support/local-registries';
import { CrateSpec, crateWorkspace } from '../../support/registry-fixtures';

// A real crates registry (estuary, a git index) on 127.0.0.1: cargo publishes to it, and the check reads it.

describe('publish-crates against a real crates registry (estuary)', () => {
  let registry: LocalCratesRegistry;
  beforeAll(async () => {
    registry = await startEstuary();
  });
  afterAll(() => registry?.stop());

  it('GIVEN LOCKSTEP_CRATES_INDEX_URL naming a git index WHEN the crates are published THEN cargo uploads there and the check reads the same index', async () => {
    const crates = [{ name: 'one-engine' }, { name: 'one-app', deps: ['one-engine'] }];
    const ws = crateWorkspace(crates);
    const { deps, options } = localCratesDeps(registry, ws);
    const outcomes = await publishCrates(crateRun(crates, [['one-engine'], ['one-app']]), deps, options);
    expect(outcomes.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
      ['one-engine', 'published', 'published and visible in the index'],
      ['one-app', 'published', 'published and visible in the index'],
    ]);
    expect([indexed(registry, 'one-engine'), indexed(registry, 'one-app')]).toEqual([[VERSION], [VERSION]]);
    // A re-run asks the same index and skips both without running cargo.
    const again = await publishCrates(crateRun(crates, [['one-engine'], ['one-app']]), deps, options);
    expect(again.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
      ['one-engine', 'skipped:already-published', 'the index lists it'],
      ['one-app', 'skipped:already-published', 'the index lists it'],
    ]);
  }, 240_000);

  it('P15 GIVEN the first crate of the order fails WHEN published THEN only its dependents wait, and every independent crate is published', async () => {
    const crates: CrateSpec[] = [
      { name: 'p15-core', broken: true },
      { name: 'p15-util' },
      { name: 'p15-api', deps: ['p15-core'] },
      { name: 'p15-cli', deps: ['p15-util'] },
      { name: 'p15-app', deps: ['p15-api', 'p15-cli'] },
    ];
    const ws = crateWorkspace(crates);
    const { deps, options } = localCratesDeps(registry, ws);
    const outcomes = await publishCrates(crateRun(crates, [['p15-core', 'p15-util'], ['p15-api', 'p15-cli'], ['p15-app']]), deps, options);
    const by = Object.fromEntries(outcomes.map((o) => [o.subject, o]));
    expect(by['p15-core'].outcome).toBe('failed');
    expect(by['p15-core'].detail).toMatch(/^cargo publish exited 101: .*(mismatched types|could not compile)/);
    expect(by['p15-api']).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency p15-core failed' });
    expect(by['p15-app']).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency p15-api failed' });
    expect([by['p15-util'].outcome, by['p15-cli'].outcome]).toEqual(['published', 'published']);
    // What the registry has is the proof: the independent crates, and nothing of the failed branch.
    expect(['p15-core', 'p15-util', 'p15-api', 'p15-cli', 'p15-app'].map((c) => indexed(registry, c).length)).toEqual([0, 1, 0, 1, 0]);
  }, 240_000);

  it('GIVEN no OIDC token to publish with (a token secret in the job\'s environment) WHEN a crate is published THEN cargo publishes with the environment\'s token', async () => {
    const crates = [{ name: 'env-token' }];
    const ws = crateWorkspace(crates);
    const local = localCratesDeps(registry, ws);
    // The job's environment carries the registry's token under cargo's variable, as a job with a token secret does.
    const env = { ...process.env, ...registry.cargoEnv, LOCKSTEP_CRATES_INDEX_URL: registry.indexUrl, [local.options.cargo.tokenEnv]: 'from-a-secret' };
    const deps = { ...local.deps, exec: new SpawnExec(env, ws) };
    const outcomes = await publishCrates(crateRun(crates, [['env-token']]), deps, { ...local.options, token: { current: async () => undefined } });
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['env-token', 'published']]);
    expect(indexed(registry, 'env-token')).toEqual([VERSION]);
  }, 240_000);
});
