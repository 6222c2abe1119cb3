import * as fs from 'fs';
import { runnerLines, workflowCommandIn } from '../../src/runtime/output';

/**
 * What the GitHub runner makes of a command's output and files. GitHub itself cannot run here; these read
 * the formats as the runner documents and implements them (actions/runner: ActionCommand, the file
 * commands), so tests assert what a job would really get.
 */

/** Reads `$GITHUB_OUTPUT` as the runner does: `name=value` lines and `name<<DELIMITER` blocks. */
export function readStepOutputs(file: string): Record<string, string> {
  const out: Record<string, string> = {};
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i];
    if (line === '') continue;
    const heredoc = /^([^=<]+)<<(.+)$/.exec(line);
    if (heredoc) {
      const end = lines.indexOf(heredoc[2], i + 1);
      if (end < 0) throw new Error(`GITHUB_OUTPUT: no end for ${heredoc[1]}: the runner would fail the step`);
      out[heredoc[1]] = lines.slice(i + 1, end).join('\n');
      i = end;
      continue;
    }
    const eq = line.indexOf('=');
    if (eq < 0) throw new Error(`GITHUB_OUTPUT: invalid line ${JSON.stringify(line)}: the runner would fail the step`);
    out[line.slice(0, eq)] = line.slice(eq + 1);
  }
  return out;
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
