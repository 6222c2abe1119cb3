import { describe, expect, it } from 'vitest';
import { exampleRelease, twoTrackRelease } from './release-publish-support';
import { ExpressionContexts, evaluateTemplate } from '../support/github-expressions';

const LANE = ['publish-crates', 'publish-npm', 'publish-pypi', 'publish-go', 'github-releases', 'release-umbrella'];

const push = (sha: string): ExpressionContexts => ({ github: { event_name: 'push', sha }, inputs: {} });
const dispatch = (version: string, dryRun = false, track?: string): ExpressionContexts => ({
  github: { event_name: 'workflow_dispatch', sha: 'f00dfeed' },
  inputs: { version, dry_run: dryRun, ...(track ? { track } : {}) },
});

describe('release.yml concurrency: no release run is ever cancelled, and releases publish one at a time', () => {
  const { wf } = exampleRelease();
  const group = (contexts: ExpressionContexts): Promise<string> => evaluateTemplate(wf.concurrency.group, contexts);

  it('T8 GIVEN the run of a release commit pending WHEN later commits are pushed THEN each of their runs is in a group of its own, so none replaces it', async () => {
    const release = await group(push('1111111111111111111111111111111111111111'));
    const later = await Promise.all(['2222222222222222222222222222222222222222', '3333333333333333333333333333333333333333'].map((sha) => group(push(sha))));
    expect(new Set([release, ...later]).size).toBe(3);
    // A dispatch of a release, real or dry, is not in a push's group either.
    expect([await group(dispatch('1.2.3')), await group(dispatch('1.2.3', true))]).not.toContain(release);
  });

  it('T8 GIVEN runs that share a group (the same commit, the same dispatched version) WHEN a third arrives THEN they all queue: nothing running or pending is cancelled', async () => {
    expect(await group(push('1111111111111111111111111111111111111111'))).toBe(await group(push('1111111111111111111111111111111111111111')));
    expect(await group(dispatch('1.2.3'))).toBe(await group(dispatch('1.2.3')));
    expect(wf.concurrency).toMatchObject({ 'cancel-in-progress': false, 'queue': 'max' });
  });

  it('T7 GIVEN a real release pending WHEN a dry run of the same version is dispatched THEN the dry run is in another group', async () => {
    expect(await group(dispatch('1.2.3', true))).not.toBe(await group(dispatch('1.2.3')));
    expect(await group(dispatch('1.2.4'))).not.toBe(await group(dispatch('1.2.3')));
  });

  it('T7 GIVEN two releases WHEN both reach publishing THEN each publish job and the umbrella take one lane per job, queued in order and never cancelled', () => {
    for (const id of LANE) {
      expect(wf.jobs[id].concurrency, id).toEqual({ 'group': `lockstep-release-lane-${id}`, 'cancel-in-progress': false, 'queue': 'max' });
    }
    // The approval may wait for days: tag-all, like the plan and the builds, holds up no other release.
    for (const [id, job] of Object.entries<any>(wf.jobs).filter(([i]) => !LANE.includes(i))) expect(job.concurrency, id).toBeUndefined();
  });

  it('T8 GIVEN two tracks WHEN versions of each are dispatched THEN the track is part of the group', async () => {
    const two = twoTrackRelease().wf;
    const of = (track: string): Promise<string> => evaluateTemplate(two.concurrency.group, dispatch('2.0.0', false, track));
    expect(await of('engine')).not.toBe(await of('cli'));
  });
});
