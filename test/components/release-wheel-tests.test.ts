import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedRelease, synthRelease } from './release-publish-support';
import { LockstepReleaseProjectOptions, ReleasePlatform } from '../../src';
import { copyRealFixture, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/** dioxide (seed 001) with its tests/ directory, released with the given release options. */
function dioxide(release: LockstepReleaseProjectOptions['release'] = {}, tests = true): SynthedRelease {
  const dir = copyRealFixture('dioxide');
  // Synth refuses to replace dioxide's own .gitattributes (own-files.test.ts); release.yml does not depend on it.
  fs.rmSync(path.join(dir, '.gitattributes'));
  if (tests) {
    fs.mkdirSync(path.join(dir, 'tests'));
    fs.writeFileSync(path.join(dir, 'tests/test_container.py'), 'import dioxide\n\ndef test_import():\n    assert dioxide\n');
  }
  return synthRelease(dir, { ...realFixture('dioxide').options(), ci: { enabled: false }, release });
}

const PLATFORMS = ['linux-x64', 'linux-arm64', 'macos-x64', 'macos-arm64', 'windows-x64'];

describe('release.yml: the product\'s own tests against each built wheel, before the approval (seed 001 FR4, FR8)', () => {
  it('GIVEN dioxide with tests/ WHEN synthesized THEN test-wheels-dioxide runs pytest through lockstep on every platform x the oldest and newest CPython, after the build and before tag-all', () => {
    const { wf } = dioxide();
    const job = wf.jobs['test-wheels-dioxide'];
    expect(job.needs).toEqual(['plan', 'build-dioxide']);
    expect(job.if).toBe(wf.jobs['build-dioxide'].if);
    expect(job.permissions).toEqual({ contents: 'read' });
    const legs = job.strategy.matrix.include.map((l: any) => `${l.platform}/${l.python}`);
    expect(legs.sort()).toEqual(PLATFORMS.flatMap((p) => [`${p}/3.11`, `${p}/3.14`]).sort());
    expect(job.strategy.matrix.include.every((l: any) => l.runner === wf.jobs['build-dioxide'].strategy.matrix.include.find((b: any) => b.platform === l.platform).runner)).toBe(true);
    const python = job.steps.find((s: any) => s.name === 'Set up Python');
    expect(python.with['python-version']).toBe('${{ matrix.python }}');
    const download = job.steps.find((s: any) => s.uses?.includes('download-artifact') && s.with.name !== 'release-run');
    expect(download.with.pattern).toBe('wheels.dioxide.${{ matrix.platform }}');
    const test = job.steps.at(-1);
    expect(test.run).toBe('npx --no-install lockstep wheel-test --product dioxide --dist dist/wheel-tests/dioxide --tests "$TESTS" --requirements "$REQUIREMENTS" --platform "$PLATFORM"');
    expect(job.env).toMatchObject({ TESTS: 'tests', REQUIREMENTS: '' });
    expect(wf.jobs['tag-all'].needs).toContain('test-wheels-dioxide');
  });

  it('GIVEN the Python versions, platforms and plugins as options WHEN synthesized THEN the matrix and the requirements follow them', () => {
    const { wf } = dioxide({ wheelTests: { pythonVersions: ['3.11', '3.12', '3.13'], platforms: [ReleasePlatform.LINUX_X64], requirements: ['pytest-asyncio>=1.3.0'] } });
    const job = wf.jobs['test-wheels-dioxide'];
    expect(job.strategy.matrix.include.map((l: any) => `${l.platform}/${l.python}`)).toEqual(['linux-x64/3.11', 'linux-x64/3.12', 'linux-x64/3.13']);
    expect(job.env.REQUIREMENTS).toBe('pytest-asyncio>=1.3.0');
  });

  it('GIVEN no tests/ directory, or testPaths \'\' WHEN synthesized THEN no wheel test job; a test path given by option runs', () => {
    expect(dioxide({}, false).wf.jobs['test-wheels-dioxide']).toBeUndefined();
    expect(dioxide({ wheelTests: { testPaths: { dioxide: '' } } }).wf.jobs['test-wheels-dioxide']).toBeUndefined();
    expect(dioxide({ wheelTests: { testPaths: { dioxide: 'python/tests' } } }, false).wf.jobs['test-wheels-dioxide'].env.TESTS).toBe('python/tests');
  });

  it('GIVEN a wrong option WHEN synthesized THEN one message names it', () => {
    expect(() => dioxide({ wheelTests: { pythonVersions: ['python3'] } })).toThrow("release.wheelTests.pythonVersions: 'python3' is not a CPython line such as '3.13'; give one or more.");
    expect(() => dioxide({ wheelTests: { testPaths: { quill: 'tests' } } })).toThrow('release.wheelTests.testPaths: quill is no published maturin product; name one of dioxide.');
    expect(() => dioxide({ platforms: [ReleasePlatform.LINUX_X64], wheelTests: { platforms: [ReleasePlatform.WINDOWS_X64] } })).toThrow(/release\.wheelTests\.platforms: windows-x64 builds no wheel/);
  });

  it('GIVEN the wheel tests WHEN every gate reads release.yml THEN none finds anything', () => {
    const { findings } = checkWorkflows([dioxide().file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
