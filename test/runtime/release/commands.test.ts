import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ExampleRepo, bumpAndCommit, exampleRepo } from './helpers';
import { lockstep } from '../../support/cli';
import { git, tempDir } from '../../support/fixtures';
import { RecordedServer, startRecordedServer } from '../../support/local-registries';
import { readStepOutputs } from '../../support/runner-view';

describe('the release commands, end to end through the CLI', () => {
  let server: RecordedServer;
  let r: ExampleRepo;
  let sha: string;
  let env: Record<string, string>;
  beforeAll(async () => {
    // Every registry answers "not there" (404), as for a first release.
    server = await startRecordedServer();
    r = exampleRepo();
    fs.writeFileSync(path.join(r.dir, r.plan.planFile), `${JSON.stringify(r.plan, undefined, 2)}\n`);
    sha = bumpAndCommit(r, '0.3.0', '0.4.0', 'Release 0.4.0 (#30)');
    const work = tempDir();
    env = {
      GITHUB_OUTPUT: path.join(work, 'output'),
      GITHUB_STEP_SUMMARY: path.join(work, 'summary'),
      // Where the plan job writes its decision and the later jobs read it (downloaded from its artifact).
      LOCKSTEP_RELEASE_FILE: path.join(work, 'release-run.json'),
      LOCKSTEP_CRATES_INDEX_URL: `sparse+${server.url}/`,
      LOCKSTEP_PYPI_INDEX_URL: `${server.url}/simple`,
      LOCKSTEP_NPM_REGISTRY: `${server.url}/`,
      GITHUB_API_URL: server.url,
      GITHUB_REPOSITORY: 'example/quill',
      GH_TOKEN: 'test',
      NPM_CONFIG_USERCONFIG: path.join(work, 'npmrc'),
      NPM_CONFIG_FETCH_RETRIES: '0',
    };
    fs.writeFileSync(env.NPM_CONFIG_USERCONFIG, '');
  }, 60_000);
  afterAll(() => server?.close());

  it('GIVEN a push of a bump WHEN release-plan runs THEN the plan job outputs say what to release, the decision is in its file, and the summary shows it', async () => {
    const res = await lockstep(r.dir, ['release-plan', '--event', 'push', '--ref', 'refs/heads/main', '--sha', sha, '--version', '', '--dry-run', ''], env);
    expect(res.err).toBe('');
    expect(res.code).toBe(0);
    const outputs = readStepOutputs(env.GITHUB_OUTPUT);
    expect(outputs).toMatchObject({ release: 'true', dry_run: 'false', version: '0.4.0', commit: sha });
    expect(JSON.parse(outputs.products)).toContain('quill-py');
    expect(JSON.parse(outputs.todo)).toEqual(['crates-io', 'github-release', 'go', 'npm', 'pypi']);
    expect(outputs.run).toBeUndefined();
    expect(JSON.parse(fs.readFileSync(env.LOCKSTEP_RELEASE_FILE, 'utf8'))).toMatchObject({ schema: 1, umbrellaTag: 'v0.4.0', commit: sha });
    expect(fs.readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8')).toMatch(/\| quill-py \| `quill-py-v0\.4\.0` \| pypi \| quill-db@0\.4\.0 \| publish \|/);
  }, 60_000);

  it('GIVEN the plan\'s decision WHEN tag runs THEN every tag is on origin and the outcome file is written for the summary', async () => {
    const run = fs.readFileSync(env.LOCKSTEP_RELEASE_FILE, 'utf8');
    git(r.dir, 'push', '-q', 'origin', 'main');
    const res = await lockstep(r.dir, ['tag'], env);
    expect(res.code).toBe(0);
    expect(git(r.remote, 'tag', '--list').split('\n').filter(Boolean).length).toBe(JSON.parse(run).products.length + 1);
    const outcomes = JSON.parse(fs.readFileSync(path.join(r.dir, '.lockstep/outcomes/tag-all.json'), 'utf8'));
    expect(outcomes.every((o: any) => o.outcome === 'published')).toBe(true);
  }, 60_000);

  it('P6 GIVEN outcome files and job results WHEN summary runs THEN it fails the run on a failed job and writes the table', async () => {
    const dir = path.join(r.dir, 'collected');
    fs.mkdirSync(dir, { recursive: true });
    fs.copyFileSync(path.join(r.dir, '.lockstep/outcomes/tag-all.json'), path.join(dir, 'tag-all.json'));
    const needs = JSON.stringify({ 'plan': { result: 'success' }, 'tag-all': { result: 'success' }, 'publish-crates': { result: 'failure' } });
    const res = await lockstep(r.dir, ['summary', '--outcomes', 'collected'], { ...env, NEEDS_JSON: needs });
    expect(res.code).toBe(1);
    expect(res.out).toMatch(/\| quill \| crates-io \| quill-engine \| 0\.4\.0 \| ❌ failed \| no outcome recorded \(job publish-crates: failure\) \|/);
    expect(res.out).toMatch(/\| quill-py \| tag \| quill-py-v0\.4\.0 \| 0\.4\.0 \| ✅ published \|/);
  }, 60_000);

  it('GIVEN a PyPI upload step result WHEN record-outcome runs THEN the outcome is recorded and a failure exits 1', async () => {
    const ok = await lockstep(r.dir, ['record-outcome', '--job', 'publish-pypi', '--product', 'quill-py', '--target', 'pypi', '--result', 'success'], env);
    expect(ok.code).toBe(0);
    const bad = await lockstep(r.dir, ['record-outcome', '--job', 'publish-pypi', '--product', 'quill-py', '--target', 'pypi', '--result', 'failure'], env);
    expect(bad.code).toBe(1);
    expect(JSON.parse(fs.readFileSync(path.join(r.dir, '.lockstep/outcomes/publish-pypi.json'), 'utf8'))).toEqual([expect.objectContaining({ product: 'quill-py', outcome: 'failed' })]);
  }, 60_000);

  it('S1 GIVEN a dispatch version with shell in it WHEN release-plan runs THEN it refuses before doing anything', async () => {
    const res = await lockstep(r.dir, ['release-plan', '--event', 'workflow_dispatch', '--ref', 'refs/heads/main', '--sha', sha, '--version', '$(curl evil)', '--dry-run', 'false'], { ...env, GITHUB_OUTPUT: path.join(tempDir(), 'o') });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/input version: '\$\(curl evil\)' is not a semver 2\.0\.0 version/);
  });

  it('GIVEN no release decision in the environment WHEN a publish command runs THEN it says where the decision comes from', async () => {
    const res = await lockstep(r.dir, ['publish-crates'], { ...env, LOCKSTEP_RELEASE_FILE: '' });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/LOCKSTEP_RELEASE_FILE is empty: this command runs in release\.yml after the plan job/);
  });

  it('GIVEN a job that did not get the plan job\'s artifact WHEN a publish command runs THEN it names the file and the artifact', async () => {
    const res = await lockstep(r.dir, ['publish-crates'], { ...env, LOCKSTEP_RELEASE_FILE: path.join(tempDir(), 'missing.json') });
    expect(res.code).toBe(2);
    expect(res.err).toMatch(/LOCKSTEP_RELEASE_FILE: cannot read .*missing\.json \(ENOENT\); the job downloads it from the artifact release-run, which the plan job uploads/);
  });

  it('P2 GIVEN a registry that errors WHEN probed from the CLI THEN it fails instead of answering', async () => {
    server.set('/simple/quill-db/', { status: 502, body: 'bad gateway' });
    const res = await lockstep(r.dir, ['probe', 'pypi', 'quill-db', '0.4.0'], env);
    expect(res.code).toBe(1);
    expect(res.out).toBe('');
    expect(res.err).toMatch(/probing pypi for quill-db@0\.4\.0: GET .* answered HTTP 502: bad gateway/);
    server.set('/simple/quill-db/', { status: 200, body: JSON.stringify({ meta: { 'api-version': '1.1' }, name: 'quill-db', files: [{ filename: 'quill_db-0.4.0.tar.gz' }] }) });
    expect((await lockstep(r.dir, ['probe', 'pypi', 'quill-db', '0.4.0'], env)).out).toBe('published\n');
  });
});
