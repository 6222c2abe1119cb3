import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../src/runtime';
import { NeededJob, ciVerdict } from '../../src/runtime/affected/ci-verdict';
import { tempDir } from '../support/fixtures';

const JOBS = { 'changes': '', 'verify': '', 'python-quill-py': 'quill-py', 'lint-quill-py': 'quill-py', 'go-sdk-go': 'sdk-go' };

function needs(products: string[], results: Partial<Record<keyof typeof JOBS, string>>, all = false): Record<string, NeededJob> {
  const base: Record<string, NeededJob> = {
    'changes': { result: 'success', outputs: { products: JSON.stringify(products), all: String(all) } },
    'verify': { result: 'success', outputs: {} },
    'python-quill-py': { result: products.includes('quill-py') ? 'success' : 'skipped', outputs: {} },
    'lint-quill-py': { result: products.includes('quill-py') ? 'success' : 'skipped', outputs: {} },
    'go-sdk-go': { result: products.includes('sdk-go') ? 'success' : 'skipped', outputs: {} },
  };
  for (const [job, result] of Object.entries(results)) base[job] = { ...base[job], result: result! };
  return base;
}

const failing = (n: Record<string, NeededJob>) => ciVerdict(n, JOBS, 'changes').jobs.filter((j) => !j.ok).map((j) => `${j.job}: ${j.why}`);

describe('the verdict of the required check', () => {
  it('GIVEN only the affected product ran and passed WHEN decided THEN the run passes and the skipped jobs were not needed', () => {
    const v = ciVerdict(needs(['quill-py'], {}), JOBS, 'changes');
    expect(v.ok).toBe(true);
    expect(v.jobs.find((j) => j.job === 'go-sdk-go')).toMatchObject({ ok: true, result: 'skipped', why: 'not needed: sdk-go is not affected' });
  });

  it('GIVEN a product job failed or was cancelled WHEN decided THEN the run fails naming it', () => {
    expect(failing(needs(['quill-py'], { 'python-quill-py': 'failure' }))).toEqual(['python-quill-py: failed']);
    expect(failing(needs(['quill-py'], { 'lint-quill-py': 'cancelled' }))).toEqual(['lint-quill-py: was cancelled']);
  });

  it('GIVEN a job skipped although its product is affected WHEN decided THEN the run fails', () => {
    expect(failing(needs(['quill-py'], { 'python-quill-py': 'skipped' }))).toEqual(['python-quill-py: was skipped although quill-py is affected']);
    expect(failing(needs([], { 'go-sdk-go': 'skipped' }, true))).toContain('go-sdk-go: was skipped although sdk-go is affected');
  });

  it('GIVEN change detection failed WHEN decided THEN the run fails, however the skipped jobs look', () => {
    const n = { ...needs([], {}), changes: { result: 'failure', outputs: {} } };
    expect(failing(n)).toEqual([
      'changes: failed',
      'python-quill-py: was skipped and change detection gave no answer',
      'lint-quill-py: was skipped and change detection gave no answer',
      'go-sdk-go: was skipped and change detection gave no answer',
    ]);
  });

  it('GIVEN the always-run verify job was skipped WHEN decided THEN the run fails', () => {
    expect(failing(needs([], { verify: 'skipped' }))).toEqual(['verify: was skipped, but it must run on every change']);
  });

  it('GIVEN needs and the job map disagree WHEN decided THEN the run fails asking to regenerate ci.yml', () => {
    const n = needs([], {});
    delete n['go-sdk-go'];
    n['tauri-app'] = { result: 'success' };
    expect(failing(n)).toEqual([
      'go-sdk-go: is not among the needed jobs: regenerate ci.yml with `npx projen`',
      'tauri-app: is needed but not known to the check: regenerate ci.yml with `npx projen`',
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
    const r = await run({ NEEDS: JSON.stringify(needs(['sdk-go'], {})), LOCKSTEP_CI_JOBS: JSON.stringify(JOBS), GITHUB_STEP_SUMMARY: summary });
    expect(r.code).toBe(0);
    expect(fs.readFileSync(summary, 'utf8')).toMatch(/\| ✅ \| go-sdk-go \| sdk-go \| success \| passed \|/);
  });

  it('GIVEN a failed job WHEN checked THEN it exits 1 naming the job', async () => {
    const r = await run({ NEEDS: JSON.stringify(needs(['sdk-go'], { 'go-sdk-go': 'failure' })), LOCKSTEP_CI_JOBS: JSON.stringify(JOBS) });
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/CI failed: go-sdk-go/);
  });

  it('GIVEN no NEEDS WHEN checked THEN it exits 2 explaining where it comes from', async () => {
    const r = await run({ LOCKSTEP_CI_JOBS: JSON.stringify(JOBS) });
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/NEEDS is not set/);
  });
});

describe('the guard on change detection\'s answer (mutation survivors, issue 21)', () => {
  it.each([
    ['not JSON', { products: '[quill-py' }],
    ['a string, not a list', { products: '"quill-py"' }],
    ['a list with a number', { products: '["quill-py", 7]' }],
    ['an object', { products: '{"0":"quill-py"}' }],
    ['no products output', { all: 'false' }],
  ])('GIVEN change detection answered %s WHEN decided THEN every skipped product job fails: there is no answer to trust', (_what, outputs) => {
    const n = { ...needs([], {}), changes: { result: 'success', outputs } };
    expect(failing(n)).toEqual([
      'python-quill-py: was skipped and change detection gave no answer',
      'lint-quill-py: was skipped and change detection gave no answer',
      'go-sdk-go: was skipped and change detection gave no answer',
    ]);
  });

  it('GIVEN a skipped change-detection job with a well-formed output WHEN decided THEN its output is not trusted', () => {
    const n = needs([], {});
    n.changes = { ...n.changes, result: 'skipped' };
    expect(failing(n)).toContain('go-sdk-go: was skipped and change detection gave no answer');
  });

  it('GIVEN all is "true" only as that exact text WHEN decided THEN another spelling is not "everything"', () => {
    const n = needs([], {});
    n.changes = { result: 'success', outputs: { products: '[]', all: 'yes' } };
    expect(ciVerdict(n, JOBS, 'changes').ok).toBe(true);
    n.changes = { result: 'success', outputs: { products: '[]', all: 'true' } };
    expect(failing(n)).toContain('go-sdk-go: was skipped although sdk-go is affected');
  });

  it('GIVEN a job with a result GitHub does not define WHEN decided THEN it fails naming the result', () => {
    expect(failing(needs(['quill-py'], { 'python-quill-py': 'neutral' }))).toEqual(['python-quill-py: ended with an unknown result \'neutral\'']);
  });

  it('GIVEN a job id that is an Object property name WHEN decided THEN it is a job like any other', () => {
    const jobs = { changes: '', constructor: 'quill-py' };
    const n = { changes: { result: 'success', outputs: { products: '["quill-py"]', all: 'false' } }, constructor: { result: 'success' } } as Record<string, NeededJob>;
    expect(ciVerdict(n, jobs, 'changes')).toEqual({
      ok: true,
      jobs: [
        { job: 'changes', result: 'success', ok: true, why: 'passed' },
        { job: 'constructor', product: 'quill-py', result: 'success', ok: true, why: 'passed' },
      ],
    });
    expect(ciVerdict({ changes: n.changes }, jobs, 'changes').jobs[1]).toMatchObject({ job: 'constructor', result: 'missing', ok: false });
  });
});
