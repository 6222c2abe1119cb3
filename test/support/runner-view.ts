import * as fs from 'fs';
import { runnerLines, workflowCommandIn } from '../../src/runtime/output';
import { readKeyValueFile } from '../../src/runtime/rehearse/runner';

/**
 * What the GitHub runner makes of a command's output and files. GitHub itself cannot run here; these read
 * the formats as the runner documents and implements them (actions/runner: ActionCommand, the file
 * commands), so tests assert what a job would really get.
 */

/** Reads `$GITHUB_OUTPUT` as the runner does (the rehearsal's reader); the step must have written it. */
export function readStepOutputs(file: string): Record<string, string> {
  if (!fs.existsSync(file)) throw new Error(`${file} was not written`);
  return readKeyValueFile(file);
}

/** One workflow command the runner would run: its name and the whole line. */
export interface SeenCommand {
  readonly command: string;
  readonly line: string;
}

/** Every line of some output that the runner would read as a workflow command. */
export function workflowCommands(output: string): SeenCommand[] {
  return runnerLines(output).flatMap((line) => {
    const command = workflowCommandIn(line);
    return command === undefined ? [] : [{ command, line }];
  });
}
