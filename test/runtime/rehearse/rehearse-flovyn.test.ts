import { beforeAll, describe, expect, it } from 'vitest';
import { ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { REHEARSAL_TIMEOUT_MS, rehearseFixture } from '../../support/rehearsal';

/**
 * The flovyn-sdk-rust fixture (seed 003) rehearsed as adopted: its crates flovyn-worker-core and
 * flovyn-worker-sdk go to estuary, seeded with the crates.io crates its Cargo.lock names
 * (src/runtime/rehearse/crates-seed.ts). Its first release cannot succeed, and the rehearsal shows it
 * before a real one: flovyn-worker-sdk depends on flovyn-worker-core by `path` only, and cargo refuses to
 * package a crate with a dependency that has no version (crates.io would not know which to fetch). The
 * check job stops the release before anything is tagged or published; it fails in seconds (cargo checks the
 * manifests before it verify-builds anything), so this costs no dependency build.
 *
 * Left out: flovyn-worker-ffi (C library tarballs for GitHub Releases, a release build of tonic and
 * tokio: minutes) and native, the napi package (napi-rs v2's CLI, which the fixture does not install).
 */
describe('lockstep rehearse on the flovyn-sdk-rust fixture: a path-only dependency stops the first release at the crate check (real registries)', () => {
  let first: ScenarioResult;
  let printed: string;

  beforeAll(async () => {
    const rehearsed = await rehearseFixture('flovyn-sdk-rust', { scenarios: ['first'], without: ['flovyn-worker-ffi', 'native'] });
    [first] = rehearsed.results;
    printed = rehearsed.printed.join('\n');
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN flovyn-worker-sdk\'s path-only dependency WHEN the first release runs THEN the crate check fails naming the crate and the dependency, and no later job runs', () => {
    const [run] = first.runs;
    expect(run.report.results.get('check-crates')).toBe('failure');
    for (const job of ['tag-all', 'publish-crates', 'github-releases', 'release-umbrella']) expect(run.report.results.get(job), job).toBe('skipped');
    expect(run.report.results.get('summary')).toBe('failure');
    expect(printed).toMatch(/flovyn-worker-sdk: cargo .* package --locked .*--package flovyn-worker-core --package flovyn-worker-sdk .*exited 101: error: failed to verify manifest at `\S+\/worker-sdk\/Cargo\.toml`/);
    expect(printed).toContain('dependency `flovyn-worker-core` does not specify a version');
  });

  it('GIVEN the stopped release WHEN the registries are asked THEN nothing was uploaded, tagged or released, and the seed is no row', () => {
    const [run] = first.runs;
    expect(run.uploads).toEqual([]);
    expect(run.rows.map((r) => `${r.target} ${r.name}: ${r.before} → ${r.after}`).sort()).toEqual([
      'crates-io flovyn-worker-core: absent → absent',
      'crates-io flovyn-worker-sdk: absent → absent',
      'github-release flovyn-worker-core: absent → absent',
      'github-release flovyn-worker-sdk: absent → absent',
      'tag flovyn-worker-core-v0.1.0: absent → absent',
      'tag flovyn-worker-sdk-v0.1.0: absent → absent',
      'tag v0.1.0: absent → absent',
      'umbrella v0.1.0: absent → absent',
    ]);
    expect(first.duplicates).toEqual([]);
    expect(printed).toMatch(/crates\.io's \d+ locked crates \(Cargo\.lock\) were copied into the local crates registry/);
  });
});
