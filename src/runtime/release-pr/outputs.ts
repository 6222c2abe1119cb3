import * as fs from 'fs';
import { RuntimeContext } from '../context';

/**
 * Appends step outputs to `$GITHUB_OUTPUT` when the command runs in GitHub Actions (a no-op elsewhere).
 * Values are single-line by construction (validated versions, branch names, URLs); a newline is a bug.
 */
export function writeOutputs(ctx: RuntimeContext, outputs: Record<string, string>): void {
  const file = ctx.env.GITHUB_OUTPUT;
  if (file === undefined || file === '') return;
  for (const [name, value] of Object.entries(outputs)) {
    if (/[\r\n]/.test(value)) throw new Error(`output ${name} has a line break: ${JSON.stringify(value)}`);
  }
  fs.appendFileSync(file, Object.entries(outputs).map(([name, value]) => `${name}=${value}\n`).join(''));
}

/** Appends Markdown to the job summary when running in GitHub Actions. */
export function writeSummary(ctx: RuntimeContext, markdown: string): void {
  const file = ctx.env.GITHUB_STEP_SUMMARY;
  if (file !== undefined && file !== '') fs.appendFileSync(file, `${markdown}\n`);
}
