import { describe, expect, it } from 'vitest';
import { exampleRelease, minimalRelease } from './release-publish-support';
import { chapter, exampleDoc, minimalDoc } from './trusted-publishing-support';
import { ReleasePrTokenSource } from '../../src';
import { ACTIONS, DOC_ANCHORS } from '../../src/model';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

const tagStep = (job: any): any => job.steps.find((s: any) => /lockstep tag\b/.test(s.run ?? ''));
const checkout = (job: any): any => job.steps.find((s: any) => s.uses?.startsWith(ACTIONS.checkout.repo));

describe('T9: which token pushes the release tags', () => {
  it('T9 GIVEN the defaults WHEN synthesized THEN tag-all pushes with its own token in one atomic push, and the doc says tag workflows do not start', () => {
    const job = exampleRelease().wf.jobs['tag-all'];
    expect(job.permissions).toEqual({ contents: 'write' });
    expect(checkout(job).with.token).toBeUndefined();
    expect(tagStep(job).run).toBe('npx --no-install lockstep tag');
    const doc = chapter(exampleDoc().doc, DOC_ANCHORS.tagToken);
    expect(doc).toContain('pushes the tags with its own `GITHUB_TOKEN`: no secret to create');
    expect(doc).toContain('does not run for them');
  });

  it('T9 GIVEN tags pushed with the GitHub App WHEN synthesized THEN tag-all mints a contents-only App token, checks out and pushes with it three tags at a time, and its own token only reads', () => {
    const { wf, file } = exampleRelease({ release: { tagTokenSource: ReleasePrTokenSource.GITHUB_APP } });
    const job = wf.jobs['tag-all'];
    const mint = job.steps.find((s: any) => s.uses?.startsWith(ACTIONS.createGithubAppToken.repo));
    expect(mint.with).toEqual({ 'client-id': '${{ vars.RELEASE_APP_CLIENT_ID }}', 'private-key': '${{ secrets.RELEASE_APP_PRIVATE_KEY }}', 'permission-contents': 'write' });
    expect(job.steps.indexOf(mint)).toBeLessThan(job.steps.indexOf(checkout(job)));
    expect(checkout(job).with).toMatchObject({ 'token': `\${{ steps.${mint.id}.outputs.token }}`, 'persist-credentials': true });
    expect(job.permissions).toEqual({ contents: 'read' });
    expect(tagStep(job).run).toBe('npx --no-install lockstep tag --tags-per-push 3');
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('T9 GIVEN the release PR already opened with a GitHub App of custom names WHEN the tags use the App too THEN they use the same variable and secret, and the doc sets it up once', () => {
    const releasePr = { tokenSource: ReleasePrTokenSource.GITHUB_APP, appClientIdVariable: 'LOCKSTEP_APP_ID', appPrivateKeySecret: 'LOCKSTEP_APP_KEY' };
    const d = exampleDoc({ releasePr, release: { tagTokenSource: ReleasePrTokenSource.GITHUB_APP } });
    const mint = d.workflows['release.yml'].jobs['tag-all'].steps.find((s: any) => s.uses?.startsWith(ACTIONS.createGithubAppToken.repo));
    expect(mint.with['client-id']).toBe('${{ vars.LOCKSTEP_APP_ID }}');
    expect(mint.with['private-key']).toBe('${{ secrets.LOCKSTEP_APP_KEY }}');
    expect(chapter(d.doc, DOC_ANCHORS.tagToken)).toContain('a token of the GitHub App the release PR uses');
    expect(d.doc).toMatch(/\| Release tags pushed with \| a GitHub App token \|/);
    expect(d.doc).toMatch(/\| `LOCKSTEP_APP_KEY` \| secret \| private key of that GitHub App \|/);
  });

  it('T9 GIVEN tags pushed with an App the release PR does not use WHEN the doc is written THEN it says what to create, the key in the approval environment', () => {
    const d = minimalDoc({ releasePr: { enabled: false }, release: { tagTokenSource: ReleasePrTokenSource.GITHUB_APP } });
    const doc = chapter(d.doc, DOC_ANCHORS.tagToken);
    expect(doc).toContain('**Contents**: Read and write');
    expect(doc).toContain('repository variable `RELEASE_APP_CLIENT_ID`');
    expect(doc).toContain('a secret `RELEASE_APP_PRIVATE_KEY` of the environment `release`');
  });

  it('T9 GIVEN a personal access token WHEN synthesized THEN the checkout pushes with the release PR\'s PAT secret', () => {
    const job = minimalRelease({ release: { tagTokenSource: ReleasePrTokenSource.PAT } }).wf.jobs['tag-all'];
    expect(checkout(job).with.token).toBe('${{ secrets.RELEASE_PR_TOKEN }}');
    expect(tagStep(job).run).toContain('--tags-per-push 3');
  });

  it('GIVEN an unusable secret name for the tag token WHEN synthesized THEN one error names the option', () => {
    expect(() => minimalRelease({ release: { tagTokenSource: ReleasePrTokenSource.GITHUB_APP, appPrivateKeySecret: 'GITHUB_KEY' } }))
      .toThrow(/release\.appPrivateKeySecret: 'GITHUB_KEY' is not a usable secret or variable name/);
  });
});
