import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedRelease, synthRelease } from './release-publish-support';
import { LockstepReleaseProjectOptions } from '../../src';
import { copyRealFixture, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/** dioxide (seed 001), its alphas and betas going to TestPyPI when `testPypi` says so. */
function dioxide(testPypi: boolean, extra: Partial<LockstepReleaseProjectOptions> = {}): SynthedRelease {
  const dir = copyRealFixture('dioxide');
  // Synth refuses to replace dioxide's own .gitattributes (own-files.test.ts); release.yml does not depend on it.
  fs.rmSync(path.join(dir, '.gitattributes'));
  return synthRelease(dir, { ...realFixture('dioxide').options(), ...(testPypi ? { testPypiPrereleases: ['alpha', 'beta'] } : {}), ci: { enabled: false }, ...extra });
}

const upload = (wf: any) => wf.jobs['publish-pypi'].steps.find((s: any) => typeof s.run === 'string' && s.run.includes('publish-pypi'));

describe('release.yml: the PyPI job uploads to the index the plan job chose for the version', () => {
  it('GIVEN testPypiPrereleases WHEN synthesized THEN the PyPI job\'s checks and lockstep publish-pypi read the plan job\'s pypi_index and pypi_upload outputs', () => {
    const { wf } = dioxide(true);
    expect(wf.jobs.plan.outputs).toMatchObject({ pypi_index: '${{ steps.decide.outputs.pypi_index }}', pypi_upload: '${{ steps.decide.outputs.pypi_upload }}' });
    expect(wf.jobs['publish-pypi'].env).toMatchObject({
      LOCKSTEP_PYPI_INDEX_URL: '${{ needs.plan.outputs.pypi_index }}',
      LOCKSTEP_PYPI_REPOSITORY_URL: '${{ needs.plan.outputs.pypi_upload }}',
    });
    // publish-pypi reads its upload URL from the job's environment only: the step does not override it.
    expect(upload(wf)).toBeDefined();
    expect(upload(wf).env?.LOCKSTEP_PYPI_REPOSITORY_URL).toBeUndefined();
    expect(wf.jobs['publish-pypi'].permissions['id-token']).toBe('write');
  });

  it('GIVEN no track sends prereleases to TestPyPI WHEN synthesized THEN the upload goes to PyPI as before (no index or upload URL override)', () => {
    const { wf } = dioxide(false);
    expect(upload(wf)).toBeDefined();
    expect(wf.jobs['publish-pypi'].env.LOCKSTEP_PYPI_INDEX_URL).toBeUndefined();
    expect(wf.jobs['publish-pypi'].env.LOCKSTEP_PYPI_REPOSITORY_URL).toBeUndefined();
  });

  it('GIVEN TestPyPI prereleases and another Python index in release.registries WHEN synthesized THEN one message says to choose', () => {
    expect(() => dioxide(true, { release: { registries: { pypiRepositoryUrl: 'https://pypi.example.com/legacy/', pypiIndexUrl: 'https://pypi.example.com/simple/' } } }))
      .toThrow('release.registries.pypiRepositoryUrl: a track sends prereleases to TestPyPI (testPypiPrereleases), and all Python uploads go to this index instead; use one or the other.');
  });

  it('GIVEN TestPyPI prereleases WHEN every gate reads release.yml THEN none finds anything', () => {
    const { findings } = checkWorkflows([dioxide(true).file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
