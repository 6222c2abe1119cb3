import * as fs from 'fs';
import * as path from 'path';
import { ARTIFACT_KINDS, BUILD_TARGETS, ProductKind, isTable, napiTargetsOf, parseArtifactName, parseJson, productSlug } from '../../model';
import { ReleaseRun } from '../release/run';

/**
 * napi-rs lays out one npm platform package per target of a product's package.json `napi` config, and its
 * `artifacts` command stops when a target's binary is missing ("Missing artifacts for configured targets"):
 * so a real release never publishes the main package with a platform missing, and this must stay so. A
 * rehearsal builds this machine's platform only, so its local equivalent takes the other platforms' targets
 * out of that package.json in the checkout of the job whose download of their binaries it skipped (the
 * workflow's own download steps decide which job that is): napi then lays out, and the main package's
 * optionalDependencies then name, the platform packages built here. The repository is not changed.
 */

/**
 * Whether a job runs napi's tools on the checkout — a `run:` step of `lockstep publish-npm` or `lockstep
 * npm-check` — and so is the job whose skipped napi downloads narrow the targets. Other jobs download the
 * same binaries for other ends (github-releases attaches them as assets) and never run napi: narrowing there
 * would change nothing napi reads, and the note would say targets were edited for napi where napi never runs.
 */
export function runsNapiTools(steps: ReadonlyArray<{ readonly run?: string }>): boolean {
  return steps.some((s) => s.run !== undefined && /\blockstep (?:publish-npm|npm-check)\b/.test(s.run));
}

/** One napi target taken out of a job's checkout. */
export interface NarrowedNapiTarget {
  readonly product: string;
  /** The package.json, relative to the checkout. */
  readonly file: string;
  /** The field napi reads the targets from: `napi.targets` (v3) or `napi.triples` (v2). */
  readonly field: string;
  /** The Rust target taken out. */
  readonly target: string;
  /** The targets left. */
  readonly kept: readonly string[];
}

/**
 * Takes the target of a skipped `napi.<product>.<platform>` artifact out of the product's package.json in
 * `workspace`. Undefined for an artifact of another kind or of no napi product of the run; a message (to
 * print) when the package.json cannot be narrowed, in which case napi's own check fails the publish.
 */
export function narrowNapiTargets(workspace: string, run: ReleaseRun | undefined, artifact: string): NarrowedNapiTarget | string | undefined {
  const parsed = parseArtifactName(artifact);
  if (parsed?.kind !== ARTIFACT_KINDS.napi || parsed.leg === undefined) return undefined;
  const product = run?.products.find((p) => p.kind === ProductKind.NAPI && productSlug(p.name) === parsed.product);
  if (product === undefined) return undefined;
  const target = BUILD_TARGETS.find((b) => b.platform === parsed.leg)?.target;
  const file = path.posix.join(product.path, 'package.json');
  if (target === undefined) return `${parsed.leg} is no platform the release builds, so no napi target of ${file} was taken out`;
  const full = path.join(workspace, file);
  if (!fs.existsSync(full)) return `${file} is not in the checkout, so no napi target was taken out`;
  let manifest: Record<string, unknown>;
  try {
    manifest = parseJson(file, fs.readFileSync(full, 'utf8'));
  } catch (e) {
    return `${(e as Error).message}, so no napi target was taken out`;
  }
  const v2 = product.settings.napiCli === '2';
  const config = isTable(manifest.napi) ? manifest.napi : {};
  const kept = napiTargetsOf(config, v2 ? 2 : 3).filter((t) => t !== target);
  // Written in the form this CLI major reads first: v3 `targets` (its `triples` would only be read without
  // them), v2 `triples` without its defaults, so neither adds back a target taken out.
  manifest.napi = v2
    ? { ...config, triples: { defaults: false, additional: kept } }
    : { ...Object.fromEntries(Object.entries(config).filter(([k]) => k !== 'triples')), targets: kept };
  fs.writeFileSync(full, `${JSON.stringify(manifest, undefined, 2)}\n`);
  return { product: product.name, file, field: v2 ? 'napi.triples' : 'napi.targets', target, kept };
}
