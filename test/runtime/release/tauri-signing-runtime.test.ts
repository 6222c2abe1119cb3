import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/runtime/main';
import { tempDir } from '../../support/fixtures';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { readStepOutputs } from '../../support/runner-view';

/** Runs `lockstep tauri-config` as a signing desktop build step would, with the plan job's decision for `version`. */
async function tauriConfig(version: string, args: string[]): Promise<{ code: number; err: string; outputs: Record<string, string> }> {
  const dir = tempDir('lockstep-tauri-signing-');
  const output = path.join(dir, 'output');
  fs.writeFileSync(output, '');
  const run = releaseRun({ track: 'tray', version, commit: 'a'.repeat(40), umbrellaTag: `tray-v${version}` });
  let err = '';
  const code = await main(['tauri-config', ...args], { cwd: dir, env: { GITHUB_OUTPUT: output, ...releaseRunEnv(run) }, stdout: () => undefined, stderr: (t) => (err += t) });
  return { code, err, outputs: readStepOutputs(output) };
}

/** Runs `lockstep preflight` with this environment, as a build leg's first step would. */
async function preflight(argv: string[], env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(['preflight', ...argv], { cwd: tempDir(), env, stdout: (t) => (out += t), stderr: (t) => (err += t) });
  return { code, out, err };
}

describe('lockstep tauri-config --updater-artifacts: the release build of an app that signs its updates (issue 17)', () => {
  it('GIVEN a prerelease WHEN the signing build asks THEN the merged config turns the updater artifacts on and keeps the MSI version', async () => {
    const r = await tauriConfig('1.2.0-alpha.3', ['--updater-artifacts']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.config)).toEqual({ bundle: { createUpdaterArtifacts: true, windows: { wix: { version: '1.2.0.10003' } } } });
  });

  it('GIVEN no flag WHEN the build asks THEN the updater artifacts are left to tauri.conf.json', async () => {
    expect(JSON.parse((await tauriConfig('1.2.0', [])).outputs.config)).toEqual({ bundle: { windows: { wix: { version: '1.2.0' } } } });
  });

  it('GIVEN a version no MSI can carry WHEN the signing build asks THEN it still fails before anything is built, naming the version', async () => {
    const r = await tauriConfig('1.2.0-nightly.1', ['--updater-artifacts']);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/'1\.2\.0-nightly\.1' cannot be a Windows installer \(MSI\) version/);
    expect(r.outputs).toEqual({});
  });

  it('GIVEN the flag with a value WHEN run THEN it is a usage error', async () => {
    expect((await tauriConfig('1.2.0', ['--updater-artifacts=yes'])).code).toBe(2);
  });
});

describe('lockstep preflight --secrets on a signing build leg (issue 17)', () => {
  it('GIVEN the updater key set and its password created outside the publish environment (empty) WHEN a leg starts THEN it fails naming the password only, and says nothing was published', async () => {
    const r = await preflight(['--secrets', 'TAURI_SIGNING_PRIVATE_KEY,TAURI_SIGNING_PRIVATE_KEY_PASSWORD'], { TAURI_SIGNING_PRIVATE_KEY: 'untrusted comment: key', TAURI_SIGNING_PRIVATE_KEY_PASSWORD: '' });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/::error title=preflight \(secrets\)::the secret TAURI_SIGNING_PRIVATE_KEY_PASSWORD is empty.* Fix: docs\/release-secrets\.md#secret-missing/);
    expect(r.err).not.toMatch(/secret TAURI_SIGNING_PRIVATE_KEY is empty/);
    expect(r.err).toContain('preflight (secrets): 1 problem(s); nothing was published.');
    expect(r.out + r.err).not.toContain('untrusted comment: key');
  });

  it('GIVEN the password empty WHEN the leg fails THEN the message also says what a key made without a password needs: signing.updater.password: false (GitHub stores no empty secret)', async () => {
    const r = await preflight(['--secrets', 'TAURI_SIGNING_PRIVATE_KEY,TAURI_SIGNING_PRIVATE_KEY_PASSWORD'], { TAURI_SIGNING_PRIVATE_KEY: 'k', TAURI_SIGNING_PRIVATE_KEY_PASSWORD: '' });
    expect(r.err).toMatch(/the secret TAURI_SIGNING_PRIVATE_KEY_PASSWORD is empty: .* If the key has no password, .*set `signing\.updater\.password: false`.* in \.projenrc\.ts/);
  });

  it('GIVEN another secret empty WHEN the leg fails THEN its message has no such advice', async () => {
    const r = await preflight(['--secrets', 'APPLE_CERTIFICATE'], {});
    expect(r.err).toContain('the secret APPLE_CERTIFICATE is empty');
    expect(r.err).not.toContain('password: false');
  });

  it('GIVEN every macOS signing secret set WHEN the macOS leg starts THEN it passes without printing any value', async () => {
    const env = { APPLE_CERTIFICATE: 'MIIcert', APPLE_CERTIFICATE_PASSWORD: 'pw-1', APPLE_ID: 'me@example.com', APPLE_PASSWORD: 'pw-2', APPLE_TEAM_ID: 'TEAM123' };
    const r = await preflight(['--secrets', Object.keys(env).join(',')], env);
    expect(r.code).toBe(0);
    expect(r.out).toContain('Secrets present: APPLE_CERTIFICATE, APPLE_CERTIFICATE_PASSWORD, APPLE_ID, APPLE_PASSWORD, APPLE_TEAM_ID.');
    for (const value of Object.values(env)) expect(r.out + r.err).not.toContain(value);
  });
});
