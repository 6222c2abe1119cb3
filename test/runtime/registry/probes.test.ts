import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRATES_INDEX_ITOA, GITHUB_DRAFT, GITHUB_NOT_FOUND, GITHUB_RELEASE, NOT_FOUND_EMPTY, PYPI_NOT_FOUND, PYPI_SIMPLE_JSON, SERVER_ERROR } from './recorded';
import { probeCrateIndex, sparseIndexPath } from '../../../src/runtime/registry/crates';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { probeGithubRelease } from '../../../src/runtime/registry/github';
import { probePypi, pypiFiles } from '../../../src/runtime/registry/pypi';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { RecordedServer, startRecordedServer } from '../../support/local-registries';

describe('registry probes against recorded answers', () => {
  let server: RecordedServer;
  beforeAll(async () => {
    server = await startRecordedServer({
      '/it/oa/itoa': CRATES_INDEX_ITOA,
      '/do/wn/down-crate': SERVER_ERROR,
      '/ne/ve/never-published': NOT_FOUND_EMPTY,
      '/simple/maturin/': PYPI_SIMPLE_JSON,
      '/simple/never-uploaded/': PYPI_NOT_FOUND,
      '/simple/down-project/': SERVER_ERROR,
      '/repos/example/quill/releases/tags/quill-py-v0.3.0': GITHUB_RELEASE,
      '/repos/example/quill/releases/tags/quill-node-v0.3.0': GITHUB_DRAFT,
      '/repos/example/quill/releases/tags/quill-go-v0.3.0': GITHUB_NOT_FOUND,
      '/repos/example/quill/releases/tags/quill-ffi-v0.3.0': SERVER_ERROR,
    });
  });
  afterAll(() => server.close());
  const exec = new SpawnExec(process.env, process.cwd());
  const endpoints = () => endpointsOf({
    LOCKSTEP_CRATES_INDEX_URL: `sparse+${server.url}/`,
    LOCKSTEP_PYPI_INDEX_URL: `${server.url}/simple/`,
    GITHUB_API_URL: server.url,
    GITHUB_REPOSITORY: 'example/quill',
    GH_TOKEN: 'test-token',
  });

  it('GIVEN crate names of each length WHEN placed in the sparse index THEN the paths follow cargo\'s layout', () => {
    expect(['a', 'ab', 'abc', 'itoa', 'Serde_JSON'].map(sparseIndexPath)).toEqual(['1/a', '2/ab', '3/a/abc', 'it/oa/itoa', 'se/rd/serde_json']);
  });

  it('GIVEN the index lists the version WHEN the crate is probed THEN it is published', async () => {
    await expect(probeCrateIndex(endpoints().crates, exec, 'itoa', '0.1.1')).resolves.toBe('published');
  });

  it('GIVEN the index lists other versions only WHEN probed THEN it is missing', async () => {
    await expect(probeCrateIndex(endpoints().crates, exec, 'itoa', '0.3.0')).resolves.toBe('missing');
  });

  it('GIVEN build metadata WHEN probed THEN crates.io\'s rule applies: 0.1.1+x is the same version as 0.1.1', async () => {
    await expect(probeCrateIndex(endpoints().crates, exec, 'itoa', '0.1.1+build.5')).resolves.toBe('published');
  });

  it('GIVEN a crate never published (404) WHEN probed THEN it is missing', async () => {
    await expect(probeCrateIndex(endpoints().crates, exec, 'never-published', '1.0.0')).resolves.toBe('missing');
  });

  it('P2 GIVEN the index answers 503 WHEN probed THEN the probe fails naming the URL and status, never "missing"', async () => {
    await expect(probeCrateIndex(endpoints().crates, exec, 'down-crate', '1.0.0')).rejects.toThrow(/\/do\/wn\/down-crate answered HTTP 503/);
  });

  it('S6 GIVEN PyPI\'s JSON simple API (PEP 691) WHEN asked for a version THEN its files are listed; another version or project has none', async () => {
    await expect(pypiFiles(endpoints(), 'maturin', '1.16.0')).resolves.toEqual(['maturin-1.16.0-py3-none-linux_armv6l.whl', 'maturin-1.16.0.tar.gz']);
    await expect(probePypi(endpoints(), 'maturin', '1.16.0')).resolves.toBe('published');
    await expect(probePypi(endpoints(), 'maturin', '1.16')).resolves.toBe('missing');
    await expect(probePypi(endpoints(), 'never-uploaded', '1.0.0')).resolves.toBe('missing');
    expect(server.hits).toContain('/simple/maturin/');
  });

  it('P10 GIVEN the index answers 429 with Retry-After WHEN probed THEN the wait is honoured and the next answer counts', async () => {
    server.set('/simple/busy-project/', [{ status: 429, body: 'slow down', headers: { 'retry-after': '1' } }, PYPI_NOT_FOUND]);
    await expect(probePypi(endpoints(), 'busy-project', '1.0.0')).resolves.toBe('missing');
    expect(server.hits.filter((h) => h === '/simple/busy-project/').length).toBe(2);
  });

  it('P10 GIVEN the index keeps answering 429 WHEN probed THEN it gives up after a bounded number of waits, naming the status', async () => {
    server.set('/simple/always-busy/', { status: 429, body: 'slow down', headers: { 'retry-after': '1' } });
    await expect(probePypi(endpoints(), 'always-busy', '1.0.0')).rejects.toThrow(/answered HTTP 429: slow down/);
    expect(server.hits.filter((h) => h === '/simple/always-busy/').length).toBe(3);
  });

  it('P2 GIVEN the index answers 503 WHEN probed THEN the probe fails', async () => {
    await expect(probePypi(endpoints(), 'down-project', '1.0.0')).rejects.toThrow(/HTTP 503/);
  });

  it('GIVEN GitHub releases WHEN probed THEN published, draft and absent read as published, missing, missing', async () => {
    await expect(probeGithubRelease(endpoints(), 'quill-py-v0.3.0')).resolves.toBe('published');
    await expect(probeGithubRelease(endpoints(), 'quill-node-v0.3.0')).resolves.toBe('missing');
    await expect(probeGithubRelease(endpoints(), 'quill-go-v0.3.0')).resolves.toBe('missing');
  });

  it('P2 GIVEN GitHub answers 503 WHEN a release is probed THEN the probe fails', async () => {
    await expect(probeGithubRelease(endpoints(), 'quill-ffi-v0.3.0')).rejects.toThrow(/HTTP 503/);
  });

  it('GIVEN nothing listens WHEN probed THEN the error names the URL', async () => {
    const closed = endpointsOf({ LOCKSTEP_PYPI_INDEX_URL: 'http://127.0.0.1:1/simple' });
    await expect(probePypi(closed, 'maturin', '1.16.0')).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:1\/simple\/maturin\//);
  });
});
