import { describe, expect, it } from 'vitest';
import { allSteps, exampleRelease } from './release-publish-support';
import { ARTIFACTS_DIR, ARTIFACT_RETENTION_DAYS, RELEASE_ASSETS_ENV } from '../../src/model';

/** The artifact names a build job uploads, one per matrix leg (the `${{ matrix.platform }}` filled in). */
function uploadedBy(job: any): string[] {
  const legs: Array<Record<string, string>> = job.strategy?.matrix?.include ?? [{}];
  return job.steps.filter((s: any) => s.uses?.startsWith('actions/upload-artifact@'))
    .flatMap((s: any) => legs.map((leg) => String(s.with.name).replace('${{ matrix.platform }}', leg.platform)));
}

describe('P14: every GitHub Release carries the assets the plan says, or is not published', () => {
  const { wf } = exampleRelease();
  const releases = wf.jobs['github-releases'];
  const required: Record<string, string[]> = JSON.parse(releases.env[RELEASE_ASSETS_ENV]);

  it('P14 GIVEN the example WHEN rendered THEN each product\'s required assets are exactly the artifacts its build job uploads, leg by leg', () => {
    for (const [product, artifacts] of Object.entries(required)) {
      const job = wf.jobs[`build-${product}`];
      expect(artifacts, product).toEqual(job ? uploadedBy(job) : []);
    }
    expect(required['quill-py']).toEqual(['wheels.quill-py.linux-x64', 'wheels.quill-py.linux-arm64', 'wheels.quill-py.macos-arm64', 'wheels.quill-py.macos-x64', 'wheels.quill-py.windows-x64']);
    expect(Object.keys(required).sort()).toEqual(expect.arrayContaining(['quill-desktop', 'quill-ffi', 'quill-node', 'quill-py']));
  });

  it('P14 GIVEN download-artifact extracts a single match straight into path WHEN the release job downloads THEN each artifact is its own download into its own folder', () => {
    // The build artifacts (the outcome files the job also collects, for P12, go elsewhere).
    const downloads = releases.steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with.path.startsWith(ARTIFACTS_DIR));
    expect(downloads.map((s: any) => s.with)).toEqual(Object.values(required).flat().map((a) => expect.objectContaining({ 'pattern': a, 'path': `${ARTIFACTS_DIR}/${a}`, 'merge-multiple': false })));
    const release = releases.steps.find((s: any) => /lockstep github-release /.test(s.run ?? ''));
    expect(release.run).toContain(`--artifacts ${ARTIFACTS_DIR}`);
  });

  it('P14 GIVEN the npm job WHEN it downloads the napi binaries and tarballs THEN each is its own download too', () => {
    const downloads = wf.jobs['publish-npm'].steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with.name !== 'release-run');
    expect(downloads.map((s: any) => s.with.pattern)).toEqual([
      ...uploadedBy(wf.jobs['build-quill-node']), ...uploadedBy(wf.jobs['build-quill-wasm']), ...uploadedBy(wf.jobs['build-quill-notes']),
    ]);
    for (const d of downloads) expect(d.with.path).toBe(`${ARTIFACTS_DIR}/${d.with.pattern}`);
  });

  it('P14 GIVEN an approval that may wait 30 days WHEN artifacts are uploaded THEN every one is kept longer than that', () => {
    const uploads = allSteps(wf).filter(({ step }) => step.uses?.startsWith('actions/upload-artifact@'));
    expect(uploads.length).toBeGreaterThan(10);
    for (const { job, step } of uploads) expect(step.with['retention-days'], `${job}: ${step.name}`).toBeGreaterThan(30);
    expect(ARTIFACT_RETENTION_DAYS).toBeGreaterThanOrEqual(35);
  });
});
