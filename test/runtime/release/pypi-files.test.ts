import { spawnSync } from 'child_process';
import { readFileSync, writeFileSync } from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { probePypi, pypiFiles } from '../../../src/runtime/registry/pypi';
import { beforeFile, distributions, noteFilesBefore, pypiFileOutcomes, uploadFile } from '../../../src/runtime/release/pypi-files';
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

  it('S6 GIVEN pre-publish WHEN it notes the index\'s files THEN it keeps, per product, the files of its PyPI packages only, in name order, where record-outcome reads them', async () => {
    const dist = tempDir();
    expect(upload([writeWheel(dist, 'quill-note-b', '0.5.0'), writeWheel(dist, 'quill-note-a', '0.5.0'), writeWheel(dist, 'quill-note-npm', '0.5.0')]).status).toBe(0);
    const p: RunProduct = {
      ...product('quill-note', 'quill-note-b', '0.5.0', 'missing'),
      packages: [
        { target: 'pypi', name: 'quill-note-b', version: '0.5.0', state: 'missing' },
        { target: 'pypi', name: 'quill-note-a', version: '0.5.0', state: 'missing' },
        // An npm package that happens to share a name with a PyPI project is not PyPI's to answer for.
        { target: 'npm', name: 'quill-note-npm', version: '0.5.0', state: 'missing' },
      ],
    };
    const ws = tempDir();
    const files = await noteFilesBefore(p, new NodeFs(ws), endpoints());
    expect(files).toEqual(['quill_note_a-0.5.0-py3-none-any.whl', 'quill_note_b-0.5.0-py3-none-any.whl']);
    expect(beforeFile('quill-note')).toBe('.lockstep/pypi-before/quill-note.json');
    expect(JSON.parse(readFileSync(path.join(ws, '.lockstep/pypi-before/quill-note.json'), 'utf8'))).toEqual(files);
    expect(uploadFile('quill-note')).toBe('.lockstep/pypi-upload/quill-note.json');
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

describe('S6 each built file\'s outcome, from what is known around the upload', () => {
  const p = product('quill-py', 'quill-db', '0.4.0', 'missing');
  const WHEEL = 'quill_db-0.4.0-py3-none-any.whl';
  const SDIST = 'quill_db-0.4.0.tar.gz';
  const outcomesOf = (facts: Parameters<typeof pypiFileOutcomes>[1]) => pypiFileOutcomes(p, facts).map((o) => [o.subject, o.outcome, o.detail]);

  it('S6 GIVEN a product without a PyPI package WHEN recorded THEN it has no PyPI rows', () => {
    expect(pypiFileOutcomes({ ...p, packages: [{ target: 'npm', name: 'quill', version: '0.4.0', state: 'missing' }] }, { stepResult: 'success', dist: [WHEEL] })).toEqual([]);
  });

  it('S6 GIVEN no built file WHEN recorded THEN the package is one failed row saying the artifacts were not downloaded', () => {
    expect(pypiFileOutcomes(p, { stepResult: 'success', dist: [], after: [WHEEL] })).toEqual([
      { product: 'quill-py', target: 'pypi', version: '0.4.0', package: 'quill-db', subject: 'quill-db', outcome: 'failed', detail: 'no wheel or sdist to upload: the build artifacts were not downloaded' },
    ]);
  });

  it('S6 GIVEN each file\'s own upload answer WHEN recorded THEN it stands, whatever the step and the index say; a file the index had before is already there', () => {
    const uploaded = [
      { product: 'quill-py', target: 'pypi', subject: SDIST, version: '0.4.0', outcome: 'failed' as const, detail: 'rate-limited: the registry answered 429' },
    ];
    const rows = pypiFileOutcomes(p, { stepResult: 'failure', dist: [WHEEL, SDIST], before: [WHEEL], after: [WHEEL, SDIST], uploaded });
    expect(rows).toEqual([
      { product: 'quill-py', target: 'pypi', version: '0.4.0', package: 'quill-db', subject: WHEEL, outcome: 'skipped:already-published', detail: 'the index had this file before the upload' },
      { product: 'quill-py', target: 'pypi', version: '0.4.0', package: 'quill-db', subject: SDIST, outcome: 'failed', detail: 'rate-limited: the registry answered 429' },
    ]);
  });

  it('S6 GIVEN an upload step that did not run (skipped, or no result) WHEN recorded THEN a file not there before failed as not uploaded, even if the index lists it now', () => {
    for (const stepResult of ['skipped', '']) {
      expect(outcomesOf({ stepResult, dist: [WHEEL], before: [], after: [WHEEL] })).toEqual([[WHEEL, 'failed', 'not uploaded: the pre-publish check or the artifact download failed']]);
    }
  });

  it('S6 GIVEN a successful upload step WHEN the index does not list the file yet THEN it is published, saying so and why the index could not tell', () => {
    expect(outcomesOf({ stepResult: 'success', dist: [WHEEL], after: [] })).toEqual([[WHEEL, 'published', 'the upload succeeded; the index does not list it yet']]);
    expect(outcomesOf({ stepResult: 'success', dist: [WHEEL], afterError: 'GET /simple/quill-db/ answered HTTP 502' }))
      .toEqual([[WHEEL, 'published', 'the upload succeeded; the index does not list it yet (GET /simple/quill-db/ answered HTTP 502)']]);
  });

  it('S6 GIVEN a failed or cancelled upload step WHEN the index does not list the file THEN it failed, naming how the step ended', () => {
    expect(outcomesOf({ stepResult: 'cancelled', dist: [WHEEL, SDIST], after: [WHEEL] })).toEqual([
      [WHEEL, 'published', 'uploaded by this run'],
      [SDIST, 'failed', 'not on the index after the upload step ended \'cancelled\': see its log'],
    ]);
  });

  it('S6 GIVEN a build\'s dist directory WHEN its distributions are listed THEN they are the wheels, sdists and zip sdists, in name order', () => {
    const dir = tempDir();
    for (const f of ['b-1.0.tar.gz', 'a-1.0-py3-none-any.whl', 'c-1.0.zip', 'SHA256SUMS', 'a-1.0.tar.gz.asc']) writeFileSync(path.join(dir, f), '');
    expect(distributions(new NodeFs(dir), '.')).toEqual(['a-1.0-py3-none-any.whl', 'b-1.0.tar.gz', 'c-1.0.zip']);
  });
});
