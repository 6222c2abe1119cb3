import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { probeGoTag } from '../../../src/runtime/registry/go';
import { probeNpm } from '../../../src/runtime/registry/npm';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { git, gitInit, tempDir, writeRepo } from '../../support/fixtures';
import { LocalNpmRegistry, startVerdaccio } from '../../support/local-registries';

describe('npm probe against a real local registry (verdaccio)', () => {
  let registry: LocalNpmRegistry;
  beforeAll(async () => {
    registry = await startVerdaccio();
    const dir = writeRepo({ 'package.json': JSON.stringify({ name: '@quill-db/probe-me', version: '1.2.0', license: 'MIT' }) });
    execFileSync('npm', ['publish', '--registry', registry.url], { cwd: dir, env: { ...process.env, ...registry.env }, stdio: 'pipe' });
  });
  afterAll(() => registry?.stop());
  const exec = () => new SpawnExec({ ...process.env, ...registry.env }, tempDir());
  const endpoints = () => endpointsOf({ LOCKSTEP_NPM_REGISTRY: registry.url });

  it('GIVEN a published version WHEN probed THEN it is published', async () => {
    await expect(probeNpm(exec(), endpoints(), '@quill-db/probe-me', '1.2.0')).resolves.toBe('published');
  }, 30_000);

  it('GIVEN the package exists without that version WHEN probed THEN it is missing', async () => {
    await expect(probeNpm(exec(), endpoints(), '@quill-db/probe-me', '1.3.0')).resolves.toBe('missing');
  }, 30_000);

  it('GIVEN a package the registry never saw WHEN probed THEN it is missing (E404)', async () => {
    await expect(probeNpm(exec(), endpoints(), '@quill-db/never-published', '1.0.0')).resolves.toBe('missing');
  }, 30_000);

  it('P2 GIVEN the registry is unreachable WHEN probed THEN the probe fails instead of reading "missing"', async () => {
    const down = endpointsOf({ LOCKSTEP_NPM_REGISTRY: 'http://127.0.0.1:1/' });
    await expect(probeNpm(new SpawnExec({ ...process.env, ...registry.env, NPM_CONFIG_FETCH_RETRIES: '0' }, tempDir()), down, '@quill-db/probe-me', '1.2.0')).rejects.toThrow(/npm view @quill-db\/probe-me@1\.2\.0 .*failed/);
  }, 60_000);
});

describe('Go probe: the tag on the remote is the release', () => {
  const remote = tempDir('lockstep-remote-');
  beforeAll(() => {
    git(remote, 'init', '-q', '--bare');
    const work = gitInit(writeRepo({ 'sdk/go/go.mod': 'module example.com/quill/sdk/go\n\ngo 1.22\n' }));
    git(work, 'tag', '-a', 'sdk/go/v0.3.0', '-m', 'sdk/go 0.3.0');
    git(work, 'push', '-q', remote, 'main', 'refs/tags/sdk/go/v0.3.0');
  });

  it('GIVEN the tag on the remote WHEN probed THEN published; another version is missing', async () => {
    const exec = new SpawnExec(process.env, remote);
    await expect(probeGoTag(exec, remote, 'sdk/go/v0.3.0')).resolves.toBe('published');
    await expect(probeGoTag(exec, remote, 'sdk/go/v0.4.0')).resolves.toBe('missing');
  });

  it('P2 GIVEN the remote does not exist WHEN probed THEN the probe fails', async () => {
    const exec = new SpawnExec(process.env, remote);
    await expect(probeGoTag(exec, path.join(remote, 'nope'), 'sdk/go/v0.3.0')).rejects.toThrow(/git ls-remote .* failed \(exit 128\)/);
    expect(fs.existsSync(path.join(remote, 'nope'))).toBe(false);
  });
});
