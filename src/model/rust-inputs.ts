import { CargoManifest, isTable } from './manifests';
import { PathPatternList } from './path-pattern';
import { RepoReader, dirOf, isInsideRepo, joinRepoPath } from './repo';

/**
 * What a crate's build and tests read, as far as its manifest and its sources say: the manifest, the build
 * script, its targets' source folders (declared and auto-discovered), the files its sources name in
 * `include_str!`, `include_bytes!`, `include!` and `#[path]`, and the crates it depends on by path.
 */
export interface CrateInputs {
  /** Path patterns the crate reads (directories stand for everything below them). */
  readonly patterns: string[];
  /** Manifests of the crates it depends on by path, of every kind (normal, dev, build, per target, patches). */
  readonly pathDependencies: string[];
  /** Set when nothing short of the crate's whole directory is safe, saying why. */
  readonly wholeDirectory?: string;
}

type Table = Record<string, unknown>;

const TARGET_KINDS = ['bin', 'example', 'test', 'bench'] as const;

/** A directory as a pattern: `**` for the repository root, which a plain `.` would not match. */
export function directoryPattern(dir: string): string {
  return dir === '.' ? '**' : dir;
}

/** Reads what a crate's build and tests read. `root` is its Cargo workspace root, when it has one. */
export function crateInputs(crate: CargoManifest, root: CargoManifest | undefined, repo: RepoReader): CrateInputs {
  const dir = dirOf(crate.file);
  const folders = targetFolders(crate, repo);
  const build = buildScriptOf(crate);
  const patterns = [crate.file, ...folders.patterns, ...(build ? [build] : [])];
  const reasons: string[] = folders.wholeDirectory ? [folders.wholeDirectory] : [];
  const sourceList = PathPatternList.parse(folders.patterns);
  for (const file of repo.filesUnder(dir).filter((f) => f.endsWith('.rs') && sourceList.match(f) !== undefined)) {
    const found = includedFiles(file, dir, repo.read(file) ?? '');
    patterns.push(...found.files);
    if (found.unresolved) reasons.push(`${file} includes ${found.unresolved}, which names no fixed file`);
  }
  if (build !== undefined) {
    const text = repo.read(build);
    const reruns = text === undefined ? undefined : rerunIfChanged(text, dir);
    if (text !== undefined && reruns === undefined) reasons.push(`its build script ${build} does not say which files it reads (cargo:rerun-if-changed)`);
    patterns.push(...(reruns ?? []));
  }
  return {
    patterns: [...new Set(patterns)],
    pathDependencies: pathDependencies(crate, root),
    ...(reasons.length > 0 ? { wholeDirectory: reasons[0] } : {}),
  };
}

/**
 * Source folders of every target: the folder of each declared target's root file, `src` (the default
 * library, binary and `src/bin`), and, unless auto-discovery is off, `tests`, `benches` and the examples
 * cargo discovers (`examples/*.rs`, `examples/<name>/main.rs`). A target whose root file sits in the
 * crate's directory itself makes the whole directory a source folder.
 */
function targetFolders(crate: CargoManifest, repo: RepoReader): { patterns: string[]; wholeDirectory?: string } {
  const dir = dirOf(crate.file);
  const at = (p: string) => joinRepoPath(dir, p);
  const raw = crate.raw;
  const pkg: Table = isTable(raw.package) ? raw.package : {};
  const folders = new Set<string>([at('src')]);
  let wholeDirectory: string | undefined;
  const addFileFolder = (file: string) => {
    if (!isInsideRepo(joinRepoPath(dir, file))) return;
    const folder = dirOf(at(file));
    if (folder === dir) wholeDirectory ??= `a target's root file (${at(file)}) sits in the crate's directory itself`;
    folders.add(folder);
  };
  const lib = isTable(raw.lib) ? raw.lib : undefined;
  if (typeof lib?.path === 'string') addFileFolder(lib.path);
  for (const kind of TARGET_KINDS) {
    for (const target of tablesOf(raw[kind])) {
      if (typeof target.path === 'string') addFileFolder(target.path);
      else if (kind === 'example' && typeof target.name === 'string') folders.add(at(`examples/${target.name}`)).add(at(`examples/${target.name}.rs`));
    }
  }
  if (pkg.autotests !== false) folders.add(at('tests'));
  if (pkg.autobenches !== false) folders.add(at('benches'));
  if (pkg.autoexamples !== false) {
    folders.add(at('examples/*.rs')).add(at('examples/*/main.rs'));
    // An example's folder holds its modules too; a folder under examples/ with Rust files is one.
    for (const f of repo.filesUnder(at('examples'))) {
      const rest = f.slice(at('examples').length + 1).split('/');
      if (rest.length === 2 && rest[1].endsWith('.rs')) folders.add(at(`examples/${rest[0]}`));
    }
  }
  return { patterns: [...folders].map(directoryPattern), ...(wholeDirectory ? { wholeDirectory } : {}) };
}

function tablesOf(v: unknown): Table[] {
  return Array.isArray(v) ? v.filter(isTable) : [];
}

/** The crate's build script: `package.build`, or `build.rs` (which cargo picks up by itself, so always named). */
function buildScriptOf(crate: CargoManifest): string | undefined {
  const pkg: Table = isTable(crate.raw.package) ? crate.raw.package : {};
  if (pkg.build === false) return undefined;
  return joinRepoPath(dirOf(crate.file), typeof pkg.build === 'string' ? pkg.build : 'build.rs');
}

/**
 * The files a build script asks cargo to watch (`cargo:rerun-if-changed=PATH` or `cargo::…`, relative to
 * the crate), or undefined when it names none or builds one from a variable: then cargo re-runs it on any
 * change in the package, and so must CI.
 */
function rerunIfChanged(text: string, crateDir: string): string[] | undefined {
  const found: string[] = [];
  for (const m of text.matchAll(/cargo::?rerun-if-changed=([^"\\]*)"/g)) {
    const path = m[1].trim();
    if (path === '' || path.includes('{')) return undefined;
    const file = joinRepoPath(crateDir, path);
    if (isInsideRepo(file)) found.push(file);
  }
  return found.length > 0 ? found : undefined;
}

/** Files one Rust source names through include macros and `#[path]`; `unresolved` holds the first it cannot. */
function includedFiles(file: string, crateDir: string, text: string): { files: string[]; unresolved?: string } {
  const files: string[] = [];
  let unresolved: string | undefined;
  const code = text.split('\n').map((line) => (/^[^"]*\/\//.test(line) ? line.slice(0, line.indexOf('//')) : line)).join('\n');
  for (const m of code.matchAll(/\b(include_str|include_bytes|include)!\s*\(/g)) {
    const arg = balancedArgument(code, m.index + m[0].length);
    const target = includeTarget(arg, dirOf(file), crateDir);
    if (target === 'generated') continue;
    if (target === undefined) unresolved ??= `${m[1]}!(${arg.trim()})`;
    else if (isInsideRepo(target)) files.push(target);
  }
  for (const m of code.matchAll(/#\[\s*path\s*=\s*"([^"]+)"\s*\]/g)) {
    const target = joinRepoPath(dirOf(file), m[1]);
    if (isInsideRepo(target)) files.push(target);
  }
  return { files, ...(unresolved ? { unresolved } : {}) };
}

/** The text up to the parenthesis closing the one before `start`, skipping string contents. */
function balancedArgument(code: string, start: number): string {
  let depth = 1;
  let inString = false;
  for (let i = start; i < code.length; i++) {
    const c = code[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
    } else if (c === '(') {
      depth++;
    } else if (c === ')' && --depth === 0) {
      return code.slice(start, i);
    }
  }
  return code.slice(start);
}

/**
 * The file an include macro's argument names: a string literal (relative to the including file), or
 * `concat!(env!("CARGO_MANIFEST_DIR"), "…")` (relative to the crate). `generated` for a file under
 * `OUT_DIR`, which the build script writes; undefined for anything else.
 */
function includeTarget(arg: string, fileDir: string, crateDir: string): string | 'generated' | undefined {
  const literal = /^\s*r?(#*)"([^"]*)"\1\s*$/.exec(arg);
  if (literal) return joinRepoPath(fileDir, literal[2]);
  if (/env!\s*\(\s*"OUT_DIR"\s*\)/.test(arg)) return 'generated';
  const manifestDir = /^\s*concat!\s*\(\s*env!\s*\(\s*"CARGO_MANIFEST_DIR"\s*\)\s*((?:,\s*"[^"]*"\s*)+),?\s*\)\s*$/.exec(arg);
  if (manifestDir) {
    const rest = [...manifestDir[1].matchAll(/"([^"]*)"/g)].map((x) => x[1]).join('');
    return joinRepoPath(crateDir, rest.replace(/^\/+/, ''));
  }
  return undefined;
}

/**
 * Manifests of the crates a crate depends on by path: `path = …` in any dependency table (normal, dev,
 * build, per target), `x.workspace = true` resolved through the workspace root, and the root's
 * `[patch.*]` paths, which replace a crate for every member.
 */
function pathDependencies(crate: CargoManifest, root: CargoManifest | undefined): string[] {
  const dir = dirOf(crate.file);
  const found = new Set<string>();
  const add = (base: string, path: string) => {
    const manifest = joinRepoPath(base, path, 'Cargo.toml');
    if (isInsideRepo(manifest)) found.add(manifest);
  };
  for (const dep of crate.dependencies) {
    if (dep.keyPath[0] === 'workspace') continue;
    if (dep.path !== undefined) {
      add(dir, dep.path);
    } else if (dep.inheritsWorkspace && root) {
      const key = dep.keyPath[dep.keyPath.length - 1];
      const shared = root.dependencies.find((d) => d.keyPath[0] === 'workspace' && d.keyPath[2] === key);
      if (shared?.path !== undefined) add(dirOf(root.file), shared.path);
    }
  }
  const patch = root && isTable(root.raw.patch) ? root.raw.patch : {};
  for (const source of Object.values(patch).filter(isTable)) {
    for (const entry of Object.values(source).filter(isTable)) {
      if (typeof entry.path === 'string') add(dirOf(root!.file), entry.path);
    }
  }
  found.delete(crate.file);
  return [...found].sort();
}
