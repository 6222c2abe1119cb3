import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CRATES_INDEX_ITOA, GITHUB_DRAFT, GITHUB_NOT_FOUND, GITHUB_RELEASE, NOT_FOUND_EMPTY, PYPI_NOT_FOUND, PYPI_RELEASE_JSON, SERVER_ERROR } from './recorded';
import { probeCrateIndex, sparseIndexPath } from '../../../src/runtime/registry/crates';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { probeGithubRelease } from '../../../src/runtime/registry/github';
import { probePypi } from '../../../src/runtime/registry/pypi';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { RecordedServer, startRecordedServer } from '../../support/local-registries';

describe('registry probes against recorded answers', () => {
  let server: RecordedServer;
  beforeAll(async () => {
    server = await startRecordedServer({
      '/it/oa/itoa': CRATES_INDEX_ITOA,
      '/do/wn/down-crate': SERVER_ERROR,
      '/ne/ve/never-published': NOT_FOUND_EMPTY,
      '/pypi/maturin/1.16.0/json': PYPI_RELEASE_JSON,
      '/pypi/maturin/9.9.9/json': PYPI_NOT_FOUND,
      '/pypi/maturin/1.0.0rc1/json': SERVER_ERROR,
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
    LOCKSTEP_PYPI_URL: server.url,
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

  it('GIVEN PyPI has the release WHEN probed THEN published; an unknown version is missing', async () => {
    await expect(probePypi(endpoints(), 'maturin', '1.16.0')).resolves.toBe('published');
    await expect(probePypi(endpoints(), 'maturin', '9.9.9')).resolves.toBe('missing');
  });

  it('P2 GIVEN PyPI answers 503 WHEN probed THEN the probe fails', async () => {
    await expect(probePypi(endpoints(), 'maturin', '1.0.0rc1')).rejects.toThrow(/HTTP 503/);
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
    const closed = endpointsOf({ LOCKSTEP_PYPI_URL: 'http://127.0.0.1:1' });
    await expect(probePypi(closed, 'maturin', '1.16.0')).rejects.toThrow(/GET http:\/\/127\.0\.0\.1:1\/pypi\/maturin\/1\.16\.0\/json/);
  });
});
