import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeGhState, addBareRemote, fakeGh, filesOf } from './support';
import { exampleProducts } from '../../support/example-products';
import { REPO_ROOT, copyExample, git, gitInit, listFiles, parseWorkflow, projectIn, tempDir } from '../../support/fixtures';
import { readStepOutputs } from '../../support/runner-view';

/**
 * Runs release-pr.yml's `run:` steps with bash, job by job, the way a runner does: each job in a fresh
 * clone of the bare remote (what actions/checkout does with fetch-depth 0), `${{ }}` expressions in `env:`
 * resolved from the inputs and earlier outputs, `$GITHUB_OUTPUT` read back after each step. The installed
 * `lockstep` CLI is this checkout's source; `gh` is the fake. Nothing else is emulated.
 */
function dispatch(workflow: any, remote: string, inputs: Record<string, string>, gh: { bin: string; state: string }, cli: string) {
  const needs: Outputs = {};
  const clones: string[] = [];
  for (const [jobId, job] of Object.entries<any>(workflow.jobs)) {
    const dir = path.join(tempDir('release-pr-job-'), 'repo');
    git(path.dirname(dir), 'clone', '-q', remote, dir);
    installLockstep(dir, cli);
    clones.push(dir);
    const steps: Outputs = {};
    const resolve = (value: string) => value.replace(/\$\{\{ ([^}]+) \}\}/g, (_m, expr: string) => lookup(expr.trim(), { inputs, needs, steps }));
    for (const step of job.steps) {
      if (step.uses !== undefined || step.run.startsWith('npm ci')) continue;
      const output = path.join(tempDir(), 'output');
      fs.writeFileSync(output, '');
      const env: Record<string, string | undefined> = { ...process.env, PATH: `${gh.bin}${path.delimiter}${process.env.PATH}`, FAKE_GH_STATE: gh.state, GITHUB_OUTPUT: output };
      for (const [k, v] of Object.entries<string>(step.env ?? {})) env[k] = resolve(v);
      const r = spawnSync('bash', ['-e', '-c', step.run], { cwd: dir, env, encoding: 'utf8' });
      if (r.status !== 0) return { failed: `${jobId}: ${step.name}`, stderr: r.stderr, needs, clones };
      if (step.id) steps[step.id] = readStepOutputs(output);
    }
    needs[jobId] = Object.fromEntries(Object.entries<string>(job.outputs ?? {}).map(([k, v]) => [k, resolve(v)]));
  }
  return { failed: undefined, stderr: '', needs, clones };
}

type Outputs = Record<string, Record<string, string>>;

/** The value of one of the few expressions release-pr.yml's `env:` uses; anything else fails the test. */
function lookup(expr: string, ctx: { inputs: Record<string, string>; needs: Outputs; steps: Outputs }): string {
  const [scope, ...rest] = expr.split('.');
  let value: string | undefined;
  if (scope === 'inputs' && rest.length === 1) value = ctx.inputs[rest[0]];
  else if ((scope === 'needs' || scope === 'steps') && rest.length === 3 && rest[1] === 'outputs') value = ctx[scope][rest[0]]?.[rest[2]];
  else if (expr === 'github.token') value = 'fake-github-token';
  if (value === undefined) throw new Error(`the test runner cannot resolve \${{ ${expr} }}`);
  return value;
}

/**
 * What `npm ci` gives a consumer: a `lockstep` bin. Here it runs this checkout's source, transpiled once to
 * CommonJS below node_modules (so `semver` and `smol-toml` resolve), beside a copy of package.json (so the
 * CLI knows its version); ts-node would add seconds to every call.
 */
function compileCli(): string {
  const cache = path.join(REPO_ROOT, 'node_modules', '.cache');
  fs.mkdirSync(cache, { recursive: true });
  const out = fs.mkdtempSync(path.join(cache, 'release-pr-cli-'));
  fs.copyFileSync(path.join(REPO_ROOT, 'package.json'), path.join(out, 'package.json'));
  for (const file of listFiles(path.join(REPO_ROOT, 'src')).filter((f) => f.endsWith('.ts'))) {
    const text = fs.readFileSync(path.join(REPO_ROOT, 'src', file), 'utf8');
    const compilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, esModuleInterop: true };
    const js = ts.transpileModule(text, { compilerOptions }).outputText;
    fs.mkdirSync(path.dirname(path.join(out, 'src', file)), { recursive: true });
    fs.writeFileSync(path.join(out, 'src', file.replace(/\.ts$/, '.js')), js);
  }
  return out;
}

function installLockstep(dir: string, cli: string): void {
  const bin = path.join(dir, 'node_modules/.bin/lockstep');
  fs.mkdirSync(path.dirname(bin), { recursive: true });
  fs.writeFileSync(bin, `#!/bin/sh\nexec node '${path.join(cli, 'src/runtime/cli.js')}' "$@"\n`, { mode: 0o755 });
}

const state = (gh: { state: string }): FakeGhState => JSON.parse(fs.readFileSync(gh.state, 'utf8'));
const remoteRefs = (remote: string) => git(remote, 'for-each-ref', '--format=%(refname) %(objectname)');

describe('release-pr.yml, its run steps executed against a bare remote', () => {
  let cli = '';
  beforeAll(() => {
    cli = compileCli();
  });
  afterAll(() => fs.rmSync(cli, { recursive: true, force: true }));

  it('GIVEN the example WHEN dispatched for 0.4.0, then again with bump minor, then with an injection THEN one branch, one PR, CI dispatched each time, and the injection stops at validation', () => {
    const source = copyExample();
    // Synthesized in place, as `npx projen` does: the plan, the bump script and the workflow land in the repo.
    projectIn(source, { products: exampleProducts() }).synth();
    gitInit(source);
    const remote = addBareRemote(source);
    const workflow = parseWorkflow(fs.readFileSync(path.join(source, '.github/workflows/release-pr.yml'), 'utf8'));
    const gh = fakeGh();
    const main = git(remote, 'rev-parse', 'main').trim();

    const first = dispatch(workflow, remote, { version: '0.4.0', bump: 'none', preid: 'rc' }, gh, cli);

    expect(first).toMatchObject({ failed: undefined, needs: { plan: { version: '0.4.0' } } });
    expect(git(remote, 'log', '--format=%P|%an|%s', '-1', 'release/v0.4.0').trim()).toBe(`${main}|github-actions[bot]|release: v0.4.0`);
    const files = filesOf(remote, 'release/v0.4.0');
    expect(files).toHaveLength(16);
    expect(files.every((f) => /(^|\/)(Cargo\.toml|Cargo\.lock|package\.json|package-lock\.json|pyproject\.toml|tauri\.conf\.json)$/.test(f))).toBe(true);
    expect(state(gh).prs.map((p) => [p.head, p.base, p.title])).toEqual([['release/v0.4.0', 'main', 'Release v0.4.0']]);
    expect(state(gh).dispatches).toEqual([{ workflow: 'ci.yml', ref: 'release/v0.4.0' }]);
    const tip = git(remote, 'rev-parse', 'release/v0.4.0').trim();

    const second = dispatch(workflow, remote, { version: '', bump: 'minor', preid: 'rc' }, gh, cli);

    expect(second).toMatchObject({ failed: undefined, needs: { plan: { version: '0.4.0' } } });
    expect(git(remote, 'rev-parse', 'release/v0.4.0').trim()).toBe(tip);
    expect(state(gh).prs).toHaveLength(1);
    expect(state(gh).calls.filter((c) => c.args[0] === 'pr' && c.args[1] !== 'list').map((c) => c.args[1])).toEqual(['create', 'edit']);
    expect(state(gh).dispatches).toEqual([{ workflow: 'ci.yml', ref: 'release/v0.4.0' }, { workflow: 'ci.yml', ref: 'release/v0.4.0' }]);
    expect(state(gh).calls.every((c) => c.token === 'fake-github-token')).toBe(true);
    const refs = remoteRefs(remote);

    const injected = dispatch(workflow, remote, { version: '0.5.0$(touch pwned)', bump: 'none', preid: 'rc' }, gh, cli);

    expect(injected.failed).toBe('plan: Validate the requested version');
    expect(injected.stderr).toMatch(/'0\.5\.0\$\(touch pwned\)' is not a semver 2\.0\.0 version/);
    expect(injected.clones.some((d) => fs.existsSync(path.join(d, 'pwned')))).toBe(false);
    expect(remoteRefs(remote)).toBe(refs);
  }, 180_000);
});
