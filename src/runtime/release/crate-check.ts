import * as path from 'path';
import { Exec, Fs } from './ports';
import { ReleaseRun } from './run';
import { PublishTarget } from '../../model';

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

/**
 * P4: what each crate of the run would upload, before anything is uploaded. `cargo package --list` names
 * the files; their total size must stay under the limit (crates.io refuses more than 10 MiB), and a crate
 * must not carry build output or another product's directory (a root crate without `include` packages
 * the whole monorepo).
 */
export async function checkCrates(run: ReleaseRun, deps: { exec: Exec; fs: Fs }, maxBytes: number): Promise<CrateCheck[]> {
  const others = run.products.map((p) => p.path);
  const checks: CrateCheck[] = [];
  for (const product of run.products) {
    for (const pkg of product.packages.filter((k) => k.target === PublishTarget.CRATES_IO)) {
      const r = await deps.exec.run('cargo', ['package', '--list', '--locked', '--manifest-path', `${product.path}/Cargo.toml`, '--package', pkg.name]);
      if (r.code !== 0) {
        checks.push({ crate: pkg.name, files: 0, bytes: 0, problems: [`cargo package --list exited ${r.code}: ${r.stderr.trim().split('\n').slice(-3).join(' | ')}`] });
        continue;
      }
      const files = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
      checks.push(checkList({ crate: pkg.name, root: product.path, productPaths: others, files, maxBytes }, deps.fs));
    }
  }
  return checks;
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
  if (never.length > 0) problems.push(`it packages build output or dependencies: ${never.slice(0, 5).join(', ')}${never.length > 5 ? ', …' : ''}`);
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
