import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { writeChannelManifest } from '../../../src/runtime/release/updater-channel';
import { FakeGh } from '../../support/fake-gh-releases';
import { tempDir } from '../../support/fixtures';

const manifest = (version: string) => `{"version":"${version}","platforms":{}}\n`;
const SERVER_ERROR = { code: 1, stdout: '{"message":"Server Error"}', stderr: 'gh: Server Error (HTTP 500)' };

/** The fake gh, the request bodies as gh read them (each `--input` file at its call), and the args of each `gh api` call. */
function setUp() {
  const ws = tempDir();
  const gh = new FakeGh(ws);
  const bodies: Array<{ route: string; body: unknown }> = [];
  const run = gh.api.run.bind(gh.api);
  gh.api.run = (args, cwd) => {
    const input = args.indexOf('--input');
    if (input >= 0) bodies.push({ route: args.find((a) => a.startsWith('repos/'))!, body: JSON.parse(fs.readFileSync(path.join(cwd, args[input + 1]), 'utf8')) });
    return run(args, cwd);
  };
  const write = (version: string, text = manifest(version)) => writeChannelManifest({ exec: gh, fs: new NodeFs(ws) }, 'example/quill', 'tray', version, text);
  return { gh, bodies, write };
}

/** Makes gh api answer `answer` to the calls whose route starts with `route` (GET ones unless `method` is given). */
function answer(gh: FakeGh, route: string, result: { code: number; stdout: string; stderr: string }, method = 'GET') {
  const run = gh.api.run.bind(gh.api);
  gh.api.run = (args, cwd) => {
    const m = args.includes('--method') ? args[args.indexOf('--method') + 1] : 'GET';
    return m === method && args.some((a) => a.startsWith(route)) ? result : run(args, cwd);
  };
}

describe('updater channel: what GitHub is asked to write (issue 17)', () => {
  it('GIVEN no updater branch WHEN the first manifest is written THEN the tree holds it as a regular file blob, and the commit has no parent and names the app, version and channel', async () => {
    const { gh, bodies, write } = setUp();
    expect(await write('2.0.0')).toStrictEqual({ channel: 'stable', path: 'tray/stable.json', result: 'written' });
    expect(bodies).toEqual([
      { route: 'repos/example/quill/git/trees', body: { tree: [{ path: 'tray/stable.json', mode: '100644', type: 'blob', content: manifest('2.0.0') }] } },
      { route: 'repos/example/quill/git/commits', body: { message: 'tray 2.0.0: stable updater manifest', tree: 'sha1', parents: [] } },
    ]);
    expect(gh.calls.find((c) => c.includes('repos/example/quill/git/refs'))).toEqual(['api', '--method', 'POST', 'repos/example/quill/git/refs', '-f', 'ref=refs/heads/lockstep-updater', '-f', 'sha=sha3']);
    expect(gh.api.branches.get('lockstep-updater')!.get('tray/stable.json')!.text).toBe(manifest('2.0.0'));
  });

  it('GIVEN the branch with an older manifest WHEN a newer one is written THEN the contents API gets its message, text, branch and the blob sha it replaces', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'b20', text: manifest('2.0.0') }]]));
    expect(await write('2.0.1')).toStrictEqual({ channel: 'stable', path: 'tray/stable.json', result: 'written', before: '2.0.0' });
    expect(gh.calls.find((c) => c.includes('PUT'))).toEqual(['api', '--method', 'PUT', 'repos/example/quill/contents/tray/stable.json', '-f', 'message=tray 2.0.1: stable updater manifest',
      '-f', `content=${Buffer.from(manifest('2.0.1')).toString('base64')}`, '-f', 'branch=lockstep-updater', '-f', 'sha=b20']);
    expect(gh.api.branches.get('lockstep-updater')!.get('tray/stable.json')!.text).toBe(manifest('2.0.1'));
  });

  it('GIVEN the branch without the channel\'s file WHEN it is written THEN it is created without a sha, and the answer names no version before', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'b20', text: manifest('2.0.0') }]]));
    const w = await write('2.1.0-beta.1');
    expect(w).toStrictEqual({ channel: 'beta', path: 'tray/beta.json', result: 'written' });
    expect('before' in w).toBe(false);
    expect(gh.calls.find((c) => c.includes('PUT'))).toEqual(['api', '--method', 'PUT', 'repos/example/quill/contents/tray/beta.json', '-f', 'message=tray 2.1.0-beta.1: beta updater manifest',
      '-f', `content=${Buffer.from(manifest('2.1.0-beta.1')).toString('base64')}`, '-f', 'branch=lockstep-updater']);
  });
});

describe('updater channel: gh api failing is an error in gh\'s words, never taken for "not there" (issue 17)', () => {
  it('GIVEN gh failing (not 404) to say whether the branch exists WHEN a manifest is written THEN it fails naming the route and gh\'s answer, and no branch is made', async () => {
    const { gh, write } = setUp();
    answer(gh, 'repos/example/quill/branches/', SERVER_ERROR);
    await expect(write('2.0.0')).rejects.toThrow(new Error('gh api repos/example/quill/branches/lockstep-updater exited 1: {"message":"Server Error"} | gh: Server Error (HTTP 500)'));
    expect(gh.calls.some((c) => c.includes('POST'))).toBe(false);
    expect(gh.api.branches.size).toBe(0);
  });

  it('GIVEN gh failing (not 404) to read the channel\'s file WHEN a manifest is written THEN it fails naming the route and gh\'s answer, and the file is not overwritten', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'b21', text: manifest('2.1.0') }]]));
    answer(gh, 'repos/example/quill/contents/', SERVER_ERROR);
    await expect(write('2.0.0')).rejects.toThrow(new Error('gh api repos/example/quill/contents/tray/stable.json?ref=lockstep-updater exited 1: {"message":"Server Error"} | gh: Server Error (HTTP 500)'));
    expect(gh.calls.some((c) => c.includes('PUT'))).toBe(false);
    expect(gh.api.branches.get('lockstep-updater')!.get('tray/stable.json')).toEqual({ sha: 'b21', text: manifest('2.1.0') });
  });

  const noFile = 'gh api repos/example/quill/contents/tray/stable.json?ref=lockstep-updater: the answer has no sha and content';
  it.each([
    ['no sha', { content: Buffer.from(manifest('2.1.0')).toString('base64') }],
    ['no content', { sha: 'b21' }],
    ['neither', { message: 'a directory' }],
  ])('GIVEN the contents API answering with %s WHEN a manifest is written THEN it fails saying so and writes nothing', async (_, body) => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 'b21', text: manifest('2.1.0') }]]));
    answer(gh, 'repos/example/quill/contents/', { code: 0, stdout: JSON.stringify(body), stderr: '' });
    await expect(write('2.0.0')).rejects.toThrow(new Error(noFile));
    expect(gh.calls.some((c) => c.includes('PUT'))).toBe(false);
    expect(gh.api.branches.get('lockstep-updater')!.get('tray/stable.json')).toEqual({ sha: 'b21', text: manifest('2.1.0') });
  });
});
