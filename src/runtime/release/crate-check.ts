import * as path from 'path';
import { Exec, Fs } from './ports';
import { ReleaseRun, RunProduct } from './run';
import { lastLines } from './tool-output';
import { PublishTarget } from '../../model';
import { CargoRegistryArgs } from '../registry/crates';

/** The result of checking one crate's package. */
export interface CrateCheck {
  readonly crate: string;
  readonly files: number;
  readonly bytes: number;
  readonly problems: string[];
}

/** Paths a crate package must never contain: build output, dependencies, VCS data. */
const NEVER = /^(target|node_modules|\.git|\.venv)\//;

/** Files `cargo package` writes itself; they are not in the source tree. */
const GENERATED = new Set(['.cargo_vcs_info.json', 'Cargo.toml.orig', 'Cargo.lock', 'Cargo.toml']);

/** cargo's arguments for the registry the crates go to (`cargoRegistryArgs`); none for crates.io. */
type CargoArgs = Pick<CargoRegistryArgs, 'config' | 'publish'>;

/** A crate of the run still to be published, and the product it belongs to. */
interface CrateToCheck {
  readonly crate: string;
  readonly product: RunProduct;
}

/**
 * Before anything is uploaded, every crate of the run still to be published is checked:
 * - P8: packaged and verified together, with cargo's own workspace packaging (`cargo package -p a -p b`,
 *   cargo ≥ 1.90), which builds each package from its tarball and resolves its dependents against the
 *   sibling versions about to be published. `cargo package --list` passes a crate whose path dependency
 *   has no `version`; packaging fails on it, and after the approval that failure came too late. Crates
 *   already on the registry are left out: a published version blocks cargo's local overlay (cargo#14789),
 *   and their dependents resolve them from the registry as they will when published.
 * - Both against the registry the release publishes to (`cargo`, from `LOCKSTEP_CRATES_INDEX_URL`): a
 *   dependent of a crate already published there resolves it there, as `cargo publish` will; against
 *   crates.io it would not be found (the rehearsal's fixed re-run after a refused crate showed it).
 * - P4: what each crate would upload (`cargo package --list`): its files must stay under the size limit
 *   (crates.io refuses more than 10 MiB) and must not carry build output or another product's directory
 *   (a root crate without `include` packages the whole monorepo).
 */
export async function checkCrates(
  run: ReleaseRun, deps: { exec: Exec; fs: Fs }, maxBytes: number, cargo: CargoArgs = { config: [], publish: [] },
): Promise<CrateCheck[]> {
  const crates: CrateToCheck[] = run.products.flatMap((product) => product.packages
    .filter((k) => k.target === PublishTarget.CRATES_IO && k.state !== 'published')
    .map((k) => ({ crate: k.name, product })));
  const packaging = await packageTogether(crates, deps, cargo);
  const others = run.products.map((p) => p.path);
  const checks: CrateCheck[] = [];
  for (const { crate, product } of crates) {
    const packaged = packaging.get(crate) ?? [];
    const r = await deps.exec.run('cargo', [...cargo.config, 'package', '--list', '--locked', '--manifest-path', `${product.path}/Cargo.toml`, '--package', crate, ...cargo.publish]);
    if (r.code !== 0) {
      checks.push({ crate, files: 0, bytes: 0, problems: [...packaged, `cargo package --list exited ${r.code}: ${lastLines(r.stderr)}`] });
      continue;
    }
    const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    const listed = checkList({ crate, root: product.path, productPaths: others, files, maxBytes }, deps.fs);
    checks.push({ ...listed, problems: [...packaged, ...listed.problems] });
  }
  return checks;
}

/**
 * P8: `cargo package` of every given crate at once, one run per Cargo workspace. Returns the problems of
 * each crate: a failure is the crate cargo was packaging or verifying when it failed.
 */
async function packageTogether(
  crates: readonly CrateToCheck[], deps: { exec: Exec; fs: Fs }, cargo: CargoArgs,
): Promise<Map<string, string[]>> {
  const byWorkspace = new Map<string, CrateToCheck[]>();
  for (const c of crates) {
    const root = await deps.exec.run('cargo', ['locate-project', '--workspace', '--message-format', 'plain', '--manifest-path', `${c.product.path}/Cargo.toml`]);
    const manifest = root.code === 0 ? root.stdout.trim() : `${c.product.path}/Cargo.toml`;
    byWorkspace.set(manifest, [...(byWorkspace.get(manifest) ?? []), c]);
  }
  const problems = new Map<string, string[]>();
  for (const [manifest, members] of byWorkspace) {
    const args = [...cargo.config, 'package', '--locked', '--manifest-path', manifest, ...members.flatMap((m) => ['--package', m.crate]), ...cargo.publish];
    const r = await deps.exec.run('cargo', args);
    if (r.code === 0) continue;
    const blamed = blamedCrate(r.stderr, members, deps.fs);
    // cargo's error and its causes follow the first `error` line; the warnings before it are noise here.
    const error = r.stderr.slice(Math.max(0, r.stderr.search(/^error/m))).split('\n').map((l) => l.trim()).filter(Boolean).slice(0, 5).join(' | ');
    problems.set(blamed, [`cargo ${args.join(' ')} exited ${r.code}: ${error}`]);
  }
  return problems;
}

/** The crate a failed `cargo package` was on: the manifest its error names, else the last one it started. */
function blamedCrate(stderr: string, members: readonly CrateToCheck[], fs: Fs): string {
  const manifest = /failed to (?:verify|parse|read) manifest at `(.+?)`/.exec(stderr)?.[1];
  const byManifest = manifest && members.find((m) => fs.resolve(`${m.product.path}/Cargo.toml`) === path.resolve(manifest));
  if (byManifest) return byManifest.crate;
  const started = [...stderr.matchAll(/^\s*(?:Packaging|Verifying) (\S+) v/gm)].map((m) => m[1]);
  return members.find((m) => m.crate === started[started.length - 1])?.crate ?? members[0].crate;
}

/** One crate's package listing, as `cargo package --list` gave it. */
export interface CrateListing {
  readonly crate: string;
  /** The crate's directory; the listed paths are relative to it. */
  readonly root: string;
  /** Directories of every product of the run. */
  readonly productPaths: readonly string[];
  readonly files: readonly string[];
  readonly maxBytes: number;
}

/** Checks one crate's file list. */
export function checkList(listing: CrateListing, fs: Fs): CrateCheck {
  const { crate, root, productPaths, files, maxBytes } = listing;
  const foreign = productPaths.filter((p) => p !== root && (root === '.' || p.startsWith(`${root}/`))).map((p) => (root === '.' ? p : p.slice(root.length + 1)));
  const problems: string[] = [];
  const sizeOf = (f: string): number => (fs.exists(path.posix.join(root, f)) ? fs.size(path.posix.join(root, f)) : 0);
  const sizes = files.filter((f) => !GENERATED.has(f)).map((f) => ({ f, size: sizeOf(f) }));
  const bytes = sizes.reduce((n, s) => n + s.size, 0);
  const never = files.filter((f) => NEVER.test(f));
  if (never.length > 0) {
    // Dependencies under a crate usually come from an `include` entry without a slash: it matches at any
    // depth and `include` overrides .gitignore, so `"LICENSE"` also takes node_modules/*/LICENSE from the root
    // node_modules the release jobs' `npm ci` makes (found rehearsing SQLRite's root crate).
    const fromInclude = never.find((f) => f.startsWith('node_modules/'));
    const fix = fromInclude === undefined
      ? ''
      : `; in its Cargo.toml, anchor \`include\` entries to the crate's root ("/${path.posix.basename(fromInclude)}", not "${path.posix.basename(fromInclude)}", which matches at any depth), or \`exclude\` node_modules when there is no \`include\``;
    problems.push(`it packages build output or dependencies: ${never.slice(0, 5).join(', ')}${never.length > 5 ? ', …' : ''}${fix}`);
  }
  const stray = files.filter((f) => foreign.some((p) => f.startsWith(`${p}/`)));
  if (stray.length > 0) {
    const dirs = [...new Set(stray.map((f) => foreign.find((p) => f.startsWith(`${p}/`))!))];
    problems.push(`it packages other products' directories (${dirs.join(', ')}); add \`include = [...]\` (or \`exclude\`) to its Cargo.toml`);
  }
  if (bytes > maxBytes) {
    const biggest = [...sizes].sort((a, b) => b.size - a.size).slice(0, 5).map((s) => `${s.f} (${s.size} B)`).join(', ');
    problems.push(`its files add up to ${bytes} bytes, over the ${maxBytes}-byte limit; biggest: ${biggest}`);
  }
  return { crate, files: files.length, bytes, problems };
}
