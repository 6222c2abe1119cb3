import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ReleasePrOptions, ReleasePrTokenSource, releasePrFacts } from '../../src/components';
import { Product } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn, tempDir, writeRepo } from '../support/fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

const FILE = '.github/workflows/release-pr.yml';

/** The example's generated files with these release PR options. */
function example(releasePr: ReleasePrOptions = {}): Record<string, any> {
  return synthIn(copyExample(), { products: exampleProducts(), releasePr });
}

/** A one-crate repository: the smallest configuration. */
function minimal(): Record<string, any> {
  return synthIn(writeRepo({ 'Cargo.toml': '[package]\nname = "solo"\nversion = "1.0.0"\n', 'src/lib.rs': '' }), { products: [Product.rustCrate({ path: '.' })] });
}

/** Two tracks, each one crate. */
function twoTracks(): Record<string, any> {
  const dir = writeRepo({ 'core/Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\n', 'tools/Cargo.toml': '[package]\nname = "tools"\nversion = "0.2.0"\n' });
  return synthIn(dir, {
    tracks: [
      { name: 'core', products: [Product.rustCrate({ path: 'core' })] },
      { name: 'tools', products: [Product.rustCrate({ path: 'tools' })] },
    ],
  });
}

const stepsOf = (wf: any, job: string): any[] => wf.jobs[job].steps;
const stepNamed = (wf: any, job: string, name: string): any => stepsOf(wf, job).find((s) => s.name === name);

describe('release-pr.yml', () => {
  const out = example();
  const wf = parseWorkflow(out[FILE]);

  it('GIVEN the example WHEN synthesized THEN the only trigger is a dispatch with a version, a bump kind and a prerelease identifier', () => {
    expect(Object.keys(wf.on)).toEqual(['workflow_dispatch']);
    expect(wf.on.workflow_dispatch.inputs).toEqual({
      version: expect.objectContaining({ type: 'string', required: false, default: '' }),
      bump: expect.objectContaining({ type: 'choice', options: ['none', 'major', 'minor', 'patch', 'prerelease'], default: 'none' }),
      preid: expect.objectContaining({ type: 'string', required: false, default: 'rc' }),
    });
  });

  it('S3: GIVEN the job that pushes WHEN Node is set up THEN setup-node caches nothing (it caches by default)', () => {
    const setups = Object.values<any>(wf.jobs).flatMap((j) => j.steps).filter((st: any) => st.uses?.startsWith('actions/setup-node@'));
    expect(setups.length).toBeGreaterThan(0);
    for (const st of setups) expect(st.with).toMatchObject({ 'package-manager-cache': false });
    for (const st of setups) expect(st.with.cache).toBeUndefined();
  });

  it('S1: GIVEN the dispatch inputs WHEN read by the workflow THEN they reach only the read-only validation step, through env, as quoted arguments', () => {
    const text: string = out[FILE];
    const inputUses = text.split('\n').filter((l) => l.includes('inputs.'));
    expect(inputUses.map((l) => l.trim())).toEqual(['REQUESTED_VERSION: ${{ inputs.version }}', 'BUMP: ${{ inputs.bump }}', 'PREID: ${{ inputs.preid }}']);
    const prepare = stepNamed(wf, 'plan', 'Validate the requested version');
    expect(prepare.run).toBe('npx --no-install lockstep release-pr prepare --version "$REQUESTED_VERSION" --bump "$BUMP" --preid "$PREID" --local-tags');
    for (const job of Object.values<any>(wf.jobs)) for (const step of job.steps) expect(step.run ?? '').not.toContain('${{');
  });

  it('GIVEN the two jobs WHEN their permissions are read THEN the top grants nothing, validation reads, and only the job that pushes may write', () => {
    expect(wf.permissions).toEqual({});
    expect(wf.jobs.plan.permissions).toEqual({ contents: 'read' });
    expect(wf.jobs['release-pr'].permissions).toEqual({ 'contents': 'write', 'pull-requests': 'write', 'actions': 'write' });
    expect(wf.jobs['release-pr'].needs).toEqual(['plan']);
  });

  it('GIVEN every checkout WHEN read THEN only the pushing job keeps its credential, and every action is pinned by commit SHA', () => {
    const checkouts = Object.entries<any>(wf.jobs).flatMap(([id, job]) => job.steps.filter((s: any) => s.uses?.startsWith('actions/checkout@')).map((s: any) => [id, s.with]));
    expect(checkouts).toEqual([
      ['plan', { 'ref': 'main', 'fetch-depth': 0, 'persist-credentials': false }],
      ['release-pr', { 'ref': 'main', 'fetch-depth': 0, 'persist-credentials': true }],
    ]);
    for (const job of Object.values<any>(wf.jobs)) for (const s of job.steps.filter((x: any) => x.uses)) expect(s.uses).toMatch(/^[\w-]+\/[\w-]+@[0-9a-f]{40}$/);
  });

  it('T7: GIVEN two dispatches at once WHEN they start THEN one concurrency group queues them and none is cancelled', () => {
    expect(wf.concurrency).toEqual({ 'group': 'release-pr', 'cancel-in-progress': false });
  });

  it('B7: GIVEN the generated bump script WHEN the release PR commits THEN it runs that script with the version the validation job computed', () => {
    const commit = stepNamed(wf, 'release-pr', 'Bump and push the release branch');
    expect(commit.run).toBe('npx --no-install lockstep release-pr commit --version "$VERSION" --bump-script scripts/bump-version.sh');
    expect(commit.env).toMatchObject({ VERSION: '${{ needs.plan.outputs.version }}', GIT_AUTHOR_NAME: 'github-actions[bot]' });
    expect(commit.id).toBe('commit');
    expect(wf.jobs.plan.outputs).toEqual({ version: '${{ steps.prepare.outputs.version }}' });
    expect(out['scripts/bump-version.sh']).toContain('exec npx --no-install lockstep bump "$@"');
  });

  it('T2: GIVEN the default token WHEN the PR is opened THEN the next step dispatches ci.yml on the release branch, and ci.yml accepts dispatches', () => {
    const names = stepsOf(wf, 'release-pr').map((s) => s.name);
    expect(names.slice(-3)).toEqual(['Bump and push the release branch', 'Open or update the release PR', 'Run CI on the release PR']);
    expect(stepNamed(wf, 'release-pr', 'Run CI on the release PR')).toEqual({
      name: 'Run CI on the release PR',
      run: 'gh workflow run ci.yml --ref "$RELEASE_BRANCH"',
      env: { GH_TOKEN: '${{ github.token }}', RELEASE_BRANCH: '${{ steps.commit.outputs.branch }}' },
    });
    expect(stepNamed(wf, 'release-pr', 'Open or update the release PR').env).toEqual({ VERSION: '${{ needs.plan.outputs.version }}', GH_TOKEN: '${{ github.token }}' });
    expect(parseWorkflow(out['.github/workflows/ci.yml']).on).toHaveProperty('workflow_dispatch');
  });
});

describe('release-pr.yml with a GitHub App or a PAT', () => {
  it('T2: GIVEN a GitHub App WHEN synthesized THEN its token checks out, pushes and opens the PR, CI is left to its events, and the job token gets nothing', () => {
    const wf = parseWorkflow(example({ tokenSource: ReleasePrTokenSource.GITHUB_APP, appClientIdVariable: 'BOT_ID', appPrivateKeySecret: 'BOT_KEY' })[FILE]);
    const [app, checkout] = stepsOf(wf, 'release-pr');
    expect(app).toMatchObject({
      id: 'app-token',
      uses: expect.stringMatching(/^actions\/create-github-app-token@[0-9a-f]{40}$/),
      with: { 'client-id': '${{ vars.BOT_ID }}', 'private-key': '${{ secrets.BOT_KEY }}', 'permission-contents': 'write', 'permission-pull-requests': 'write' },
    });
    expect(checkout.with).toMatchObject({ 'persist-credentials': true, 'token': '${{ steps.app-token.outputs.token }}' });
    expect(stepNamed(wf, 'release-pr', 'Open or update the release PR').env.GH_TOKEN).toBe('${{ steps.app-token.outputs.token }}');
    expect(stepNamed(wf, 'release-pr', 'Run CI on the release PR')).toBeUndefined();
    expect(wf.jobs['release-pr'].permissions).toEqual({});
  });

  it('GIVEN a PAT WHEN synthesized THEN the named secret checks out, pushes and opens the PR, with no CI dispatch', () => {
    const wf = parseWorkflow(example({ tokenSource: ReleasePrTokenSource.PAT, patSecret: 'RELEASE_BOT_PAT' })[FILE]);
    expect(stepsOf(wf, 'release-pr')[0].with.token).toBe('${{ secrets.RELEASE_BOT_PAT }}');
    expect(stepNamed(wf, 'release-pr', 'Open or update the release PR').env.GH_TOKEN).toBe('${{ secrets.RELEASE_BOT_PAT }}');
    expect(stepsOf(wf, 'release-pr').some((s) => s.run?.startsWith('gh workflow run'))).toBe(false);
    expect(wf.jobs['release-pr'].permissions).toEqual({});
  });

  it('GIVEN each token source WHEN its facts are read THEN they name the secrets, the settings and the CI dispatch the secrets doc must explain', () => {
    expect(releasePrFacts()).toMatchObject({
      workflowFile: 'release-pr.yml',
      tokenSource: ReleasePrTokenSource.GITHUB_TOKEN,
      credentials: [],
      needsActionsCanCreatePullRequests: true,
      dispatchedCiWorkflow: 'ci.yml',
      tokenPermissions: [],
    });
    expect(releasePrFacts({ tokenSource: ReleasePrTokenSource.GITHUB_APP })).toMatchObject({
      credentials: [
        { name: 'RELEASE_APP_CLIENT_ID', kind: 'variable' },
        { name: 'RELEASE_APP_PRIVATE_KEY', kind: 'secret' },
      ],
      needsActionsCanCreatePullRequests: false,
      dispatchedCiWorkflow: undefined,
      tokenPermissions: ['contents: write', 'pull-requests: write'],
    });
    expect(releasePrFacts({ tokenSource: ReleasePrTokenSource.PAT, patSecret: 'X_PAT' }).credentials).toEqual([expect.objectContaining({ name: 'X_PAT', kind: 'secret' })]);
  });

  it('GIVEN the facts of a configuration WHEN compared with its workflow THEN every secret and variable named in the workflow is in the facts', () => {
    for (const options of [{}, { tokenSource: ReleasePrTokenSource.GITHUB_APP }, { tokenSource: ReleasePrTokenSource.PAT }]) {
      const named = [...new Set([...(example(options)[FILE] as string).matchAll(/\$\{\{ (?:secrets|vars)\.(\w+) \}\}/g)].map((m) => m[1]))].sort();
      expect(named).toEqual(releasePrFacts(options).credentials.map((c) => c.name).sort());
    }
  });
});

describe('release-pr.yml options', () => {
  it.each([
    [{ patSecret: 'GITHUB_TOKEN' }, /releasePr\.patSecret: 'GITHUB_TOKEN' is not a usable secret or variable name/],
    [{ appPrivateKeySecret: 'my key' }, /releasePr\.appPrivateKeySecret: 'my key'/],
    [{ ciWorkflowFile: '../ci.yml' }, /releasePr\.ciWorkflowFile: '\.\.\/ci\.yml' must be a workflow file name/],
  ])('GIVEN %j WHEN the project is constructed THEN the option is refused by name', (releasePr, message) => {
    expect(() => example(releasePr)).toThrow(message);
  });

  it('GIVEN another CI workflow file WHEN synthesized THEN that workflow is dispatched', () => {
    const dir = writeRepo({ '.github/workflows/checks.yml': 'on:\n  pull_request:\n  workflow_dispatch:\njobs: {}\n' }, copyExample());
    const wf = parseWorkflow(synthIn(dir, { products: exampleProducts(), releasePr: { ciWorkflowFile: 'checks.yml' } })[FILE]);
    expect(stepNamed(wf, 'release-pr', 'Run CI on the release PR').run).toBe('gh workflow run checks.yml --ref "$RELEASE_BRANCH"');
  });

  it('GIVEN the release PR disabled WHEN synthesized THEN there is no release-pr.yml', () => {
    expect(example({ enabled: false })[FILE]).toBeUndefined();
  });

  it('GIVEN two tracks WHEN synthesized THEN a track choice reaches every step through env', () => {
    const wf = parseWorkflow(twoTracks()[FILE]);
    expect(wf.on.workflow_dispatch.inputs.track).toMatchObject({ type: 'choice', options: ['core', 'tools'], default: 'core' });
    const lockstepSteps = Object.values<any>(wf.jobs).flatMap((j) => j.steps.filter((s: any) => s.run?.includes('lockstep release-pr')));
    expect(lockstepSteps).toHaveLength(3);
    for (const s of lockstepSteps) {
      expect(s.run).toContain('--track "$TRACK"');
      expect(s.env.TRACK).toBe('${{ inputs.track }}');
    }
  });
});

describe('release-pr.yml passes the workflow gates', () => {
  it('GIVEN the example with each token source, a minimal config and two tracks WHEN actionlint, GitHub\'s parser and zizmor run THEN they find nothing', () => {
    const configs: Record<string, Record<string, any>> = {
      'example-github-token': example(),
      'example-github-app': example({ tokenSource: ReleasePrTokenSource.GITHUB_APP }),
      'example-pat': example({ tokenSource: ReleasePrTokenSource.PAT }),
      'minimal': minimal(),
      'two-tracks': twoTracks(),
    };
    const files = Object.entries(configs).map(([name, out]) => {
      const file = path.join(tempDir(`release-pr-${name}-`), FILE);
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, out[FILE]);
      return file;
    });
    const result = checkWorkflows(files);
    expect(result.checked).toBe(5);
    expect(formatFindings(result.findings)).toBe('');
  });
});
