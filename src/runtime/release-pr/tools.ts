import { spawnSync } from 'child_process';
import { CliError } from '../cli-error';
import { END_OF_OPTIONS } from '../git-args';

/** The result of running a tool. */
export interface ToolResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Environment variables a tool runs with (the command's own environment, so tests control PATH). */
export type ToolEnv = Readonly<Record<string, string | undefined>>;

/** Runs a tool with an argv array, never through a shell. A missing tool is a CliError naming it. */
export function runTool(command: string, args: readonly string[], options: { cwd: string; env: ToolEnv; input?: string }): ToolResult {
  const r = spawnSync(command, [...args], {
    cwd: options.cwd,
    env: { ...options.env, GIT_TERMINAL_PROMPT: '0' } as NodeJS.ProcessEnv,
    input: options.input,
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error !== undefined) {
    const missing = (r.error as NodeJS.ErrnoException).code === 'ENOENT';
    throw new CliError(missing ? `${command} is not installed or not on PATH; the release PR needs it.` : `${command} could not start: ${r.error.message}`);
  }
  return { code: r.status ?? 1, stdout: r.stdout ?? '', stderr: r.stderr ?? '' };
}

/**
 * Git in one repository. `run` throws (naming the command and git's message) on a non-zero exit;
 * `tryRun` returns the result for the caller to judge.
 */
export class GitRepo {
  constructor(public readonly cwd: string, private readonly env: ToolEnv) {}

  public tryRun(...args: string[]): ToolResult {
    return runTool('git', args, { cwd: this.cwd, env: this.env });
  }

  public run(...args: string[]): string {
    const r = this.tryRun(...args);
    if (r.code !== 0) throw new CliError(`git ${args.join(' ')} failed (exit ${r.code}): ${(r.stderr || r.stdout).trim()}`);
    return r.stdout;
  }

  /** Lines of a command's output, without empty ones. */
  public lines(...args: string[]): string[] {
    return this.run(...args).split('\n').filter((l) => l !== '');
  }

  /** The commit a revision names, or undefined when it names none. */
  public commitOf(rev: string): string | undefined {
    const r = this.tryRun('rev-parse', '--verify', '--quiet', END_OF_OPTIONS, `${rev}^{commit}`);
    return r.code === 0 ? r.stdout.trim() : undefined;
  }

  /** The tip of a branch on the remote, asked over the network; undefined when the branch does not exist. */
  public remoteBranch(remote: string, branch: string): string | undefined {
    const line = this.lines('ls-remote', '--heads', END_OF_OPTIONS, remote, `refs/heads/${branch}`).find((l) => l.endsWith(`\trefs/heads/${branch}`));
    return line?.split('\t')[0];
  }

  /** Names of the remote's tags, asked over the network. */
  public remoteTags(remote: string): Set<string> {
    const r = this.tryRun('ls-remote', '--tags', '--refs', END_OF_OPTIONS, remote);
    if (r.code !== 0) {
      throw new CliError(`cannot list the tags of remote '${remote}' (git ls-remote exit ${r.code}: ${r.stderr.trim()}); the release PR refuses a version whose tag exists, so it must see them.`);
    }
    return new Set(r.stdout.split('\n').filter(Boolean).map((l) => l.split('\t')[1].replace(/^refs\/tags\//, '')));
  }

  /** Names of the local repository's tags. */
  public localTags(): Set<string> {
    return new Set(this.lines('tag', '--list'));
  }

  /** Fetches one branch of the remote into its remote-tracking ref, without tags. */
  public fetchBranch(remote: string, branch: string): void {
    this.run('fetch', '--quiet', '--no-tags', END_OF_OPTIONS, remote, `+refs/heads/${branch}:refs/remotes/${remote}/${branch}`);
  }
}
