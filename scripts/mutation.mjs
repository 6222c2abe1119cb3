// `npx projen mutation [--score-only] [module ...]`: mutation testing (StrykerJS) of the safety-critical modules of
// mutation/modules.json, one module after another (all of them when none is named). A surviving mutant is
// a change to the code that no test notices. Each module's score leaves out the mutants listed in
// mutation/equivalent-mutants.txt (changes that behave the same), and must reach BAR; the survivors that
// are not listed are printed, to be killed by a test or listed with the reason they change nothing.
// --score-only scores the reports of the last run again (after editing the equivalent-mutants file).
// Not part of build or CI: a full run takes tens of minutes on two cores.
import { spawnSync } from 'child_process';
import * as fs from 'fs';

/** The score each module must reach, in percent (issue 21). */
const BAR = 90;
const MODULES = JSON.parse(fs.readFileSync('mutation/modules.json', 'utf8'));
const EQUIVALENT_FILE = 'mutation/equivalent-mutants.txt';

/** One line of the equivalent-mutants file: `file:line:column-line:column Mutator \`replacement\` — reason` (start and end). */
const LINE = /^(\S+):(\d+:\d+-\d+:\d+) (\w+) `(.*?)` — (.+)$/;

const squash = (s) => s.replace(/\s+/g, ' ').trim();
const keyOf = (file, span, mutator, replacement) => `${file}:${span} ${mutator} \`${squash(replacement)}\``;
/** Where a mutant is: start and end, since mutants of nested conditions (`a && b && c`) share their start. */
const spanOf = ({ start, end }) => `${start.line}:${start.column}-${end.line}:${end.column}`;

function readEquivalents() {
  const entries = new Map();
  const lines = fs.existsSync(EQUIVALENT_FILE) ? fs.readFileSync(EQUIVALENT_FILE, 'utf8').split('\n') : [];
  lines.forEach((text, i) => {
    if (text.trim() === '' || text.startsWith('#')) return;
    const m = LINE.exec(text);
    if (!m) {
      console.error(`${EQUIVALENT_FILE}:${i + 1}: not "file:line:column-line:column Mutator \`replacement\` — reason": ${text}`);
      process.exit(2);
    }
    entries.set(keyOf(m[1], m[2], m[3], m[4]), { line: i + 1, reason: m[5] });
  });
  return entries;
}

/** Runs Stryker on one module (unless only scoring) and scores its report; returns whether it reaches the bar. */
function runModule(name, equivalents, scoreOnly) {
  const report = `reports/mutation/${name}.json`;
  if (!scoreOnly) {
    fs.rmSync(report, { force: true });
    const env = { ...process.env, LOCKSTEP_MUTATION_MODULE: name, JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION: '20' };
    const r = spawnSync('npx', ['stryker', 'run', 'stryker.config.mjs'], { stdio: 'inherit', env });
    if (r.status !== 0) {
      console.error(`${name}: Stryker failed (exit ${r.status ?? r.signal}); no score.`);
      return false;
    }
  }
  if (!fs.existsSync(report)) {
    console.error(`${name}: no report ${report}; run \`npx projen mutation ${name}\` first.`);
    return false;
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
      if ((m.status === 'Killed' || m.status === 'Timeout') && listed) listedButKilled.push(`${EQUIVALENT_FILE}:${listed.line}: a test kills ${key}, so it is not equivalent; remove the line`);
    }
  }
  const detected = counts.Killed + counts.Timeout;
  const valid = detected + counts.Survived + counts.NoCoverage;
  const score = valid === 0 ? 100 : (100 * detected) / valid;
  console.log(`\n${name}: ${valid + counts.equivalent} mutants: ${counts.Killed} killed, ${counts.Timeout} timed out, ${counts.Survived} survived, ` +
    `${counts.NoCoverage} not covered, ${counts.equivalent} equivalent (listed), ${counts.other} errors → ${score.toFixed(1)} % (bar ${BAR} %)`);
  open.forEach((s) => console.log(`  survivor: ${s}`));
  listedButKilled.forEach((s) => console.log(`  ${s}`));
  return score >= BAR;
}

const scoreOnly = process.argv.includes('--score-only');
const names = process.argv.slice(2).filter((a) => a !== '--score-only');
const unknown = names.filter((n) => !Object.hasOwn(MODULES, n));
if (unknown.length > 0) {
  console.error(`unknown module ${unknown.join(', ')}; the modules of mutation/modules.json are ${Object.keys(MODULES).join(', ')}.`);
  process.exit(2);
}
const equivalents = readEquivalents();
const below = (names.length > 0 ? names : Object.keys(MODULES)).filter((n) => !runModule(n, equivalents, scoreOnly));
const stale = [...equivalents].filter(([, e]) => !e.seen).filter(([key]) => names.length === 0 || names.some((n) => MODULES[n].mutate.some((f) => key.startsWith(`${f}:`))));
stale.forEach(([key, e]) => console.log(`${EQUIVALENT_FILE}:${e.line}: no mutant ${key} any more (the code moved?); update or remove the line`));
if (below.length > 0) {
  console.error(`\nbelow ${BAR} %: ${below.join(', ')}`);
  process.exit(1);
}
