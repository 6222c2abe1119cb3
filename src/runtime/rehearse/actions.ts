import * as fs from 'fs';
import * as path from 'path';
import { localImageRef, pushStandInImage } from './oci';
import { Exec } from '../release/ports';

/**
 * The local equivalents of the `uses:` actions a generated release workflow calls. Each says what it did
 * instead; what cannot happen outside GitHub (OIDC, attestations) is named as not rehearsable.
 */

/** What a local equivalent needs. */
export interface ActionContext {
  readonly exec: Exec;
  /** The job's workspace (the checkout). */
  readonly workspace: string;
  /** Where uploaded artifacts live, one directory per artifact name, for this run. */
  readonly artifactsDir: string;
  /** The bare remote the checkout clones. */
  readonly remote: string;
  /** The commit the run was started on (`github.sha`). */
  readonly sha: string;
  /** The step's environment. */
  readonly env: Readonly<Record<string, string>>;
  readonly tools: { readonly maturin: string };
  readonly cratesToken: string;
}

/** What a local equivalent did. */
export interface ActionResult {
  readonly ok: boolean;
  /** One line: what ran instead. */
  readonly did: string;
  /** Set when the action itself cannot run outside GitHub: what and why. */
  readonly notRehearsable?: string;
  readonly outputs?: Record<string, string>;
  /** The tool output, for a failure. */
  readonly log?: string;
}

/** `owner/name` of a `uses:` value (the pin and any path dropped). */
export function actionName(uses: string): string {
  return uses.split('@')[0].split('/').slice(0, 2).join('/');
}

/** Files matching a glob (`*`, `**`, `?`) relative to `root`; a pattern without wildcards is that file. */
export function globFiles(root: string, pattern: string): string[] {
  const parts = pattern.split('/').filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  const walk = (dir: string, i: number): void => {
    if (i === parts.length) {
      if (fs.existsSync(dir) && fs.statSync(dir).isFile()) out.push(dir);
      else if (fs.existsSync(dir) && fs.statSync(dir).isDirectory()) for (const f of allFiles(dir)) out.push(f);
      return;
    }
    const part = parts[i];
    if (part === '**') {
      walk(dir, i + 1);
      for (const e of entries(dir)) if (e.isDirectory()) walk(path.join(dir, e.name), i);
      return;
    }
    if (!/[*?[]/.test(part)) {
      walk(path.join(dir, part), i + 1);
      return;
    }
    const re = new RegExp(`^${part.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]')}$`);
    for (const e of entries(dir)) if (re.test(e.name)) walk(path.join(dir, e.name), i + 1);
  };
  walk(root, 0);
  return [...new Set(out)].sort();
}

function entries(dir: string): fs.Dirent[] {
  return fs.existsSync(dir) && fs.statSync(dir).isDirectory() ? fs.readdirSync(dir, { withFileTypes: true }) : [];
}

function allFiles(dir: string): string[] {
  return entries(dir).flatMap((e) => (e.isDirectory() ? allFiles(path.join(dir, e.name)) : [path.join(dir, e.name)]));
}

/** The directory part of a pattern before its first wildcard. */
function literalPrefix(pattern: string): string {
  const parts = pattern.split('/');
  const i = parts.findIndex((p) => /[*?[]/.test(p));
  return i < 0 ? path.dirname(pattern) : parts.slice(0, i).join('/');
}

function commonDir(dirs: string[]): string {
  const split = dirs.map((d) => path.normalize(d).split(path.sep));
  const first = split[0];
  let n = 0;
  while (n < first.length && split.every((s) => s[n] === first[n])) n++;
  return first.slice(0, n).join(path.sep);
}

function copyTree(from: string, to: string): void {
  for (const file of allFiles(from)) {
    const target = path.join(to, path.relative(from, file));
    fs.mkdirSync(path.dirname(target), { recursive: true });
    fs.copyFileSync(file, target);
  }
}

function globRegex(pattern: string): RegExp {
  return new RegExp(`^${pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '.*').replace(/\?/g, '.')}$`);
}

async function checkout(ctx: ActionContext, w: Readonly<Record<string, string>>): Promise<ActionResult> {
  const ref = w.ref || ctx.sha;
  const full = w['fetch-depth'] === '0';
  // A clone of the rehearsal's bare remote: the history and tags (fetch-depth 0) or the commit alone, as checkout fetches them.
  const clone = await ctx.exec.run('git', ['clone', '--quiet', ...(full ? [] : ['--no-tags']), '--', ctx.remote, ctx.workspace]);
  if (clone.code !== 0) return { ok: false, did: 'git clone of the rehearsal remote failed', log: clone.stderr };
  const co = await ctx.exec.run('git', ['-c', 'advice.detachedHead=false', 'checkout', '--quiet', '--detach', ref], { cwd: ctx.workspace });
  if (co.code !== 0) return { ok: false, did: `git checkout ${ref} failed`, log: co.stderr };
  return { ok: true, did: `a clone of the rehearsal remote at ${ref.slice(0, 12)}${full ? ', with its tags' : ''}` };
}

function uploadArtifact(ctx: ActionContext, w: Readonly<Record<string, string>>): ActionResult {
  const patterns = (w.path ?? '').split('\n').map((p) => p.trim()).filter((p) => p !== '' && !p.startsWith('!'));
  const files = patterns.flatMap((p) => globFiles(ctx.workspace, p));
  const target = path.join(ctx.artifactsDir, w.name ?? 'artifact');
  if (files.length === 0) {
    const level = w['if-no-files-found'] ?? 'warn';
    return { ok: level !== 'error', did: `no file matched ${patterns.join(', ')} (if-no-files-found: ${level})` };
  }
  // upload-artifact keeps paths relative to the least common ancestor of the search paths.
  const root = commonDir(patterns.map((p) => path.join(ctx.workspace, literalPrefix(p))));
  if (w.overwrite === 'true') fs.rmSync(target, { recursive: true, force: true });
  for (const file of files) {
    const to = path.join(target, path.relative(root, file));
    fs.mkdirSync(path.dirname(to), { recursive: true });
    fs.copyFileSync(file, to);
  }
  return { ok: true, did: `${files.length} file(s) kept as artifact ${w.name} in the run's artifact directory` };
}

function downloadArtifact(ctx: ActionContext, w: Readonly<Record<string, string>>): ActionResult {
  const into = path.resolve(ctx.workspace, w.path ?? '.');
  const available = fs.existsSync(ctx.artifactsDir) ? fs.readdirSync(ctx.artifactsDir).sort() : [];
  if (w.name) {
    if (!available.includes(w.name)) return { ok: false, did: `artifact ${w.name} not found` };
    copyTree(path.join(ctx.artifactsDir, w.name), into);
    return { ok: true, did: `artifact ${w.name} from the run's artifact directory` };
  }
  const re = globRegex(w.pattern ?? '*');
  const matched = available.filter((a) => re.test(a));
  // download-artifact v8: one matching artifact, or merge-multiple, extracts into path itself; several
  // each into path/<name>. A pattern matching nothing downloads nothing and succeeds.
  const flat = w['merge-multiple'] === 'true' || matched.length === 1;
  for (const a of matched) copyTree(path.join(ctx.artifactsDir, a), flat ? into : path.join(into, a));
  if (matched.length === 0) return { ok: true, did: `no artifact of this run matches ${w.pattern}: nothing downloaded` };
  return { ok: true, did: `${matched.length} artifact(s) matching ${w.pattern} from the run's artifact directory` };
}

async function maturin(ctx: ActionContext, w: Readonly<Record<string, string>>): Promise<ActionResult> {
  const args = [w.command ?? 'build', ...(w.args ?? '').split(/\s+/).filter(Boolean)];
  if ((w.command ?? 'build') === 'build' && w.target) args.push('--target', w.target);
  const cwd = path.resolve(ctx.workspace, w['working-directory'] ?? '.');
  const r = await ctx.exec.run(ctx.tools.maturin, args, { cwd, env: ctx.env });
  const version = (await ctx.exec.run(ctx.tools.maturin, ['--version'])).stdout.trim();
  return {
    ok: r.code === 0,
    did: `${version} ${args.join(' ')} on this machine (the action's manylinux container and its maturin ${w['maturin-version'] ?? ''} download are not used)`,
    log: `${r.stdout}\n${r.stderr}`,
  };
}

/**
 * Issue 17: build-push-action. A rehearsal has no container builder, so nothing is built; with `push`, a
 * one-layer stand-in image naming the build context and Dockerfile is pushed under each tag to the rehearsal's
 * docker-registry (the tags name it: image-probe took the registry from LOCKSTEP_IMAGE_REGISTRY), and its digest
 * is the step's `digest` output, as the action's is.
 */
async function buildPush(w: Readonly<Record<string, string>>): Promise<ActionResult> {
  const built = `the image of ${w.context ?? '.'} (${w.file ?? 'Dockerfile'}) for ${w.platforms ?? 'the runner\'s platform'}`;
  const notRehearsable = `building ${built} (a rehearsal has no container builder)`;
  if (w.push !== 'true') return { ok: true, did: 'nothing: no image is built', notRehearsable };
  try {
    const refs = (w.tags ?? '').split('\n').map((t) => t.trim()).filter(Boolean).map(localImageRef);
    if (refs.length === 0) return { ok: false, did: 'no tags to push' };
    const repos = [...new Set(refs.map((r) => `${r.base}/v2/${r.repository}`))];
    if (repos.length !== 1) return { ok: false, did: `the tags name more than one image (${repos.join(', ')})` };
    const digest = await pushStandInImage(refs[0].base, refs[0].repository, refs.map((r) => r.tag), `stand-in for ${built}\n`);
    return { ok: true, did: `a one-layer stand-in image pushed as ${refs.map((r) => `${r.repository}:${r.tag}`).join(', ')} (${digest})`, notRehearsable, outputs: { digest } };
  } catch (e) {
    return { ok: false, did: 'pushing the stand-in image failed', log: (e as Error).message };
  }
}

/** Runs the local equivalent of one `uses:` step; an action the rehearsal does not know fails the step. */
export async function runAction(uses: string, w: Readonly<Record<string, string>>, ctx: ActionContext): Promise<ActionResult> {
  switch (actionName(uses)) {
    case 'actions/checkout': return checkout(ctx, w);
    case 'actions/setup-node': {
      const node = process.version;
      return { ok: true, did: `this machine's Node ${node} (the workflow asks for ${w['node-version'] ?? 'the default'})` };
    }
    case 'actions/setup-python': return { ok: true, did: `this machine's Python in the rehearsal's venv (the workflow asks for ${w['python-version'] ?? 'the default'})` };
    case 'actions/setup-go': return { ok: true, did: `this machine's Go (the workflow asks for ${w['go-version'] ?? 'the default'})` };
    case 'dtolnay/rust-toolchain': return { ok: true, did: `this machine's Rust toolchain (the workflow asks for ${w.toolchain ?? 'stable'}${w.targets ? `, targets ${w.targets}` : ''})` };
    case 'actions/upload-artifact': return uploadArtifact(ctx, w);
    case 'actions/download-artifact': return downloadArtifact(ctx, w);
    case 'PyO3/maturin-action': return maturin(ctx, w);
    case 'rust-lang/crates-io-auth-action':
      return {
        ok: true,
        did: 'a fixed token the local crates registry accepts',
        notRehearsable: 'crates.io trusted publishing (the job\'s OIDC token exchanged for a 30-minute publish token)',
        outputs: { token: ctx.cratesToken },
      };
    case 'docker/login-action':
      return { ok: true, did: 'nothing: the rehearsal\'s registry needs no sign-in', notRehearsable: `signing in to ${w.registry ?? 'the registry'} with the job token` };
    case 'docker/setup-qemu-action':
    case 'docker/setup-buildx-action':
      return { ok: true, did: 'nothing: no image is built in a rehearsal' };
    case 'docker/build-push-action': return buildPush(w);
    case 'actions/attest-build-provenance':
      return { ok: true, did: 'nothing: no attestation is made', notRehearsable: 'build provenance attestations (signed with the job\'s OIDC identity by Sigstore)' };
    default:
      return { ok: false, did: `the rehearsal has no local equivalent for ${uses}` };
  }
}
