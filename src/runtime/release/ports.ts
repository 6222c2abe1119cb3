/**
 * What the release commands touch, as small interfaces: git, the registries, external tools, files and
 * the log. The commands' entry files wire the real implementations; tests pass a temporary git repo,
 * local registries on 127.0.0.1 and, for tools that would reach the internet (cargo publish, gh), fakes.
 */

/** The result of running a tool. */
export interface ExecResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a tool with an argv array (never through a shell). */
export interface Exec {
  run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult>;
}

/** Options of one tool run. */
export interface ExecOptions {
  readonly cwd?: string;
  /** Extra environment variables, merged over the process environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
}

/** A tag as git knows it: the name and the commit it points at (peeled for an annotated tag). */
export interface TagRef {
  readonly name: string;
  readonly commit: string;
  /** True for an annotated tag object, false for a lightweight tag. */
  readonly annotated: boolean;
}

/** A commit and the files it changed, as release notes list it. */
export interface CommitChange {
  readonly sha: string;
  /** The first line of its message. */
  readonly subject: string;
  /** Files it added, changed or deleted (a rename counts under both names). */
  readonly files: string[];
}

/** The git operations a release needs. */
export interface Git {
  /** The commit a revision resolves to. */
  revParse(rev: string): Promise<string>;
  /** Tags known to the local repository (after a full checkout, the remote's tags at checkout time). */
  localTags(): Promise<Map<string, TagRef>>;
  /** Tags of the remote, asked over the network. */
  remoteTags(remote: string): Promise<Map<string, TagRef>>;
  /** Text of a file at a commit, or undefined when the file does not exist there. */
  show(commit: string, file: string): Promise<string | undefined>;
  /** Commits on the first-parent line of `rev` that touched `file`, newest first. */
  firstParentLog(rev: string, file: string): Promise<string[]>;
  /**
   * Commits reachable from `rev` but not from `since` (every ancestor of `rev` when `since` is undefined),
   * newest first, without merge commits (a merge changes nothing the merged commits did not).
   */
  commitsSince(since: string | undefined, rev: string): Promise<CommitChange[]>;
  /** True when `ancestor` is `rev` or one of its ancestors. */
  isAncestor(ancestor: string, rev: string): Promise<boolean>;
  /** Creates an annotated tag at `commit` in the local repository. */
  createAnnotatedTag(name: string, commit: string, message: string): Promise<void>;
  /** Pushes tags to the remote atomically, never forcing (T3: a tag never moves). */
  pushTags(remote: string, names: readonly string[]): Promise<void>;
}

/** Where a version of a package stands in its registry. */
export type ProbeState = 'published' | 'missing';

/** A package version to ask a registry about. */
export interface PackageRef {
  /** `crates-io`, `npm`, `pypi`, `go` or `github-release`. */
  readonly target: string;
  readonly name: string;
  /** The version in the registry's own form (PEP 440 for PyPI, the tag for Go and GitHub). */
  readonly version: string;
  /** PyPI only: the simple API of the index the version goes to, when not the configured one (TestPyPI). */
  readonly index?: string;
}

/** Asks registries what they already have. Only the registry's own answer counts (T5). */
export interface Registry {
  /** `published` or `missing`; throws with context on any other answer (server error, timeout). */
  probe(ref: PackageRef): Promise<ProbeState>;
}

/** The files a command reads and writes. */
export interface Fs {
  read(file: string): string | undefined;
  write(file: string, text: string): void;
  append(file: string, text: string): void;
  exists(file: string): boolean;
  /** Names of the entries of a directory (empty when it does not exist). */
  list(dir: string): string[];
  size(file: string): number;
  mkdirp(dir: string): void;
  copy(from: string, to: string): void;
  /** Removes a file or a directory tree (nothing when it is not there). */
  remove(file: string): void;
  /** The absolute path of a workspace-relative path (for tools that run elsewhere). */
  resolve(file: string): string;
}

/** The run log: plain lines plus GitHub annotations (`::notice::` and friends). */
export interface Log {
  info(message: string): void;
  notice(message: string): void;
  warning(message: string): void;
  error(message: string): void;
}

/** Waits; tests pass one that returns at once. */
export type Sleep = (ms: number) => Promise<void>;

/** The time in milliseconds; tests pass a clock they move. */
export type Clock = () => number;

/** Everything a release function may touch. Each function takes only the parts it needs. */
export interface ReleaseDeps {
  readonly git: Git;
  readonly registry: Registry;
  readonly exec: Exec;
  readonly fs: Fs;
  readonly log: Log;
  readonly sleep: Sleep;
  readonly now: Clock;
}
