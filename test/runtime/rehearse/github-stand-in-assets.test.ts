import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GithubStandIn, startGithubStandIn } from '../../../src/runtime/rehearse/github-stand-in';
import { Exec } from '../../../src/runtime/release/ports';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { writeChannelManifest } from '../../../src/runtime/release/updater-channel';
import { tempDir } from '../../support/fixtures';

/** One `gh` call as the rehearsal's shim sends it: the arguments NUL-terminated, the directory in a header. */
async function gh(standIn: GithubStandIn, cwd: string, ...args: string[]): Promise<{ code: number; stderr: string; stdout: string }> {
  const res = await fetch(`${standIn.apiUrl}/__rehearsal/gh`, {
    method: 'POST',
    body: args.map((a) => `${a}\0`).join(''),
    headers: { 'x-rehearsal-cwd': Buffer.from(cwd).toString('base64') },
  });
  const stdout = await res.text();
  return { code: Number(res.headers.get('x-rehearsal-code')), stdout, stderr: Buffer.from(res.headers.get('x-rehearsal-stderr') ?? '', 'base64').toString('utf8') };
}

describe('rehearsal gh stand-in: the release assets the updater manifest travels as (issue 17)', () => {
  let standIn: GithubStandIn;
  const ws = tempDir();
  beforeAll(async () => {
    standIn = await startGithubStandIn(tempDir(), tempDir(), new SpawnExec(process.env, ws));
  });
  afterAll(async () => standIn.stop());

  it('GIVEN a release created with a file WHEN it is a draft THEN download finds no release; once published THEN download writes the asset into --dir', async () => {
    fs.writeFileSync(path.join(ws, 'latest.json'), '{"version":"1.0.0"}\n');
    expect((await gh(standIn, ws, 'release', 'create', 'tray-v1.0.0', 'latest.json', '--draft', '--title', 'tray 1.0.0', '--notes', 'n')).code).toBe(0);
    expect(standIn.releases.get('tray-v1.0.0')?.assets).toEqual(['latest.json']);
    expect(await gh(standIn, ws, 'release', 'download', 'tray-v1.0.0', '--pattern', 'latest.json', '--dir', 'copy', '--clobber')).toMatchObject({ code: 1, stderr: 'release not found' });
    expect((await gh(standIn, ws, 'release', 'edit', 'tray-v1.0.0', '--draft=false')).code).toBe(0);
    expect((await gh(standIn, ws, 'release', 'download', 'tray-v1.0.0', '--pattern', 'latest.json', '--dir', 'copy', '--clobber')).code).toBe(0);
    expect(fs.readFileSync(path.join(ws, 'copy', 'latest.json'), 'utf8')).toBe('{"version":"1.0.0"}\n');
    expect(await gh(standIn, ws, 'release', 'download', 'tray-v1.0.0', '--pattern', 'other.json', '--dir', 'copy')).toMatchObject({ code: 1, stderr: 'no assets match the file pattern' });
  });

  it('GIVEN a rehearsed umbrella job WHEN it writes channel manifests through gh api THEN the branch is made, moves forward and keeps a newer version', async () => {
    const exec: Exec = { run: async (_command, args) => gh(standIn, ws, ...args) };
    const deps = { exec, fs: new NodeFs(ws) };
    const manifest = (v: string) => `{"version":"${v}","platforms":{}}\n`;
    expect(await writeChannelManifest(deps, 'acme/tray', 'tray', '1.0.0', manifest('1.0.0'))).toMatchObject({ result: 'written' });
    expect(await writeChannelManifest(deps, 'acme/tray', 'tray', '1.1.0', manifest('1.1.0'))).toMatchObject({ result: 'written', before: '1.0.0' });
    expect(await writeChannelManifest(deps, 'acme/tray', 'tray', '1.0.5', manifest('1.0.5'))).toMatchObject({ result: 'kept', before: '1.1.0' });
    const read = await gh(standIn, ws, 'api', 'repos/acme/tray/contents/tray/stable.json?ref=lockstep-updater');
    expect(Buffer.from(JSON.parse(read.stdout).content, 'base64').toString('utf8')).toBe(manifest('1.1.0'));
  });
});
