import * as path from 'path';
import { heldBackOutcomes, unpublishedDependencies } from './depends-on';
import { Outcome, failed } from './outcomes';
import { Clock, Exec, Fs, Log, PackageRef, Registry, Sleep } from './ports';
import { RateLimitOptions, withRateLimit } from './rate-limit';
import { ReleaseRun, RunPackage, RunProduct, productsInOrder } from './run';
import { lastLines } from './tool-output';
import { ARTIFACT_KINDS, ProductKind, PublishTarget, artifactName, compareVersions, isReleaseVersion, npmBackfillTag, parseJson } from '../../model';

/** What `publishNpm` needs. */
export interface NpmDeps {
  readonly registry: Registry;
  readonly exec: Exec;
  readonly fs: Fs;
  readonly log: Log;
  readonly sleep: Sleep;
  /** The clock rate-limit waits are measured against. */
  readonly now: Clock;
}

/** Options of `publishNpm`. */
export interface NpmOptions {
  /** Where the build jobs' artifacts were downloaded (one directory per artifact). */
  readonly artifactsDir: string;
  readonly dryRun: boolean;
  /** `--provenance`: on in release.yml (OIDC); a local registry cannot sign. */
  readonly provenance: boolean;
  /** `--registry`, for a local registry or a mirror. */
  readonly registryUrl?: string;
  /** Extra environment of every npm command: the user config that carries another registry's token. */
  readonly npmEnv?: Readonly<Record<string, string>>;
  /** P10: how long a package answered 429 may wait before it fails as rate-limited. */
  readonly rateLimit: RateLimitOptions;
}

/**
 * A registry's "this version exists" answer to a publish: the only failure that counts as a skip (P2). npm's
 * own check and npmjs.com answer "You cannot publish over the previously published versions", verdaccio 409
 * "this package is already present".
 */
const ALREADY_THERE = /cannot publish over the previously published version|EPUBLISHCONFLICT|this package is already present/i;
/**
 * npmjs.com's 400 for a version that was published and then unpublished: the version is not there and can
 * never be uploaded again, so the release has not happened and only a new version can make it.
 */
const UNPUBLISHED_BEFORE = /cannot publish over previously published version/i;

/**
 * Publishes the run's npm packages in dependency order: each tarball (WASM, plain packages) or, for a
 * napi-rs product, each platform package and then the main package with its optional dependencies.
 * Every package is probed first (P1) and prereleases go under their dist-tag. A package whose
 * dependency failed is not attempted; the others go on (P6). A package whose `dependsOn` names a product
 * another registry does not list yet is held back (issue 17), and so are the ones depending on it.
 */
export async function publishNpm(run: ReleaseRun, deps: NpmDeps, options: NpmOptions): Promise<Outcome[]> {
  const failedProducts = new Set<string>();
  const heldBack = new Set<string>();
  const outcomes: Outcome[] = [];
  for (const product of productsInOrder(run).filter((p) => p.packages.some((k) => k.target === PublishTarget.NPM))) {
    const pkg = product.packages.find((k) => k.target === PublishTarget.NPM)!;
    const base = { product: product.name, target: PublishTarget.NPM, subject: pkg.name, version: pkg.version };
    const blocked = product.dependsOn.filter((d) => failedProducts.has(d));
    const waiting = product.dependsOn.filter((d) => heldBack.has(d));
    // Issue 17: a product its dependsOn ties to another registry waits until that registry lists it (not in a dry run).
    const unpublished = blocked.length > 0 || waiting.length > 0 || options.dryRun
      ? []
      : await unpublishedDependencies(run, product, PublishTarget.NPM, deps.registry);
    let results: Outcome[];
    if (blocked.length > 0) results = [{ ...base, outcome: 'failed', detail: `not attempted: its dependency ${blocked.join(', ')} failed` }];
    else if (waiting.length > 0) results = [{ ...base, outcome: 'held-back', detail: `held back: its dependency ${waiting.join(', ')} is held back` }];
    else if (unpublished.length > 0) results = heldBackOutcomes(product, PublishTarget.NPM, unpublished);
    else results = await publishProduct(product, pkg, deps, options);
    if (results.some((o) => o.outcome === 'failed')) failedProducts.add(product.name);
    if (results.some((o) => o.outcome === 'held-back')) heldBack.add(product.name);
    outcomes.push(...results);
  }
  return outcomes;
}

async function publishProduct(product: RunProduct, pkg: RunPackage, deps: NpmDeps, options: NpmOptions): Promise<Outcome[]> {
  const distTag = pkg.distTag ?? 'latest';
  // The plan found it published, so its product was not rebuilt (no artifacts): npm is asked again, and a
  // package still there is skipped before anything looks for a build. A napi main package goes out only
  // after every platform package did, so it stands for the whole product.
  if (pkg.state === 'published' && await stillPublished(pkg, deps)) {
    deps.log.notice(`${pkg.name}@${pkg.version} is already on npm; skipped.`);
    return [{ product: product.name, target: PublishTarget.NPM, subject: pkg.name, version: pkg.version, outcome: 'skipped:already-published', detail: 'npm lists it' }];
  }
  if (product.kind === ProductKind.NAPI) {
    // Whatever goes wrong stays this product's failed outcome, so the summary still gets every row (P6).
    return publishNapi({ product, pkg, distTag }, deps, options).catch((e: unknown) => [failed(
      { product: product.name, target: PublishTarget.NPM, subject: pkg.name, version: pkg.version }, `publishing the napi-rs packages of ${product.name}`, e)]);
  }
  const dir = path.posix.join(options.artifactsDir, artifactName(ARTIFACT_KINDS.npm, product.name));
  const tarballs = deps.fs.list(dir).filter((f) => f.endsWith('.tgz'));
  if (tarballs.length !== 1) {
    return [{ product: product.name, target: PublishTarget.NPM, subject: pkg.name, version: pkg.version, outcome: 'failed', detail: `expected one .tgz in ${dir}, found ${tarballs.length}: did the build job run?` }];
  }
  return [await publishOne({ product: product.name, ref: pkg, what: path.posix.join(dir, tarballs[0]), distTag }, deps, options)];
}

async function stillPublished(pkg: PackageRef, deps: NpmDeps): Promise<boolean> {
  try {
    return (await deps.registry.probe(pkg)) === 'published';
  } catch (e) {
    deps.log.warning(`${(e as Error).message}; going on as if it were missing.`);
    return false;
  }
}

/** One npm package to publish: a tarball or a directory, under a dist-tag. */
export interface NpmPackageJob {
  readonly product: string;
  readonly ref: PackageRef;
  readonly what: string;
  readonly distTag: string;
}

/** Publishes one tarball or directory, after asking the registry. */
export async function publishOne(job: NpmPackageJob, deps: NpmDeps, options: NpmOptions): Promise<Outcome> {
  const { product, ref, what, distTag } = job;
  const base = { product, target: PublishTarget.NPM, subject: ref.name, version: ref.version };
  try {
    if ((await deps.registry.probe(ref)) === 'published') {
      deps.log.notice(`${ref.name}@${ref.version} is already on npm; skipped.`);
      return { ...base, outcome: 'skipped:already-published', detail: 'npm lists it' };
    }
  } catch (e) {
    deps.log.warning(`${(e as Error).message}; publishing and letting npm answer.`);
  }
  // --ignore-scripts: a package's prepublishOnly/prepack must not run in the job that holds the OIDC
  // token (napi-rs templates ship a prepublishOnly that publishes on its own).
  const publishArgs = (tag: string): string[] => [
    'publish', fileSpec(what), '--ignore-scripts', '--access', 'public', '--tag', tag,
    ...(options.provenance ? ['--provenance'] : []),
    ...(options.registryUrl ? ['--registry', options.registryUrl] : []),
  ];
  if (options.dryRun) return { ...base, outcome: 'dry-run', detail: `would run npm ${publishArgs(distTag).join(' ')}` };
  let tag: string;
  try {
    tag = distTag === 'latest' ? await latestOrBackfill(ref, deps, options) : distTag;
  } catch (e) {
    // P6: npm not saying where `latest` is fails this package only; the others go on.
    return failed(base, 'asking npm which version latest is on', e);
  }
  const args = publishArgs(tag);
  // P10: npm retries a 429 twice on its own (fetch-retries) without reading Retry-After, then fails E429.
  const r = await withRateLimit(`${ref.name}@${ref.version}`, () => deps.exec.run('npm', args, { env: options.npmEnv }), deps, options.rateLimit);
  if (r.code === 0) return { ...base, outcome: 'published', detail: `published under dist-tag ${tag}${tag === distTag ? '' : ' (latest stays on the higher release)'}` };
  const output = `${r.stdout}\n${r.stderr}`;
  if (UNPUBLISHED_BEFORE.test(output)) {
    return {
      ...base,
      outcome: 'failed',
      detail: `npm will never take ${ref.name}@${ref.version} again: it was published once and unpublished. Release a new version (npm answered: ${lastLines(output)})`,
    };
  }
  if (ALREADY_THERE.test(output)) {
    deps.log.notice(`${ref.name}@${ref.version}: npm says it already exists; skipped.`);
    return { ...base, outcome: 'skipped:already-published', detail: 'npm answered "cannot publish over the previously published versions"' };
  }
  if (r.rateLimited) return { ...base, outcome: 'failed', detail: `rate-limited: ${r.rateLimited}` };
  return { ...base, outcome: 'failed', detail: `npm publish exited ${r.code}: ${lastLines(output)}` };
}

/**
 * P11: `latest` only moves forward. npm points `latest` at whatever was published last under it, so a
 * re-run of an older release (finishing a package it missed) after a newer one would move it back: a
 * version below the registry's current `latest` goes under its line's tag instead.
 */
async function latestOrBackfill(ref: PackageRef, deps: NpmDeps, options: NpmOptions): Promise<string> {
  const args = ['view', ref.name, 'dist-tags.latest', '--json', '--prefer-online', ...(options.registryUrl ? ['--registry', options.registryUrl] : [])];
  const r = await deps.exec.run('npm', args, { env: options.npmEnv });
  if (r.code !== 0) {
    if (/\bE404\b/.test(`${r.stdout}\n${r.stderr}`)) return 'latest';
    throw new Error(`npm ${args.join(' ')} failed (exit ${r.code}): ${lastLines(`${r.stdout}\n${r.stderr}`)}`);
  }
  const current = r.stdout.trim() === '' ? undefined : (JSON.parse(r.stdout) as unknown);
  if (typeof current !== 'string' || !isReleaseVersion(current) || compareVersions(ref.version, current) >= 0) return 'latest';
  deps.log.notice(`${ref.name}@${ref.version} is below npm's latest ${current}: published under ${npmBackfillTag(ref.version)}, latest stays on ${current}.`);
  return npmBackfillTag(ref.version);
}

/**
 * napi-rs: napi's own tools lay out the platform packages (`create-npm-dirs`) and copy the downloaded
 * binaries into them (`artifacts`); each platform package is published, then the main package with an
 * optional dependency on each, at the release version.
 */
async function publishNapi(job: { product: RunProduct; pkg: PackageRef; distTag: string }, deps: NpmDeps, options: NpmOptions): Promise<Outcome[]> {
  const { product, pkg, distTag } = job;
  const fail = (detail: string): Outcome[] => [{ product: product.name, target: PublishTarget.NPM, subject: pkg.name, version: pkg.version, outcome: 'failed', detail }];
  const commands = napiCommands(product, deps, options);
  for (const args of commands) {
    const r = await deps.exec.run('npx', ['--no-install', 'napi', ...args], { cwd: product.path });
    if (r.code !== 0) return fail(`napi ${args[0]} exited ${r.code}: ${lastLines(`${r.stdout}\n${r.stderr}`)}`);
  }
  const npmDir = path.posix.join(product.path, 'npm');
  const platforms = deps.fs.list(npmDir).map((d) => path.posix.join(npmDir, d)).filter((d) => deps.fs.exists(`${d}/package.json`));
  if (platforms.length === 0) return fail(`napi ${commands[0].join(' ')} made no platform package under ${npmDir}`);
  const outcomes: Outcome[] = [];
  const optional: Record<string, string> = Object.create(null) as Record<string, string>;
  for (const dir of platforms) {
    const manifest = readPackageJson(deps, `${dir}/package.json`) as { name: string; version: string };
    if (manifest.version !== pkg.version) return fail(`${dir}/package.json is at ${manifest.version}, not ${pkg.version}`);
    optional[manifest.name] = pkg.version;
    outcomes.push(await publishOne({ product: product.name, ref: { ...pkg, name: manifest.name }, what: dir, distTag }, deps, options));
  }
  if (outcomes.some((o) => o.outcome === 'failed')) return [...outcomes, ...fail('not attempted: a platform package failed')];
  const mainFile = `${product.path}/package.json`;
  const main = readPackageJson(deps, mainFile);
  main.optionalDependencies = { ...(main.optionalDependencies as Record<string, string> | undefined), ...optional };
  if (!options.dryRun) deps.fs.write(mainFile, `${JSON.stringify(main, undefined, 2)}\n`);
  return [...outcomes, await publishOne({ product: product.name, ref: pkg, what: product.path, distTag }, deps, options)];
}

/**
 * The napi-rs CLI commands that lay out the platform packages and copy the binaries in, for the CLI major
 * the product declares (the plan's `napiCli` setting): v3 `create-npm-dirs` and `artifacts --output-dir
 * <abs>`, or v2 `create-npm-dir -t .` and `artifacts -d <dir>`, which v2 joins to the working directory, so
 * it gets the path relative to the product.
 */
function napiCommands(product: RunProduct, deps: NpmDeps, options: NpmOptions): string[][] {
  const artifacts = deps.fs.resolve(options.artifactsDir);
  if (product.settings.napiCli === '2') return [napiLayoutArgs(product), ['artifacts', '-d', path.relative(deps.fs.resolve(product.path), artifacts)]];
  return [napiLayoutArgs(product), ['artifacts', '--output-dir', artifacts]];
}

/**
 * The napi-rs CLI arguments that lay out the platform packages under `<product>/npm/` for the product's
 * CLI major (run from the product's directory): what the publish job runs, and `npm-check` before the approval.
 */
export function napiLayoutArgs(product: RunProduct): string[] {
  return product.settings.napiCli === '2' ? ['create-npm-dir', '-t', '.'] : ['create-npm-dirs'];
}

/** A package.json, parsed; a missing or invalid file is an error naming it (and the line). */
function readPackageJson(deps: NpmDeps, file: string): Record<string, unknown> {
  const text = deps.fs.read(file);
  if (text === undefined) throw new Error(`${file} does not exist`);
  return parseJson(file, text);
}

/**
 * A path npm reads as a folder or tarball: `sdk/nodejs` alone would be a GitHub shorthand. The paths here are absolute or
 * normalized paths inside the repository (never `./` or `../`: Fs refuses paths outside it).
 */
function fileSpec(p: string): string {
  return path.posix.isAbsolute(p) ? p : `./${p}`;
}
