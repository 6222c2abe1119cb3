// The CI gate of issue 21: `npx projen mutation --changed` (scripts/mutation.mjs) must fail when a module's
// score is below 90 %, must not count a listed equivalent mutant, and must not score a changed module from
// its stale baseline. Each test builds a small repository with one module and its baseline (the mutation
// report format Stryker writes) and runs the task's script in it.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../support/fixtures';

const SCRIPT = path.resolve(__dirname, '../../scripts/mutation.mjs');
const SOURCE = 'export function positive(n: number): boolean {\n  return n > 0;\n}\n';
const TEST = "import { positive } from '../src/positive';\n";

type Status = 'Killed' | 'Survived' | 'NoCoverage' | 'Timeout';

/** A mutant of src/positive.ts as Stryker reports it; `column` tells mutants apart. */
function mutant(id: number, status: Status) {
  return {
    id: String(id),
    mutatorName: 'EqualityOperator',
    replacement: `n >= ${id}`,
    location: { start: { line: 2, column: 10 + id }, end: { line: 2, column: 15 + id } },
    status,
  };
}

/** A repository whose module `positive` has a baseline with these mutants, measured on today's sources. */
function repository(statuses: Status[], equivalentLines: string[] = []): string {
  const dir = tempDir('mutation-gate-');
  const write = (file: string, text: string) => {
    fs.mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
    fs.writeFileSync(path.join(dir, file), text);
  };
  write('src/positive.ts', SOURCE);
  write('test/positive.test.ts', TEST);
  write('mutation/modules.json', JSON.stringify({ positive: { mutate: ['src/positive.ts'], tests: ['test/positive.test.ts'] } }));
  write('mutation/baseline/positive.json', JSON.stringify({
    schemaVersion: '2',
    thresholds: { high: 80, low: 60 },
    files: { 'src/positive.ts': { language: 'typescript', source: SOURCE, mutants: statuses.map((s, i) => mutant(i + 1, s)) } },
    testFiles: { 'test/positive.test.ts': { source: TEST, tests: [] } },
  }));
  if (equivalentLines.length > 0) write('mutation/equivalent/positive.txt', `${equivalentLines.join('\n')}\n`);
  return dir;
}

/** The equivalent-mutants line naming mutant `id` of `mutant()`. */
const equivalentLine = (id: number) => `src/positive.ts:2:${10 + id}-2:${15 + id} EqualityOperator \`n >= ${id}\` — a reason`;

function gate(dir: string) {
  const r = spawnSync(process.execPath, [SCRIPT, '--changed'], { cwd: dir, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

const killed = (n: number): Status[] => Array<Status>(n).fill('Killed');

describe('the mutation gate CI runs (npx projen mutation --changed)', () => {
  it('GIVEN an unchanged module scoring exactly 90 % WHEN gated THEN it passes, scored from its baseline', () => {
    const r = gate(repository([...killed(9), 'Survived']));
    expect(r.out).toContain('positive: unchanged since its baseline');
    expect(r.out).toMatch(/10 mutants: 9 killed, .* 1 survived, .* → 90\.0 %/);
    expect(r.status).toBe(0);
  });

  it('GIVEN a module below 90 % WHEN gated THEN it fails, naming the module and each survivor', () => {
    const r = gate(repository([...killed(7), 'Timeout', 'Survived', 'NoCoverage']));
    expect(r.status).toBe(1);
    expect(r.out).toContain('below 90 %: positive');
    expect(r.out).toContain(`survivor: ${equivalentLine(9).split(' — ')[0]} (survived)`);
    expect(r.out).toContain(`survivor: ${equivalentLine(10).split(' — ')[0]} (no test reaches it)`);
  });

  it('GIVEN the survivors listed as equivalent WHEN gated THEN they leave the score; one left unlisted still counts', () => {
    expect(gate(repository([...killed(8), 'Survived', 'Survived'], [equivalentLine(9), equivalentLine(10)])).status).toBe(0);
    const oneListed = gate(repository([...killed(8), 'Survived', 'Survived'], [equivalentLine(9)]));
    expect(oneListed.out).toMatch(/1 survived, .* 1 equivalent \(listed\).* → 88\.9 %/);
    expect(oneListed.status).toBe(1);
  });

  it('GIVEN a mutant listed as equivalent that a test kills WHEN gated THEN the line is named for removal', () => {
    const r = gate(repository(killed(10), [equivalentLine(3)]));
    expect(r.out).toContain('mutation/equivalent/positive.txt:1: a test kills');
    expect(r.out).toContain('so it is not equivalent; remove the line');
  });

  it('GIVEN a malformed equivalent-mutants line WHEN gated THEN it fails naming the file and line', () => {
    const r = gate(repository(killed(10), ['src/positive.ts:2 EqualityOperator n >= 1']));
    expect(r.status).toBe(2);
    expect(r.out).toContain('mutation/equivalent/positive.txt:1: not "file:line:column-line:column Mutator');
  });

  it('GIVEN a source changed since the baseline WHEN gated THEN the stale baseline is not scored: the module is tested again', () => {
    const dir = repository(killed(10));
    fs.writeFileSync(path.join(dir, 'src/positive.ts'), SOURCE.replace('n > 0', 'n >= 0'));
    const r = gate(dir);
    expect(r.out).toContain('positive: changed since its baseline (src/positive.ts)');
    expect(r.out).not.toContain('unchanged since its baseline');
    // No Stryker configuration in this small repository, so the run fails rather than passing on old results.
    expect(r.out).toContain('positive: Stryker failed');
    expect(r.status).toBe(1);
  });

  it('GIVEN a module never measured (no baseline) WHEN gated THEN it is named as not gated, and the others still decide', () => {
    const dir = repository([...killed(7), 'Survived', 'Survived', 'Survived']);
    const modules = JSON.parse(fs.readFileSync(path.join(dir, 'mutation/modules.json'), 'utf8'));
    modules.unmeasured = { mutate: ['src/positive.ts'], tests: ['test/positive.test.ts'] };
    fs.writeFileSync(path.join(dir, 'mutation/modules.json'), JSON.stringify(modules));
    const r = gate(dir);
    expect(r.out).toContain('unmeasured: never measured (no mutation/baseline/unmeasured.json); not gated until `npx projen mutation unmeasured` runs');
    expect(r.out).toContain('never measured, so not gated: unmeasured');
    expect(r.out).toContain('below 90 %: positive');
    expect(r.status).toBe(1);
    fs.rmSync(path.join(dir, 'mutation/baseline/positive.json'));
    const none = gate(dir);
    expect(none.out).toContain('never measured, so not gated: positive, unmeasured');
    expect(none.status).toBe(0);
  });

  it('GIVEN a module with no baseline WHEN --update is asked THEN it fails naming the full run to start with, and writes no baseline', () => {
    const dir = repository(killed(10));
    fs.rmSync(path.join(dir, 'mutation/baseline/positive.json'));
    const r = spawnSync(process.execPath, [SCRIPT, '--update', 'positive'], { cwd: dir, encoding: 'utf8' });
    expect(r.stderr).toContain('positive: no mutation/baseline/positive.json to update; run `npx projen mutation positive` (a full run) first.');
    expect(r.status).toBe(1);
    expect(fs.existsSync(path.join(dir, 'mutation/baseline/positive.json'))).toBe(false);
  });

  it('GIVEN an unknown flag or module WHEN gated THEN it fails saying what is accepted', () => {
    const dir = repository(killed(10));
    const flag = spawnSync(process.execPath, [SCRIPT, '--everything'], { cwd: dir, encoding: 'utf8' });
    expect(flag.status).toBe(2);
    expect(flag.stderr).toContain('usage: npx projen mutation [--changed | --update | --score-only] [module ...]');
    const name = spawnSync(process.execPath, [SCRIPT, '--changed', 'nope'], { cwd: dir, encoding: 'utf8' });
    expect(name.status).toBe(2);
    expect(name.stderr).toContain('unknown module nope; the modules of mutation/modules.json are positive.');
  });
});

describe('the mutation run\'s test runners', () => {
  const CONFIG = path.resolve(__dirname, '../../stryker.config.mjs');
  /** stryker.config.mjs as Stryker loads it, for module pypi, with LOCKSTEP_MUTATION_CONCURRENCY set to `value`. */
  const concurrency = (value: string | undefined) => spawnSync(process.execPath, ['--input-type=module', '-e',
    `import(${JSON.stringify(CONFIG)}).then((c) => console.log(c.default.concurrency), (e) => { console.error(e.message); process.exit(3); })`], {
    env: { ...process.env, LOCKSTEP_MUTATION_MODULE: 'pypi', LOCKSTEP_MUTATION_CONCURRENCY: value ?? '' },
    encoding: 'utf8',
  });

  it('GIVEN no LOCKSTEP_MUTATION_CONCURRENCY WHEN the configuration is read THEN one mutant is tested at a time; a number asks for that many runners; anything else is refused naming the variable', () => {
    expect(concurrency(undefined).stdout.trim()).toBe('1');
    expect(concurrency('2').stdout.trim()).toBe('2');
    const bad = concurrency('two');
    expect(bad.status).toBe(3);
    expect(bad.stderr.trim()).toBe("LOCKSTEP_MUTATION_CONCURRENCY must be a whole number of test runners, such as 2; got 'two'.");
    expect(concurrency('0').status).toBe(3);
  });
});
