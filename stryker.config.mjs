// StrykerJS configuration of `npx projen mutation` (scripts/mutation.mjs), one module per run: the module
// comes from LOCKSTEP_MUTATION_MODULE, its files and tests from mutation/modules.json. A mutant that no
// test kills is a rule no test pins down; mutation/equivalent/<module>.txt lists the ones that change nothing.
import * as fs from 'fs';

const modules = JSON.parse(fs.readFileSync(new URL('./mutation/modules.json', import.meta.url), 'utf8'));
const name = process.env.LOCKSTEP_MUTATION_MODULE;
const module = name === undefined ? undefined : modules[name];
if (module === undefined) {
  throw new Error(`LOCKSTEP_MUTATION_MODULE must name a module of mutation/modules.json (${Object.keys(modules).join(', ')}); run \`npx projen mutation\`.`);
}

// mutation/vitest.config.mts runs the module's tests (see there why not Stryker's `testFiles`); the test
// runner processes start after this file is read, and inherit the variable.
process.env.LOCKSTEP_MUTATION_TESTS = module.tests.join(',');

/** The number of test runners: 1 unless LOCKSTEP_MUTATION_CONCURRENCY asks for more. */
function concurrencyOf(value) {
  if (value === undefined || value === '') return 1;
  if (!/^[1-9][0-9]*$/.test(value)) throw new Error(`LOCKSTEP_MUTATION_CONCURRENCY must be a whole number of test runners, such as 2; got '${value}'.`);
  return Number(value);
}

export default {
  plugins: ['@stryker-mutator/vitest-runner', './mutation/load-failures-runner.mjs'],
  // The vitest runner, with test files that fail to load counted as killing the mutant.
  testRunner: 'vitest-load-failures-killed',
  vitest: { configFile: 'mutation/vitest.config.mts', related: false },
  mutate: module.mutate,
  coverageAnalysis: 'perTest',
  // The machine is shared: one test runner, one mutant at a time. A long full run on a machine it has to itself
  // (npm's, against verdaccio) may use more: LOCKSTEP_MUTATION_CONCURRENCY=2 npx projen mutation npm.
  concurrency: concurrencyOf(process.env.LOCKSTEP_MUTATION_CONCURRENCY),
  // The tests start local registries from .tools/ (a symlink the sandbox copy cannot take), so the
  // mutants are switched in the working tree itself; Stryker puts the files back when it ends. vitest
  // does not type-check, so no other file gets a `@ts-nocheck`.
  inPlace: true,
  disableTypeChecks: false,
  timeoutMS: 60_000,
  // The initial run of every test of a module (npm's against verdaccio take minutes on a loaded machine).
  dryRunTimeoutMinutes: 20,
  reporters: ['json', 'html', 'clear-text', 'progress-append-only'],
  jsonReporter: { fileName: `reports/mutation/${name}.json` },
  htmlReporter: { fileName: `reports/mutation/${name}.html` },
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true, reportMutants: false },
  // scripts/mutation.mjs says where the module's baseline (or a CI run's copy of it) is, and whether to test
  // every mutant regardless (a full run) or only those whose code or covering tests changed.
  incremental: true,
  incrementalFile: process.env.LOCKSTEP_MUTATION_INCREMENTAL_FILE ?? `reports/mutation/${name}.incremental.json`,
  force: process.env.LOCKSTEP_MUTATION_FORCE === '1',
  tempDirName: '.stryker-tmp',
  cleanTempDir: 'always',
};
