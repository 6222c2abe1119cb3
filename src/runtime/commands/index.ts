import { Command } from '../context';
import { affectedCommand } from './affected';
import { bumpCommand } from './bump';
import { ciResultCommand } from './ci-result';
import { planCommand } from './plan';
import { releasePrCommand } from './release-pr';
import { verifyCommand } from './verify';

/**
 * Every `lockstep` subcommand. Each lives in its own file under commands/ and is registered here with
 * one line.
 */
export const COMMANDS: Record<string, Command> = {
  'affected': affectedCommand,
  'bump': bumpCommand,
  'ci-result': ciResultCommand,
  'plan': planCommand,
  'release-pr': releasePrCommand,
  'verify': verifyCommand,
};
