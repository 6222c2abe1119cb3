#!/usr/bin/env node
/**
 * Runs a repository's `.projenrc.ts`: the default task of a LockstepReleaseProject, so what `npx projen`
 * runs. It registers ts-node with the options of `PROJENRC_COMPILER_OPTIONS` (the same ones on the first
 * run and every later one, whatever tsconfig.projen.json says), then loads `.projenrc.ts`.
 *
 * A configuration mistake (LockstepConfigError, ManifestError) or a `.projenrc.ts` that does not compile
 * is printed as its message alone: the stack of a config error points into this library, not at the
 * mistake. Anything else is a bug somewhere, and is printed as an internal error with its stack.
 */
import * as fs from 'fs';
import * as path from 'path';
import { PROJENRC_COMPILER_OPTIONS, PROJENRC_FILE } from '../model/projenrc';

/** What a run of `.projenrc.ts` ends with: the exit code and, when it failed, what to print. */
export interface ProjenrcOutcome {
  readonly exitCode: number;
  readonly message?: string;
}

/**
 * ts-node as the default task provides it: `npx -p ts-node@... -p typescript@... -c` puts the pinned
 * pair's bin directory on PATH; a repository that installs ts-node itself has it in node_modules.
 */
export function findTsNode(cwd: string, pathVar: string | undefined): string | undefined {
  for (const dir of (pathVar ?? '').split(path.delimiter).filter((d) => d !== '')) {
    const bin = path.join(dir, 'ts-node');
    if (!fs.existsSync(bin)) continue;
    for (let d = path.dirname(fs.realpathSync(bin)); d !== path.dirname(d); d = path.dirname(d)) {
      const manifest = path.join(d, 'package.json');
      if (fs.existsSync(manifest) && JSON.parse(fs.readFileSync(manifest, 'utf8')).name === 'ts-node') return d;
    }
  }
  try {
    return path.dirname(require.resolve('ts-node/package.json', { paths: [cwd] }));
  } catch {
    return undefined;
  }
}

/** Whether an error is a mistake in the configuration or the repository, told by its message alone. */
function isUserError(e: unknown): e is Error {
  return e instanceof Error && (e.name === 'LockstepConfigError' || e.name === 'ManifestError');
}

/** Loads `.projenrc.ts` in `cwd` with ts-node from `tsNodeDir`; never throws. */
export function runProjenrc(cwd: string, tsNodeDir: string | undefined): ProjenrcOutcome {
  const file = path.join(cwd, PROJENRC_FILE);
  if (!fs.existsSync(file)) return { exitCode: 1, message: `${PROJENRC_FILE} is missing: create it (or run \`npx projen new --from projen-lockstep-release\`).` };
  if (tsNodeDir === undefined) {
    return { exitCode: 1, message: 'ts-node is not installed: run `npx projen` (its default task provides ts-node), or npm install --save-dev ts-node typescript@5.' };
  }
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const tsNode = require(tsNodeDir) as { register(options: object): unknown };
    tsNode.register({
      cwd,
      skipProject: true,
      compilerOptions: PROJENRC_COMPILER_OPTIONS,
      // The TypeScript beside ts-node: the pinned pair, not a TypeScript 7 the repository may have.
      compiler: require.resolve('typescript', { paths: [tsNodeDir, cwd] }),
    });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    require(file);
    return { exitCode: 0 };
  } catch (e) {
    if (isUserError(e)) return { exitCode: 1, message: e.message };
    if (e instanceof Error && e.name === 'TSError') {
      const text = (e as Error & { diagnosticText?: string }).diagnosticText ?? e.message;
      return { exitCode: 1, message: `${PROJENRC_FILE} does not compile:\n${text.trimEnd()}` };
    }
    return { exitCode: 70, message: `internal error while running ${PROJENRC_FILE} (not a configuration mistake; the stack shows where): ${e instanceof Error ? e.stack : String(e)}` };
  }
}

if (require.main === module) {
  const outcome = runProjenrc(process.cwd(), findTsNode(process.cwd(), process.env.PATH));
  if (outcome.message !== undefined) process.stderr.write(`${outcome.message}\n`);
  process.exitCode = outcome.exitCode;
}
