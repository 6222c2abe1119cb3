#!/usr/bin/env node
import { main } from './main';
import { safeLogText } from './output';

main(process.argv.slice(2), {
  cwd: process.cwd(),
  env: process.env,
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
}).then(
  (code) => {
    process.exitCode = code;
  },
  (e: unknown) => {
    process.stderr.write(safeLogText(`lockstep: internal error (please report): ${e instanceof Error ? e.stack : String(e)}\n`));
    process.exitCode = 70;
  },
);
