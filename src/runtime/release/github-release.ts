import * as path from 'path';
import { missingArtifacts } from './assets';
import { standingNow } from './latest';
import { Outcome } from './outcomes';
import { Exec, Fs, Git, Log } from './ports';
import { ReleaseRun, RunProduct } from './run';
import { NeedsResults, summarize } from './summary';
import { lastLines } from './tool-output';
import { UpdaterManifestFile, UpdaterManifestMissing, carriesUpdaterManifest, updaterManifestFile, writeChannel } from './umbrella-updater';
import { prereleaseOf } from '../../model';

/** What the GitHub Release functions need: the gh CLI through `exec`. */
export interface GithubDeps {
  readonly exec: Exec;
  readonly fs: Fs;
  readonly log: Log;
}

/** What the umbrella release needs besides: the checkout's tags, which say whether it may be Latest (P11). */
export interface UmbrellaDeps extends GithubDeps {
  readonly git: Pick<Git, 'localTags'>;
}

/** Options of the GitHub Release functions. */
export interface GithubOptions {
  readonly dryRun: boolean;
  /**
   * P12: what the publish jobs reported (their outcome files and results). A product release goes live
   * only when its registry packages are out; the umbrella is marked latest only when every product is.
   * Undefined: nothing is known, and nothing is held back.
   */
  readonly published?: PublishedFacts;
  /** `owner/repo`; gh otherwise reads it from the checkout's remote. */
  readonly repository?: string;
  readonly serverUrl: string;
  /** What changed, below the links: the umbrella's notes (see notes.ts). */
  readonly umbrellaNotes?: string;
  /** What changed in each product, by product name (see notes.ts). */
  readonly productNotes?: Readonly<Record<string, string>>;
  /**
   * Issue 17: the Tauri app whose updater manifest the umbrella carries (see umbrella-updater.ts). One: the
   * Latest release holds one latest.json, and synth refuses a second updater app in a repository.
   */
  readonly updaterManifest?: string;
}

/** A release as `gh release view` reports it. */
interface ReleaseView {
  readonly isDraft: boolean;
  readonly assets: Array<{ name: string }>;
}

/** The publish jobs' outcomes and results, as the summary reads them. */
export interface PublishedFacts {
  readonly outcomes: readonly Outcome[];
  readonly needs: NeedsResults;
}

/**
 * The registry rows of a product (or of every product) that failed or were held back (issue 17), by the
 * summary's reading of the outcome files and job results. GitHub Releases themselves are asked with `gh`,
 * not read from here.
 */
function unpublishedRows(run: ReleaseRun, facts: PublishedFacts | undefined, product?: string): Outcome[] {
  return rowsNotOut(run, facts).filter((r) => r.target !== 'github-release' && (product === undefined || r.product === product));
}

/** Every row of the products (registries and GitHub Releases, not tags or the umbrella) that failed or was held back. */
function rowsNotOut(run: ReleaseRun, facts: PublishedFacts | undefined): Outcome[] {
  if (facts === undefined) return [];
  const outside = new Set(['umbrella', 'tag']);
  return summarize(run, facts.outcomes, facts.needs).rows.filter((r) => (r.outcome === 'failed' || r.outcome === 'held-back') && !outside.has(r.target));
}

async function gh(deps: GithubDeps, options: GithubOptions, args: string[]): Promise<{ code: number; out: string }> {
  const r = await deps.exec.run('gh', [...args, ...(options.repository ? ['--repo', options.repository] : [])]);
  return { code: r.code, out: `${r.stdout}\n${r.stderr}` };
}

/** The release of a tag, or undefined when GitHub has none; any other error is an error. */
async function view(deps: GithubDeps, options: GithubOptions, tag: string): Promise<ReleaseView | undefined> {
  const r = await deps.exec.run('gh', ['release', 'view', tag, '--json', 'isDraft,assets', ...(options.repository ? ['--repo', options.repository] : [])]);
  if (r.code === 0) return JSON.parse(r.stdout) as ReleaseView;
  if (/release not found/i.test(r.stderr)) return undefined;
  throw new Error(`gh release view ${tag} exited ${r.code}: ${lastLines(r.stderr)}`);
}

/**
 * Each product's GitHub Release, made as draft → assets → published, because an immutable release refuses
 * assets added after publishing. A published release is left alone (already there); a draft left by an
 * interrupted run is finished. Assets are the files under `<assetsDir>/<product>/`.
 */
export async function productReleases(run: ReleaseRun, deps: GithubDeps, options: ProductReleaseOptions): Promise<Outcome[]> {
  const outcomes: Outcome[] = [];
  for (const product of run.products.filter((p) => p.githubRelease)) {
    try {
      outcomes.push(await productRelease(run, product, deps, options));
    } catch (e) {
      outcomes.push({ product: product.name, target: 'github-release', subject: product.tag, version: run.version, outcome: 'failed', detail: (e as Error).message });
    }
  }
  return outcomes;
}

/** Where the product releases' files are, and what each must carry. */
export interface ProductReleaseOptions extends GithubOptions {
  /** `<assetsDir>/<product>/`: the files to upload. */
  readonly assetsDir: string;
  /** `<artifactsDir>/<artifact>/`: the build artifacts as downloaded. */
  readonly artifactsDir: string;
  /** P14: the build artifacts each product's release must carry. */
  readonly required: Readonly<Record<string, readonly string[]>>;
}

async function productRelease(run: ReleaseRun, product: RunProduct, deps: GithubDeps, options: ProductReleaseOptions): Promise<Outcome> {
  const base = { product: product.name, target: 'github-release', subject: product.tag, version: run.version };
  const dir = path.posix.join(options.assetsDir, product.name);
  const assets = deps.fs.list(dir).sort().map((f) => path.posix.join(dir, f));
  const existing = await view(deps, options, product.tag);
  if (existing && !existing.isDraft) {
    deps.log.notice(`the GitHub Release ${product.tag} is already published; left as it is.`);
    return { ...base, outcome: 'skipped:already-published', detail: 'already published' };
  }
  // P14: a release is published with every asset it must carry, or not at all (immutable releases refuse later uploads).
  const missing = missingArtifacts(options.required[product.name] ?? [], deps.fs, options.artifactsDir);
  if (missing.length > 0) {
    return { ...base, outcome: 'failed', detail: `not published: the build artifacts ${missing.join(', ')} are missing (did their build job run and succeed?); re-run the failed jobs` };
  }
  if (options.dryRun) return { ...base, outcome: 'dry-run', detail: `would ${existing ? 'finish the draft' : 'create a draft'}, upload ${assets.length} asset(s), publish` };
  const unpublished = unpublishedRows(run, options.published, product.name);
  const pre = prereleaseOf(run.version).length > 0 ? ['--prerelease'] : [];
  if (!existing) {
    const changes = options.productNotes?.[product.name];
    const notes = [`${product.name} ${run.version}, part of the lockstep release [${run.umbrellaTag}](${releaseUrl(options, run.umbrellaTag)}).`, ...(changes ? ['', changes] : [])].join('\n');
    await must(deps, options, ['release', 'create', product.tag, '--draft', '--verify-tag', '--title', `${product.name} ${run.version}`, '--notes', notes, ...pre]);
  }
  // --clobber: a draft may hold a partial upload from an interrupted run; nothing is published yet.
  if (assets.length > 0) await must(deps, options, ['release', 'upload', product.tag, ...assets, '--clobber']);
  if (unpublished.length > 0) {
    // P12: a release announces packages; it stays a draft until they are out (a re-run publishes it).
    const what = unpublished.map((m) => `${m.target} ${m.subject}`).join(', ');
    const outcome = unpublished.every((m) => m.outcome === 'held-back') ? 'held-back' : 'failed';
    return { ...base, outcome, detail: `kept as a draft with ${assets.length} asset(s): not every package is published (${what}); dispatch the release again once they are` };
  }
  await must(deps, options, ['release', 'edit', product.tag, '--draft=false', '--latest=false']);
  return { ...base, outcome: 'published', detail: `published with ${assets.length} asset(s)` };
}

/**
 * The umbrella release: the one release of the whole version, linking every product release, made once the
 * tags exist. It announces the version, so it goes live only when every product's release went live and
 * every package is out; until then it stays a draft (never Latest) whose links say what is missing, the
 * outcome says why, and a re-run after the fix publishes it. A re-run refreshes the links of an umbrella
 * that is already live and reports it as already there.
 */
export async function umbrellaRelease(run: ReleaseRun, deps: UmbrellaDeps, options: GithubOptions): Promise<Outcome> {
  const base = { product: '(umbrella)', target: 'umbrella', subject: run.umbrellaTag, version: run.version };
  try {
    const lines: string[] = [];
    const notLive: string[] = [];
    for (const p of run.products.filter((x) => x.githubRelease)) {
      const r = await view(deps, options, p.tag);
      if (r === undefined || r.isDraft) notLive.push(p.name);
      lines.push(r && !r.isDraft ? `- [${p.name} ${run.version}](${releaseUrl(options, p.tag)})` : `- ${p.name} ${run.version}: not released yet (see the release run)`);
    }
    const changes = options.umbrellaNotes === undefined ? [] : [options.umbrellaNotes];
    const notes = [`Lockstep release ${run.version} of track ${run.track}: every product below carries this version.`, '', ...lines, '', ...changes].join('\n');
    const existing = await view(deps, options, run.umbrellaTag);
    if (options.dryRun) return { ...base, outcome: 'dry-run', detail: `would ${existing ? 'refresh' : 'create'} the umbrella linking ${lines.length} release(s)` };
    const notesFile = '.lockstep/umbrella-notes.md';
    deps.fs.write(notesFile, notes);
    const prerelease = prereleaseOf(run.version).length > 0;
    // P12: what is not out yet: product releases still drafts (or missing), and packages of products without one.
    const packages = unpublishedRows(run, options.published).filter((r) => !notLive.includes(r.product)).map((r) => `${r.target} ${r.subject}`);
    const missing = [...notLive.map((n) => `the GitHub Release of ${n}`), ...packages];
    // P11: GitHub's "Latest" goes to a stable release only, and never backwards: by the tags as they are now,
    // not as the plan job saw them (a re-run of an old run reuses its run file).
    const standing = !prerelease && missing.length === 0 ? await standingNow(run, deps.git) : undefined;
    const latest = standing?.newest === true;
    if (standing?.newest === false) deps.log.notice(`${run.umbrellaTag} is not marked latest: ${standing.why}.`);
    const manifest = () => updaterManifestFile(run, options.updaterManifest, (args) => must(deps, options, args));
    // A live umbrella of a release made before lockstep wrote manifests stays as it was (a re-run of an old release).
    const manifestOfLive = async (): Promise<UpdaterManifestFile | undefined> => {
      try {
        return await manifest();
      } catch (e) {
        if (!(e instanceof UpdaterManifestMissing)) throw e;
        deps.log.notice(`${run.umbrellaTag}: ${e.message}; the live umbrella is left without it.`);
        return undefined;
      }
    };
    // Issue 17: the app's manifest also goes to its channel on the updater branch, once everything is out.
    const channel = async (file: UpdaterManifestFile | undefined): Promise<string> => {
      if (!options.repository || file === undefined) return '';
      try {
        return `; ${await writeChannel(deps, options.repository, run.version, file)}`;
      } catch (e) {
        throw new Error(`the umbrella release is out, but the updater channel was not written (a re-run writes it): ${(e as Error).message}`);
      }
    };
    if (existing && !existing.isDraft) {
      // Live already (made by an older lockstep, or by hand): a release cannot go back to a draft.
      const file = missing.length === 0 ? await manifestOfLive() : undefined;
      // Issue 17: one made before its app's manifest existed gets it (an immutable release refuses: failed, in gh's words).
      const late = file !== undefined && !carriesUpdaterManifest(existing.assets);
      if (late) await must(deps, options, ['release', 'upload', run.umbrellaTag, file.file, '--clobber']);
      await must(deps, options, ['release', 'edit', run.umbrellaTag, '--notes-file', notesFile, ...(latest ? ['--latest'] : [])]);
      const said = await channel(file);
      return { ...base, outcome: 'skipped:already-published', detail: `already there; its links were refreshed${late ? ', the updater manifest added' : ''}${latest ? ' and it is marked latest' : ''}${said}` };
    }
    if (missing.length > 0) {
      if (existing) await must(deps, options, ['release', 'edit', run.umbrellaTag, '--notes-file', notesFile]);
      else await must(deps, options, ['release', 'create', run.umbrellaTag, '--draft', '--verify-tag', '--title', run.version, '--notes-file', notesFile, ...(prerelease ? ['--prerelease'] : [])]);
      const rows = rowsNotOut(run, options.published);
      const outcome = rows.length > 0 && rows.every((r) => r.outcome === 'held-back') ? 'held-back' : 'failed';
      return { ...base, outcome, detail: `kept as a draft: not every product of the release is out (${missing.join(', ')}); dispatch the release again once they are` };
    }
    const latestFlags = prerelease ? ['--prerelease'] : [latest ? '--latest' : '--latest=false'];
    // Issue 17: the updater manifest goes up with the release, before it is live (immutable releases refuse later uploads).
    const manifestFile = await manifest();
    const files = manifestFile === undefined ? [] : [manifestFile.file];
    if (existing) {
      if (files.length > 0) await must(deps, options, ['release', 'upload', run.umbrellaTag, ...files, '--clobber']);
      await must(deps, options, ['release', 'edit', run.umbrellaTag, '--notes-file', notesFile, '--draft=false', ...(prerelease ? [] : latestFlags)]);
    } else {
      await must(deps, options, ['release', 'create', run.umbrellaTag, ...files, '--verify-tag', '--title', run.version, '--notes-file', notesFile, ...latestFlags]);
    }
    const said = await channel(manifestFile);
    // The summary shows the detail, not the log: installed apps following Latest will not update to this one.
    const notLatest = standing?.newest === false ? `; not marked latest: ${standing.why}` : '';
    return { ...base, outcome: 'published', detail: `${existing ? 'the draft an earlier run kept is published; it ' : ''}links ${lines.length} product release(s)${said}${notLatest}` };
  } catch (e) {
    return { ...base, outcome: 'failed', detail: (e as Error).message };
  }
}

async function must(deps: GithubDeps, options: GithubOptions, args: string[]): Promise<void> {
  const r = await gh(deps, options, args);
  if (r.code !== 0) throw new Error(`gh ${args.slice(0, 3).join(' ')} exited ${r.code}: ${lastLines(r.out)}`);
}

function releaseUrl(options: GithubOptions, tag: string): string {
  return `${options.serverUrl}/${options.repository ?? 'OWNER/REPO'}/releases/tag/${tag}`;
}
