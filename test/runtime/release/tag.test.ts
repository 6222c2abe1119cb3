import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ExampleRepo, TableRegistry, bumpAndCommit, commitAll, exampleRepo, memoryLog, tagAndPush } from './helpers';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { tagAll, tagsOf } from '../../../src/runtime/release/tag';
import { git } from '../../support/fixtures';

async function planned(): Promise<{ r: ExampleRepo; run: ReleaseRun }> {
  const r = exampleRepo();
  const sha = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#21)');
  git(r.dir, 'push', '-q', 'origin', 'main');
  const run = await releasePlan(r.plan, { event: 'push', ref: 'refs/heads/main', sha, dryRun: false }, { git: r.git, registry: new TableRegistry(), log: memoryLog() });
  return { r, run };
}

/** Remote tags as `name -> commit` (peeled) plus the tag object ids. */
function remoteTags(remote: string): Map<string, { object: string; commit: string }> {
  const out = git(remote, 'for-each-ref', '--format=%(refname:short) %(objectname) %(*objectname) %(objecttype)', 'refs/tags');
  return new Map(out.split('\n').filter(Boolean).map((l) => {
    const [name, object, peeled, type] = l.split(' ');
    return [name, { object, commit: type === 'tag' ? peeled : object }];
  }));
}

/** Installs a post-receive hook on the bare remote that records the refs of each push, one push per line. */
function recordPushes(remote: string): () => string[][] {
  const log = path.join(remote, 'pushes.log');
  const hook = path.join(remote, 'hooks', 'post-receive');
  fs.writeFileSync(hook, `#!/bin/sh\nawk '{ printf "%s ", $3 } END { print "" }' >> '${log}'\n`, { mode: 0o755 });
  return () => (fs.existsSync(log) ? fs.readFileSync(log, 'utf8').split('\n').filter(Boolean).map((l) => l.trim().split(' ')) : []);
}

describe('tag-all against a local bare remote', () => {
  it('GIVEN no tags WHEN tag-all runs THEN every product and the umbrella get an annotated tag at the release commit on the remote', async () => {
    const { r, run } = await planned();
    const outcomes = await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    const tags = remoteTags(r.remote);
    expect([...tags.keys()].sort()).toEqual(tagsOf(run).map((t) => t.name).sort());
    expect(tags.size).toBe(run.products.length + 1);
    for (const [name, t] of tags) {
      expect(t.commit, name).toBe(run.commit);
      expect(git(r.remote, 'cat-file', '-t', name).trim(), name).toBe('tag');
    }
    expect(tags.has('sdk/go/v0.4.0')).toBe(true);
    expect(outcomes.every((o) => o.outcome === 'published')).toBe(true);
  });

  it('T9 GIVEN tags pushed with a token whose pushes start workflows WHEN tag-all runs with three per push THEN every push carries at most three tags, the umbrella last', async () => {
    const { r, run } = await planned();
    const pushes = recordPushes(r.remote);
    await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false, tagsPerPush: 3 });
    const groups = pushes();
    expect(groups.length).toBe(Math.ceil(tagsOf(run).length / 3));
    for (const g of groups) expect(g.length).toBeLessThanOrEqual(3);
    expect(groups.flat().sort()).toEqual(tagsOf(run).map((t) => `refs/tags/${t.name}`).sort());
    expect(groups.at(-1)!.at(-1)).toBe(`refs/tags/${run.umbrellaTag}`);
    expect(remoteTags(r.remote).size).toBe(tagsOf(run).length);
  });

  it('T9 GIVEN the job token (its pushes start nothing anyway) WHEN tag-all runs THEN every tag goes in one atomic push', async () => {
    const { r, run } = await planned();
    const pushes = recordPushes(r.remote);
    await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    expect(pushes().map((g) => g.length)).toEqual([tagsOf(run).length]);
  });

  it('T4 GIVEN a product tag on the remote at another commit WHEN tag-all runs THEN it fails loudly and pushes no tag at all', async () => {
    const { r, run } = await planned();
    const other = commitAll(r, 'unrelated');
    git(r.dir, 'tag', '-a', 'quill-py-v0.4.0', other, '-m', 'stray');
    git(r.dir, 'push', '-q', 'origin', 'refs/tags/quill-py-v0.4.0');
    git(r.dir, 'checkout', '-q', run.commit);
    await expect(tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false })).rejects.toThrow(
      new RegExp(`quill-py-v0\\.4\\.0 exists and points at ${other.slice(0, 12)}, not at the release commit ${run.commit.slice(0, 12)}.*never moved: release a new version`),
    );
    expect([...remoteTags(r.remote).keys()]).toEqual(['quill-py-v0.4.0']);
  });

  it('T3 GIVEN a conflicting tag WHEN tag-all is refused THEN the tag was not moved', async () => {
    const { r, run } = await planned();
    const other = commitAll(r, 'unrelated');
    git(r.dir, 'tag', '-a', 'v0.4.0', other, '-m', 'stray umbrella');
    git(r.dir, 'push', '-q', 'origin', 'refs/tags/v0.4.0');
    const before = remoteTags(r.remote).get('v0.4.0');
    git(r.dir, 'checkout', '-q', run.commit);
    await expect(tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false })).rejects.toThrow(/v0\.4\.0 exists and points at/);
    expect(remoteTags(r.remote).get('v0.4.0')).toEqual(before);
  });

  it('T4 GIVEN every tag already at the release commit WHEN tag-all re-runs THEN each is kept (same tag object) with a notice', async () => {
    const { r, run } = await planned();
    await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    const before = remoteTags(r.remote);
    const log = memoryLog();
    const outcomes = await tagAll(run, { git: r.git, log }, { remote: 'origin', dryRun: false });
    expect(remoteTags(r.remote)).toEqual(before);
    expect(outcomes.every((o) => o.outcome === 'skipped:already-published')).toBe(true);
    expect(log.lines.filter((l) => l.startsWith('::notice::')).length).toBe(before.size);
  });

  it('GIVEN some tags pushed by an interrupted run WHEN tag-all re-runs THEN only the missing ones are created', async () => {
    const { r, run } = await planned();
    git(r.dir, 'tag', '-a', 'quill-v0.4.0', run.commit, '-m', 'earlier run');
    git(r.dir, 'push', '-q', 'origin', 'refs/tags/quill-v0.4.0');
    const outcomes = await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    expect(outcomes.filter((o) => o.outcome === 'skipped:already-published').map((o) => o.subject)).toEqual(['quill-v0.4.0']);
    expect(remoteTags(r.remote).size).toBe(run.products.length + 1);
  });

  it('P7 GIVEN a dry run WHEN tag-all runs THEN no tag is created locally or on the remote', async () => {
    const { r, run } = await planned();
    const outcomes = await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: true });
    expect(remoteTags(r.remote).size).toBe(0);
    expect(git(r.dir, 'tag', '--list').trim()).toBe('');
    expect(outcomes.every((o) => o.outcome === 'dry-run')).toBe(true);
  });

  it('T4 GIVEN a checkout that is not the release commit WHEN tag-all runs THEN it refuses', async () => {
    const { r, run } = await planned();
    commitAll(r, 'moved on');
    await expect(tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false })).rejects.toThrow(/not at the release commit/);
    expect(remoteTags(r.remote).size).toBe(0);
  });
});

describe('tag-all: what each tag says, local tags, and what the run reports', () => {
  /** The annotation of each remote tag, by name. */
  function annotations(remote: string): Map<string, string> {
    const out = git(remote, 'for-each-ref', '--format=%(refname:short)%09%(contents:subject)', 'refs/tags');
    return new Map(out.split('\n').filter(Boolean).map((l) => l.split('\t') as [string, string]));
  }

  it('GIVEN a release WHEN tag-all runs THEN each product tag names the product, the version and the umbrella tag, and the umbrella names the version and track', async () => {
    const { r, run } = await planned();
    await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    const said = annotations(r.remote);
    expect(said.get('quill-v0.4.0')).toBe('quill 0.4.0 (lockstep release v0.4.0)');
    expect(said.get('sdk/go/v0.4.0')).toBe('sdk-go 0.4.0 (lockstep release v0.4.0)');
    expect(said.get('v0.4.0')).toBe(`Release 0.4.0 of track ${run.track}`);
  });

  it('GIVEN a release WHEN tag-all runs THEN it reports one published tag outcome per product and the umbrella, and logs each tag', async () => {
    const { r, run } = await planned();
    const log = memoryLog();
    const outcomes = await tagAll(run, { git: r.git, log }, { remote: 'origin', dryRun: false });
    const at = run.commit.slice(0, 12);
    expect(outcomes).toEqual([
      ...run.products.map((p) => ({ product: p.name, target: 'tag', subject: p.tag, version: '0.4.0', outcome: 'published', detail: `pushed at ${at}` })),
      { product: '(umbrella)', target: 'tag', subject: 'v0.4.0', version: '0.4.0', outcome: 'published', detail: `pushed at ${at}` },
    ]);
    expect(log.lines).toContain(`tagged v0.4.0 at ${at}`);
    expect(log.lines.filter((l) => l.startsWith('tagged ')).length).toBe(outcomes.length);
  });

  it('GIVEN a tag already at the release commit WHEN tag-all re-runs THEN its outcome says it was kept, at which commit', async () => {
    const { r, run } = await planned();
    tagAndPush(r, 'quill-v0.4.0', run.commit);
    const log = memoryLog();
    const outcomes = await tagAll(run, { git: r.git, log }, { remote: 'origin', dryRun: false });
    const at = run.commit.slice(0, 12);
    expect(outcomes[0]).toEqual({ product: 'quill', target: 'tag', subject: 'quill-v0.4.0', version: '0.4.0', outcome: 'skipped:already-published', detail: `already at ${at}` });
    expect(log.lines).toContain(`::notice::quill-v0.4.0 already points at the release commit ${at}; kept as it is.`);
  });

  it('P7 GIVEN a dry run WHEN tag-all runs THEN each outcome and log line says which tag it would push at which commit', async () => {
    const { r, run } = await planned();
    const log = memoryLog();
    const outcomes = await tagAll(run, { git: r.git, log }, { remote: 'origin', dryRun: true });
    const at = run.commit.slice(0, 12);
    expect(outcomes.find((o) => o.subject === 'v0.4.0')).toEqual({ product: '(umbrella)', target: 'tag', subject: 'v0.4.0', version: '0.4.0', outcome: 'dry-run', detail: `would tag ${at}` });
    expect(log.lines).toEqual(tagsOf(run).map((t) => `dry run: would create and push ${t.name} at ${at}`));
  });

  it('T4 GIVEN a local tag (not on the remote) at another commit WHEN tag-all runs THEN it is refused naming the tag and both commits, and nothing is pushed', async () => {
    const { r, run } = await planned();
    const other = commitAll(r, 'unrelated');
    git(r.dir, 'tag', '-a', 'quill-v0.4.0', other, '-m', 'stray, never pushed');
    git(r.dir, 'checkout', '-q', run.commit);
    await expect(tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false })).rejects.toThrow(
      `refusing to tag: a local quill-v0.4.0 points at ${other.slice(0, 12)}, not at ${run.commit.slice(0, 12)}. A tag is never moved: release a new version instead.`,
    );
    expect(remoteTags(r.remote).size).toBe(0);
  });

  it('T4 GIVEN two tags on the remote at another commit WHEN tag-all runs THEN the refusal names each of them', async () => {
    const { r, run } = await planned();
    const other = commitAll(r, 'unrelated');
    tagAndPush(r, 'quill-v0.4.0', other);
    tagAndPush(r, 'v0.4.0', other);
    git(r.dir, 'checkout', '-q', run.commit);
    const [was, is] = [other.slice(0, 12), run.commit.slice(0, 12)];
    await expect(tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false })).rejects.toThrow(
      `refusing to tag: quill-v0.4.0 exists and points at ${was}, not at the release commit ${is}; v0.4.0 exists and points at ${was}, not at the release commit ${is}. ` +
        'A tag is never moved: release a new version instead.',
    );
  });

  it('T4 GIVEN a local tag at the release commit that an interrupted run never pushed WHEN tag-all runs THEN that very tag is pushed, not re-created', async () => {
    const { r, run } = await planned();
    git(r.dir, 'tag', '-a', 'quill-v0.4.0', run.commit, '-m', 'made by the interrupted run');
    const made = git(r.dir, 'rev-parse', 'refs/tags/quill-v0.4.0').trim();
    const outcomes = await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    expect(remoteTags(r.remote).get('quill-v0.4.0')).toEqual({ object: made, commit: run.commit });
    expect(outcomes.every((o) => o.outcome === 'published')).toBe(true);
  });

  it('T4 GIVEN the remote tag at the release commit and a stale local one elsewhere WHEN tag-all runs THEN the remote tag counts: kept, nothing refused', async () => {
    const { r, run } = await planned();
    tagAndPush(r, 'quill-v0.4.0', run.commit);
    const other = commitAll(r, 'unrelated');
    git(r.dir, 'tag', '-f', '-a', 'quill-v0.4.0', other, '-m', 'stale local');
    git(r.dir, 'checkout', '-q', run.commit);
    const outcomes = await tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false });
    expect(outcomes[0]).toMatchObject({ subject: 'quill-v0.4.0', outcome: 'skipped:already-published' });
    expect(remoteTags(r.remote).get('quill-v0.4.0')!.commit).toBe(run.commit);
  });

  it('T4 GIVEN a checkout at another commit WHEN tag-all runs THEN the refusal names both commits and the checkout tag-all must make', async () => {
    const { r, run } = await planned();
    const moved = commitAll(r, 'moved on');
    await expect(tagAll(run, { git: r.git, log: memoryLog() }, { remote: 'origin', dryRun: false })).rejects.toThrow(
      `the checkout is at ${moved.slice(0, 12)}, not at the release commit ${run.commit.slice(0, 12)}; tag-all must check out needs.plan.outputs.commit.`,
    );
  });
});
