import { CliError } from './cli-error';
import { COMMANDS } from './commands';
import { RuntimeContext } from './context';

function usage(): string {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  return [
    'usage: lockstep <command> [options]',
    '',
    'commands:',
    ...Object.entries(COMMANDS).map(([name, c]) => `  ${name.padEnd(width)}  ${c.summary}`),
  ].join('\n');
}

/** Runs the `lockstep` CLI; resolves to the exit code. An unknown command prints usage and exits 2. */
export async function main(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(`${usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const command = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (command === undefined) {
    ctx.stderr(`lockstep: unknown command '${name}'\n\n${usage()}\n`);
    return 2;
  }
  try {
    return await command.run(rest, ctx);
  } catch (e) {
    if (e instanceof CliError) {
      ctx.stderr(`lockstep ${name}: ${e.message}\n`);
      return e.exitCode;
    }
    if (e instanceof Error && (e.name === 'ManifestError' || e.name === 'LockstepConfigError')) {
      ctx.stderr(`lockstep ${name}: ${e.message}\n`);
      return 1;
    }
    throw e;
  }
}
