import * as fs from 'fs';
import * as path from 'path';
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { cargoLockPackages } from '../../model';
import { Exec } from '../release/ports';

/**
 * Local equivalents for `run:` steps that fetch build tools a rehearsal cannot fetch, or should not build,
 * on this machine. Each is keyed on the step's command and the tool it fetches, not on a repository's names:
 * - a download of a GitHub release (`curl`/`wget` of `https://github.com/OWNER/REPO/releases/download/...`)
 *   of a tool this machine has installed: the download is not run (the machine does not reach GitHub), the
 *   steps that read the downloaded file are not run either, and the tools this machine has are put on the
 *   job's PATH instead, with their versions;
 * - `cargo install CRATE --version V`: a build of CRATE V that `.ci` installed (`.tools/cargo-install/CRATE-V`,
 *   the root `cargo install --root` left) is put in the job's CARGO_HOME as an installed package, so the
 *   step runs and cargo finds it installed instead of compiling it for minutes in every run;
 * - `wasm-pack build`: the wasm-bindgen CLI of the version the crate's Cargo.lock names is put on the step's
 *   PATH, where wasm-pack looks before it downloads one from GitHub.
 */

/** A GitHub release a workflow downloads, and what this machine has in its place. */
interface KnownRelease {
  /** The tools of the release a later step runs (found on this machine's PATH). */
  readonly tools: readonly string[];
  /** Where this machine's copies come from. */
  readonly from: string;
}

/**
 * GitHub releases whose tools a rehearsal takes from this machine. binaryen: wasm-pack runs its wasm-opt;
 * `.ci/install-wasm-tools.sh` installs Debian's binaryen.
 */
const KNOWN_RELEASES: Readonly<Record<string, KnownRelease>> = {
  'webassembly/binaryen': { tools: ['wasm-opt'], from: 'Debian\'s binaryen package (.ci/install-wasm-tools.sh)' },
};

/** A `run:` script's download of a GitHub release asset. */
export interface GithubDownload {
  /** `owner/repo`, as the URL spells it. */
  readonly repo: string;
  /** The release tag the URL names (after `/releases/download/`), with the step's variables expanded. */
  readonly tag?: string;
  /** The file it writes, as the script spells it (`$RUNNER_TEMP/x.tar.gz`): later steps that name it read it. */
  readonly output?: string;
}

function unquote(word: string): string {
  return /^(["']).*\1$/.test(word) ? word.slice(1, -1) : word;
}

const DOWNLOAD_URL = /https:\/\/github\.com\/([A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+)\/releases\/download\/([^/\s"']+)\//;

/**
 * The option naming the file a download writes: curl's `-o`/`--output` and wget's `-O`/`--output-document`
 * (curl's `-O` takes no value: it keeps the URL's file name), each a word of its own.
 */
const OUTPUT_OPTION: Readonly<Record<string, RegExp>> = {
  curl: /(?:^|\s)(?:-o|--output)(?:\s+|(?<=--output)=)("[^"]*"|'[^']*'|[^\s"']+)/,
  wget: /(?:^|\s)(?:-O|--output-document)(?:\s+|(?<=--output-document)=)("[^"]*"|'[^']*'|[^\s"']+)/,
};

/** The GitHub release download a script's command (one line, or one part of a `&&` chain) is, if any. */
function downloadIn(command: string, env: Readonly<Record<string, string>>): GithubDownload | undefined {
  const tool = /^\s*(curl|wget)\b/.exec(command)?.[1];
  if (tool === undefined) return undefined;
  const url = DOWNLOAD_URL.exec(command);
  if (!url) return undefined;
  const out = OUTPUT_OPTION[tool].exec(command);
  const tag = expand(url[2], env);
  return { repo: url[1], ...(tag ? { tag } : {}), ...(out ? { output: unquote(out[1]) } : {}) };
}

/** The GitHub release a `curl` or `wget` in the script downloads, if any. */
export function githubDownload(script: string, env: Readonly<Record<string, string>> = {}): GithubDownload | undefined {
  for (const command of commands(script)) {
    const found = downloadIn(command, env);
    if (found) return found;
  }
  return undefined;
}

/** A script's commands: its non-empty, non-comment lines, each split at `&&`, `||` and `;` (a pipeline stays whole). */
function commands(script: string): string[] {
  return script.split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#'))
    .flatMap((l) => l.split(/\s*(?:&&|\|\||;)\s*/))
    .filter((c) => c !== '');
}

/** Commands that only read a downloaded file: check it, unpack it, print it into a checker. */
const READERS = new Set(['echo', 'printf', 'cat', 'sha256sum', 'sha512sum', 'shasum', 'tar', 'unzip', 'gunzip', 'gzip', 'xz', 'mkdir']);

/** A command that puts a directory on the PATH (`echo DIR >> "$GITHUB_PATH"`, `export PATH=...`). */
function putsOnPath(command: string): boolean {
  return /^echo\s.*>>\s*["']?\$\{?GITHUB_PATH\}?["']?$/.test(command) || /^export\s+PATH=/.test(command);
}

/** A command that only reads one of `files`: each stage of its pipeline a reader, and it names the file. */
function onlyReads(command: string, files: readonly string[]): boolean {
  if (!files.some((f) => command.includes(f))) return false;
  return command.split('|').every((stage) => READERS.has(stage.trim().split(/\s+/)[0] ?? ''));
}

/**
 * The commands of a script that do more than fetch a known download, read it, or put a directory on the
 * PATH: a step with any of them cannot be stood in for, as leaving it out would leave them out too.
 */
function otherCommands(script: string, env: Readonly<Record<string, string>>, files: readonly string[]): string[] {
  return commands(script).filter((c) => downloadIn(c, env) === undefined && !onlyReads(c, files) && !putsOnPath(c));
}

/** What a rehearsal did in place of a step, or before it. */
export interface Equivalent {
  /** Run the step after all (true), or leave it out (false). */
  readonly run: boolean;
  /** One line for the step's report. */
  readonly note: string;
  /** Set when what the step does cannot happen here: what, and what replaced it. */
  readonly notRehearsable?: string;
  /** Directories to put first on the job's PATH (from this step on). */
  readonly jobPath?: readonly string[];
  /** Directories to put first on this step's PATH only. */
  readonly stepPath?: readonly string[];
  /** A file the step would have made, which later steps of the job must not read. */
  readonly notFetched?: string;
  /** Set when the step cannot run as it should here: why (the step fails with it). */
  readonly failure?: string;
  /** After the step ran (`ok`: it succeeded): the note, corrected when the step failed or did not use the equivalent. */
  readonly after?: (ok: boolean) => string;
}

/** Where the `.ci` scripts left what a rehearsal uses in place of downloads and builds. */
export interface BuildTools {
  /** `cargo install --root` roots, one per `CRATE-VERSION`. */
  readonly cargoInstalls: string;
  /** The directory to link the job's stand-in tools into (one per job). */
  readonly jobBin: string;
  /** The PATH the job's steps start from, to find this machine's tools on. */
  readonly path: string;
  readonly exec: Exec;
}

function which(tool: string, searchPath: string): string | undefined {
  for (const dir of searchPath.split(path.delimiter).filter(Boolean)) {
    const file = path.join(dir, tool);
    try {
      fs.accessSync(file, fs.constants.X_OK);
      if (fs.statSync(file).isFile()) return file;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

function link(target: string, dir: string, name: string): void {
  fs.mkdirSync(dir, { recursive: true });
  fs.rmSync(path.join(dir, name), { force: true });
  fs.symlinkSync(target, path.join(dir, name));
}

async function versionOf(exec: Exec, tool: string): Promise<string> {
  const r = await exec.run(tool, ['--version']);
  return r.code === 0 ? r.stdout.trim().split('\n')[0] : `its --version failed: ${r.stderr.trim().split('\n')[0] ?? ''}`;
}

/** One command for a report, shortened. */
function shown(command: string): string {
  return command.length > 80 ? `${command.slice(0, 77)}...` : command;
}

/**
 * The local equivalent of a step downloading a GitHub release: this machine's copies of its tools, linked
 * into the job's own bin directory (first on its PATH), named with their versions beside the release the
 * workflow pins. Undefined for a release the rehearsal does not know: the step runs as written (and fails
 * where GitHub is out of reach). A step that also runs other commands fails: leaving it out would leave them
 * out unseen, and running it would reach GitHub.
 */
export async function githubDownloadEquivalent(
  download: GithubDownload, tools: BuildTools,
  step: { readonly name?: string; readonly script?: string; readonly env?: Readonly<Record<string, string>> } = {},
): Promise<Equivalent | undefined> {
  const known = KNOWN_RELEASES[download.repo.toLowerCase()];
  if (known === undefined) return undefined;
  const others = step.script === undefined ? [] : otherCommands(step.script, step.env ?? {}, download.output ? [download.output] : []);
  if (others.length > 0) {
    const what = `${step.name ? `step ${step.name}` : 'the step'} downloads ${download.repo.split('/')[1]} from GitHub and also runs ${others.map((c) => `\`${shown(c)}\``).join(', ')}`;
    return { run: false, note: `not run: ${what}`, failure: `${what}: the rehearsal cannot stand in for it; split the step` };
  }
  const what = `downloading ${download.repo}'s release from GitHub (a rehearsal does not reach GitHub)`;
  const found: string[] = [];
  const versions: string[] = [];
  for (const tool of known.tools) {
    const file = which(tool, tools.path);
    if (file === undefined) {
      return {
        run: false,
        note: `not run: ${what}, and ${tool} is not on this machine's PATH`,
        failure: `${tool} is missing: install ${known.from}`,
      };
    }
    link(file, tools.jobBin, tool);
    const version = await versionOf(tools.exec, file);
    versions.push(version);
    found.push(`${tool} (${version}, ${file})`);
  }
  // The release the workflow pins and the version this machine has can differ (Debian's binaryen is older):
  // both are named, so a difference in the output is read against them.
  const pins = download.tag ? `: the workflow pins ${download.tag}; this machine has ${versions.join(', ')}` : '';
  const instead = `this machine's ${found.join(', ')} from ${known.from}, put on the job's PATH`;
  return {
    run: false,
    note: `not run: ${instead} instead${pins}`,
    notRehearsable: `${what}, and the steps that read the download: ${instead}${pins}`,
    jobPath: [tools.jobBin],
    ...(download.output ? { notFetched: download.output } : {}),
  };
}

/**
 * The step that reads a file an earlier download did not fetch: not run, naming the file, when all it does
 * is read the file or put a directory on the PATH; failed when it also runs anything else.
 */
export function readsNotFetched(script: string, notFetched: readonly string[], name = ''): Equivalent | undefined {
  const file = notFetched.find((f) => script.includes(f));
  if (file === undefined) return undefined;
  const others = otherCommands(script, {}, notFetched);
  if (others.length > 0) {
    const what = `${name ? `step ${name}` : 'the step'} reads ${file}, which the download step did not fetch, and also runs ${others.map((c) => `\`${shown(c)}\``).join(', ')}`;
    return { run: false, note: `not run: ${what}`, failure: `${what}: the rehearsal cannot stand in for it; split the step` };
  }
  return { run: false, note: `not run: it reads ${file}, which the download step did not fetch (its local equivalent is on the job's PATH)` };
}

/** A `cargo install` of one crate at one version, with the script's variables expanded. */
export interface CargoInstall {
  readonly crate: string;
  readonly version?: string;
}

/** `cargo install`'s options that take a value (the crate is the first word that is neither). */
const CARGO_INSTALL_VALUES = new Set(['--version', '--vers', '--git', '--branch', '--tag', '--rev', '--path', '--root', '--index', '--registry',
  '--features', '-F', '--target', '--target-dir', '--profile', '--bin', '--example', '-j', '--jobs', '--config', '-Z', '--color']);

function expand(word: string, env: Readonly<Record<string, string>>): string {
  return unquote(word).replace(/\$\{([A-Za-z_][A-Za-z0-9_]*)\}|\$([A-Za-z_][A-Za-z0-9_]*)/g, (_, a: string | undefined, b: string | undefined) => env[a ?? b ?? ''] ?? '');
}

/** The crate and version of the script's `cargo install`, if it has one installing a single crate. */
export function cargoInstall(script: string, env: Readonly<Record<string, string>>): CargoInstall | undefined {
  const line = script.split('\n').find((l) => /^\s*cargo\s+install\s/.test(l));
  if (line === undefined) return undefined;
  const words = line.trim().split(/\s+/).slice(2);
  const crates: string[] = [];
  let version: string | undefined;
  for (let i = 0; i < words.length; i++) {
    const w = words[i];
    if (w === '--version' || w === '--vers') version = expand(words[++i] ?? '', env);
    else if (w.startsWith('--version=')) version = expand(w.slice('--version='.length), env);
    else if (CARGO_INSTALL_VALUES.has(w)) i++;
    else if (!w.startsWith('-')) crates.push(expand(w, env));
  }
  if (crates.length !== 1) return undefined;
  const [crate, at] = crates[0].split('@');
  const v = (at ?? version)?.replace(/^=/, '');
  return { crate, ...(v ? { version: v } : {}) };
}

/** The package ids cargo's install records name (`NAME VERSION (SOURCE)`), from a root's .crates2.json. */
function recordedInstalls(root: string): Record<string, unknown> {
  const file = path.join(root, '.crates2.json');
  if (!fs.existsSync(file)) return {};
  return (JSON.parse(fs.readFileSync(file, 'utf8')) as { installs?: Record<string, unknown> }).installs ?? {};
}

/**
 * Merges the install records of `from` (a `cargo install --root` root) into `cargoHome`, and links its
 * binaries there: cargo then counts the package as installed (it keeps both records in step, and drops a
 * .crates2.json entry that .crates.toml lacks, so both are written). Returns the binaries linked.
 */
export function seedInstalled(from: string, cargoHome: string): string[] {
  const installs = recordedInstalls(from);
  const v1From = parseToml(fs.readFileSync(path.join(from, '.crates.toml'), 'utf8')) as { v1?: Record<string, string[]> };
  const v1File = path.join(cargoHome, '.crates.toml');
  const v2File = path.join(cargoHome, '.crates2.json');
  const v1 = fs.existsSync(v1File) ? parseToml(fs.readFileSync(v1File, 'utf8')) as { v1?: Record<string, string[]> } : {};
  const v2 = fs.existsSync(v2File) ? JSON.parse(fs.readFileSync(v2File, 'utf8')) as { installs?: Record<string, unknown> } : {};
  fs.mkdirSync(path.join(cargoHome, 'bin'), { recursive: true });
  fs.writeFileSync(v1File, stringifyToml({ ...v1, v1: { ...(v1.v1 ?? {}), ...(v1From.v1 ?? {}) } }));
  fs.writeFileSync(v2File, `${JSON.stringify({ ...v2, installs: { ...(v2.installs ?? {}), ...installs } })}\n`);
  const bins = Object.values(v1From.v1 ?? {}).flat();
  for (const bin of bins) link(path.join(from, 'bin', bin), path.join(cargoHome, 'bin'), bin);
  return bins;
}

/**
 * The local equivalent of `cargo install CRATE --version V` in the job's CARGO_HOME: the `.ci` build of
 * CRATE V put there as installed, before the step runs (it runs, and finds it). Undefined when the step
 * installs something else, or no version, or the `.ci` scripts built no such crate: the step runs as written.
 */
export function cargoInstallEquivalent(install: CargoInstall, cargoHome: string | undefined, tools: BuildTools): Equivalent | undefined {
  if (install.version === undefined || cargoHome === undefined) return undefined;
  const root = path.join(tools.cargoInstalls, `${install.crate}-${install.version}`);
  if (!fs.existsSync(path.join(root, '.crates2.json')) || !fs.existsSync(path.join(root, '.crates.toml'))) return undefined;
  const bins = seedInstalled(root, cargoHome);
  const put = `${install.crate} ${install.version} built once by the .ci scripts (${fs.realpathSync(root)}) was put in the job's CARGO_HOME as installed `
    + `(${bins.join(', ')} and cargo's install records)`;
  const note = `${put}, so cargo install found it instead of compiling it in every run`;
  return {
    run: true,
    note,
    after: (ok) => {
      if (!ok) return `${put}, but the step failed`;
      // cargo replaces the links when it installs after all (its records did not match: another rustc, other features).
      return bins.every((b) => fs.lstatSync(path.join(cargoHome, 'bin', b), { throwIfNoEntry: false })?.isSymbolicLink())
        ? note
        : `${install.crate} ${install.version} built once by the .ci scripts was put in the job's CARGO_HOME as installed, but cargo built it again (its install records did not match this step's)`;
    },
  };
}

/** The version of `name` in a Cargo.lock (`file` names it in an error), if the lock has exactly one. */
export function lockedVersion(file: string, lockText: string, name: string): string | undefined {
  const found = cargoLockPackages(file, lockText).filter((p) => p.name === name);
  return found.length === 1 && typeof found[0].version === 'string' ? found[0].version : undefined;
}

/** The Cargo.lock cargo uses for a crate in `dir`: the nearest one at or above it, inside `workspace`. */
function nearestLock(dir: string, workspace: string): string | undefined {
  for (let d = dir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, 'Cargo.lock'))) return path.join(d, 'Cargo.lock');
    if (path.relative(workspace, d) === '' || path.relative(workspace, d).startsWith('..') || path.dirname(d) === d) return undefined;
  }
}

/**
 * Before a `wasm-pack build`: the wasm-bindgen CLI of the version the crate's lock names, first on the
 * step's PATH. wasm-pack runs a wasm-bindgen of that version found on PATH, and otherwise downloads
 * wasm-bindgen-cli from GitHub, which a rehearsal cannot reach; without a `.ci` build of that version the
 * step fails here, naming the command that builds it.
 */
export async function wasmPackEquivalent(script: string, cwd: string, workspace: string, tools: BuildTools): Promise<Equivalent | undefined> {
  if (!/(^|[\s;&|(])wasm-pack\s+build\b/.test(script)) return undefined;
  const lock = nearestLock(cwd, workspace);
  if (lock === undefined) return undefined;
  let version: string | undefined;
  try {
    version = lockedVersion(path.relative(workspace, lock), fs.readFileSync(lock, 'utf8'), 'wasm-bindgen');
  } catch (e) {
    return { run: false, note: `not run: ${path.relative(workspace, lock)} is not a Cargo.lock cargo reads`, failure: (e as Error).message };
  }
  if (version === undefined) return undefined;
  const root = path.join(tools.cargoInstalls, `wasm-bindgen-cli-${version}`);
  const bin = path.join(root, 'bin', 'wasm-bindgen');
  const lockName = path.relative(workspace, lock);
  if (!fs.existsSync(bin)) {
    return {
      run: false,
      note: `not run: wasm-bindgen ${version} (the version ${lockName} names) is not built on this machine, and wasm-pack would download it from GitHub`,
      failure: `build it once: cargo install --locked wasm-bindgen-cli --version =${version} --root ${root}`,
    };
  }
  const stepBin = path.join(tools.jobBin, `wasm-bindgen-${version}`);
  link(bin, stepBin, 'wasm-bindgen');
  return {
    run: true,
    note: `${await versionOf(tools.exec, bin)} (the version ${lockName} names), built once by the .ci scripts, first on the step's PATH: wasm-pack runs it instead of downloading wasm-bindgen-cli from GitHub`,
    stepPath: [stepBin],
  };
}

/** What a job's `run:` step needs for the equivalents above. */
export interface StepContext {
  /** The step's name, for a failure. */
  readonly name?: string;
  readonly script: string;
  /** The step's environment (its variables, CARGO_HOME). */
  readonly env: Readonly<Record<string, string>>;
  readonly cwd: string;
  readonly workspace: string;
  /** Files earlier downloads of the job did not fetch. */
  readonly notFetched: readonly string[];
}

/** The local equivalent of a job's `run:` step, or undefined when it runs as written. */
export async function stepEquivalent(step: StepContext, tools: BuildTools): Promise<Equivalent | undefined> {
  const reads = readsNotFetched(step.script, step.notFetched, step.name);
  if (reads) return reads;
  const download = githubDownload(step.script, step.env);
  if (download) return githubDownloadEquivalent(download, tools, step);
  const install = cargoInstall(step.script, step.env);
  if (install) return cargoInstallEquivalent(install, step.env.CARGO_HOME, tools);
  return wasmPackEquivalent(step.script, step.cwd, step.workspace, tools);
}
