import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedRelease, generatedWorkflowFiles, synthRelease, twoTrackRelease } from './release-publish-support';
import { chapter, synthDoc } from './trusted-publishing-support';
import { DOC_ANCHORS, Product, ReleaseTrackOptions, ReleaseTrigger } from '../../src/model';
import { githubFilterMatches } from '../support/github-filters';
import { copyRealFixture, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/**
 * dioxide (seed 001) as its maintainers release it: a pushed `v*.*.*` tag. It keeps its own ci.yml (which
 * accepts workflow_dispatch, so the release PR can dispatch it) instead of the generated one.
 */
function dioxideByTag(): SynthedRelease {
  const dir = copyRealFixture('dioxide');
  // projen writes .gitattributes, and synth refuses to replace dioxide's own (own-files.test.ts): its lines
  // belong in .projenrc.ts. release.yml does not depend on them, so the copy goes without.
  fs.rmSync(path.join(dir, '.gitattributes'));
  return synthRelease(dir, { ...realFixture('dioxide').options(), releaseTrigger: ReleaseTrigger.TAG_PUSH, ci: { enabled: false } });
}

const gatesPass = (r: SynthedRelease) => {
  const { findings } = checkWorkflows([r.file]);
  expect(findings, formatFindings(findings)).toEqual([]);
};

describe('release.yml triggers: release PR merges, pushed tags, several tracks', () => {
  it('GIVEN dioxide released by tag WHEN synthesized THEN a push of its umbrella tag starts the run, no branch push does, and a dispatch still re-runs', () => {
    const { wf } = dioxideByTag();
    expect(wf.on.push).toEqual({ tags: ['v[0-9]*.[0-9]*.[0-9]*'] });
    expect(wf.on.workflow_dispatch.inputs).toHaveProperty('version');
    const pattern = wf.on.push.tags[0];
    expect(['v2.2.0', 'v0.0.1-alpha'].every((t) => githubFilterMatches(pattern, t))).toBe(true);
    expect(['dioxide-v2.2.0', 'vendor-2'].some((t) => githubFilterMatches(pattern, t))).toBe(false);
  });

  it('GIVEN a tag push WHEN the plan job decides THEN it gets the pushed ref through env, with every branch and tag fetched to check it', () => {
    const plan = dioxideByTag().wf.jobs.plan;
    expect(plan.steps[0].with['fetch-depth']).toBe(0);
    const decide = plan.steps.find((s: any) => s.run?.includes('lockstep release-plan'));
    expect(decide.run).toContain('--ref "$GITHUB_REF"');
  });

  it('GIVEN dioxide released by tag WHEN every gate reads release.yml THEN none finds anything', () => gatesPass(dioxideByTag()));

  it('GIVEN dioxide released by tag WHEN every gate reads every workflow generated for it THEN none finds anything', () => {
    const files = generatedWorkflowFiles(dioxideByTag().out);
    expect(files.map((f) => f.split('/').at(-1))).toContain('release.yml');
    const { checked, findings } = checkWorkflows(files);
    expect(checked).toBe(files.length);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN a release-PR track with alphas from next and a tag-triggered track WHEN synthesized THEN pushes to main and next and the tag track\'s tags start runs', () => {
    const { wf } = twoTrackRelease({
      tracks: twoTracks({ releaseBranches: [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }] }, { releaseTrigger: ReleaseTrigger.TAG_PUSH }),
    });
    expect(wf.on.push).toEqual({ branches: ['main', 'next'], tags: ['cli-v[0-9]*.[0-9]*.[0-9]*'] });
    expect(githubFilterMatches(wf.on.push.tags[0], 'v1.0.0')).toBe(false);
  });

  it('GIVEN several tracks WHEN a push sets two of them THEN dispatch-tracks starts one run per other track, with only actions: write and values through env', () => {
    const { wf } = twoTrackRelease();
    const job = wf.jobs['dispatch-tracks'];
    expect(job.needs).toEqual(['plan']);
    expect(job.permissions).toEqual({ actions: 'write' });
    expect(job.if).toBe("needs.plan.outputs.dispatch != '' && needs.plan.outputs.dispatch != '[]'");
    expect(job.strategy.matrix.include).toBe('${{ fromJSON(needs.plan.outputs.dispatch) }}');
    expect(job.steps).toHaveLength(1);
    expect(job.steps[0].run).toBe('gh workflow run "$WORKFLOW" --repo "$GITHUB_REPOSITORY" --ref "$BRANCH" --raw-field "track=$TRACK" --raw-field "version=$VERSION"');
    expect(job.steps[0].env).toMatchObject({ WORKFLOW: 'release.yml', TRACK: '${{ matrix.track }}', VERSION: '${{ matrix.version }}', BRANCH: '${{ matrix.branch }}' });
    expect(wf.jobs.plan.outputs.dispatch).toBe('${{ steps.decide.outputs.dispatch }}');
    expect(wf.jobs.summary.needs).toContain('dispatch-tracks');
  });

  it('GIVEN one track WHEN synthesized THEN there is no other track to dispatch', () => {
    expect(dioxideByTag().wf.jobs).not.toHaveProperty('dispatch-tracks');
  });

  it('GIVEN two tracks with a tag-triggered one and alphas from next WHEN every gate reads release.yml THEN none finds anything', () => {
    gatesPass(twoTrackRelease({ tracks: twoTracks({ releaseBranches: [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }] }, { releaseTrigger: ReleaseTrigger.TAG_PUSH }) }));
  });
});

/** The tracks of twoTrackRelease() with release options added. */
function twoTracks(engine: Partial<ReleaseTrackOptions>, cli: Partial<ReleaseTrackOptions>): ReleaseTrackOptions[] {
  return [
    { name: 'engine', products: [Product.rustCrate({ path: 'crates/core' })], ...engine },
    { name: 'cli', products: [Product.npmPackage({ path: 'cli' })], ...cli },
  ];
}

describe('docs/release-secrets.md: the environments of a release started by a pushed tag', () => {
  function dioxideDoc(releaseTrigger: ReleaseTrigger): string {
    const dir = copyRealFixture('dioxide');
    fs.rmSync(path.join(dir, '.gitattributes'));
    return chapter(synthDoc(dir, { ...realFixture('dioxide').options(), releaseTrigger, ci: { enabled: false } }).doc, DOC_ANCHORS.environments);
  }

  it('GIVEN dioxide released by tag WHEN the doc sets up the approval and publish environments THEN each gets a tag rule for the umbrella tag, since the run is on that tag', () => {
    const envs = dioxideDoc(ReleaseTrigger.TAG_PUSH);
    const rule = 'and a tag rule (**Ref type**: Tag) for `v[0-9]*.[0-9]*.[0-9]*`';
    for (const env of ['release', 'release-publish']) {
      const section = envs.split(/^### /m).find((s) => s.startsWith(`Environment \`${env}\``))!;
      expect(section, env).toContain(rule);
    }
  });

  it('GIVEN dioxide released by a release PR WHEN the doc sets up the environments THEN they get the branch rule only', () => {
    const envs = dioxideDoc(ReleaseTrigger.RELEASE_PR);
    expect(envs).toContain('add a branch rule for');
    expect(envs).not.toContain('tag rule');
  });
});
