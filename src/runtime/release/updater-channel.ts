import { Exec, Fs } from './ports';
import { lastLines } from './tool-output';
import { UPDATER_CHANNELS_BRANCH, UPDATER_WORK_DIR, channelManifestPath, channelName, compareVersions, isComparableVersion, parseJson, productSlug } from '../../model';

/** What writing a channel's manifest needs: gh (its REST calls) and files for its request bodies. */
export interface ChannelDeps {
  readonly exec: Exec;
  readonly fs: Fs;
}

/** What became of a channel's manifest. */
export interface ChannelWrite {
  readonly channel: string;
  readonly path: string;
  /** `written`, or `kept` when the branch already has this version or a higher one (never moved back). */
  readonly result: 'written' | 'kept';
  /** The version the branch had, when it had one. */
  readonly before?: string;
  /** Why the file the branch had was overwritten without comparing (its version is not semver), when so. */
  readonly replaced?: string;
  /** For a stable version: the prerelease channels of the app that were behind it and now serve it. */
  readonly moved?: readonly string[];
}

/** A file on the branch as the contents API answers: its blob sha and text. */
interface BranchFile {
  readonly sha: string;
  readonly text: string;
}

/** The request body files gh api reads (`--input`). */
const BODY_FILE = `${UPDATER_WORK_DIR}/request.json`;

/**
 * Issue 17: writes the manifest `text` of `app` at `version` to its channel on UPDATER_CHANNELS_BRANCH
 * (`<app>/<channel>.json`, the channel being the version's first prerelease identifier, or `stable`), only
 * forward: a branch that has this version or a higher one keeps it, so a re-run of an older release never
 * moves installed apps back (P11). A stable version also moves the app's prerelease channels that are behind
 * it (the same forward-only rule), so apps on a beta channel get the stable release. The branch starts as a commit of its own (no history of the repository)
 * the first time. The contents API's blob sha makes a concurrent write fail instead of losing one.
 * `repository` is `owner/repo`.
 */
export async function writeChannelManifest(deps: ChannelDeps, repository: string, app: string, version: string, text: string): Promise<ChannelWrite> {
  const channel = channelName(version);
  const path = channelManifestPath(app, channel);
  const api = (args: string[]) => ghApi(deps, args);
  if (!(await exists(deps, `repos/${repository}/branches/${UPDATER_CHANNELS_BRANCH}`))) {
    const trees = `repos/${repository}/git/trees`;
    const commits = `repos/${repository}/git/commits`;
    const tree = await api(['--method', 'POST', trees, '--input', body(deps, { tree: [{ path, mode: '100644', type: 'blob', content: text }] })]);
    const commit = await api(['--method', 'POST', commits, '--input', body(deps, { message: `${app} ${version}: ${channel} updater manifest`, tree: sha(trees, tree), parents: [] })]);
    await api(['--method', 'POST', `repos/${repository}/git/refs`, '-f', `ref=refs/heads/${UPDATER_CHANNELS_BRANCH}`, '-f', `sha=${sha(commits, commit)}`]);
    return { channel, path, result: 'written' };
  }
  const w = await writeForward(deps, repository, app, channel, version, text);
  if (channel !== 'stable') return w;
  // A stable version also moves each prerelease channel of the app that is behind it (beta on 2.0.0-beta.3
  // once 2.0.0 is out), or the apps on that channel would stay on the prerelease until the next one. Done
  // whether or not stable.json was written, so a re-run finishes a move an earlier run could not; forward only.
  const moved: string[] = [];
  for (const other of await prereleaseChannels(deps, repository, app)) {
    if ((await writeForward(deps, repository, app, other, version, text)).result === 'written') moved.push(other);
  }
  return moved.length > 0 ? { ...w, moved } : w;
}

/** Writes `text` (the manifest of `version`) to the app's `channel` file, unless the file already has this version or a higher one. */
async function writeForward(
  deps: ChannelDeps, repository: string, app: string, channel: string, version: string, text: string,
): Promise<ChannelWrite> {
  const path = channelManifestPath(app, channel);
  const api = (args: string[]) => ghApi(deps, args);
  const current = await branchFile(deps, `repos/${repository}/contents/${path}?ref=${UPDATER_CHANNELS_BRANCH}`);
  const found = current === undefined ? undefined : versionOf(current.text, path);
  // A version semver cannot order (a hand edit) is replaced, and said: refusing would fail every re-run until
  // someone fixed the branch by hand, and the file serves no app a version it can compare either.
  const replaced = found !== undefined && !isComparableVersion(found) ? `one whose version '${found}' is not semver` : undefined;
  const before = replaced === undefined ? found : undefined;
  if (before !== undefined && compareVersions(before, version) >= 0) return { channel, path, result: 'kept', before };
  await api(['--method', 'PUT', `repos/${repository}/contents/${path}`, '-f', `message=${app} ${version}: ${channel} updater manifest`,
    '-f', `content=${Buffer.from(text, 'utf8').toString('base64')}`, '-f', `branch=${UPDATER_CHANNELS_BRANCH}`, ...(current ? ['-f', `sha=${current.sha}`] : [])]);
  return { channel, path, result: 'written', ...(before !== undefined ? { before } : {}), ...(replaced !== undefined ? { replaced } : {}) };
}

/** The prerelease channels the app has a file for on the branch (`<app>/<channel>.json` other than stable). */
async function prereleaseChannels(deps: ChannelDeps, repository: string, app: string): Promise<string[]> {
  const route = `repos/${repository}/contents/${productSlug(app)}?ref=${UPDATER_CHANNELS_BRANCH}`;
  const listing = await ghApiUnless404(deps, route);
  if (listing === undefined) return [];
  let entries: unknown;
  try {
    entries = JSON.parse(listing);
  } catch {
    entries = undefined;
  }
  if (!Array.isArray(entries)) throw new Error(`gh api ${route}: the answer is not a directory listing`);
  return entries
    .filter((e): e is { type: string; name: string } => typeof e?.name === 'string' && e.type === 'file')
    .map((e) => /^(.+)\.json$/.exec(e.name)?.[1])
    .filter((c): c is string => c !== undefined && c !== 'stable');
}

async function ghApi(deps: ChannelDeps, args: string[]): Promise<string> {
  const r = await deps.exec.run('gh', ['api', ...args]);
  if (r.code !== 0) throw new Error(`gh api ${args.filter((a) => a.startsWith('repos/'))[0] ?? ''} exited ${r.code}: ${lastLines(`${r.stdout}\n${r.stderr}`)}`);
  return r.stdout;
}

/**
 * What `gh api <route>` printed, or undefined when GitHub answered 404 (the branch, file or directory is not
 * there); any other failure is an error naming the route.
 */
async function ghApiUnless404(deps: ChannelDeps, route: string, extra: readonly string[] = []): Promise<string | undefined> {
  const r = await deps.exec.run('gh', ['api', route, ...extra]);
  if (r.code === 0) return r.stdout;
  if (/HTTP 404/.test(`${r.stdout}\n${r.stderr}`)) return undefined;
  throw new Error(`gh api ${route} exited ${r.code}: ${lastLines(`${r.stdout}\n${r.stderr}`)}`);
}

/** True when the API answers, false on 404; any other failure is an error. */
async function exists(deps: ChannelDeps, route: string): Promise<boolean> {
  return (await ghApiUnless404(deps, route, ['--silent'])) !== undefined;
}

async function branchFile(deps: ChannelDeps, route: string): Promise<BranchFile | undefined> {
  const text = await ghApiUnless404(deps, route);
  if (text === undefined) return undefined;
  const answer = parseJson(route, text) as { sha?: unknown; content?: unknown };
  if (typeof answer.sha !== 'string' || typeof answer.content !== 'string') throw new Error(`gh api ${route}: the answer has no sha and content`);
  return { sha: answer.sha, text: Buffer.from(answer.content, 'base64').toString('utf8') };
}

/** The version of a manifest on the branch; one that is not a manifest is overwritten (undefined). */
function versionOf(text: string, path: string): string | undefined {
  try {
    const v = (parseJson(path, text) as { version?: unknown }).version;
    return typeof v === 'string' ? v.replace(/^v/, '') : undefined;
  } catch {
    return undefined;
  }
}

function body(deps: ChannelDeps, value: unknown): string {
  deps.fs.write(BODY_FILE, JSON.stringify(value));
  return BODY_FILE;
}

/** The sha of what `gh api <route>` made; an answer that is not JSON is said with the route, as branchFile does. */
function sha(route: string, answer: string): string {
  const v = (parseJson(route, answer) as { sha?: unknown }).sha;
  if (typeof v !== 'string') throw new Error(`gh api ${route}: the GitHub API answered without a sha`);
  return v;
}
