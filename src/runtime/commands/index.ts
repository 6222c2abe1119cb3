import { Command } from '../context';
import { affectedCommand } from './affected';
import { ciResultCommand } from './ci-result';
import { planCommand } from './plan';

/**
 * Every `lockstep` subcommand. Each lives in its own file under commands/ and is registered here with
 * one line.
 */
export const COMMANDS: Record<string, Command> = {
  'affected': affectedCommand,
  'ci-result': ciResultCommand,
  'plan': planCommand,
};
