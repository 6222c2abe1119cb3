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

describe('updater channel: which of the app\'s files on the branch are prerelease channels a stable version moves (issue 17)', () => {
  const version = (gh: FakeGh, file: string) => JSON.parse(gh.api.branches.get('lockstep-updater')!.get(file)!.text).version;

  it('GIVEN the app\'s directory holding beta and rc channels, stable.json, a file that is not JSON, a directory named like a channel file and a file named in two lines WHEN a stable version is written THEN only beta and rc move', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([
      ['tray/stable.json', { sha: 's', text: manifest('1.0.0') }],
      ['tray/beta.json', { sha: 'b', text: manifest('2.0.0-beta.3') }],
      ['tray/rc.json', { sha: 'r', text: manifest('1.5.0-rc.1') }],
      ['tray/README.md', { sha: 'm', text: 'the channels of tray\n' }],
      ['tray/notes.json.bak', { sha: 'n', text: manifest('0.1.0') }],
      ['tray/old.json/beta.json', { sha: 'o', text: manifest('0.9.0-beta.1') }],
      ['tray/x\nnightly.json', { sha: 'x', text: manifest('0.1.0') }],
    ]));
    expect(await write('2.0.0')).toStrictEqual({ channel: 'stable', path: 'tray/stable.json', result: 'written', before: '1.0.0', moved: ['beta', 'rc'] });
    expect(['tray/stable.json', 'tray/beta.json', 'tray/rc.json'].map((f) => version(gh, f))).toEqual(['2.0.0', '2.0.0', '2.0.0']);
    // Nothing else was written: no channel was made of a name that is not `<channel>.json`.
    expect([...gh.api.branches.get('lockstep-updater')!.keys()].sort()).toEqual(
      ['tray/README.md', 'tray/beta.json', 'tray/notes.json.bak', 'tray/old.json/beta.json', 'tray/rc.json', 'tray/stable.json', 'tray/x\nnightly.json']);
    expect(gh.calls.filter((c) => c.includes('PUT')).map((c) => c[3])).toEqual(
      ['repos/example/quill/contents/tray/stable.json', 'repos/example/quill/contents/tray/beta.json', 'repos/example/quill/contents/tray/rc.json']);
  });

  it('GIVEN a directory listing with an entry that is not an object (null) WHEN a stable version is written THEN the entry is passed over and the beta channel still moves', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('1.0.0') }], ['tray/beta.json', { sha: 'b', text: manifest('2.0.0-beta.3') }]]));
    answer(gh, 'repos/example/quill/contents/tray?', { code: 0, stdout: JSON.stringify([null, { name: 'beta.json', type: 'file' }]), stderr: '' });
    expect(await write('2.0.0')).toMatchObject({ result: 'written', moved: ['beta'] });
    expect(version(gh, 'tray/beta.json')).toBe('2.0.0');
  });

  it('GIVEN a prerelease version and another prerelease channel behind it WHEN it is written THEN only its own channel is written: prerelease channels move only for a stable version', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/rc.json', { sha: 'r', text: manifest('2.0.0-rc.1') }]]));
    expect(await write('2.1.0-beta.1')).toStrictEqual({ channel: 'beta', path: 'tray/beta.json', result: 'written' });
    expect(version(gh, 'tray/rc.json')).toBe('2.0.0-rc.1');
  });

  it('GIVEN the app\'s directory not found when listed WHEN a stable version is written THEN no channel moves and no other file is written', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('1.0.0') }]]));
    answer(gh, 'repos/example/quill/contents/tray?', { code: 1, stdout: '{"message":"Not Found"}', stderr: 'gh: Not Found (HTTP 404)' });
    expect(await write('2.0.0')).toStrictEqual({ channel: 'stable', path: 'tray/stable.json', result: 'written', before: '1.0.0' });
    expect([...gh.api.branches.get('lockstep-updater')!.keys()]).toEqual(['tray/stable.json']);
  });

  it('GIVEN gh failing (not 404) to list the app\'s directory WHEN a stable version is written THEN it fails naming the route and gh\'s answer', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('1.0.0') }]]));
    answer(gh, 'repos/example/quill/contents/tray?', SERVER_ERROR);
    await expect(write('2.0.0')).rejects.toThrow(new Error('gh api repos/example/quill/contents/tray?ref=lockstep-updater exited 1: {"message":"Server Error"} | gh: Server Error (HTTP 500)'));
  });

  it.each([
    ['a file (an object)', JSON.stringify({ sha: 'f', content: '' })],
    ['not JSON', '<html>502</html>'],
  ])('GIVEN the listing of the app\'s directory answering with %s WHEN a stable version is written THEN it fails saying the answer is not a directory listing', async (_, stdout) => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('1.0.0') }]]));
    answer(gh, 'repos/example/quill/contents/tray?', { code: 0, stdout, stderr: '' });
    await expect(write('2.0.0')).rejects.toThrow(new Error('gh api repos/example/quill/contents/tray?ref=lockstep-updater: the answer is not a directory listing'));
  });
});

describe('updater channel: the version a file on the branch has (issue 17)', () => {
  it('GIVEN the branch\'s stable file at v2.1.0 (a leading v) WHEN 2.0.0 is written THEN it is kept at 2.1.0, compared as the version it is', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('v2.1.0') }]]));
    expect(await write('2.0.0')).toStrictEqual({ channel: 'stable', path: 'tray/stable.json', result: 'kept', before: '2.1.0' });
    expect(gh.calls.some((c) => c.includes('PUT'))).toBe(false);
  });

  it('GIVEN the branch\'s stable file at 1.0.0-dev.1 (a v inside, not leading) WHEN 2.0.0 is written THEN the version before is said as it was', async () => {
    const { gh, write } = setUp();
    gh.api.branches.set('lockstep-updater', new Map([['tray/stable.json', { sha: 's', text: manifest('1.0.0-dev.1') }]]));
    expect(await write('2.0.0')).toStrictEqual({ channel: 'stable', path: 'tray/stable.json', result: 'written', before: '1.0.0-dev.1' });
  });
});

describe('updater channel: a GitHub API answer without a sha when the branch is first made (issue 17)', () => {
  it('GIVEN no updater branch and the trees API answering without a sha WHEN the first manifest is written THEN it fails naming the route, and no commit or branch is made', async () => {
    const { gh, write } = setUp();
    answer(gh, 'repos/example/quill/git/trees', { code: 0, stdout: '{}', stderr: '' }, 'POST');
    await expect(write('2.0.0')).rejects.toThrow(new Error('gh api repos/example/quill/git/trees: the GitHub API answered without a sha'));
    expect(gh.calls.some((c) => c.includes('repos/example/quill/git/commits'))).toBe(false);
    expect(gh.api.branches.size).toBe(0);
  });
});
