import { beforeAll, describe, expect, it } from 'vitest';
import { accepted } from '../../../src/runtime/rehearse/registry-state';
import { ScenarioResult } from '../../../src/runtime/rehearse/rehearsal';
import { REHEARSAL_TIMEOUT_MS, rehearseExample } from '../../support/rehearsal';

/**
 * The example's release.yml rehearsed against real local registries: a dry run, and a first release in
 * which the registries refuse quill-ask (a crate quill-mcp depends on) and quill-notes (npm), followed by
 * a fixed re-run. The refusals are HTTP 403s from the rehearsal's proxy in front of the real servers.
 */
describe('lockstep rehearse on the example: dry run; injected failure, then a fixed re-run', () => {
  let dry: ScenarioResult;
  let fail: ScenarioResult;

  beforeAll(async () => {
    [dry, fail] = (await rehearseExample(['dry-run', 'fail'], ['quill-ask', 'quill-notes'])).results;
  }, REHEARSAL_TIMEOUT_MS);

  it('GIVEN a dry run WHEN the registries, tags and releases are asked before and after THEN nothing changed and nothing was uploaded', () => {
    const [run] = dry.runs;
    expect(run.rows.length).toBeGreaterThan(0);
    for (const r of run.rows) expect(`${r.target} ${r.name}: ${r.before} → ${r.after}`).toBe(`${r.target} ${r.name}: absent → absent`);
    expect(run.uploads).toEqual([]);
    expect(run.report.results.get('tag-all')).toBe('skipped');
    expect(dry.problems).toEqual([]);
  });

  it('GIVEN quill-ask and quill-notes refused WHEN the first run ends THEN they and quill-mcp (which needs quill-ask) are missing, the summary says failed, and their GitHub Releases stay drafts', () => {
    const [first] = fail.runs;
    const state = (target: string, name: string): string => {
      const row = first.rows.find((r) => r.target === target && r.name === name)!;
      return `${row.said}, ${row.after}`;
    };
    expect(state('crates-io', 'quill-engine')).toBe('published, there');
    expect(state('crates-io', 'quill-ask')).toBe('failed, absent');
    expect(state('crates-io', 'quill-mcp')).toBe('failed, absent');
    expect(state('npm', 'quill-notes')).toBe('failed, absent');
    // quill-notes depends on quill-node, not the other way round: quill-node's napi packages still go out.
    expect(state('npm', '@quill-db/quill')).toBe('published, there');
    expect(state('github-release', 'quill-ask')).toBe('failed, draft');
    expect(state('github-release', 'quill-notes')).toBe('failed, draft');
    // The umbrella announces the whole version: it stays a draft, and GitHub's Latest is not given to it.
    expect(state('umbrella', first.rows.find((r) => r.target === 'umbrella')!.name)).toBe('failed, draft');
    expect(first.githubLatest).toBeUndefined();
    expect(first.uploads.filter((u) => u.name === 'quill-ask').every((u) => u.status === 403)).toBe(true);
    expect(first.report.results.get('summary')).toBe('failure');
  });

  it('GIVEN the fixed re-run WHEN it ends THEN every package is published exactly once over both runs: 0 duplicates, 0 misses, and the summaries agree with the registries', () => {
    const [, rerun] = fail.runs;
    expect(rerun.uploads.filter((u) => accepted(u)).map((u) => `${u.target} ${u.name}`)).toEqual(['crates-io quill-ask', 'crates-io quill-mcp', 'npm quill-notes']);
    expect(rerun.rows.filter((r) => r.target === 'github-release').map((r) => r.after)).toEqual(Array(9).fill('there'));
    const umbrella = rerun.rows.find((r) => r.target === 'umbrella')!;
    expect(`${umbrella.said}, ${umbrella.after}`).toBe('published, there');
    expect(rerun.githubLatest).toBe(umbrella.name);
    expect(rerun.report.results.get('summary')).toBe('success');
    expect(fail.duplicates).toEqual([]);
    expect(fail.misses).toEqual([]);
    expect(fail.problems).toEqual([]);
  });
});
