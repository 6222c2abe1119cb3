// Quality gates for generated GitHub workflow files and shell scripts, driving the pinned external
// validators that .ci/install-gate-tools.sh installs into .tools/:
//   actionlint (with shellcheck on run: scripts), @actions/workflow-parser (GitHub's own parser),
//   zizmor (security audits, offline, default "regular" persona) and shellcheck.
// A missing tool throws: a gate must fail, never skip. Every tool takes many files per call: batch
// them. Measured on 2 cores: workflow-parser ~280 ms per spawn (Node + schema) + ~4 ms per file;
// zizmor ~50 ms + ~2 ms per file; actionlint ~10 ms + ~3-5 ms per run: step (one shellcheck
// process each), which dominates a large batch.
import { execFileSync, spawnSync, SpawnSyncReturns } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';

export type GateTool = 'actionlint' | 'workflow-parser' | 'zizmor' | 'shellcheck';

export interface GateFinding {
  tool: GateTool;
  file: string;
  line?: number;
  rule: string;
  message: string;
}

export interface GateToolPaths {
  readonly root: string;
  readonly actionlint: string;
  readonly zizmor: string;
  readonly shellcheck: string;
  readonly node: string;
  readonly workflowParserRunner: string;
  readonly workflowParserNodeDir: string;
}

const REPO_ROOT = path.resolve(__dirname, '..', '..');
const INSTALL_HINT = 'run `bash .ci/install-gate-tools.sh` from the repository root';

function findOnPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    const candidate = path.join(dir, name);
    if (dir && isExecutable(candidate)) return candidate;
  }
  return undefined;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** Resolves every gate tool under .tools/ (shellcheck on PATH); throws naming the installer if one is missing. */
export function gateToolPaths(): GateToolPaths {
  const tools = path.join(REPO_ROOT, '.tools');
  const paths: GateToolPaths = {
    root: REPO_ROOT,
    actionlint: path.join(tools, 'bin', 'actionlint'),
    zizmor: path.join(tools, 'venv', 'bin', 'zizmor'),
    shellcheck: findOnPath('shellcheck') ?? 'shellcheck (not on PATH)',
    node: process.execPath,
    workflowParserRunner: path.join(REPO_ROOT, 'test', 'support', 'workflow-parser-runner.mjs'),
    workflowParserNodeDir: path.join(tools, 'node'),
  };
  const parserEntry = path.join(paths.workflowParserNodeDir, 'node_modules', '@actions', 'workflow-parser', 'dist', 'index.js');
  const missing = [
    isExecutable(paths.actionlint) ? undefined : paths.actionlint,
    isExecutable(paths.zizmor) ? undefined : paths.zizmor,
    isExecutable(paths.shellcheck) ? undefined : paths.shellcheck,
    fs.existsSync(parserEntry) ? undefined : parserEntry,
    fs.existsSync(paths.workflowParserRunner) ? undefined : paths.workflowParserRunner,
  ].filter((m): m is string => m !== undefined);
  if (missing.length > 0) {
    throw new Error(`workflow gate tools missing: ${missing.join(', ')}; ${INSTALL_HINT}`);
  }
  return paths;
}

function run(command: string, args: string[], okCodes: number[]): SpawnSyncReturns<string> {
  // RUST_BACKTRACE=0: zizmor would otherwise append a stack trace to every error it prints.
  const env = { ...process.env, RUST_BACKTRACE: '0', NO_COLOR: '1' };
  const result = spawnSync(command, args, { encoding: 'utf8', env, maxBuffer: 256 * 1024 * 1024 });
  if (result.error) throw new Error(`${command} could not start: ${result.error.message}; ${INSTALL_HINT}`);
  if (result.status === null || !okCodes.includes(result.status)) {
    throw new Error(`${path.basename(command)} failed (exit ${result.status ?? result.signal}): ${result.stderr || result.stdout}`);
  }
  return result;
}

interface ActionlintError { message: string; filepath: string; line: number; kind: string }

/**
 * GitHub's `queue` key of `concurrency` (May 2026: up to 100 pending runs instead of one; release.yml needs
 * it, T8) is newer than actionlint 1.7.12, the newest release, which reports it as an unknown key. That one
 * message is left out; GitHub's own parser (runWorkflowParser) knows the key and still checks its value.
 */
const ACTIONLINT_UNKNOWN_QUEUE = '^unexpected key "queue" for "concurrency" section';

/** actionlint with shellcheck on run: scripts (pyflakes off, so results do not depend on PATH). */
export function runActionlint(files: string[]): GateFinding[] {
  if (files.length === 0) return [];
  const tools = gateToolPaths();
  const args = ['-shellcheck', tools.shellcheck, '-pyflakes', '', '-format', '{{json .}}', '-no-color', '-ignore', ACTIONLINT_UNKNOWN_QUEUE, ...files];
  const errors = JSON.parse(run(tools.actionlint, args, [0, 1]).stdout || '[]') as ActionlintError[];
  // actionlint prints paths relative to the working directory: make them absolute like the others.
  return errors.map((e) => ({ tool: 'actionlint', file: path.resolve(e.filepath), line: e.line, rule: e.kind, message: e.message }));
}

interface ParserRunnerFinding { file: string; line?: number; rule: string; message: string }

/** GitHub's own parser (schema + conversion checks) through workflow-parser-runner.mjs. */
export function runWorkflowParser(files: string[]): GateFinding[] {
  if (files.length === 0) return [];
  const tools = gateToolPaths();
  const args = [tools.workflowParserRunner, tools.workflowParserNodeDir, ...files];
  const found = JSON.parse(run(tools.node, args, [0]).stdout) as ParserRunnerFinding[];
  return found.map((f) => ({ tool: 'workflow-parser', ...f, file: path.resolve(f.file) }));
}

interface ZizmorLocation {
  symbolic: { key: { Local?: { verbatim_path: string } }; kind: string; annotation: string };
  concrete: { location: { start_point: { row: number } } };
}
interface ZizmorFinding { ident: string; desc: string; locations: ZizmorLocation[] }

/**
 * zizmor offline with the default (regular) persona and no config file. --strict-collection makes
 * an unparsable input fail instead of being skipped with a warning; a directory must contain
 * .github/workflows (a bare folder of .yml files collects nothing and fails).
 * Exit 0 = clean, 11-14 = findings (highest severity), anything else = tool failure.
 */
export function runZizmor(dirOrFiles: string[]): GateFinding[] {
  if (dirOrFiles.length === 0) return [];
  const tools = gateToolPaths();
  const args = ['--offline', '--no-config', '--strict-collection', '--format=json', '--no-progress', ...dirOrFiles];
  const ok = [0, 11, 12, 13, 14];
  const findings = JSON.parse(run(tools.zizmor, args, ok).stdout || '[]') as ZizmorFinding[];
  return findings.map((f) => {
    const primary = f.locations.find((l) => l.symbolic.kind === 'Primary') ?? f.locations[0];
    return {
      tool: 'zizmor',
      file: path.resolve(primary?.symbolic.key.Local?.verbatim_path ?? ''),
      line: primary ? primary.concrete.location.start_point.row + 1 : undefined,
      rule: f.ident,
      message: primary ? `${f.desc}: ${primary.symbolic.annotation}` : f.desc,
    };
  });
}

interface ShellcheckComment { file: string; line: number; level: string; code: number; message: string }

/** shellcheck (all severities, ~/.shellcheckrc ignored) on standalone scripts. */
export function runShellcheck(files: string[]): GateFinding[] {
  if (files.length === 0) return [];
  const tools = gateToolPaths();
  const out = run(tools.shellcheck, ['--norc', '--format=json1', ...files], [0, 1]).stdout;
  const comments = (JSON.parse(out || '{"comments":[]}') as { comments: ShellcheckComment[] }).comments;
  return comments.map((c) => ({
    tool: 'shellcheck',
    file: path.resolve(c.file),
    line: c.line,
    rule: `SC${c.code}`,
    message: `${c.level}: ${c.message}`,
  }));
}

export interface CheckWorkflowsOptions {
  /**
   * Validate each distinct file content once and copy its findings to the files sharing it
   * (fixture suites often synthesize identical workflows). Off by default: actionlint resolves
   * local `uses: ./...` relative to each file's repository, which identical contents may not share.
   */
  readonly dedupeByContent?: boolean;
}

/** The three workflow gates over one batch of files (one spawn per tool). */
export function checkWorkflows(files: string[], options: CheckWorkflowsOptions = {}): { checked: number; findings: GateFinding[] } {
  const groups = groupFiles(files, options.dedupeByContent ?? false);
  const representatives = [...groups.keys()];
  const findings = [...runActionlint(representatives), ...runWorkflowParser(representatives), ...runZizmor(representatives)];
  const expanded = findings.flatMap((f) => (groups.get(f.file) ?? [f.file]).map((file) => ({ ...f, file })));
  return { checked: files.length, findings: expanded };
}

/** Absolute path of the file to validate -> absolute paths of the files its findings apply to. */
function groupFiles(files: string[], byContent: boolean): Map<string, string[]> {
  const groups = new Map<string, string[]>();
  for (const file of files.map((f) => path.resolve(f))) {
    const key = byContent ? fs.readFileSync(file, 'utf8') : file;
    groups.set(key, [...(groups.get(key) ?? []), file]);
  }
  return new Map([...groups.values()].map((group): [string, string[]] => [group[0], group]));
}

/**
 * Where workflow files live that a repository does not run or generate: fixtures that describe other
 * projects' repositories (inputs to the library's tests, gated by what the library generates from them).
 */
const NOT_REPOSITORY_WORKFLOWS = /^test\/fixtures\//;

/**
 * Every workflow file of the git repository at `root` (repository-relative, sorted): tracked and untracked
 * files under any `.github/workflows/` with a .yml or .yaml name, so a new workflow is gated before it is
 * committed. Ignored files (node_modules, .tools) and test fixtures of other projects are left out.
 */
export function repositoryWorkflowFiles(root: string): string[] {
  let listed: string;
  try {
    const args = ['-C', root, 'ls-files', '--cached', '--others', '--exclude-standard', '-z'];
    listed = execFileSync('git', args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, stdio: ['ignore', 'pipe', 'pipe'] });
  } catch (e) {
    throw new Error(`listing the workflow files of ${root} needs git and a git repository: ${(e as { stderr?: string }).stderr?.trim() || (e as Error).message}`);
  }
  const files = listed.split('\0').filter((f) => /(^|\/)\.github\/workflows\/[^/]+\.ya?ml$/.test(f) && !NOT_REPOSITORY_WORKFLOWS.test(f));
  // A file deleted from the work tree but still tracked is not a workflow any more.
  return [...new Set(files)].filter((f) => fs.existsSync(path.join(root, f))).sort();
}

/** The three workflow gates over every workflow file of the repository at `root` (see repositoryWorkflowFiles). */
export function checkRepositoryWorkflows(root: string): { files: string[]; findings: GateFinding[] } {
  const files = repositoryWorkflowFiles(root);
  return { files, findings: checkWorkflows(files.map((f) => path.join(root, f))).findings };
}

/** One line per finding, for assertion messages. */
export function formatFindings(findings: GateFinding[]): string {
  return findings.map((f) => `${f.tool} ${f.file}:${f.line ?? '?'} [${f.rule}] ${f.message}`).join('\n');
}
