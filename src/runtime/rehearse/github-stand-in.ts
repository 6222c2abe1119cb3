import * as fs from 'fs';
import * as http from 'http';
import * as net from 'net';
import * as path from 'path';
import { GitApiStandIn } from './git-api-stand-in';
import { Exec } from '../release/ports';

/**
 * A local stand-in for GitHub Releases — not GitHub: GitHub cannot be reached from a rehearsal. It keeps
 * releases in memory and answers the two ways the release reaches GitHub: the REST route the probes read
 * (`GET /repos/<owner>/<repo>/releases/tags/<tag>`) and the `gh release` subcommands the release runs
 * (through a `gh` on the jobs' PATH that forwards its arguments here). Every `gh` call is recorded.
 */
export interface StandInRelease {
  readonly tag: string;
  draft: boolean;
  prerelease: boolean;
  title: string;
  notes: string;
  assets: string[];
}

/** One recorded `gh` call and its exit code. */
export interface GhCall {
  readonly args: readonly string[];
  readonly code: number;
}

/** The running stand-in. */
export interface GithubStandIn {
  /** Its REST root, for `GITHUB_API_URL`. */
  readonly apiUrl: string;
  readonly releases: Map<string, StandInRelease>;
  readonly calls: GhCall[];
  /** The tag GitHub would show as "Latest", if any. */
  latest(): string | undefined;
  stop(): Promise<void>;
}

interface GhAnswer {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The value of `--name value` or `--name=value` in args, or undefined. */
function option(args: readonly string[], name: string): string | undefined {
  for (let i = 0; i < args.length; i++) {
    if (args[i] === `--${name}`) return args[i + 1];
    if (args[i].startsWith(`--${name}=`)) return args[i].slice(name.length + 3);
  }
  return undefined;
}

function flag(args: readonly string[], name: string): boolean | undefined {
  for (const a of args) {
    if (a === `--${name}` || a === `--${name}=true`) return true;
    if (a === `--${name}=false`) return false;
  }
  return undefined;
}

/** Positional arguments after `gh release <verb>`, skipping options and their values. */
function positionals(args: readonly string[]): string[] {
  const valued = new Set(['--repo', '--title', '--notes', '--notes-file', '--json', '--target', '--pattern', '--dir']);
  const out: string[] = [];
  for (let i = 2; i < args.length; i++) {
    if (valued.has(args[i])) i++;
    else if (!args[i].startsWith('--')) out.push(args[i]);
  }
  return out;
}

/** Starts the stand-in; `remote` is the git remote whose tags `--verify-tag` checks, `dir` keeps uploads. */
export async function startGithubStandIn(remote: string, dir: string, exec: Exec): Promise<GithubStandIn> {
  const releases = new Map<string, StandInRelease>();
  const calls: GhCall[] = [];
  let latestTag: string | undefined;
  fs.mkdirSync(dir, { recursive: true });

  const tagExists = async (tag: string): Promise<boolean> => (await exec.run('git', ['ls-remote', '--exit-code', '--tags', remote, `refs/tags/${tag}`])).code === 0;

  /** Keeps files as assets of a release (`create` with files, `upload`); an existing one only with `clobber`. */
  const keep = (release: StandInRelease, files: readonly string[], cwd: string, clobber: boolean): string | undefined => {
    for (const file of files) {
      const name = path.basename(file);
      if (release.assets.includes(name) && !clobber) return `asset ${name} already exists`;
      fs.mkdirSync(path.join(dir, release.tag), { recursive: true });
      fs.copyFileSync(path.resolve(cwd, file), path.join(dir, release.tag, name));
      if (!release.assets.includes(name)) release.assets.push(name);
    }
    return undefined;
  };

  const gitApi = new GitApiStandIn();
  const gh = async (args: readonly string[], cwd: string): Promise<GhAnswer> => {
    // Issue 17: the umbrella job keeps each channel's updater manifest on a branch through the REST API.
    if (args[0] === 'api') return gitApi.run(args.slice(1), cwd);
    if (args[0] !== 'release') return { code: 1, stdout: '', stderr: `rehearsal gh stand-in: only \`gh release\` and \`gh api\` are stood in for, not \`gh ${args[0]}\`` };
    const [tag, ...files] = positionals(args);
    const existing = tag === undefined ? undefined : releases.get(tag);
    const read = (file: string): string => fs.readFileSync(path.resolve(cwd, file), 'utf8');
    switch (args[1]) {
      case 'view':
        if (!existing) return { code: 1, stdout: '', stderr: 'release not found' };
        return { code: 0, stdout: JSON.stringify({ isDraft: existing.draft, assets: existing.assets.map((name) => ({ name })) }), stderr: '' };
      case 'create': {
        if (existing) return { code: 1, stdout: '', stderr: `a release with the tag ${tag} already exists` };
        if (flag(args, 'verify-tag') && !(await tagExists(tag))) return { code: 1, stdout: '', stderr: `tag ${tag} doesn't exist in the repo, aborting due to --verify-tag flag` };
        const notesFile = option(args, 'notes-file');
        const release: StandInRelease = {
          tag,
          draft: flag(args, 'draft') === true,
          prerelease: flag(args, 'prerelease') === true,
          title: option(args, 'title') ?? tag,
          notes: notesFile ? read(notesFile) : option(args, 'notes') ?? '',
          assets: [],
        };
        // gh uploads the files given with the tag before it publishes (issue 17: the umbrella's updater manifest).
        const refused = keep(release, files, cwd, false);
        if (refused) return { code: 1, stdout: '', stderr: refused };
        releases.set(tag, release);
        if (!release.draft && !release.prerelease && flag(args, 'latest') !== false) latestTag = tag;
        return { code: 0, stdout: `https://github.invalid/releases/tag/${tag}\n`, stderr: '' };
      }
      case 'upload': {
        if (!existing) return { code: 1, stdout: '', stderr: 'release not found' };
        const refused = keep(existing, files, cwd, flag(args, 'clobber') === true);
        return refused ? { code: 1, stdout: '', stderr: refused } : { code: 0, stdout: '', stderr: '' };
      }
      case 'download': {
        // As gh: a tag's release is looked up by its tag, which finds no draft (issue 17: the app's updater manifest).
        if (!existing || existing.draft) return { code: 1, stdout: '', stderr: 'release not found' };
        const name = option(args, 'pattern');
        if (name === undefined || !existing.assets.includes(name)) return { code: 1, stdout: '', stderr: 'no assets match the file pattern' };
        const to = path.resolve(cwd, option(args, 'dir') ?? '.', name);
        fs.mkdirSync(path.dirname(to), { recursive: true });
        fs.copyFileSync(path.join(dir, tag, name), to);
        return { code: 0, stdout: '', stderr: '' };
      }
      case 'edit': {
        if (!existing) return { code: 1, stdout: '', stderr: 'release not found' };
        const draft = flag(args, 'draft');
        if (draft !== undefined) existing.draft = draft;
        const notesFile = option(args, 'notes-file');
        if (notesFile) existing.notes = read(notesFile);
        const latest = flag(args, 'latest');
        if (latest === true && !existing.draft) latestTag = tag;
        if (draft === false && latest === undefined && !existing.prerelease) latestTag = tag;
        return { code: 0, stdout: '', stderr: '' };
      }
      default:
        return { code: 1, stdout: '', stderr: `rehearsal gh stand-in: \`gh release ${args[1]}\` is not stood in for` };
    }
  };

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      void (async () => {
        const url = new URL(req.url ?? '/', 'http://localhost');
        if (req.method === 'POST' && url.pathname === '/__rehearsal/gh') {
          // The shim's request: the arguments NUL-terminated in the body, the directory base64 in a header.
          const body = Buffer.concat(chunks).toString('utf8');
          const args = body === '' ? [] : body.slice(0, -1).split('\0');
          const cwd = Buffer.from(String(req.headers['x-rehearsal-cwd'] ?? ''), 'base64').toString('utf8');
          const answer = await gh(args, cwd).catch((e: unknown) => ({ code: 1, stdout: '', stderr: `rehearsal gh stand-in: ${(e as Error).message}` }));
          calls.push({ args, code: answer.code });
          res.writeHead(200, {
            'content-type': 'application/octet-stream',
            'x-rehearsal-code': String(answer.code),
            'x-rehearsal-stderr': Buffer.from(answer.stderr, 'utf8').toString('base64'),
          });
          res.end(answer.stdout);
          return;
        }
        const m = /^\/repos\/[^/]+\/[^/]+\/releases\/tags\/(.+)$/.exec(url.pathname);
        const release = m ? releases.get(decodeURIComponent(m[1])) : undefined;
        // GitHub's "release by tag" route does not return drafts.
        if (!release || release.draft) {
          res.writeHead(404, { 'content-type': 'application/json' });
          res.end('{"message":"Not Found"}');
          return;
        }
        res.writeHead(200, { 'content-type': 'application/json' });
        const assets = release.assets.map((name) => ({ name }));
        res.end(JSON.stringify({ tag_name: release.tag, draft: release.draft, prerelease: release.prerelease, assets }));
      })();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    apiUrl: `http://127.0.0.1:${port}`,
    releases,
    latest: () => latestTag,
    calls,
    stop: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/**
 * The `gh` the jobs find on PATH: forwards its arguments to the stand-in and prints its answer (stdout as
 * the body; stderr and the exit code in headers). A shell script with curl, not node: a release job calls
 * gh dozens of times, and node's start-up was most of each call.
 */
export function ghShim(apiUrl: string): string {
  return [
    '#!/bin/sh',
    '# The rehearsal\'s stand-in for the GitHub CLI (not GitHub): forwards `gh` calls to a local server.',
    'headers=$(mktemp) || exit 1',
    'trap \'rm -f "$headers"\' EXIT',
    'if [ $# -gt 0 ]; then printf \'%s\\0\' "$@"; fi \\',
    `  | curl --silent --show-error --data-binary @- --dump-header "$headers" -H "x-rehearsal-cwd: $(printf %s "$PWD" | base64 | tr -d '\\n')" ${shellQuote(`${apiUrl}/__rehearsal/gh`)} \\`,
    '  || { echo "rehearsal gh stand-in unreachable" >&2; exit 1; }',
    'sed -n \'s/^x-rehearsal-stderr: *//Ip\' "$headers" | tr -d \'\\r\' | base64 -d >&2',
    'code=$(sed -n \'s/^x-rehearsal-code: *//Ip\' "$headers" | tr -d \'\\r\')',
    'exit "${code:-1}"',
    '',
  ].join('\n');
}

function shellQuote(s: string): string {
  return `'${s.replace(/'/g, '\'\\\'\'')}'`;
}
