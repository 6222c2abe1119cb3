import { CliError } from './cli-error';
import { COMMANDS } from './commands';
import { Command, RuntimeContext } from './context';
import { guardStreams, jsonText, logQuoted } from './output';
import { libraryVersion } from '../model/library-version';

async function usage(): Promise<string> {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const summaries = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(width)}  ${(await load()).summary}`));
  return [
    'usage: lockstep <command> [options]',
    '       lockstep help <command>   (or lockstep <command> --help)',
    '       lockstep --version',
    '',
    'commands:',
    ...summaries,
  ].join('\n');
}

/** The help of one command: its synopsis, then what it does. */
function helpOf(command: Command): string {
  return `${command.usage}\n\n${command.summary}\n`;
}

const HELP_FLAGS = ['--help', '-h'];

/** Whether argv asks for help: `--help` or `-h` before a `--` that ends the options. */
function asksForHelp(argv: readonly string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).some((a) => HELP_FLAGS.includes(a));
}

/** Errors go to stderr as one line, or, when the command line has `--json`, to stdout as a JSON object. */
function reportError(ctx: RuntimeContext, json: boolean, error: { command?: string; message: string; exitCode: number; internal?: boolean }): number {
  if (json) ctx.stdout(`${jsonText({ error })}\n`);
  else ctx.stderr(`lockstep${error.command ? ` ${error.command}` : ''}: ${error.message}\n`);
  return error.exitCode;
}

function isUserError(e: unknown): e is Error {
  return e instanceof CliError || (e instanceof Error && (e.name === 'ManifestError' || e.name === 'LockstepConfigError'));
}

/**
 * Runs the `lockstep` CLI; resolves to the exit code. An unknown command prints usage and exits 2; help
 * (`help <command>`, `<command> --help`, `-h`) and `--version` exit 0. A user error is one message and
 * its exit code; a bug is rethrown (the bin reports it as an internal error), except under `--json`,
 * where it is a JSON error with `internal: true` and the stack goes to stderr. Every line the command
 * prints passes the output guard: whatever text ends up in it, the runner never reads it as a workflow
 * command.
 */
export async function main(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
  const guarded = guardStreams(ctx);
  try {
    return await dispatch(argv, guarded.ctx);
  } finally {
    guarded.flush();
  }
}

async function dispatch(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
  const [name, ...rest] = argv;
  const json = argv.includes('--json');
  if (name === '--version' || name === '-V') {
    ctx.stdout(`${libraryVersion()}\n`);
    return 0;
  }
  if (name === undefined || HELP_FLAGS.includes(name) || (name === 'help' && rest.length === 0)) {
    ctx.stdout(`${await usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const helpFor = name === 'help' ? rest[0] : name;
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, helpFor) ? COMMANDS[helpFor] : undefined;
  if (load === undefined) {
    if (json) return reportError(ctx, true, { message: `unknown command ${logQuoted(helpFor)}`, exitCode: 2 });
    ctx.stderr(`lockstep: unknown command ${logQuoted(helpFor)}\n\n${await usage()}\n`);
    return 2;
  }
  const command = await load();
  if (name === 'help' || asksForHelp(rest)) {
    ctx.stdout(helpOf(command));
    return 0;
  }
  try {
    return await command.run(rest, ctx);
  } catch (e) {
    if (isUserError(e)) return reportError(ctx, json, { command: name, message: e.message, exitCode: e instanceof CliError ? e.exitCode : 1 });
    if (!json) throw e;
    ctx.stderr(`lockstep ${name}: internal error (please report): ${e instanceof Error ? e.stack : String(e)}\n`);
    return reportError(ctx, true, { command: name, message: e instanceof Error ? e.message : String(e), exitCode: 70, internal: true });
  }
}
