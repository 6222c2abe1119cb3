import * as path from 'path';
import { ReleaseRun } from './run';
import { ChannelDeps, writeChannelManifest } from './updater-channel';
import { UPDATER_CHANNELS_BRANCH, UPDATER_MANIFEST_ASSET, UPDATER_WORK_DIR, productSlug } from '../../model';

/** Runs one `gh` command, throwing on failure (github-release.ts's `must`). */
export type GhRunner = (args: string[]) => Promise<void>;

/**
 * Issue 17, P11: the updater manifest of the run's Tauri app (`app`, from release.yml; one per repository,
 * since the Latest release holds one latest.json — synth refuses a second), copied from the app's own GitHub
 * Release (which carries it since the manifest job made it before the approval) for the umbrella release, the
 * one GitHub marks Latest: `releases/latest/download/latest.json` then moves only when the umbrella does.
 * Taken from the release rather than from this run's artifacts, so a re-run whose desktop build was skipped
 * (the app's release was already out) still has it. Returns the file to attach, or undefined when the run
 * releases no such app.
 */
export async function updaterManifestFile(run: ReleaseRun, app: string | undefined, gh: GhRunner): Promise<UpdaterManifestFile | undefined> {
  const product = run.products.find((p) => p.name === app);
  if (product === undefined) return undefined;
  const dir = path.posix.join(UPDATER_WORK_DIR, productSlug(product.name));
  try {
    await gh(['release', 'download', product.tag, '--pattern', UPDATER_MANIFEST_ASSET, '--dir', dir, '--clobber']);
  } catch (e) {
    const why = `the updater manifest of ${product.name} could not be taken from its release ${product.tag}: ${(e as Error).message}`;
    // Only gh's own words for "the release has no such asset" mean the manifest is missing; a 401, a 5xx or
    // a network error is a failure the next re-run may not have, and must not pass for a release without one.
    if (NO_SUCH_ASSET.test((e as Error).message)) throw new UpdaterManifestMissing(why);
    throw new Error(why);
  }
  return { product: product.name, file: path.posix.join(dir, UPDATER_MANIFEST_ASSET) };
}

/** What `gh release download` says when the release has no asset of the pattern (or no asset at all). */
const NO_SUCH_ASSET = /no assets match the file pattern|no assets to download/;

/** An app's release holds no manifest to copy. */
export class UpdaterManifestMissing extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UpdaterManifestMissing';
  }
}

/** An app's updater manifest, copied from its release. */
export interface UpdaterManifestFile {
  readonly product: string;
  readonly file: string;
}

/**
 * Issue 17: the app's manifest also goes to its channel on the updater branch (updater-channel.ts), once the
 * umbrella is out: the endpoint of prerelease channels, and of every channel where the Latest release is
 * not dependable. What happened, as the outcome's words.
 */
export async function writeChannel(deps: ChannelDeps, repository: string, version: string, f: UpdaterManifestFile): Promise<string> {
  const text = deps.fs.read(f.file);
  if (text === undefined) throw new Error(`${f.file} is not there after its download`);
  const w = await writeChannelManifest(deps, repository, f.product, version, text);
  return w.result === 'written'
    ? `the ${w.channel} updater manifest of ${f.product} is on ${UPDATER_CHANNELS_BRANCH}${w.replaced !== undefined ? `, replacing ${w.replaced}` : ''}${movedWords(w.moved)}`
    : `the ${w.channel} updater manifest of ${f.product} stays at ${w.before ?? ''} (never moved back)${movedWords(w.moved)}`;
}

/** The prerelease channels a stable version moved forward, as the end of the outcome's words. */
function movedWords(moved: readonly string[] | undefined): string {
  if (moved === undefined || moved.length === 0) return '';
  const names = moved.length === 1 ? moved[0] : `${moved.slice(0, -1).join(', ')} and ${moved[moved.length - 1]}`;
  return `, and its ${names} channel${moved.length === 1 ? '' : 's'} moved forward to it`;
}

/** Whether a release already carries an updater manifest. */
export function carriesUpdaterManifest(assets: ReadonlyArray<{ name: string }>): boolean {
  return assets.some((a) => a.name === UPDATER_MANIFEST_ASSET);
}
