import { CliError } from './cli-error';
import { logValue } from './output/log';

/** Parsed command-line arguments: positionals, `--name value` options and `--flag` booleans. */
export interface ParsedArgs {
  readonly positionals: string[];
  readonly options: Record<string, string>;
  readonly flags: Set<string>;
}

/**
 * Parses argv against the options and flags a command declares; anything undeclared is an error, so a
 * typo never silently changes what a release step does.
 */
export function parseArgs(argv: readonly string[], spec: { options?: readonly string[]; flags?: readonly string[] }): ParsedArgs {
  // No prototype: an option is there only when it was given.
  const options: Record<string, string> = Object.create(null) as Record<string, string>;
  const flags = new Set<string>();
  const positionals: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (!arg.startsWith('--') || arg === '--') {
      positionals.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2);
    if (spec.flags?.includes(name) && inline === undefined) {
      flags.add(name);
    } else if (spec.options?.includes(name)) {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new CliError(`--${logValue(name)} needs a value`, 2);
      options[name] = value;
    } else {
      throw new CliError(`unknown option --${logValue(name)}`, 2);
    }
  }
  return { positionals, options, flags };
}
