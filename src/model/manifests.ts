import { parse as parseTomlText, TomlError } from 'smol-toml';
import { ManifestError } from './errors';
import { PythonVersionFile, UnsupportedVersionSource, dynamicVersionSource } from './python-version-file';

/**
 * Readers for the manifests a polyglot monorepo has. Each reader parses a file for real (TOML with
 * smol-toml, JSON natively) and returns where versions and dependencies live as key paths, which are the
 * same whatever the file's layout (inline table, `[dependencies.x]`, dotted keys). Values are read at
 * release time, not stored in the plan, so a bump never makes the plan stale.
 */

/** Location of a value inside a parsed manifest: object keys and array indexes from the root. */
export type KeyPath = Array<string | number>;

type Table = Record<string, unknown>;

/** Parses TOML, turning a syntax error into a ManifestError naming the file and line. */
export function parseToml(file: string, text: string): Table {
  try {
    return parseTomlText(text) as Table;
  } catch (e) {
    if (e instanceof TomlError) {
      throw new ManifestError(file, `invalid TOML: ${firstLine(e.message)}`, e.line);
    }
    throw e;
  }
}

/** Parses JSON, turning a syntax error into a ManifestError naming the file and line. */
export function parseJson(file: string, text: string): Table {
  let value: unknown;
  try {
    value = JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (e) {
    const pos = /position (\d+)/.exec(String((e as Error).message));
    const line = pos ? text.slice(0, Number(pos[1])).split('\n').length : undefined;
    throw new ManifestError(file, `invalid JSON: ${(e as Error).message}`, line);
  }
  if (!isTable(value)) throw new ManifestError(file, 'expected a JSON object at the top level');
  return value;
}

function firstLine(s: string): string {
  return s.split('\n')[0];
}

/** True for a plain object (a TOML table or JSON object). */
export function isTable(v: unknown): v is Table {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

// ---------------------------------------------------------------------------------------------- Cargo

/** A dependency entry in any Cargo dependency table. */
export interface CargoDependency {
  /** Key path of the entry itself (its value is a string or a table). */
  readonly keyPath: KeyPath;
  /** Crate name depended on (after a `package = "..."` rename). */
  readonly crate: string;
  /** Key path of the version requirement, when the entry has one. */
  readonly versionKeyPath?: KeyPath;
  /** The version requirement text, when the entry has one. */
  readonly version?: string;
  /** `path = ...` of the entry, when it has one. */
  readonly path?: string;
  /** True for `x.workspace = true`. */
  readonly inheritsWorkspace: boolean;
}

/** What the release plan needs from a Cargo.toml. */
export interface CargoManifest {
  readonly file: string;
  readonly packageName?: string;
  /** The literal `[package].version`, absent when inherited or missing. */
  readonly version?: string;
  /** True for `version.workspace = true`. */
  readonly versionInherited: boolean;
  readonly publish: boolean;
  readonly crateTypes: string[];
  /** `[workspace]` of a workspace root. */
  readonly workspace?: {
    readonly members: string[];
    readonly exclude: string[];
    /** `[workspace.package].version`, when present. */
    readonly packageVersion?: string;
  };
  readonly dependencies: CargoDependency[];
  /** `[package.metadata]` and similar, for discovery heuristics. */
  readonly raw: Table;
}

const CARGO_DEP_TABLES = ['dependencies', 'dev-dependencies', 'build-dependencies', 'dev_dependencies', 'build_dependencies'];

/** Reads a Cargo.toml. */
export function readCargoManifest(file: string, text: string): CargoManifest {
  const doc = parseToml(file, text);
  const pkg = isTable(doc.package) ? doc.package : undefined;
  const ws = isTable(doc.workspace) ? doc.workspace : undefined;
  const versionValue = pkg?.version;
  const lib = isTable(doc.lib) ? doc.lib : undefined;
  const dependencies: CargoDependency[] = [];
  for (const table of CARGO_DEP_TABLES) collectCargoDeps(doc[table], [table], dependencies);
  if (isTable(doc.target)) {
    for (const [cfg, body] of Object.entries(doc.target)) {
      if (!isTable(body)) continue;
      for (const table of CARGO_DEP_TABLES) collectCargoDeps(body[table], ['target', cfg, table], dependencies);
    }
  }
  if (ws) collectCargoDeps(ws.dependencies, ['workspace', 'dependencies'], dependencies);
  const wsPackage = ws && isTable(ws.package) ? ws.package : undefined;
  return {
    file,
    packageName: str(pkg?.name),
    version: str(versionValue),
    versionInherited: isTable(versionValue) && versionValue.workspace === true,
    publish: pkg?.publish !== false && !(Array.isArray(pkg?.publish) && pkg.publish.length === 0),
    crateTypes: Array.isArray(lib?.['crate-type']) ? (lib['crate-type'] as unknown[]).filter((x): x is string => typeof x === 'string') : [],
    workspace: ws
      ? {
        members: stringArray(ws.members),
        exclude: stringArray(ws.exclude),
        packageVersion: str(wsPackage?.version),
      }
      : undefined,
    dependencies,
    raw: doc,
  };
}

function collectCargoDeps(table: unknown, at: KeyPath, out: CargoDependency[]): void {
  if (!isTable(table)) return;
  for (const [key, value] of Object.entries(table)) {
    const keyPath = [...at, key];
    if (typeof value === 'string') {
      out.push({ keyPath, crate: key, version: value, versionKeyPath: keyPath, inheritsWorkspace: false });
    } else if (isTable(value)) {
      const version = str(value.version);
      out.push({
        keyPath,
        crate: str(value.package) ?? key,
        version,
        versionKeyPath: version === undefined ? undefined : [...keyPath, 'version'],
        path: str(value.path),
        inheritsWorkspace: value.workspace === true,
      });
    }
  }
}

function stringArray(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

// ------------------------------------------------------------------------------------------------ npm

/** The four package.json tables that can pin a sibling package. */
export const NPM_DEP_TABLES = ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies'] as const;

/** A dependency entry in a package.json. */
export interface NpmDependency {
  readonly keyPath: KeyPath;
  readonly name: string;
  readonly range: string;
}

/** What the release plan needs from a package.json. */
export interface NpmManifest {
  readonly file: string;
  readonly name?: string;
  readonly version?: string;
  readonly private: boolean;
  readonly workspaces: string[];
  readonly dependencies: NpmDependency[];
  /** True when package.json has a `napi` field (a napi-rs package). */
  readonly napi: boolean;
  /** The `napi` config as written (its targets depend on the napi CLI major: see napi-targets.ts). */
  readonly napiConfig?: Readonly<Record<string, unknown>>;
  /**
   * For a napi-rs package, the name its platform packages are named after (`<name>-linux-x64-gnu`): v3
   * `napi.packageName`, v2 `napi.package.name`, else the package's own name.
   */
  readonly napiPackageName?: string;
  /** `scripts.test`, the command `npm test` runs (absent when there is none). */
  readonly testScript?: string;
}

/** napi-rs v3 `napi.packageName`, or v2 `napi.package.name`. */
function napiPackageNameOf(napi: Table): string | undefined {
  return str(napi.packageName) ?? (isTable(napi.package) ? str(napi.package.name) : undefined);
}

/** Reads a package.json. */
export function readNpmManifest(file: string, text: string): NpmManifest {
  const doc = parseJson(file, text);
  const dependencies: NpmDependency[] = [];
  for (const table of NPM_DEP_TABLES) {
    const deps = doc[table];
    if (!isTable(deps)) continue;
    for (const [name, range] of Object.entries(deps)) {
      if (typeof range === 'string') dependencies.push({ keyPath: [table, name], name, range });
    }
  }
  const ws = doc.workspaces;
  return {
    file,
    name: str(doc.name),
    version: str(doc.version),
    private: doc.private === true,
    workspaces: Array.isArray(ws) ? stringArray(ws) : isTable(ws) ? stringArray(ws.packages) : [],
    dependencies,
    napi: isTable(doc.napi),
    ...(isTable(doc.napi) ? { napiConfig: doc.napi } : {}),
    napiPackageName: isTable(doc.napi) ? napiPackageNameOf(doc.napi) ?? str(doc.name) : undefined,
    ...(isTable(doc.scripts) && str(doc.scripts.test) !== undefined ? { testScript: str(doc.scripts.test) } : {}),
  };
}

// --------------------------------------------------------------------------------------------- Python

/** A PEP 508 requirement string in `[project].dependencies` or an optional-dependencies group. */
export interface PythonDependency {
  readonly keyPath: KeyPath;
  /** The distribution name, normalized (PEP 503). */
  readonly name: string;
  readonly requirement: string;
}

/** What the release plan needs from a pyproject.toml. */
export interface PyprojectManifest {
  readonly file: string;
  /** `[project].name` or `[tool.poetry].name`. */
  readonly name?: string;
  /** Key path of the literal version, when there is one. */
  readonly versionKeyPath?: KeyPath;
  readonly version?: string;
  /** True when `[project].dynamic` lists `version` (maturin then takes it from Cargo.toml). */
  readonly dynamicVersion: boolean;
  readonly buildBackend?: string;
  /** `[tool.maturin].manifest-path`, when set. */
  readonly maturinManifestPath?: string;
  /** With a dynamic version: the Python file its backend reads it from, or why the bump cannot follow it. */
  readonly versionSource?: PythonVersionFile | UnsupportedVersionSource;
  readonly dependencies: PythonDependency[];
}

/** Reads a pyproject.toml. */
export function readPyproject(file: string, text: string): PyprojectManifest {
  const doc = parseToml(file, text);
  const project = isTable(doc.project) ? doc.project : undefined;
  const tool = isTable(doc.tool) ? doc.tool : undefined;
  const poetry = tool && isTable(tool.poetry) ? tool.poetry : undefined;
  const maturin = tool && isTable(tool.maturin) ? tool.maturin : undefined;
  const buildSystem = isTable(doc['build-system']) ? doc['build-system'] : undefined;
  let versionKeyPath: KeyPath | undefined;
  let version: string | undefined;
  if (str(project?.version) !== undefined) {
    versionKeyPath = ['project', 'version'];
    version = str(project!.version);
  } else if (str(poetry?.version) !== undefined) {
    versionKeyPath = ['tool', 'poetry', 'version'];
    version = str(poetry!.version);
  }
  const dependencies: PythonDependency[] = [];
  const addReqs = (list: unknown, at: KeyPath): void => {
    if (!Array.isArray(list)) return;
    list.forEach((req, i) => {
      if (typeof req !== 'string') return;
      const m = /^\s*([A-Za-z0-9][A-Za-z0-9._-]*)/.exec(req);
      if (m) dependencies.push({ keyPath: [...at, i], name: normalizePythonName(m[1]), requirement: req });
    });
  };
  addReqs(project?.dependencies, ['project', 'dependencies']);
  const optional = project?.['optional-dependencies'];
  if (isTable(optional)) {
    for (const [group, list] of Object.entries(optional)) addReqs(list, ['project', 'optional-dependencies', group]);
  }
  return {
    file,
    name: str(project?.name) ?? str(poetry?.name),
    versionKeyPath,
    version,
    dynamicVersion: Array.isArray(project?.dynamic) && (project!.dynamic as unknown[]).includes('version'),
    buildBackend: str(buildSystem?.['build-backend']),
    maturinManifestPath: str(maturin?.['manifest-path']),
    versionSource: dynamicVersionSource(doc),
    dependencies,
  };
}

/** PEP 503 normalization: lowercase, runs of `-`, `_`, `.` become one `-`. */
export function normalizePythonName(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '-');
}

// ---------------------------------------------------------------------------------------------- Tauri

/** What the release plan needs from a tauri.conf.json. */
export interface TauriConfig {
  readonly file: string;
  /** Key path of the literal version: `version` (Tauri v2) or `package.version` (Tauri v1). */
  readonly versionKeyPath?: KeyPath;
  readonly version?: string;
  /** Tauri v2 may point `version` at a package.json instead of carrying one. */
  readonly versionFromFile?: string;
  readonly productName?: string;
  readonly layout: 'v1' | 'v2';
  /** Where the built frontend is, relative to the config (`build.frontendDist`, v1 `build.distDir`), when a path. */
  readonly frontendDist?: string;
  /** Tauri 2: `plugins.updater.pubkey` is a non-empty string (installed apps accept only updates signed with its private key). */
  readonly updaterPubkey?: boolean;
  /** Where that key is, as the config spells it (`plugins.updater.pubkey`), for messages. */
  readonly updaterPubkeyAt?: string;
  /** Tauri 2: `bundle.createUpdaterArtifacts` is set (`true` or `"v1Compatible"`): tauri build then needs the private key. */
  readonly createUpdaterArtifacts?: boolean;
  /**
   * That setting is `"v1Compatible"`: Tauri then writes Tauri v1's updater archives (`.AppImage.tar.gz`,
   * `.msi.zip`, `.nsis.zip`, each with its `.sig`) instead of signing the installers themselves.
   */
  readonly updaterArtifactsV1Compatible?: boolean;
  /** Tauri 2: `bundle.windows.signCommand` is set (Windows binaries are signed by that command). */
  readonly windowsSignCommand?: boolean;
  /** Tauri 2: the string entries of `plugins.updater.endpoints`, where installed apps look for updates (absent: the key is not set). */
  readonly updaterEndpoints?: string[];
}

/** What signing a Tauri 2 configuration sets up (see TauriConfig); a v1 configuration is not read for it. */
function tauriSigningFacts(doc: Record<string, unknown>): Partial<TauriConfig> {
  const table = (v: unknown): Record<string, unknown> => (isTable(v) ? v : {});
  const pubkey = table(table(doc.plugins).updater).pubkey;
  const bundle = table(doc.bundle);
  const artifacts = bundle.createUpdaterArtifacts;
  const sign = table(bundle.windows).signCommand;
  const endpoints = table(table(doc.plugins).updater).endpoints;
  return {
    ...(Array.isArray(endpoints) ? { updaterEndpoints: endpoints.filter((e): e is string => typeof e === 'string') } : {}),
    ...(typeof pubkey === 'string' && pubkey.trim() !== '' ? { updaterPubkey: true, updaterPubkeyAt: 'plugins.updater.pubkey' } : {}),
    ...(artifacts === true || (typeof artifacts === 'string' && artifacts !== '') ? { createUpdaterArtifacts: true } : {}),
    ...(artifacts === 'v1Compatible' ? { updaterArtifactsV1Compatible: true } : {}),
    ...((typeof sign === 'string' && sign.trim() !== '') || isTable(sign) ? { windowsSignCommand: true } : {}),
  };
}

/** Reads a tauri.conf.json in the Tauri v1 or v2 layout. */
export function readTauriConfig(file: string, text: string): TauriConfig {
  const doc = parseJson(file, text);
  const pkg = isTable(doc.package) ? doc.package : undefined;
  const layout = pkg !== undefined || isTable(doc.tauri) ? 'v1' : 'v2';
  const [versionKeyPath, value] = layout === 'v1' ? [['package', 'version'], pkg?.version] : [['version'], doc.version];
  const text2 = str(value);
  const build = isTable(doc.build) ? doc.build : {};
  const dist = str(layout === 'v1' ? build.distDir : build.frontendDist);
  // A dev server URL is no directory of the repository.
  const extra = { ...(dist !== undefined && !dist.includes('://') ? { frontendDist: dist } : {}), ...(layout === 'v2' ? tauriSigningFacts(doc) : {}) };
  if (text2 !== undefined && text2.endsWith('.json')) {
    return { file, layout, versionFromFile: text2, productName: str(pkg?.productName ?? doc.productName), ...extra };
  }
  return {
    ...extra,
    file,
    layout,
    versionKeyPath: text2 === undefined ? undefined : versionKeyPath,
    version: text2,
    productName: str(pkg?.productName ?? doc.productName),
  };
}

// ------------------------------------------------------------------------------------------------- Go

/** What the release plan needs from a go.mod. */
export interface GoModule {
  readonly file: string;
  readonly module: string;
}

/** Reads a go.mod's module path. */
export function readGoMod(file: string, text: string): GoModule {
  const lines = text.split(/\r?\n/);
  for (let i = 0; i < lines.length; i++) {
    const m = /^\s*module\s+"?([^\s"]+)"?\s*(\/\/.*)?$/.exec(lines[i]);
    if (m) return { file, module: m[1] };
  }
  throw new ManifestError(file, 'no `module` line: a go.mod must declare its module path');
}
