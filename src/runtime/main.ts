import { CliError } from './cli-error';
import { COMMANDS } from './commands';
import { RuntimeContext } from './context';

async function usage(): Promise<string> {
  const width = Math.max(...Object.keys(COMMANDS).map((c) => c.length));
  const summaries = await Promise.all(Object.entries(COMMANDS).map(async ([name, load]) => `  ${name.padEnd(width)}  ${(await load()).summary}`));
  return ['usage: lockstep <command> [options]', '', 'commands:', ...summaries].join('\n');
}

/** Runs the `lockstep` CLI; resolves to the exit code. An unknown command prints usage and exits 2. */
export async function main(argv: readonly string[], ctx: RuntimeContext): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ctx.stdout(`${await usage()}\n`);
    return name === undefined ? 2 : 0;
  }
  const load = Object.prototype.hasOwnProperty.call(COMMANDS, name) ? COMMANDS[name] : undefined;
  if (load === undefined) {
    ctx.stderr(`lockstep: unknown command '${name}'\n\n${await usage()}\n`);
    return 2;
  }
  const command = await load();
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
