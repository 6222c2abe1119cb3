import * as path from 'path';
import { ARTIFACT_KINDS, UPDATER_PLATFORM_OF_LEG, parseArtifactName, productSlug } from '../../model';
import { CliError } from '../cli-error';
import { logValue } from '../output';
import { Fs } from './ports';

/**
 * Issue 17: the updater manifest of a Tauri app (Tauri's static JSON), from the updater bundles its desktop
 * legs built and signed. Made before the approval: a bundle without its signature, or one no platform key
 * fits, stops the release before anything is tagged.
 *
 * Keys (Tauri v2's updater plugin reads `<os>-<arch>-<installer>` first, then `<os>-<arch>`; Tauri v1's only
 * the latter): every signed installer gets its own key, so an app installed with NSIS updates with NSIS and
 * one installed with the MSI with the MSI; the plain key gets what an app that asks without an installer
 * can install — v1's archive when the build made one (`createUpdaterArtifacts: "v1Compatible"`, the apps
 * still on v1 read only that key and install only archives), else Tauri 2's bundle, and on Windows the
 * MSI before NSIS (tauri-action's choice, so a repository moving to lockstep keeps what its apps got).
 */

/** One platform of the manifest. */
export interface UpdaterPlatform {
  /** The content of the bundle's `.sig` file. */
  readonly signature: string;
  readonly url: string;
}

/** Tauri's static updater JSON. */
export interface UpdaterManifest {
  readonly version: string;
  readonly notes: string;
  /** RFC 3339. */
  readonly pub_date: string;
  readonly platforms: Record<string, UpdaterPlatform>;
}

/** A file form Tauri's updater installs: the installer it is (the key's suffix) and whether it is v1's archive. */
interface BundleForm {
  readonly suffix: string;
  readonly os: 'linux' | 'darwin' | 'windows';
  readonly installer: string;
  /** v1's archive (`.tar.gz`, `.zip`): the form apps still on Tauri v1 install. */
  readonly archive: boolean;
  /** For a Tauri 2 bundle with a v1 archive: the archive's name, whose signature stands in for its own. */
  readonly archiveOf?: (name: string) => string;
  /** Signed only by some Tauri versions: kept when signed, never asked for. */
  readonly optional?: boolean;
}

/** Longest suffix first: `.AppImage.tar.gz` before `.AppImage`. */
const FORMS: readonly BundleForm[] = [
  { suffix: '.AppImage.tar.gz', os: 'linux', installer: 'appimage', archive: true },
  { suffix: '.AppImage', os: 'linux', installer: 'appimage', archive: false, archiveOf: (n) => `${n}.tar.gz` },
  // The same `.app.tar.gz` serves Tauri v1 and 2.
  { suffix: '.app.tar.gz', os: 'darwin', installer: 'app', archive: true },
  { suffix: '.msi.zip', os: 'windows', installer: 'msi', archive: true },
  { suffix: '.msi', os: 'windows', installer: 'msi', archive: false, archiveOf: (n) => `${n}.zip` },
  { suffix: '.nsis.zip', os: 'windows', installer: 'nsis', archive: true },
  { suffix: '.exe', os: 'windows', installer: 'nsis', archive: false, archiveOf: (n) => `${n.slice(0, -'.exe'.length)}.nsis.zip` },
  { suffix: '.deb', os: 'linux', installer: 'deb', archive: false, optional: true },
  { suffix: '.rpm', os: 'linux', installer: 'rpm', archive: false, optional: true },
];

/** Which installer the plain `<os>-<arch>` key gets, first choice first. */
const PLAIN_KEY_ORDER = ['appimage', 'app', 'msi', 'nsis'];

function formOf(name: string): BundleForm | undefined {
  return FORMS.find((f) => name.endsWith(f.suffix) && name.length > f.suffix.length);
}

/** A signed updater bundle of one leg. */
interface SignedBundle {
  readonly form: BundleForm;
  readonly asset: string;
  readonly signature: string;
}

/** Where the manifest's URLs point: the app's GitHub Release. */
export interface UpdaterManifestSource {
  readonly product: string;
  readonly version: string;
  /** The app's own tag, whose release carries the bundles. */
  readonly tag: string;
  /** `owner/repo`. */
  readonly repository: string;
  readonly serverUrl: string;
  /** When the manifest is written (its `pub_date`). */
  readonly now: Date;
}

/**
 * The manifest of `source.product` from the desktop artifacts downloaded into `<artifactsDir>/desktop.<product>.<leg>/`.
 * Every refusal is a CliError naming the leg and the file.
 */
export function updaterManifest(fs: Fs, artifactsDir: string, source: UpdaterManifestSource): UpdaterManifest {
  const legs = fs.list(artifactsDir).sort().map((a) => ({ artifact: a, parsed: parseArtifactName(a) }))
    .filter((a) => a.parsed?.kind === ARTIFACT_KINDS.desktop && a.parsed.product === productSlug(source.product));
  if (legs.length === 0) {
    throw new CliError(`${source.product}: no desktop build artifact (${ARTIFACT_KINDS.desktop}.${productSlug(source.product)}.<platform>) under ${artifactsDir}; did its build job run and succeed?`);
  }
  const platforms: Record<string, UpdaterPlatform> = {};
  const url = (asset: string) => `${source.serverUrl}/${source.repository}/releases/download/${encodeURIComponent(source.tag)}/${encodeURIComponent(githubAssetName(asset))}`;
  for (const { artifact, parsed } of legs) {
    const platform = parsed?.leg === undefined ? undefined : UPDATER_PLATFORM_OF_LEG[parsed.leg];
    if (platform === undefined) {
      throw new CliError(`${artifact}: no Tauri updater platform is known for the leg '${parsed?.leg ?? ''}' (known: ${Object.keys(UPDATER_PLATFORM_OF_LEG).join(', ')}).`);
    }
    const bundles = signedBundles(fs, path.posix.join(artifactsDir, artifact), artifact);
    for (const [key, bundle] of Object.entries(platformEntries(platform, bundles, artifact))) {
      if (platforms[key] !== undefined) throw new CliError(`${artifact}: a second leg gives the updater platform ${key}; each platform is built once.`);
      platforms[key] = { signature: bundle.signature, url: url(bundle.asset) };
    }
  }
  const sorted = Object.fromEntries(Object.entries(platforms).sort(([a], [b]) => a.localeCompare(b)));
  return {
    version: source.version,
    notes: `${source.product} ${source.version}: ${source.serverUrl}/${source.repository}/releases/tag/${encodeURIComponent(source.tag)}`,
    pub_date: source.now.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    platforms: sorted,
  };
}

/**
 * The name GitHub gives an uploaded file: it turns spaces into dots (a productName with a space names the
 * bundles with it). Other characters it renames in ways it does not document, so they are refused: the
 * manifest's URL must be the asset's.
 */
export function githubAssetName(file: string): string {
  const name = file.replace(/ /g, '.');
  if (!/^[A-Za-z0-9._+-]+$/.test(name) || name.startsWith('.')) {
    throw new CliError(`${logValue(file)}: GitHub renames an asset with characters other than letters, digits, '.', '_', '+', '-' and spaces, so the updater manifest could not name its URL; give the app a productName without them in tauri.conf.json.`);
  }
  return name;
}

/** Files of a leg's artifact, by name (the release uploads them by name: two of one name are refused there too). */
function legFiles(fs: Fs, dir: string, artifact: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (d: string): void => {
    for (const e of fs.list(d).sort()) {
      const p = path.posix.join(d, e);
      if (fs.list(p).length > 0) {
        walk(p);
      } else if (fs.exists(p)) {
        if (files.has(e)) throw new CliError(`${artifact}: two files are named ${e} (${files.get(e)} and ${p}); the release would keep one of them.`);
        files.set(e, p);
      }
    }
  };
  walk(dir);
  return files;
}

/** The updater bundles of one leg, each with its signature; a missing, empty or stray signature is refused. */
function signedBundles(fs: Fs, dir: string, artifact: string): SignedBundle[] {
  const files = legFiles(fs, dir, artifact);
  const signatureOf = (name: string): string | undefined => {
    const file = files.get(`${name}.sig`);
    if (file === undefined) return undefined;
    const text = (fs.read(file) ?? '').trim();
    if (text === '') throw new CliError(`${artifact}: ${name}.sig is empty; the build signed nothing (is TAURI_SIGNING_PRIVATE_KEY set in the publish environment?).`);
    return text;
  };
  const bundles: SignedBundle[] = [];
  for (const name of [...files.keys()].sort()) {
    if (name.endsWith('.sig')) {
      const bundle = name.slice(0, -'.sig'.length);
      if (formOf(bundle) === undefined) throw new CliError(`${artifact}: ${name} signs ${bundle}, which is no bundle Tauri's updater installs (AppImage, .app.tar.gz, .msi, NSIS .exe, .deb, .rpm or v1's .tar.gz/.zip archives).`);
      if (!files.has(bundle)) throw new CliError(`${artifact}: ${name} has no ${bundle} beside it; the leg kept a signature without its bundle.`);
      continue;
    }
    const form = formOf(name);
    if (form === undefined) continue;
    const signature = signatureOf(name);
    if (signature !== undefined) {
      bundles.push({ form, asset: name, signature });
    } else if (!form.optional && !(form.archiveOf && files.has(form.archiveOf(name)))) {
      // A Tauri 2 bundle whose v1 archive was signed instead ("v1Compatible") updates through the archive.
      throw new CliError(`${artifact}: ${name} has no ${name}.sig; an updater bundle without its signature is refused by every installed app. Was it built with the updater key (signing.updater)?`);
    }
  }
  if (bundles.length === 0) {
    throw new CliError(
      `${artifact}: no signed updater bundle, so apps installed on this platform could never update. Tauri's updater installs an AppImage, the macOS .app.tar.gz, an MSI or an NSIS installer: ` +
        'is one of them in bundle.targets of tauri.conf.json?',
    );
  }
  return bundles;
}

/** The keys one leg gives: `<platform>-<installer>` for each installer, and the plain `<platform>`. */
function platformEntries(platform: string, bundles: readonly SignedBundle[], artifact: string): Record<string, SignedBundle> {
  const os = platform.split('-')[0];
  const entries: Record<string, SignedBundle> = {};
  for (const installer of [...new Set(bundles.map((b) => b.form.installer))].sort()) {
    const of = bundles.filter((b) => b.form.installer === installer);
    const wrong = of.find((b) => b.form.os !== os);
    if (wrong) throw new CliError(`${artifact}: ${wrong.asset} is a ${wrong.form.os} bundle in the ${platform} leg.`);
    // Tauri 2's own bundle for v2 apps; the archive when it is the only one.
    const v2 = of.filter((b) => !b.form.archive || b.form.installer === 'app');
    const chosen = v2.length > 0 ? v2 : of;
    if (chosen.length > 1) throw new CliError(`${artifact}: ${chosen.map((b) => b.asset).join(' and ')} are both ${installer} updater bundles of ${platform}; keep one.`);
    entries[`${platform}-${installer}`] = chosen[0];
  }
  const plain = PLAIN_KEY_ORDER.map((i) => bundles.filter((b) => b.form.installer === i)).find((of) => of.length > 0);
  if (plain !== undefined) entries[platform] = plain.find((b) => b.form.archive) ?? plain[0];
  return entries;
}

/** The manifest as the file's text. */
export function updaterManifestText(manifest: UpdaterManifest): string {
  return `${JSON.stringify(manifest, null, 2)}\n`;
}
