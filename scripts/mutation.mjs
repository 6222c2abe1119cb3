// `npx projen mutation [--changed | --update | --score-only] [module ...]`: mutation testing (StrykerJS) of the
// safety-critical modules of mutation/modules.json, one module after another (all of them when none is named).
// A surviving mutant is a change to the code that no test notices. Each module's score leaves out the mutants
// listed in mutation/equivalent/<module>.txt (changes that behave the same), and must reach BAR; the
// survivors that are not listed are printed, to be killed by a test or listed with the reason they change
// nothing.
// - A full run (the default) tests every mutant and writes the module's baseline, mutation/baseline/<module>.json,
//   which is committed: the result of the last full run, with the sources it was measured on.
// - --changed (CI) starts from the baselines: a module whose mutated files and tests are the ones its baseline
//   was measured on is scored from its baseline; any other is run again in Stryker's incremental mode, which
//   tests only the mutants whose code or covering tests changed and takes the rest from the baseline.
//   Either way the score must reach BAR, so a change cannot lower it silently.
// - --update re-measures a module after its tests or code changed, as --changed does, but writes the result
//   into its baseline: only the mutants whose code or covering tests changed are tested again, so a module
//   whose full run takes an hour (npm's, against verdaccio) can take new tests without another full run.
// - --score-only scores the reports of the last run again (after editing an equivalent-mutants file).
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import { createRequire } from 'module';
import * as path from 'path';

/** The score each module must reach, in percent (issue 21). */
const BAR = 90;
const MODULES = JSON.parse(fs.readFileSync('mutation/modules.json', 'utf8'));
const equivalentFile = (name) => `mutation/equivalent/${name}.txt`;
const baselineFile = (name) => `mutation/baseline/${name}.json`;
const reportFile = (name) => `reports/mutation/${name}.json`;
/** This repository's Stryker, run directly: `npx stryker` where it is missing would fetch another package. */
const STRYKER = path.join(path.dirname(createRequire(import.meta.url).resolve('@stryker-mutator/core/package.json')), 'bin', 'stryker.js');

/** One line of an equivalent-mutants file: `file:line:column-line:column Mutator \`replacement\` — reason` (start and end). */
const LINE = /^(\S+):(\d+:\d+-\d+:\d+) (\w+) `(.*?)` — (.+)$/;

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const keyOf = (file, span, mutator, replacement) => `${file}:${span} ${mutator} \`${squash(replacement)}\``;
/** Where a mutant is: start and end, since mutants of nested conditions (`a && b && c`) share their start. */
const spanOf = ({ start, end }) => `${start.line}:${start.column}-${end.line}:${end.column}`;

/** The module's equivalent mutants, by key, with their line in the file. */
function readEquivalents(name) {
  const file = equivalentFile(name);
  const entries = new Map();
  const lines = fs.existsSync(file) ? fs.readFileSync(file, 'utf8').split('\n') : [];
  lines.forEach((text, i) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    const m = LINE.exec(text);
    if (!m) {
      console.error(`${file}:${i + 1}: not "file:line:column-line:column Mutator \`replacement\` — reason": ${text}`);
      process.exit(2);
    }
    entries.set(keyOf(m[1], m[2], m[3], m[4]), { line: i + 1, reason: m[5] });
  });
  return entries;
}

/**
 * The files of the module that differ from the sources its baseline was measured on (all of them when there
 * is no baseline). Stryker's incremental mode sees only these files too: a change to a module the mutated
 * code imports is not seen until the next full run.
 */
function changedSinceBaseline(name) {
  const { mutate, tests } = MODULES[name];
  if (!fs.existsSync(baselineFile(name))) return [...mutate, ...tests];
  const baseline = JSON.parse(fs.readFileSync(baselineFile(name), 'utf8'));
  const measured = { ...baseline.files, ...(baseline.testFiles ?? {}) };
  return [...mutate, ...tests].filter((f) => measured[f]?.source !== fs.readFileSync(f, 'utf8'));
}

/**
 * Runs Stryker on the module. 'full' tests every mutant and writes the baseline; 'update' tests the mutants
 * whose code or covering tests changed and writes the baseline; 'changed' does the same from a copy of it.
 */
function runStryker(name, kind) {
  const incremental = kind !== 'full';
  fs.rmSync(reportFile(name), { force: true });
  const env = { ...process.env, LOCKSTEP_MUTATION_MODULE: name, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
  if (kind === 'update') {
    env.LOCKSTEP_MUTATION_INCREMENTAL_FILE = baselineFile(name);
  } else if (incremental) {
    // A CI run must not rewrite the committed baseline: Stryker reads and writes the file it is given.
    const copy = `reports/mutation/${name}.incremental.json`;
    fs.mkdirSync('reports/mutation', { recursive: true });
    fs.copyFileSync(baselineFile(name), copy);
    env.LOCKSTEP_MUTATION_INCREMENTAL_FILE = copy;
  } else {
    // A full run tests every mutant (--force) and records the result as the module's new baseline.
    env.LOCKSTEP_MUTATION_INCREMENTAL_FILE = baselineFile(name);
    env.LOCKSTEP_MUTATION_FORCE = '1';
  }
  const r = spawnSync(process.execPath, [STRYKER, 'run', 'stryker.config.mjs'], { stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`${name}: Stryker failed (exit ${r.status ?? r.signal}); no score.`);
    return false;
  }
  if (kind !== 'changed') {
    // The committed baseline keeps what a later run compares (files, tests, results), not where and with which
    // settings this machine ran it.
    const baseline = JSON.parse(fs.readFileSync(baselineFile(name), 'utf8'));
    delete baseline.projectRoot;
    delete baseline.config;
    fs.writeFileSync(baselineFile(name), `${JSON.stringify(baseline, null, 1)}\n`);
  }
  return true;
}

/** Runs (or, by mode, reuses) the module's mutation testing and scores it: whether it reaches the bar, or was never measured. */
function runModule(name, mode) {
  const equivalents = readEquivalents(name);
  let report = reportFile(name);
  if (mode === 'update' && !fs.existsSync(baselineFile(name))) {
    console.error(`${name}: no ${baselineFile(name)} to update; run \`npx projen mutation ${name}\` (a full run) first.`);
    return 'below';
  }
  if (mode === 'changed' && !fs.existsSync(baselineFile(name))) {
    // A full run of a module against real registries can take an hour on two cores: CI does not start one.
    console.log(`\n${name}: never measured (no ${baselineFile(name)}); not gated until \`npx projen mutation ${name}\` runs and its baseline is committed`);
    return 'unmeasured';
  }
  if (mode === 'changed') {
    const changed = changedSinceBaseline(name);
    if (changed.length === 0) {
      console.log(`\n${name}: unchanged since its baseline; scoring ${baselineFile(name)}`);
      report = baselineFile(name);
    } else {
      console.log(`\n${name}: changed since its baseline (${changed.join(', ')}); testing the changed mutants`);
      if (!runStryker(name, 'changed')) return 'below';
    }
  } else if (mode === 'full' || mode === 'update') {
    if (!runStryker(name, mode)) return 'below';
  }
  if (!fs.existsSync(report)) {
    console.error(`${name}: no report ${report}; run \`npx projen mutation ${name}\` first.`);
    return 'below';
  }
  const counts = { Killed: 0, Timeout: 0, Survived: 0, NoCoverage: 0, equivalent: 0, other: 0 };
  const open = [];
  const listedButKilled = [];
  for (const [file, result] of Object.entries(JSON.parse(fs.readFileSync(report, 'utf8')).files)) {
    for (const m of result.mutants) {
      // Printed as a line of the equivalent-mutants file would name it.
      const key = keyOf(file, spanOf(m.location), m.mutatorName, m.replacement ?? '');
      const listed = equivalents.get(key);
      if (listed) listed.seen = true;
      if ((m.status === 'Survived' || m.status === 'NoCoverage') && listed) counts.equivalent++;
      else if (m.status in counts) counts[m.status]++;
      else counts.other++;
      if ((m.status === 'Survived' || m.status === 'NoCoverage') && !listed) open.push(`${key} (${m.status === 'NoCoverage' ? 'no test reaches it' : 'survived'})`);
      if ((m.status === 'Killed' || m.status === 'Timeout') && listed) listedButKilled.push(`${equivalentFile(name)}:${listed.line}: a test kills ${key}, so it is not equivalent; remove the line`);
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  console.log(`\n${name}: ${valid + counts.equivalent} mutants: ${counts.Killed} killed, ${counts.Timeout} timed out, ${counts.Survived} survived, ` +
    `${counts.NoCoverage} not covered, ${counts.equivalent} equivalent (listed), ${counts.other} errors → ${score.toFixed(1)} % (bar ${BAR} %)`);
  open.forEach((s) => console.log(`  survivor: ${s}`));
  listedButKilled.forEach((s) => console.log(`  ${s}`));
  [...equivalents].filter(([, e]) => !e.seen).forEach(([key, e]) =>
    console.log(`  ${equivalentFile(name)}:${e.line}: no mutant ${key} any more (the code moved?); update or remove the line`));
  return score >= BAR ? 'reaches' : 'below';
}

const MODES = { '--changed': 'changed', '--update': 'update', '--score-only': 'score-only' };
const flags = process.argv.slice(2).filter((a) => a.startsWith('--'));
const names = process.argv.slice(2).filter((a) => !a.startsWith('--'));
const badFlag = flags.find((f) => !Object.hasOwn(MODES, f));
if (badFlag !== undefined || flags.length > 1) {
  console.error(`usage: npx projen mutation [--changed | --update | --score-only] [module ...] (got ${flags.join(' ')})`);
  process.exit(2);
}
const mode = flags.length === 0 ? 'full' : MODES[flags[0]];
const unknown = names.filter((n) => !Object.hasOwn(MODULES, n));
if (unknown.length > 0) {
  console.error(`unknown module ${unknown.join(', ')}; the modules of mutation/modules.json are ${Object.keys(MODULES).join(', ')}.`);
  process.exit(2);
}
const outcomes = (names.length > 0 ? names : Object.keys(MODULES)).map((n) => [n, runModule(n, mode)]);
const below = outcomes.filter(([, o]) => o === 'below').map(([n]) => n);
const unmeasured = outcomes.filter(([, o]) => o === 'unmeasured').map(([n]) => n);
if (unmeasured.length > 0) console.log(`\nnever measured, so not gated: ${unmeasured.join(', ')}`);
if (below.length > 0) {
  console.error(`\nbelow ${BAR} %: ${below.join(', ')}`);
  process.exit(1);
}
