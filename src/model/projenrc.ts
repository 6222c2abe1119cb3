/** The file a LockstepReleaseProject is defined in. */
export const PROJENRC_FILE = '.projenrc.ts';

/**
 * Where the runner of `.projenrc.ts` sits in a consumer repository: the default task (what `npx projen`
 * runs) calls it from the installed library, so the path is the same on every machine.
 */
export const PROJENRC_RUNNER = 'node_modules/projen-lockstep-release/lib/runtime/projenrc.js';

/**
 * The TypeScript options `.projenrc.ts` is compiled with, on every run: the runner passes them to ts-node
 * and `tsconfig.projen.json` carries the same ones for editors. A tsconfig with no options compiles for
 * ES5, where iterating a Set or Map is error TS2802: a second run then rejected what the first compiled.
 * `skipLibCheck`: the consumer need not install `@types/node` for the declarations projen ships. No
 * `moduleResolution`: each TypeScript picks its default for CommonJS (TypeScript 6 deprecates `node10`).
 */
export const PROJENRC_COMPILER_OPTIONS = {
  target: 'ES2022',
  lib: ['ES2022'],
  module: 'commonjs',
  esModuleInterop: true,
  resolveJsonModule: true,
  strict: true,
  skipLibCheck: true,
} as const;
