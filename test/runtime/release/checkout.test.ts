import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExampleRepo, TableRegistry, bumpAndCommit, exampleRepo, memoryLog } from './helpers';
import { main } from '../../../src/runtime/main';
import { checkTaggedCheckout } from '../../../src/runtime/release/checkout';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { git, tempDir } from '../../support/fixtures';
import { releaseRunEnv } from '../../support/release-run';

/** A repository whose HEAD is the release commit of 0.4.0, with the plan's decision for it; no tag yet. */
async function releaseAt040(): Promise<{ r: ExampleRepo; run: ReleaseRun; before: string }> {
  const r = exampleRepo();
  const before = git(r.dir, 'rev-parse', 'HEAD').trim();
  const sha = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release v0.4.0 (#40)');
  const run = await releasePlan(r.plan, { event: 'push', ref: 'refs/heads/main', sha, dryRun: false }, { git: r.git, registry: new TableRegistry(), log: memoryLog() });
  expect(run).toMatchObject({ release: true, commit: sha });
  return { r, run, before };
}

function tagEvery(r: ExampleRepo, run: ReleaseRun, commit: string): void {
  for (const p of run.products) git(r.dir, 'tag', '-a', p.tag, commit, '-m', p.tag);
}

async function lockstep(r: ExampleRepo, run: ReleaseRun, args: string[]): Promise<{ code: number; err: string }> {
  let err = '';
  const work = tempDir();
  // Every registry points at a closed local port: a command that got past its checks could reach nothing.
  const nowhere = 'http://127.0.0.1:9';
  const registries = { LOCKSTEP_CRATES_INDEX_URL: `sparse+${nowhere}/`, LOCKSTEP_PYPI_INDEX_URL: `${nowhere}/simple`, LOCKSTEP_NPM_REGISTRY: `${nowhere}/`, LOCKSTEP_GO_PROXY: nowhere, CARGO_REGISTRY_TOKEN: '' };
  const env = { ...process.env, ...registries, ...releaseRunEnv(run), GITHUB_OUTPUT: path.join(work, 'output'), GITHUB_STEP_SUMMARY: path.join(work, 'summary') };
  const code = await main(args, { cwd: r.dir, env, stdout: () => undefined, stderr: (t) => (err += t) });
  return { code, err };
}

describe('T4: publishing only from the tagged commit (checkTaggedCheckout)', () => {
  it('T4 GIVEN every product tag at the release commit and the checkout there WHEN checked THEN it passes', async () => {
    const { r, run } = await releaseAt040();
    tagEvery(r, run, run.commit);
    await expect(checkTaggedCheckout(run, run.products, r.git)).resolves.toBeUndefined();
  });

  it('T4 GIVEN the release commit is checked out but untagged WHEN checked THEN it refuses, naming the missing tags', async () => {
    const { r, run } = await releaseAt040();
    await expect(checkTaggedCheckout(run, run.products, r.git)).rejects.toThrow(/not publishing from an untagged tree: quill-v0\.4\.0 does not exist;/);
  });

  it('T4 GIVEN the product tags point at another commit WHEN checked THEN it refuses, naming where they point', async () => {
    const { r, run, before } = await releaseAt040();
    tagEvery(r, run, before);
    await expect(checkTaggedCheckout(run, run.products, r.git)).rejects.toThrow(new RegExp(`untagged tree: quill-v0\\.4\\.0 points at ${before.slice(0, 12)}`));
  });

  it('T4 GIVEN tags at the release commit but another commit checked out WHEN checked THEN it refuses, naming both commits', async () => {
    const { r, run, before } = await releaseAt040();
    tagEvery(r, run, run.commit);
    git(r.dir, 'checkout', '-q', before);
    await expect(checkTaggedCheckout(run, run.products, r.git)).rejects.toThrow(`the checkout is at ${before.slice(0, 12)}, not at the release commit ${run.commit.slice(0, 12)}`);
  });
});

describe('T4 through the CLI: every command that publishes checks the tags first', () => {
  const commands: Array<[string, string[]]> = [
    ['publish-crates', ['publish-crates']],
    ['publish-npm', ['publish-npm', '--artifacts', '.lockstep/artifacts']],
    ['go-proxy-warm', ['go-proxy-warm']],
    ['pre-publish', ['pre-publish', '--product', 'quill-py', '--target', 'pypi']],
  ];
  let untagged: { r: ExampleRepo; run: ReleaseRun };
  let elsewhere: { r: ExampleRepo; run: ReleaseRun; before: string };
  beforeAll(async () => {
    untagged = await releaseAt040();
    elsewhere = await releaseAt040();
    tagEvery(elsewhere.r, elsewhere.run, elsewhere.before);
  }, 60_000);

  for (const [name, args] of commands) {
    it(`T4 GIVEN ${name} WHEN the release commit is checked out without its tags THEN it exits 1 before publishing anything`, async () => {
      const res = await lockstep(untagged.r, untagged.run, args);
      expect(res.code).toBe(1);
      expect(res.err).toMatch(/not publishing from an untagged tree: \S+-?v?0\.4\.0 does not exist/);
    });

    it(`T4 GIVEN ${name} WHEN the product tags point at another commit THEN it exits 1 naming that commit`, async () => {
      const res = await lockstep(elsewhere.r, elsewhere.run, args);
      expect(res.code).toBe(1);
      expect(res.err).toMatch(new RegExp(`not publishing from an untagged tree: \\S+ points at ${elsewhere.before.slice(0, 12)}`));
    });
  }
});

describe('P7: pre-publish stands before the PyPI upload and refuses dry runs', () => {
  it('P7 GIVEN a dry run WHEN pre-publish runs THEN it exits non-zero even with every tag in place', async () => {
    const { r, run } = await releaseAt040();
    tagEvery(r, run, run.commit);
    const res = await lockstep(r, { ...run, dryRun: true }, ['pre-publish', '--product', 'quill-py', '--target', 'pypi']);
    expect(res.code).toBe(1);
    expect(res.err).toMatch(/this is a dry run: nothing is published, so pre-publish refuses to clear quill-py/);
  });

  it('P7 GIVEN a dry run WHEN publish-pypi runs THEN it refuses to upload, in words a maintainer reads (no incident id)', async () => {
    const { r, run } = await releaseAt040();
    tagEvery(r, run, run.commit);
    const res = await lockstep(r, { ...run, dryRun: true }, ['publish-pypi', '--product', 'quill-py', '--dist', 'dist']);
    expect(res.code).toBe(1);
    expect(res.err).toContain('this is a dry run: nothing is published, so publish-pypi refuses to upload quill-py.');
    expect(res.err).not.toMatch(/\([PTOS]\d+\)/);
  });
});
