import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { SynthedRelease, synthRelease } from './release-publish-support';
import { LockstepReleaseProjectOptions } from '../../src';
import { copyRealFixture, handOverOwnFiles, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

const NOTES = 'examples/nodejs-notes';

/**
 * SQLRite (seed 000) with the tests of its sqlrite-notes package (whose package.json runs
 * `node --test 'test/**\/*.test.mjs'`; the fixture keeps no test files, so one is written here).
 */
function sqlrite(release: LockstepReleaseProjectOptions['release'] = {}, tests = true): SynthedRelease {
  const dir = copyRealFixture('sqlrite');
  handOverOwnFiles(dir);
  if (tests) {
    fs.mkdirSync(path.join(dir, NOTES, 'test'));
    fs.writeFileSync(path.join(dir, NOTES, 'test/cli.test.mjs'), "import { test } from 'node:test';\ntest('loads', async () => { await import('../src/cli.mjs'); });\n");
  }
  return synthRelease(dir, { ...realFixture('sqlrite').options(), release });
}

describe('release.yml: the product\'s own npm test against its packed tarball, before the approval (issue 16)', () => {
  it('GIVEN sqlrite-notes with a test script and test/ WHEN synthesized THEN test-npm-sqlrite-notes runs npm test through lockstep on its build\'s tarball, before tag-all', () => {
    const { wf } = sqlrite();
    const job = wf.jobs['test-npm-sqlrite-notes'];
    // The package is packed by a cell of the npm packages' job (issue 20); its test runs when the plan builds it.
    expect(job.needs).toEqual(['plan', 'build-npm-packages']);
    expect(job.if).toBe("needs.plan.outputs.release == 'true' && contains(fromJSON(needs.plan.outputs.build), 'sqlrite-notes')");
    expect(job.permissions).toEqual({ contents: 'read' });
    const download = job.steps.find((s: any) => s.uses?.includes('download-artifact') && s.with.name !== 'release-run');
    // The artifact holds its own folder: one match extracts it into dist/npm-tests/npm.sqlrite-notes/.
    expect(download.with).toMatchObject({ pattern: 'npm.sqlrite-notes', path: 'dist/npm-tests' });
    expect(wf.jobs['build-npm-packages'].steps.find((s: any) => s.uses?.includes('upload-artifact')).with.name).toBe('${{ matrix.artifact }}');
    const test = job.steps.at(-1);
    expect(test.run).toBe('npx --no-install lockstep npm-test --product sqlrite-notes --dist dist/npm-tests/npm.sqlrite-notes --tests "$TESTS"');
    expect(job.env).toMatchObject({ TESTS: `${NOTES}/test` });
    expect(wf.jobs['tag-all'].needs).toContain('test-npm-sqlrite-notes');
    // Only plain npm packages: the napi and WASM packages are tested by their own builds' checks.
    expect(Object.keys(wf.jobs).filter((id) => id.startsWith('test-npm-'))).toEqual(['test-npm-sqlrite-notes']);
  });

  it('GIVEN no test folder, enabled false, or testPaths \'\' WHEN synthesized THEN no npm test job; a test path given by option runs', () => {
    expect(sqlrite({}, false).wf.jobs['test-npm-sqlrite-notes']).toBeUndefined();
    expect(sqlrite({ npmTests: { enabled: false } }).wf.jobs['test-npm-sqlrite-notes']).toBeUndefined();
    expect(sqlrite({ npmTests: { testPaths: { 'sqlrite-notes': '' } } }).wf.jobs['test-npm-sqlrite-notes']).toBeUndefined();
    const given = sqlrite({ npmTests: { testPaths: { 'sqlrite-notes': `${NOTES}/src` } } }, false).wf.jobs['test-npm-sqlrite-notes'];
    expect(given.env.TESTS).toBe(`${NOTES}/src`);
  });

  it('GIVEN a wrong option WHEN synthesized THEN one message names it', () => {
    expect(() => sqlrite({ npmTests: { testPaths: { 'sqlrite-node': 'sdk/nodejs/test' } } }))
      .toThrow('release.npmTests.testPaths: sqlrite-node is no published npm package; name one of sqlrite-notes.');
    expect(() => sqlrite({ npmTests: { testPaths: { 'sqlrite-notes': 'tests' } } }))
      .toThrow('release.npmTests.testPaths.sqlrite-notes: \'tests\' is outside examples/nodejs-notes, the package\'s directory; the tests are added to the unpacked package.');
    expect(() => sqlrite({ npmTests: { testPaths: { 'sqlrite-notes': '../up' } } }))
      .toThrow('release.npmTests.testPaths.sqlrite-notes: \'../up\' must be a folder inside the repository, or \'\' for no tests.');
  });

  it('GIVEN the npm tests WHEN every gate reads release.yml THEN none finds anything', () => {
    const { findings } = checkWorkflows([sqlrite().file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
