import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/runtime/main';
import { tempDir } from '../../support/fixtures';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { readStepOutputs } from '../../support/runner-view';

/** Runs `lockstep tauri-config` as a desktop build step would, with the plan job's decision for `version`. */
async function tauriConfig(version: string): Promise<{ code: number; err: string; outputs: Record<string, string> }> {
  const dir = tempDir('lockstep-tauri-config-');
  const output = path.join(dir, 'output');
  fs.writeFileSync(output, '');
  const run = releaseRun({ track: 'tray', version, commit: 'a'.repeat(40), umbrellaTag: `tray-v${version}` });
  let err = '';
  const code = await main(['tauri-config'], { cwd: dir, env: { GITHUB_OUTPUT: output, ...releaseRunEnv(run) }, stdout: () => undefined, stderr: (t) => (err += t) });
  return { code, err, outputs: readStepOutputs(output) };
}

describe('lockstep tauri-config: what a desktop build merges into the Tauri configuration', () => {
  it('B8 GIVEN tray-v1.2.0-alpha.3 WHEN the desktop build asks THEN the Windows installer gets MSI version 1.2.0.10003 through bundle.windows.wix.version', async () => {
    const r = await tauriConfig('1.2.0-alpha.3');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.outputs.config)).toEqual({ bundle: { windows: { wix: { version: '1.2.0.10003' } } } });
  });

  it('B8 GIVEN a stable version WHEN the desktop build asks THEN the MSI version is the version itself', async () => {
    expect(JSON.parse((await tauriConfig('1.2.0')).outputs.config).bundle.windows.wix.version).toBe('1.2.0');
  });

  it('B8 GIVEN a version no MSI can carry WHEN the desktop build asks THEN it fails naming the version and what to do', async () => {
    const r = await tauriConfig('1.2.0-nightly.20260101');
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/'1\.2\.0-nightly\.20260101' cannot be a Windows installer \(MSI\) version: only -alpha\.N.*Release a version the Windows installer can carry/);
    expect(r.outputs).toEqual({});
  });
});
