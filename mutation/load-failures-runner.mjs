// A StrykerJS test runner: @stryker-mutator/vitest-runner, except for two verdicts of its 9.6 release. It
// reads only the results of tests that ran, so
// - a mutant that makes a test file (or a suite) fail to load, which has no tests, was a survivor: here it
//   counts as killed;
// - a mutant run in which no test ran at all was a survivor too: here it is an error, since nothing was
//   measured (Stryker leaves errors out of the score and lists them).
import { PluginKind, commonTokens, declareFactoryPlugin, tokens } from '@stryker-mutator/api/plugin';
import { MutantRunStatus } from '@stryker-mutator/api/test-runner';
import { strykerPlugins as vitestPlugins } from '@stryker-mutator/vitest-runner';

const vitest = vitestPlugins.find((p) => p.kind === PluginKind.TestRunner && p.name === 'vitest');

/** Files and suites that failed as a whole (not through one of their tests), with their first error. */
export function loadFailures(files) {
  const found = [];
  const walk = (task) => {
    const failedTests = (task.tasks ?? []).some((t) => t.type === 'test' && t.result?.state === 'fail');
    if (task.type !== 'test' && task.result?.state === 'fail' && !failedTests && (task.result.errors?.length ?? 0) > 0) {
      found.push(`${task.filepath ?? task.file?.filepath ?? task.name}: ${task.result.errors[0].message ?? task.result.errors[0]}`);
    }
    (task.tasks ?? []).forEach(walk);
  };
  files.forEach(walk);
  return found;
}

class LoadFailuresCountAsKilled {
  constructor(inner) {
    this.inner = inner;
  }
  capabilities() {
    return this.inner.capabilities();
  }
  init() {
    return this.inner.init();
  }
  dryRun(options) {
    return this.inner.dryRun(options);
  }
  async mutantRun(options) {
    const result = await this.inner.mutantRun(options);
    if (result.status !== MutantRunStatus.Survived) return result;
    // The vitest runner keeps its Vitest instance as `ctx`; its state holds the last run's files.
    const failures = loadFailures(this.inner.ctx?.state.getFiles() ?? []);
    if (failures.length > 0) {
      return { status: MutantRunStatus.Killed, killedBy: [], failureMessage: `a test file failed to load: ${failures[0]}`, nrOfTests: result.nrOfTests };
    }
    if (result.nrOfTests === 0) return { status: MutantRunStatus.Error, errorMessage: 'no test ran, so the mutant was not measured' };
    return result;
  }
  dispose() {
    return this.inner.dispose();
  }
}

function createRunner(injector) {
  return new LoadFailuresCountAsKilled(injector.injectFunction(vitest.factory));
}
createRunner.inject = tokens(commonTokens.injector);

export const strykerPlugins = [declareFactoryPlugin(PluginKind.TestRunner, 'vitest-load-failures-killed', createRunner)];
