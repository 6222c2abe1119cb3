import { spawnSync } from 'child_process';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { probePypi, pypiFiles } from '../../../src/runtime/registry/pypi';
import { distributions, noteFilesBefore, pypiFileOutcomes } from '../../../src/runtime/release/pypi-files';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { RunProduct } from '../../../src/runtime/release/run';
import { summarize } from '../../../src/runtime/release/summary';
import { tempDir } from '../../support/fixtures';
import { LocalPypi, TWINE, startPypiServer } from '../../support/local-registries';
import { writeSdist, writeWheel } from '../../support/registry-fixtures';

// A real Python package index (pypiserver, which speaks the PEP 503 simple API) on 127.0.0.1; twine
// uploads with --skip-existing, as the PyPI publish action does.

const product = (name: string, project: string, version: string, state: 'published' | 'missing'): RunProduct => ({
  name,
  kind: 'maturin',
  path: name,
  tag: `${name}-v${version}`,
  githubRelease: false,
  dependsOn: [],
  settings: {},
  packages: [{ target: 'pypi', name: project, version, state }],
});

describe('S6 PyPI outcomes per file, from the upload and a standard index API', () => {
  let pypi: LocalPypi;
  beforeAll(async () => {
    pypi = await startPypiServer();
  });
  afterAll(() => pypi?.stop());
  const endpoints = () => endpointsOf({ LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl });
  const upload = (files: string[]) => spawnSync(TWINE, ['upload', '--skip-existing', '--disable-progress-bar', ...files], { env: { ...process.env, ...pypi.twineEnv }, encoding: 'utf8' });

  it('S6 GIVEN an index that is not pypi.org WHEN a version is checked THEN its files are found through the simple API', async () => {
    const dist = tempDir();
    expect(upload([writeWheel(dist, 'quill-check', '1.2.0')]).status).toBe(0);
    await expect(pypiFiles(endpoints(), 'quill_check', '1.2.0')).resolves.toEqual(['quill_check-1.2.0-py3-none-any.whl']);
    await expect(probePypi(endpoints(), 'Quill.Check', '1.2.0')).resolves.toBe('published');
    await expect(probePypi(endpoints(), 'quill-check', '1.2.1')).resolves.toBe('missing');
    await expect(probePypi(endpoints(), 'never-uploaded', '1.0.0')).resolves.toBe('missing');
  }, 60_000);

  it('S6 GIVEN an earlier run uploaded the wheel but not the sdist WHEN this run uploads both THEN the wheel reads "already there" and the sdist "published"', async () => {
    const dist = tempDir();
    const wheel = writeWheel(dist, 'quill-half', '0.3.0');
    const sdist = writeSdist(dist, 'quill-half', '0.3.0');
    expect(upload([wheel]).status).toBe(0);
    // The plan job saw the wheel and called the version published: the plan-time state says nothing per file.
    const p = product('quill-py', 'quill-half', '0.3.0', 'published');
    const fs = new NodeFs(tempDir());
    const before = await noteFilesBefore(p, fs, endpoints());
    const step = upload([wheel, sdist]);
    expect(step.status).toBe(0);
    const outcomes = pypiFileOutcomes(p, { stepResult: 'success', dist: distributions(new NodeFs(dist), '.'), before, after: await pypiFiles(endpoints(), 'quill-half', '0.3.0') });
    expect(outcomes.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
      [path.basename(wheel), 'skipped:already-published', 'the index had this file before the upload'],
      [path.basename(sdist), 'published', 'uploaded by this run'],
    ]);
    // The summary shows both rows of the package.
    const run = { schema: 1 as const, release: true, reason: '', dryRun: false, event: 'push', track: 'default', version: '0.3.0', commit: 'c'.repeat(40), umbrellaTag: 'v0.3.0', releaseBranch: 'main', products: [p], publishWaves: [['quill-py']], todo: ['pypi'] };
    const summary = summarize(run, [...outcomes, { product: '(umbrella)', target: 'umbrella', subject: 'v0.3.0', version: '0.3.0', outcome: 'published', detail: '' }], {});
    expect(summary.rows.filter((r) => r.target === 'pypi').map((r) => [r.subject, r.outcome])).toEqual([[path.basename(wheel), 'skipped:already-published'], [path.basename(sdist), 'published']]);
  }, 60_000);

  it('S6 GIVEN the upload fails half-way WHEN recorded THEN the file the index now lists is published and the other failed', async () => {
    const dist = tempDir();
    const wheel = writeWheel(dist, 'quill-broken', '0.4.0');
    const p = product('quill-py', 'quill-broken', '0.4.0', 'missing');
    const fs = new NodeFs(tempDir());
    const before = await noteFilesBefore(p, fs, endpoints());
    expect(upload([wheel]).status).toBe(0);
    const outcomes = pypiFileOutcomes(p, { stepResult: 'failure', dist: [path.basename(wheel), 'quill_broken-0.4.0.tar.gz'], before, after: await pypiFiles(endpoints(), 'quill-broken', '0.4.0') });
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([[path.basename(wheel), 'published'], ['quill_broken-0.4.0.tar.gz', 'failed']]);
  }, 60_000);
});
