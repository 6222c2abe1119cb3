/** What a command may touch: its working directory, environment and output streams. Tests pass their own. */
export interface RuntimeContext {
  /** Directory the command runs in: the root of the consuming repository. */
  readonly cwd: string;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdout: (text: string) => void;
  readonly stderr: (text: string) => void;
}

/** A `lockstep` subcommand. */
export interface Command {
  /** One line shown in the usage text. */
  readonly summary: string;
  /** The synopsis shown by `lockstep help <command>` and `<command> --help`: `usage: lockstep <command> …`. */
  readonly usage: string;
  /** Runs the command; resolves to the process exit code. */
  run(argv: readonly string[], ctx: RuntimeContext): Promise<number>;
}
