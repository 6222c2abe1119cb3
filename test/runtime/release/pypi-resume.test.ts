import * as http from 'http';
import { AddressInfo } from 'net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exampleRepo, memoryLog } from './helpers';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { describeRun } from '../../../src/runtime/release/describe';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { outcomeOfStep } from '../../../src/runtime/release/record';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { git } from '../../support/fixtures';

/** A PyPI that has one wheel of quill-db 0.3.0 (an interrupted upload) and nothing else. */
let server: http.Server;
let base: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url === '/simple/quill-db/') {
      res.writeHead(200, { 'content-type': 'application/vnd.pypi.simple.v1+json' });
      res.end(JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'quill-db', files: [{ filename: 'quill_db-0.3.0-cp311-abi3-manylinux_2_28_x86_64.whl' }] }));
    } else {
      res.writeHead(404);
      res.end();
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('P5 a half-finished PyPI upload is finished by the next run', () => {
  it('P5 T5 GIVEN PyPI answers 200 because one wheel of the version is there WHEN planned THEN publish-pypi still runs to upload the rest', async () => {
    const r = exampleRepo();
    const sha = git(r.dir, 'rev-parse', 'HEAD').trim();
    const env = {
      LOCKSTEP_CRATES_INDEX_URL: `sparse+${base}/`,
      LOCKSTEP_PYPI_INDEX_URL: `${base}/simple`,
      LOCKSTEP_NPM_REGISTRY: base,
      GITHUB_API_URL: base,
    };
    const registry = new HttpRegistry(env, new SpawnExec(process.env, r.dir));
    const trigger = { event: 'push' as const, ref: 'refs/heads/main', sha, dryRun: false };
    const run = await releasePlan(r.plan, trigger, { git: r.git, registry, log: memoryLog() });
    const py = run.products.find((p) => p.name === 'quill-py')!;
    expect(py.packages[0]).toMatchObject({ target: 'pypi', name: 'quill-db', state: 'published' });
    expect(run.todo).toContain('pypi');
    expect(describeRun(run).text).toMatch(/\| quill-py \| `quill-py-v0\.3\.0` \| pypi \| quill-db@0\.3\.0 \| already there: upload the files still missing \|/);
    expect(outcomeOfStep(py, 'pypi', 'success')[0]).toMatchObject({ outcome: 'skipped:already-published', detail: expect.stringMatching(/any missing were uploaded/) });
  }, 60_000); // Real npm and cargo processes answer the probes: seconds on a busy 2-core machine.
});
