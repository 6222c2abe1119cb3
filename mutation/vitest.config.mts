import { fileURLToPath } from 'url';
import { defineConfig } from 'vitest/config';

// The vitest configuration of a mutation run (stryker.config.mjs): the repository's, limited to the tests of
// one module. The tests are chosen here rather than with Stryker's `testFiles`, which makes StrykerJS 9.6
// switch a module-level (static) mutant on only after the module was loaded, so every such mutant survived.
const tests = process.env.LOCKSTEP_MUTATION_TESTS;
if (tests === undefined) throw new Error('LOCKSTEP_MUTATION_TESTS is not set; run `npx projen mutation`.');

export default defineConfig({
  root: fileURLToPath(new URL('..', import.meta.url)),
  test: {
    include: tests.split(','),
    // As in vitest.config.mts: real tools on a shared 2-core machine.
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
