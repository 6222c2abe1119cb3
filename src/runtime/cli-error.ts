/**
 * A user error at release time (bad input, a refused operation, a failed check): the CLI prints the
 * message without a stack trace and exits with `exitCode`. Anything else thrown is a bug.
 */
export class CliError extends Error {
  constructor(message: string, public readonly exitCode = 1) {
    super(message);
    this.name = 'CliError';
  }
}
