import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { tempDir } from './fixtures';
import { TWINE, startEstuary, startFaultProxy, startPypiServer } from './local-registries';
import { twoCrateWorkspace, writeWheel } from './registry-fixtures';

// The registries the release tests publish to are real servers: these tests show each one takes a real
// client's publish, refuses a second one, and stops.

describe('local registries for the publish tests', () => {
  it('GIVEN estuary WHEN cargo publishes a crate and then its path-dependent THEN the git index lists both and a second publish is refused', async () => {
    const registry = await startEstuary();
    try {
      const ws = twoCrateWorkspace('infra');
      const publish = (crate: string) => spawnSync('cargo', [...registry.cargoConfig, 'publish', '--registry', 'lockstep-local', '-p', crate], { cwd: ws, env: { ...process.env, ...registry.cargoEnv }, encoding: 'utf8' });
      expect(publish('infra-engine').status).toBe(0);
      expect(publish('infra-app').status).toBe(0);
      const indexed = JSON.parse(fs.readFileSync(path.join(registry.indexDir, 'in', 'fr', 'infra-app'), 'utf8'));
      expect(indexed).toMatchObject({ name: 'infra-app', vers: '0.1.0', deps: [{ name: 'infra-engine', req: '^0.1.0' }] });
      const again = publish('infra-engine');
      expect(again.status).not.toBe(0);
      expect(again.stderr).toMatch(/already exists on `lockstep-local` index/);
    } finally {
      await registry.stop();
    }
  }, 240_000);

  it('GIVEN pypiserver WHEN twine uploads a wheel twice THEN the first lands, --skip-existing skips the second, and a wrong password is refused', async () => {
    const pypi = await startPypiServer();
    try {
      const wheel = writeWheel(tempDir(), 'infra-demo', '0.3.0');
      const twine = (env: Record<string, string>) => spawnSync(TWINE, ['upload', '--skip-existing', '--disable-progress-bar', wheel], { env: { ...process.env, ...env }, encoding: 'utf8' });
      expect(twine({ ...pypi.twineEnv, TWINE_PASSWORD: 'wrong' }).status).not.toBe(0);
      expect(twine(pypi.twineEnv).status).toBe(0);
      expect(fs.readdirSync(pypi.packagesDir)).toEqual([path.basename(wheel)]);
      const again = twine(pypi.twineEnv);
      expect(again.status).toBe(0);
      expect(`${again.stdout}${again.stderr}`).toMatch(/Skipping infra_demo-0\.3\.0-py3-none-any\.whl because it appears to already exist/);
      expect((await fetch(`${pypi.indexUrl}nothing-here/`, { redirect: 'manual' })).status).toBe(404);
    } finally {
      await pypi.stop();
    }
  }, 240_000);

  it('GIVEN a fault proxy in front of a registry WHEN a rule matches THEN it answers for the registry, and forwards everything else', async () => {
    const pypi = await startPypiServer();
    const proxy = await startFaultProxy(pypi.uploadUrl, (req) => (req.path.startsWith('/simple/limited') ? { status: 429, body: 'slow down', headers: { 'retry-after': '7' } } : undefined));
    try {
      const limited = await fetch(`${proxy.url}/simple/limited/`);
      expect([limited.status, limited.headers.get('retry-after')]).toEqual([429, '7']);
      expect((await fetch(`${proxy.url}/simple/`)).status).toBe(200);
      expect(proxy.log.map((l) => [l.path, l.status])).toEqual([['/simple/limited/', 429], ['/simple/', 200]]);
    } finally {
      await proxy.close();
      await pypi.stop();
    }
  }, 60_000);
});
