import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/runtime/main';
import { decideRelease } from '../../../src/runtime/release/decide';
import { tempDir } from '../../support/fixtures';
import { ReleaseHistory } from '../../support/release-histories';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { readStepOutputs } from '../../support/runner-view';

/**
 * StarStats (seed 002) releases alphas of its tray, a Tauri app whose tauri.conf.json sits beside its
 * Cargo.toml, from `next`: `tray-v1.2.0-alpha.3` on the real fixture's history, from the bump to the
 * configuration the Windows installer is built with.
 */
const TAURI_CONF = 'crates/starstats-client/tauri.conf.json';

function starstats(): ReleaseHistory {
  return ReleaseHistory.of('starstats', { tray: { releaseBranches: [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }] } });
}

/** `lockstep tauri-config` in the checkout, as the tray's desktop build runs it for the run the plan job decided. */
async function tauriConfig(dir: string, run: object): Promise<{ code: number; err: string; config: any }> {
  const output = path.join(tempDir('lockstep-tauri-output-'), 'output');
  fs.writeFileSync(output, '');
  let err = '';
  const code = await main(['tauri-config'], { cwd: dir, env: { GITHUB_OUTPUT: output, ...releaseRunEnv(run) }, stdout: () => undefined, stderr: (t) => (err += t) });
  const out = readStepOutputs(output);
  return { code, err, config: out.config === undefined ? undefined : JSON.parse(out.config) };
}

describe('StarStats\' tray alphas from next: the semver version everywhere, the MSI version for the Windows installer', () => {
  it('GIVEN the tray bumped to 1.2.0-alpha.3 on next WHEN pushed THEN it is released from next, tauri.conf.json keeps 1.2.0-alpha.3 and the installer gets MSI 1.2.0.10003', async () => {
    const h = starstats();
    h.branch('next');
    const alpha = h.setVersion('tray', '1.2.0-alpha.3').commit('chore: bump tray to 1.2.0-alpha.3');
    h.push('next');
    expect(JSON.parse(fs.readFileSync(path.join(h.dir, TAURI_CONF), 'utf8')).version).toBe('1.2.0-alpha.3');
    const d = await decideRelease(h.plan, { event: 'push', ref: 'refs/heads/next', sha: alpha, dryRun: false }, h.clone().git);
    expect(d).toMatchObject({ release: true, version: '1.2.0-alpha.3', commit: alpha, track: { name: 'tray' } });
    const r = await tauriConfig(h.dir, releaseRun({ track: 'tray', version: d.version, commit: alpha, umbrellaTag: 'tray-v1.2.0-alpha.3', releaseBranch: 'next' }));

    expect([r.code, r.err]).toEqual([0, '']);
    // tauri build merges this over tauri.conf.json (JSON merge patch): StarStats' own wix fragmentPaths stay.
    expect(r.config).toEqual({ bundle: { windows: { wix: { version: '1.2.0.10003' } } } });
  });
});
