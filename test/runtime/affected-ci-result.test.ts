import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/runtime';
import { NeededJob, ciVerdict } from '../../src/runtime/affected/ci-verdict';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn, tempDir } from '../support/fixtures';
import { evaluateExpression, evaluateTemplate } from '../support/github-expressions';

/** The job map ci.yml hands ci-result: each matrix job is its own matrix; changes and verify always run. */
const JOBS = { changes: '', verify: '', python: 'python', lint: 'lint', go: 'go' };

/**
 * `needs` as ci-ok sees it: change detection gave cells to the `withCells` jobs, which then ran (passing
 * unless `results` says otherwise), and skipped the others.
 */
function needs(withCells: string[], results: Partial<Record<keyof typeof JOBS, string>>): Record<string, NeededJob> {
  const base: Record<string, NeededJob> = {
    changes: { result: 'success', outputs: { jobs: JSON.stringify(withCells) } },
    verify: { result: 'success' },
    python: { result: withCells.includes('python') ? 'success' : 'skipped' },
    lint: { result: withCells.includes('lint') ? 'success' : 'skipped' },
    go: { result: withCells.includes('go') ? 'success' : 'skipped' },
  };
  for (const [job, result] of Object.entries(results)) base[job] = { ...base[job], result: result! };
  return base;
}

const failing = (n: Record<string, NeededJob>) => ciVerdict(n, JOBS, 'changes').jobs.filter((j) => !j.ok).map((j) => `${j.job}: ${j.why}`);

describe('the verdict of the required check', () => {
  it('GIVEN only the jobs with cells ran and passed WHEN decided THEN the run passes and the skipped jobs were not needed', () => {
    const v = ciVerdict(needs(['python', 'lint'], {}), JOBS, 'changes');
    expect(v.ok).toBe(true);
    expect(v.jobs.find((j) => j.job === 'go')).toMatchObject({ ok: true, result: 'skipped', why: 'not needed: no affected product runs in it' });
  });

  it('GIVEN one job failed and every other passed WHEN decided THEN the run fails: one failed job fails the required check', () => {
    const v = ciVerdict(needs(['python', 'lint', 'go'], { lint: 'failure' }), JOBS, 'changes');
    expect(v.jobs.filter((j) => j.ok)).toHaveLength(4);
    expect(v.ok).toBe(false);
  });

  it('GIVEN a cell of a matrix job failed (the job\'s result is failure) or the job was cancelled WHEN decided THEN the run fails naming it', () => {
    expect(failing(needs(['python', 'lint'], { python: 'failure' }))).toEqual(['python: failed']);
    expect(failing(needs(['python', 'lint'], { lint: 'cancelled' }))).toEqual(['lint: was cancelled']);
  });

  it('GIVEN a matrix job skipped although change detection gave it cells WHEN decided THEN the run fails', () => {
    expect(failing(needs(['python', 'lint'], { python: 'skipped' }))).toEqual(['python: was skipped although affected products run in it']);
  });

  it('GIVEN change detection failed WHEN decided THEN the run fails, however the skipped jobs look', () => {
    const n = { ...needs([], {}), changes: { result: 'failure', outputs: { jobs: '' } } };
    expect(failing(n)).toEqual([
      'changes: failed',
      'python: was skipped and change detection gave no answer',
      'lint: was skipped and change detection gave no answer',
      'go: was skipped and change detection gave no answer',
    ]);
  });

  it('GIVEN the always-run verify job was skipped WHEN decided THEN the run fails', () => {
    expect(failing(needs([], { verify: 'skipped' }))).toEqual(['verify: was skipped, but it must run on every change']);
  });

  it('GIVEN needs and the job map disagree WHEN decided THEN the run fails asking to regenerate ci.yml', () => {
    const n = needs([], {});
    delete n.go;
    n.tauri = { result: 'success' };
    expect(failing(n)).toEqual([
      'go: is not among the needed jobs: regenerate ci.yml with `npx projen`',
      'tauri: is needed but not known to the check: regenerate ci.yml with `npx projen`',
    ]);
  });
});

describe('lockstep ci-result', () => {
  async function run(env: Record<string, string>): Promise<{ code: number; out: string; err: string }> {
    let out = '';
    let err = '';
    const code = await main(['ci-result'], { cwd: tempDir(), env, stdout: (t) => (out += t), stderr: (t) => (err += t) });
    return { code, out, err };
  }

  it('GIVEN a passing run WHEN checked THEN it exits 0 and writes a summary table', async () => {
    const summary = path.join(tempDir(), 'summary.md');
    const r = await run({ NEEDS: JSON.stringify(needs(['go'], {})), LOCKSTEP_CI_JOBS: JSON.stringify(JOBS), GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/\| ✅ \| go \| success \| passed \|/);
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/\| ✅ \| python \| skipped \| not needed: no affected product runs in it \|/);
  });

  it('GIVEN a failed job WHEN checked THEN it exits 1 naming the job', async () => {
    const r = await run({ NEEDS: JSON.stringify(needs(['go'], { go: 'failure' })), LOCKSTEP_CI_JOBS: JSON.stringify(JOBS) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CI failed: go/);
  });

  it('GIVEN no NEEDS WHEN checked THEN it exits 2 explaining where it comes from', async () => {
    const r = await run({ LOCKSTEP_CI_JOBS: JSON.stringify(JOBS) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/NEEDS is not set/);
  });
});

describe('the guard on change detection\'s answer (mutation survivors, issue 21)', () => {
  it.each([
    ['not JSON', { jobs: '[python' }],
    ['a string, not a list', { jobs: '"python"' }],
    ['a list with a number', { jobs: '["python", 7]' }],
    ['an object', { jobs: '{"0":"python"}' }],
    ['no jobs output', { all: 'false' }],
    ['no outputs at all', undefined],
  ])('GIVEN change detection answered %s WHEN decided THEN every skipped matrix job fails: there is no answer to trust', (_what, outputs) => {
    const n = { ...needs([], {}), changes: { result: 'success', outputs } };
    expect(failing(n)).toEqual([
      'python: was skipped and change detection gave no answer',
      'lint: was skipped and change detection gave no answer',
      'go: was skipped and change detection gave no answer',
    ]);
  });

  it('GIVEN no change-detection job among the needed jobs WHEN decided THEN the run fails naming it and every skipped matrix job, rather than stopping', () => {
    const n = needs(['go'], {});
    delete n.changes;
    expect(failing(n)).toEqual([
      'changes: is not among the needed jobs: regenerate ci.yml with `npx projen`',
      'python: was skipped and change detection gave no answer',
      'lint: was skipped and change detection gave no answer',
    ]);
  });

  it('GIVEN a skipped change-detection job with a well-formed output WHEN decided THEN its output is not trusted', () => {
    const n = needs([], {});
    n.changes = { ...n.changes, result: 'skipped' };
    expect(failing(n)).toContain('go: was skipped and change detection gave no answer');
  });

  it('GIVEN a job listed only by a prefix of its id WHEN decided THEN it is not taken as listed', () => {
    const n = needs([], {});
    n.changes = { result: 'success', outputs: { jobs: '["py", "goo"]' } };
    expect(ciVerdict(n, JOBS, 'changes').ok).toBe(true);
    n.changes = { result: 'success', outputs: { jobs: '["go"]' } };
    expect(failing(n)).toEqual(['go: was skipped although affected products run in it']);
  });

  it('GIVEN a job with a result GitHub does not define WHEN decided THEN it fails naming the result', () => {
    expect(failing(needs(['python'], { python: 'neutral' }))).toEqual(['python: ended with an unknown result \'neutral\'']);
  });

  it('GIVEN a job id that is an Object property name WHEN decided THEN it is a job like any other', () => {
    const jobs = { changes: '', constructor: 'constructor' };
    const n = { changes: { result: 'success', outputs: { jobs: '["constructor"]' } }, constructor: { result: 'success' } } as Record<string, NeededJob>;
    expect(ciVerdict(n, jobs, 'changes')).toEqual({
      ok: true,
      jobs: [
        { job: 'changes', result: 'success', ok: true, why: 'passed' },
        { job: 'constructor', matrix: 'constructor', result: 'success', ok: true, why: 'passed' },
      ],
    });
    expect(ciVerdict({ changes: n.changes }, jobs, 'changes').jobs[1]).toMatchObject({ job: 'constructor', result: 'missing', ok: false });
  });
});

describe('ci.yml\'s required check, its expressions evaluated as GitHub does', () => {
  const ci = parseWorkflow(synthIn(copyExample(), { products: exampleProducts() })['.github/workflows/ci.yml']);
  const decide = ci.jobs['ci-ok'].steps.at(-1);
  const matrixJobs = Object.keys(ci.jobs).filter((id) => !['changes', 'verify', 'ci-ok'].includes(id));

  /** The `needs` context of ci-ok: change detection gave cells to `withCells`; `results` overrides a job's result. */
  function needsOf(withCells: string[], results: Record<string, string> = {}): Record<string, unknown> {
    const matrices = Object.fromEntries(matrixJobs.map((j) => [`${j}-matrix`, withCells.includes(j) ? '{"group":["x"],"os":["ubuntu-24.04"],"include":[]}' : '']));
    return {
      changes: { result: 'success', outputs: { all: 'false', kinds: '[]', jobs: JSON.stringify(withCells), ...matrices } },
      verify: { result: 'success', outputs: {} },
      ...Object.fromEntries(matrixJobs.map((j) => [j, { result: results[j] ?? (withCells.includes(j) ? 'success' : 'skipped'), outputs: {} }])),
    };
  }

  async function verdict(context: Record<string, unknown>): Promise<number> {
    const env = { NEEDS: await evaluateTemplate(decide.env.NEEDS, { needs: context }), LOCKSTEP_CI_JOBS: decide.env.LOCKSTEP_CI_JOBS };
    return main(['ci-result'], { cwd: tempDir(), env, stdout: () => undefined, stderr: () => undefined });
  }

  it('GIVEN the NEEDS template WHEN GitHub evaluates it THEN it is JSON holding each result and the jobs that had cells, not the matrices', async () => {
    const value = JSON.parse(await evaluateTemplate(decide.env.NEEDS, { needs: needsOf(['rust', 'lint'], { rust: 'failure' }) }));
    expect(value.changes).toEqual({ result: 'success', outputs: { jobs: '["rust","lint"]' } });
    expect(value.rust).toEqual({ result: 'failure' });
    expect(value.go).toEqual({ result: 'skipped' });
  });

  it('GIVEN a change whose jobs passed and the rest skipped WHEN ci-ok decides THEN it passes; a failed cell or a wrongly skipped job fails it', async () => {
    expect(await verdict(needsOf(['rust', 'lint']))).toBe(0);
    expect(await verdict(needsOf(['rust', 'lint'], { rust: 'failure' }))).toBe(1);
    expect(await verdict(needsOf(['rust', 'lint'], { lint: 'skipped' }))).toBe(1);
    expect(await verdict({ ...needsOf([]), changes: { result: 'failure', outputs: {} } })).toBe(1);
  });

  it('GIVEN each matrix job\'s if: WHEN GitHub evaluates it THEN exactly the jobs change detection gave cells run', async () => {
    const context = needsOf(['rust', 'go']);
    const running = [];
    for (const id of matrixJobs) if (await evaluateExpression(ci.jobs[id].if, { needs: context }) === 'true') running.push(id);
    expect(running).toEqual(['rust', 'go']);
  });
});
