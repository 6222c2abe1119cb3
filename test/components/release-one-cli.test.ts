// T10: re-dispatching an old release ran the current lockstep in the plan job and the release commit's in the
// others. Every job after the plan job installs lockstep from the plan's release commit (checked out before
// `npm ci`), and reads the plan's decision, which records the plan job's version for each job to check.
import { describe, expect, it } from 'vitest';
import { exampleRelease, lockstepCommand, twoTrackRelease } from './release-publish-support';
import { ACTIONS } from '../../src/model';

const COMMIT = '${{ needs.plan.outputs.commit }}';
const INSTALL = 'npm ci --ignore-scripts --no-audit --no-fund';

/** The jobs that run lockstep, with the index of their checkout and of their one install. */
function lockstepJobs(wf: any): Array<{ id: string; job: any; checkouts: any[]; install: number; firstCheckout: number; firstLockstep: number }> {
  return Object.entries<any>(wf.jobs).filter(([, job]) => job.steps.some((s: any) => lockstepCommand(s) !== undefined)).map(([id, job]) => {
    const steps: any[] = job.steps;
    const isCheckout = (s: any) => s.uses?.startsWith(`${ACTIONS.checkout.repo}@`);
    return {
      id,
      job,
      checkouts: steps.filter(isCheckout),
      install: steps.findIndex((s) => s.run === INSTALL),
      firstCheckout: steps.findIndex(isCheckout),
      firstLockstep: steps.findIndex((s) => lockstepCommand(s) !== undefined),
    };
  });
}

describe('T10: one lockstep for the whole run (parsed release.yml)', () => {
  it.each([['the example', () => exampleRelease().wf], ['two tracks', () => twoTrackRelease().wf]])('T10: GIVEN %s WHEN every job that runs lockstep is read THEN each after the plan job checks out the plan\'s release commit before installing lockstep, once', (_name, make) => {
    const wf = make();
    const jobs = lockstepJobs(wf);
    expect(jobs.map((j) => j.id)).toEqual(expect.arrayContaining(['plan', 'tag-all', 'publish-npm', 'release-umbrella', 'summary']));
    for (const j of jobs) {
      expect(j.checkouts.length, j.id).toBe(1);
      expect(j.job.steps.filter((s: any) => s.run === INSTALL).length, j.id).toBe(1);
      expect(j.firstCheckout, j.id).toBeLessThan(j.install);
      expect(j.install, j.id).toBeLessThan(j.firstLockstep);
      if (j.id === 'plan') continue;
      const ref = j.checkouts[0].with.ref;
      // The summary runs even when the plan job failed and chose no commit: then the workflow's own.
      expect(ref, j.id).toBe(j.id === 'summary' ? '${{ needs.plan.outputs.commit || github.sha }}' : COMMIT);
      // Issue 20: the decision comes as the plan job's artifact, downloaded right after the checkout, not as an output.
      expect(j.job.env.LOCKSTEP_RELEASE_FILE, j.id).toBe('.lockstep/release-run/release-run.json');
      expect(j.job.steps[j.firstCheckout + 1], j.id).toMatchObject({
        uses: expect.stringMatching(new RegExp(`^${ACTIONS.downloadArtifact.repo}@`)),
        with: { 'name': 'release-run', 'path': '.lockstep/release-run', 'digest-mismatch': 'error' },
      });
      expect(j.job.steps[j.firstCheckout + 1]['continue-on-error'], j.id).toBe(j.id === 'summary' ? true : undefined);
      expect(JSON.stringify(j.job), j.id).not.toContain('outputs.run');
    }
  });

  it('issue 20: GIVEN the plan job WHEN read THEN it writes the decision to the file its env names and keeps it as the artifact the later jobs download', () => {
    const { wf } = exampleRelease();
    const plan = wf.jobs.plan;
    expect(plan.env.LOCKSTEP_RELEASE_FILE).toBe('.lockstep/release-run/release-run.json');
    expect(plan.outputs.run).toBeUndefined();
    const decide = plan.steps.findIndex((s: any) => lockstepCommand(s) === 'release-plan');
    expect(plan.steps[decide + 1]).toMatchObject({
      uses: expect.stringMatching(new RegExp(`^${ACTIONS.uploadArtifact.repo}@`)),
      with: { 'name': 'release-run', 'path': '.lockstep/release-run/release-run.json', 'if-no-files-found': 'error' },
    });
    // Artifacts of the run itself need no token permission: the plan job still only reads contents.
    expect(plan.permissions).toEqual({ contents: 'read' });
  });

  it('T10: GIVEN the plan job WHEN read THEN it runs the workflow\'s commit and decides with release-plan, which refuses a release commit of another version', () => {
    const { wf } = exampleRelease();
    const plan = lockstepJobs(wf).find((j) => j.id === 'plan')!;
    expect(plan.checkouts[0].with.ref).toBeUndefined();
    expect(lockstepCommand(plan.job.steps[plan.firstLockstep])).toBe('release-plan');
  });
});
