import { beforeAll, describe, expect, it } from 'vitest';
import { Replay, jobRuns, replayCiHistory } from '../support/ci-history';

/**
 * SQLRite's last 150 commits (../shared/data/sqlrite-ci-history.json) replayed through `lockstep affected`
 * with the configuration the data set names: no product the independent reading says a change affects may
 * be skipped. The side-by-side figures are printed by bench/ci-savings.ts.
 */
describe('change detection replayed over SQLRite\'s real history', () => {
  let replay: Replay;
  beforeAll(async () => {
    replay = await replayCiHistory();
  }, 300_000);

  it('GIVEN the data set WHEN compared with the fixture THEN both are SQLRite at the same commit with the same 12 products', () => {
    expect(replay.history.head).toBe(replay.fixtureCommit);
    expect(replay.commits).toHaveLength(150);
    expect(Object.keys(replay.legs).sort()).toEqual([...new Set(replay.history.commits.flatMap((c) => c.products_present))].sort());
  });

  it('GIVEN every commit WHEN replayed THEN no product the data set says is affected is skipped', () => {
    const misses = replay.commits.flatMap((c) => c.data.filter((p) => !c.tool.includes(p)).map((p) => `${c.commit.slice(0, 8)}: ${p} (${c.files.slice(0, 3).join(', ')})`));
    expect(misses).toEqual([]);
  });

  it('GIVEN the replay WHEN job-runs are counted THEN change detection runs at least 45 % fewer than running every product on every commit', () => {
    const everything = replay.commits.length * jobRuns(replay.legs, Object.keys(replay.legs));
    const tool = replay.commits.reduce((n, c) => n + jobRuns(replay.legs, c.tool), 0);
    expect(tool).toBeLessThanOrEqual(everything * 0.55);
  });

  it('GIVEN commits touching only docs, the website or release-only workflows WHEN replayed THEN they run no product', () => {
    const outside = replay.commits.filter((c) => c.files.every((f) => /^(docs|web)\//.test(f) || f === '.github/workflows/release.yml'));
    expect(outside.length).toBeGreaterThan(10);
    expect(outside.filter((c) => c.tool.length > 0).map((c) => c.commit.slice(0, 8))).toEqual([]);
  });
});
