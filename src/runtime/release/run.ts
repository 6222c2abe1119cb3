import * as fs from 'fs';
import * as path from 'path';
import { PUBLISH_JOB_OF, PublishTarget, RELEASE_RUN_ARTIFACT, RELEASE_RUN_FILE_ENV, imagePublishJobOf, ownValue } from '../../model';
import { libraryVersion } from '../../model/library-version';
import { CliError } from '../cli-error';
import { RuntimeContext } from '../context';
import type { OtherRelease } from './decide';
import { checkRunCli } from './one-cli';

/** One package of a product in this run: where it goes and what the registry said in the plan job. */
export interface RunPackage {
  /** A `PublishTarget` value. */
  readonly target: string;
  readonly name: string;
  /** The version in the registry's form: PEP 440 for PyPI, the tag for Go and GitHub Releases. */
  readonly version: string;
  /** npm only: the dist-tag a prerelease is published under. */
  readonly distTag?: string;
  /** `unknown` when the probe failed: the publish job asks again and fails if it still cannot tell. */
  readonly state: 'published' | 'missing' | 'unknown';
}

/** One product released by this run. */
export interface RunProduct {
  readonly name: string;
  readonly kind: string;
  readonly path: string;
  readonly tag: string;
  readonly githubRelease: boolean;
  readonly dependsOn: string[];
  /**
   * The products of `dependsOn` only the product's `dependsOn` option names: it is held back until their
   * registries list them at this version (depends-on.ts). Absent in runs planned before this field existed.
   */
  readonly explicitDependsOn?: string[];
  /** Issue 17: the job of its own a generic product publishes in, when it declares publish secrets or permissions. */
  readonly customPublishJob?: string;
  readonly settings: Record<string, string>;
  readonly packages: RunPackage[];
}

/**
 * The release decision the plan job makes once and every later job reads (from the file `LOCKSTEP_RELEASE_FILE` names):
 * which version, which commit, which tags, and what each registry already has.
 */
export interface ReleaseRun {
  readonly schema: 1;
  /** True when this run releases `version`. */
  readonly release: boolean;
  /** Why (or why not), in one sentence. */
  readonly reason: string;
  readonly dryRun: boolean;
  readonly event: string;
  readonly track: string;
  readonly version: string;
  /** The release commit: every tag points at it and every publish job checks it out (T4). */
  readonly commit: string;
  readonly umbrellaTag: string;
  readonly releaseBranch: string;
  readonly products: RunProduct[];
  /** Products in publish order (each wave after the ones it depends on). */
  readonly publishWaves: string[][];
  /** Targets with something still to publish. */
  readonly todo: string[];
  /**
   * Releases of other tracks the same push set: each starts as a run of its own (a dispatch of the
   * workflow with its track and version). Absent in runs planned before this field existed.
   */
  readonly others?: OtherRelease[];
  /**
   * The projen-lockstep-release version of the plan job's lockstep: every later job checks that it runs the
   * same. Absent in runs planned before this field existed.
   */
  readonly cli?: string;
}

/** Where the command finds the release decision: the file `LOCKSTEP_RELEASE_FILE` names, from the working directory. */
function runFileOf(ctx: Pick<RuntimeContext, 'cwd' | 'env'>): string | undefined {
  const file = ctx.env[RELEASE_RUN_FILE_ENV];
  return file ? path.resolve(ctx.cwd, file) : undefined;
}

/**
 * Reads the release run from the file the plan job wrote and this job downloaded (artifact `release-run`);
 * names the variable or the file when it is wrong.
 */
export function readReleaseRun(ctx: Pick<RuntimeContext, 'cwd' | 'env'>): ReleaseRun {
  const file = runFileOf(ctx);
  if (file === undefined) throw new CliError(`${RELEASE_RUN_FILE_ENV} is empty: this command runs in release.yml after the plan job, which writes the release decision to that file.`, 2);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    throw new CliError(`${RELEASE_RUN_FILE_ENV}: cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); the job downloads it from the artifact ${RELEASE_RUN_ARTIFACT}, which the plan job uploads.`, 2);
  }
  let run: ReleaseRun;
  try {
    run = JSON.parse(text) as ReleaseRun;
  } catch (e) {
    throw new CliError(`${RELEASE_RUN_FILE_ENV}: ${file} is not JSON (${(e as Error).message}).`, 2);
  }
  if (run?.schema !== 1 || !Array.isArray(run.products)) throw new CliError(`${RELEASE_RUN_FILE_ENV}: ${file} is not a release run of schema 1; regenerate release.yml with \`npx projen\`.`, 2);
  // One lockstep for the whole run: a job with another version stops before it does anything.
  checkRunCli(run.cli, libraryVersion());
  return run;
}

/**
 * The release run when there is one: undefined when `LOCKSTEP_RELEASE_FILE` is unset (a command run by
 * hand) or names no file (the plan job failed before writing it; the summary still reports).
 */
export function releaseRunIfAny(ctx: Pick<RuntimeContext, 'cwd' | 'env'>): ReleaseRun | undefined {
  const file = runFileOf(ctx);
  return file !== undefined && fs.existsSync(file) ? readReleaseRun(ctx) : undefined;
}

/** Writes the release run where `LOCKSTEP_RELEASE_FILE` says (the plan job); nothing when it is unset. */
export function writeReleaseRun(ctx: Pick<RuntimeContext, 'cwd' | 'env'>, run: ReleaseRun): void {
  const file = runFileOf(ctx);
  if (file === undefined) return;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, `${JSON.stringify(run)}\n`);
}

/** The products of a run in publish order. */
export function productsInOrder(run: ReleaseRun): RunProduct[] {
  const byName = new Map(run.products.map((p) => [p.name, p]));
  return run.publishWaves.flat().map((n) => byName.get(n)).filter((p): p is RunProduct => p !== undefined);
}

/** Short form of a commit for messages. */
export function short(sha: string): string {
  return sha.slice(0, 12);
}

/** The product of a run by name; a name the run does not release is an error naming the ones it does. */
export function productOf(run: ReleaseRun, name: string | undefined): RunProduct {
  const product = run.products.find((p) => p.name === name);
  if (product === undefined) throw new CliError(`--product: '${name ?? ''}' is not released by this run; it releases ${run.products.map((p) => p.name).join(', ') || 'nothing'}.`, 2);
  return product;
}

/** The release job that publishes a product's packages of a target: a generic product's or an image's own job (issue 17), else the target's. */
export function publishJobOf(product: Pick<RunProduct, 'name' | 'customPublishJob'>, target: string): string {
  if (target === PublishTarget.CUSTOM && product.customPublishJob !== undefined) return product.customPublishJob;
  // Issue 17: each image publishes in its own job, the only one holding `packages: write`.
  if (target === PublishTarget.GHCR) return imagePublishJobOf(product.name);
  return ownValue<string>(PUBLISH_JOB_OF, target) ?? target;
}
