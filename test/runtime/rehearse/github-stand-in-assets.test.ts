import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GithubStandIn, startGithubStandIn } from '../../../src/runtime/rehearse/github-stand-in';
import { SpawnExec } from '../../../src/runtime/release/real-deps';
import { tempDir } from '../../support/fixtures';

/** One `gh` call as the rehearsal's shim sends it: the arguments NUL-terminated, the directory in a header. */
async function gh(standIn: GithubStandIn, cwd: string, ...args: string[]): Promise<{ code: number; stderr: string }> {
  const res = await fetch(`${standIn.apiUrl}/__rehearsal/gh`, {
    method: 'POST',
    body: args.map((a) => `${a}\0`).join(''),
    headers: { 'x-rehearsal-cwd': Buffer.from(cwd).toString('base64') },
  });
  await res.text();
  return { code: Number(res.headers.get('x-rehearsal-code')), stderr: Buffer.from(res.headers.get('x-rehearsal-stderr') ?? '', 'base64').toString('utf8') };
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
    expect(await gh(standIn, ws, 'release', 'download', 'tray-v1.0.0', '--pattern', 'latest.json', '--dir', 'copy', '--clobber')).toEqual({ code: 1, stderr: 'release not found' });
    expect((await gh(standIn, ws, 'release', 'edit', 'tray-v1.0.0', '--draft=false')).code).toBe(0);
    expect((await gh(standIn, ws, 'release', 'download', 'tray-v1.0.0', '--pattern', 'latest.json', '--dir', 'copy', '--clobber')).code).toBe(0);
    expect(fs.readFileSync(path.join(ws, 'copy', 'latest.json'), 'utf8')).toBe('{"version":"1.0.0"}\n');
    expect(await gh(standIn, ws, 'release', 'download', 'tray-v1.0.0', '--pattern', 'other.json', '--dir', 'copy')).toEqual({ code: 1, stderr: 'no assets match the file pattern' });
  });
});
