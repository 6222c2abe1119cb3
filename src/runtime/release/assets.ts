import * as path from 'path';
import { RELEASE_ASSETS_ENV, parseArtifactName } from '../../model';
import { CliError } from '../cli-error';
import { Fs } from './ports';
import { ReleaseRun } from './run';

/**
 * Gathers each product's release assets from the downloaded build artifacts (`<kind>.<product>.<leg>/`)
 * into `<out>/<product>/`, for the attestation and the upload. Two files of one product with the same name
 * would overwrite each other on the release, so that is an error naming both artifacts.
 */
export function gatherAssets(run: ReleaseRun, fs: Fs, artifactsDir: string, out: string): Record<string, string[]> {
  const bySlug = new Map(run.products.map((p) => [p.name.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/^-+|-+$/g, ''), p]));
  // No prototype: a product named `constructor` gets its own list.
  const gathered: Record<string, string[]> = Object.create(null) as Record<string, string[]>;
  const from = new Map<string, string>();
  for (const artifact of fs.list(artifactsDir).sort()) {
    const parsed = parseArtifactName(artifact);
    const product = parsed && bySlug.get(parsed.product);
    if (!product || !product.githubRelease) continue;
    for (const file of filesUnder(fs, path.posix.join(artifactsDir, artifact))) {
      const name = path.posix.basename(file);
      const key = `${product.name}/${name}`;
      if (from.has(key)) throw new CliError(`${product.name}: two artifacts hold an asset named ${name} (${from.get(key)} and ${artifact}); the release would keep only one.`);
      from.set(key, artifact);
      fs.copy(file, path.posix.join(out, product.name, name));
      (gathered[product.name] ??= []).push(name);
    }
  }
  return gathered;
}

function filesUnder(fs: Fs, dir: string): string[] {
  return fs.list(dir).sort().flatMap((e) => {
    const p = path.posix.join(dir, e);
    const inner = fs.list(p);
    return inner.length > 0 ? filesUnder(fs, p) : fs.exists(p) ? [p] : [];
  });
}

/** The build artifacts each product's release must carry (P14), from `LOCKSTEP_RELEASE_ASSETS`. */
export function requiredAssetsFromEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string[]> {
  const text = env[RELEASE_ASSETS_ENV];
  if (!text) throw new CliError(`${RELEASE_ASSETS_ENV} is empty: release.yml sets it on the GitHub Release job; regenerate release.yml with \`npx projen\`.`, 2);
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (e) {
    throw new CliError(`${RELEASE_ASSETS_ENV} is not JSON (${(e as Error).message}); regenerate release.yml with \`npx projen\`.`, 2);
  }
  const valid = typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed)
    && Object.values(parsed).every((v) => Array.isArray(v) && v.every((a) => typeof a === 'string' && parseArtifactName(a) !== undefined));
  if (!valid) throw new CliError(`${RELEASE_ASSETS_ENV} must map each product to its artifact names; regenerate release.yml with \`npx projen\`.`, 2);
  return parsed as Record<string, string[]>;
}

/** P14: the required artifacts that were not downloaded into `<artifactsDir>/<name>/`, or hold no file. */
export function missingArtifacts(required: readonly string[], fs: Fs, artifactsDir: string): string[] {
  return required.filter((a) => filesUnder(fs, path.posix.join(artifactsDir, a)).length === 0);
}
