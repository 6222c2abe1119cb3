import * as fs from 'fs';
import * as http from 'http';
import { AddressInfo } from 'net';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FsRepoReader, PreflightProblem, PublishTarget, ReleasePlan, buildPlan, planConfigOf } from '../../../src/model';
import { RuntimeContext, main } from '../../../src/runtime';
import { githubRepositoryOf } from '../../../src/runtime/preflight/npm';
import { PreflightDeps } from '../../../src/runtime/preflight/ports';
import { requestIdToken } from '../../../src/runtime/preflight/real-deps';
import { runPreflight, PreflightRequest } from '../../../src/runtime/preflight/run';
import { exampleProducts } from '../../support/example-products';
import { copyExample, tempDir, writeRepo } from '../../support/fixtures';

const OIDC_ENV = { ACTIONS_ID_TOKEN_REQUEST_URL: 'https://token.actions.example/?api-version=2.0', ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'request-token' };
const GOOD_CLAIMS = {
  repository: 'quill-db/quill',
  workflow_ref: 'quill-db/quill/.github/workflows/release.yml@refs/heads/main',
  job_workflow_ref: 'quill-db/quill/.github/workflows/release.yml@refs/heads/main',
  environment: 'release-publish',
  ref: 'refs/heads/main',
};
const IDENTITY = { workflow: 'release.yml', environment: 'release-publish' };

/** A JWT with these claims (unsigned: preflight only reads it). */
function jwt(claims: object): string {
  const part = (o: object) => Buffer.from(JSON.stringify(o)).toString('base64url');
  return `${part({ alg: 'RS256' })}.${part(claims)}.signature`;
}

interface FakeOptions {
  env?: Record<string, string | undefined>;
  tools?: Record<string, string>;
  files?: Record<string, string>;
  claims?: object;
  tokenError?: string;
  plan?: ReleasePlan;
  cwd?: string;
}

/** Deps with an injected environment, tool versions (`--version` answers), files and OIDC answer. */
function fake(o: FakeOptions = {}): PreflightDeps & { asked: string[] } {
  const asked: string[] = [];
  const cwd = o.cwd ?? '/repo';
  return {
    env: o.env ?? {},
    cwd,
    home: '/home/runner',
    exec: {
      run: async (cmd) => {
        const v = o.tools?.[cmd];
        if (v === undefined) throw new Error(`${cmd} could not start: spawn ${cmd} ENOENT`);
        return { code: 0, stdout: `${v}\n`, stderr: '' };
      },
    },
    read: (file) => o.files?.[path.resolve(cwd, file)] ?? (o.cwd ? (fs.existsSync(path.resolve(cwd, file)) ? fs.readFileSync(path.resolve(cwd, file), 'utf8') : undefined) : undefined),
    requestIdToken: async (url, token, audience) => {
      asked.push(`${url} ${token} ${audience}`);
      if (o.tokenError) throw new Error(o.tokenError);
      return jwt(o.claims ?? GOOD_CLAIMS);
    },
    plan: o.plan,
    asked,
  };
}

const npmOk = { node: 'v24.11.0', npm: '11.6.2' };

function request(registry: PreflightRequest['registry'], extra: Partial<PreflightRequest> = {}): PreflightRequest {
  return { registry, ...IDENTITY, secrets: [], ...extra };
}

function problems(r: { findings: Array<{ problem: string }> }): string[] {
  return r.findings.map((f) => f.problem);
}

describe('lockstep preflight: OIDC', () => {
  it.each([PublishTarget.CRATES_IO, PublishTarget.NPM, PublishTarget.PYPI] as const)('GIVEN a %s job without id-token: write WHEN preflight runs THEN it reports OIDC unavailable and asks for no token', async (registry) => {
    const deps = fake({ tools: npmOk });
    const report = await runPreflight(request(registry), deps);
    expect(report.findings[0]).toMatchObject({ problem: PreflightProblem.OIDC_UNAVAILABLE });
    expect(report.findings[0].message).toMatch(/ACTIONS_ID_TOKEN_REQUEST_URL and ACTIONS_ID_TOKEN_REQUEST_TOKEN not set.*id-token: write/);
    expect(deps.asked).toEqual([]);
  });

  it('O3 GIVEN a token naming release.yml and the publish environment WHEN checked THEN it passes and prints the identity the publishers must match, asking with an audience no registry accepts', async () => {
    const deps = fake({ env: OIDC_ENV });
    const report = await runPreflight(request(PublishTarget.CRATES_IO), deps);
    expect(report.findings).toEqual([]);
    expect(report.passed.join('\n')).toContain('OIDC token for quill-db/quill, workflow release.yml, environment release-publish, ref refs/heads/main');
    expect(deps.asked).toEqual([`${OIDC_ENV.ACTIONS_ID_TOKEN_REQUEST_URL} request-token lockstep-preflight`]);
  });

  it('O3 GIVEN a token from another environment WHEN checked THEN it is an identity mismatch naming both environments', async () => {
    const report = await runPreflight(request(PublishTarget.PYPI), fake({ env: OIDC_ENV, claims: { ...GOOD_CLAIMS, environment: 'release' } }));
    expect(problems(report)).toEqual([PreflightProblem.IDENTITY_MISMATCH]);
    expect(report.findings[0].message).toMatch(/names the environment release, but the trusted publishers are registered for release-publish/);
  });

  it('O4 GIVEN the publish step inside a reusable workflow WHEN checked THEN the mismatch says PyPI refuses reusable workflows', async () => {
    const claims = { ...GOOD_CLAIMS, job_workflow_ref: 'quill-db/quill/.github/workflows/publish-reusable.yml@refs/heads/main' };
    const report = await runPreflight(request(PublishTarget.PYPI), fake({ env: OIDC_ENV, claims }));
    expect(problems(report)).toEqual([PreflightProblem.IDENTITY_MISMATCH]);
    expect(report.findings[0].message).toMatch(/release\.yml and publish-reusable\.yml.*reusable workflow: PyPI refuses those\)/);
  });

  it('GIVEN the token request fails WHEN checked THEN OIDC is unavailable, with the reason', async () => {
    const report = await runPreflight(request(PublishTarget.CRATES_IO), fake({ env: OIDC_ENV, tokenError: 'HTTP 403 from the OIDC token endpoint' }));
    expect(report.findings).toEqual([{ problem: PreflightProblem.OIDC_UNAVAILABLE, message: 'asking GitHub for an OIDC token failed: HTTP 403 from the OIDC token endpoint' }]);
  });
});

describe('lockstep preflight: npm (O1, O2)', () => {
  it.each([
    [{ node: 'v24.11.0', npm: '11.5.1' }, []],
    [{ node: 'v22.14.0', npm: '11.5.0' }, ['npm 11.5.0']],
    [{ node: 'v22.13.1', npm: '10.9.2' }, ['node 22.13.1', 'npm 10.9.2']],
    [{ node: 'v24.11.0' }, ['npm (not found)']],
  ])('O2 GIVEN %j WHEN checked THEN the tools too old for trusted publishing are %j', async (tools, old) => {
    const report = await runPreflight(request(PublishTarget.NPM), fake({ env: OIDC_ENV, tools: tools as Record<string, string> }));
    const tooOld = report.findings.filter((f) => f.problem === PreflightProblem.NPM_TOO_OLD);
    expect(tooOld.map((f) => f.message.split(' cannot ')[0])).toEqual(old);
  });

  it.each([
    [{ NODE_AUTH_TOKEN: '' }, /NODE_AUTH_TOKEN is set \(even though empty\)/],
    [{ NPM_TOKEN: 'npm_abc' }, /NPM_TOKEN is set: npm would use it instead of OIDC/],
    [{ npm_config__authToken: 'x' }, /npm_config__authToken is set/],
  ])('O1 GIVEN the environment %j WHEN checked THEN an npm token is reported', async (env, message) => {
    const report = await runPreflight(request(PublishTarget.NPM), fake({ env: { ...OIDC_ENV, ...env }, tools: npmOk }));
    expect(problems(report)).toEqual([PreflightProblem.NPM_TOKEN_PRESENT]);
    expect(report.findings[0].message).toMatch(message);
  });

  it('O1 GIVEN setup-node\'s registry-url .npmrc (NPM_CONFIG_USERCONFIG) or a project .npmrc with a token WHEN checked THEN each file is named; a commented line is not a token', async () => {
    const files = {
      '/tmp/runner/.npmrc': '//registry.npmjs.org/:_authToken=${NODE_AUTH_TOKEN}\nregistry=https://registry.npmjs.org/\n',
      '/repo/.npmrc': '# //registry.npmjs.org/:_authToken=old\nfund=false\n',
    };
    const report = await runPreflight(request(PublishTarget.NPM), fake({ env: { ...OIDC_ENV, NPM_CONFIG_USERCONFIG: '/tmp/runner/.npmrc' }, tools: npmOk, files }));
    expect(report.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^\/tmp\/runner\/\.npmrc configures an npm token/)]);
  });

  it('GIVEN the same token in a crates.io job WHEN checked THEN the npm checks do not run', async () => {
    const report = await runPreflight(request(PublishTarget.CRATES_IO), fake({ env: { ...OIDC_ENV, NPM_TOKEN: 'x' } }));
    expect(report.findings).toEqual([]);
  });
});

describe('lockstep preflight: npm package repositories (provenance)', () => {
  const dir = copyExample();
  const reader = new FsRepoReader(dir);
  const plan = buildPlan(planConfigOf({ products: exampleProducts() }, reader, '0.0.0'), reader);
  const env = { ...OIDC_ENV, GITHUB_REPOSITORY: 'quill-db/quill' };

  it('GIVEN the example, whose npm manifests name no repository WHEN checked THEN each is reported with its file and the value to write', async () => {
    const report = await runPreflight(request(PublishTarget.NPM), fake({ env, tools: npmOk, plan, cwd: dir }));
    const found = report.findings.filter((f) => f.problem === PreflightProblem.NPM_REPOSITORY_MISMATCH).map((f) => f.message.split(':')[0]);
    expect(found).toEqual(['sdk/nodejs/package.json', 'sdk/wasm/Cargo.toml', 'examples/notes/package.json']);
    expect(report.findings[0].message).toMatch(/"url": "git\+https:\/\/github\.com\/quill-db\/quill\.git"/);
    expect(report.findings[1].message).toMatch(/repository = "https:\/\/github\.com\/quill-db\/quill"/);
  });

  it('GIVEN the manifests name the repository (object, shorthand, Cargo.toml) WHEN checked THEN nothing is reported; another owner or letter case is', async () => {
    const files = {
      [path.join(dir, 'sdk/nodejs/package.json')]: JSON.stringify({ name: '@quill-db/quill', repository: { type: 'git', url: 'git+https://github.com/quill-db/quill.git', directory: 'sdk/nodejs' } }),
      [path.join(dir, 'sdk/wasm/Cargo.toml')]: '[package]\nname = "quill-wasm"\nrepository = "https://github.com/quill-db/quill"\n',
      [path.join(dir, 'examples/notes/package.json')]: JSON.stringify({ name: 'quill-notes', repository: 'github:quill-db/quill' }),
    };
    const ok = await runPreflight(request(PublishTarget.NPM), fake({ env, tools: npmOk, plan, cwd: dir, files }));
    expect(ok.findings).toEqual([]);
    expect(ok.passed).toContain('Every npm package names quill-db/quill as its repository (provenance).');
    const wrongCase = { ...files, [path.join(dir, 'examples/notes/package.json')]: JSON.stringify({ name: 'quill-notes', repository: 'https://github.com/Quill-DB/quill' }) };
    const bad = await runPreflight(request(PublishTarget.NPM), fake({ env, tools: npmOk, plan, cwd: dir, files: wrongCase }));
    expect(bad.findings.map((f) => f.message)).toEqual([expect.stringMatching(/^examples\/notes\/package\.json: repository is 'https:\/\/github\.com\/Quill-DB\/quill'/)]);
  });

  it.each([
    ['git+https://github.com/o/r.git', 'o/r'],
    ['https://github.com/o/r', 'o/r'],
    ['git+ssh://git@github.com/o/r.git', 'o/r'],
    ['git@github.com:o/r.git', 'o/r'],
    ['github:o/r', 'o/r'],
    ['o/r', 'o/r'],
    ['https://gitlab.com/o/r', undefined],
  ])('GIVEN the repository value %s WHEN read THEN it names %s', (value, expected) => {
    expect(githubRepositoryOf(value)).toBe(expected);
  });
});

describe('lockstep preflight: secrets', () => {
  it('GIVEN required secrets WHEN one is empty and one unset THEN both are reported and the present one passes', async () => {
    const report = await runPreflight({ secrets: ['A', 'B', 'C'] }, fake({ env: { A: 'x', B: '' } }));
    expect(report.findings).toEqual([
      { problem: PreflightProblem.SECRET_MISSING, message: expect.stringMatching(/^the secret B is empty/) },
      { problem: PreflightProblem.SECRET_MISSING, message: expect.stringMatching(/^the secret C is empty/) },
    ]);
    expect(report.passed).toEqual(['Secrets present: A.']);
  });
});

/** A context whose output the test reads. */
function ctx(cwd: string, env: Record<string, string | undefined>): RuntimeContext & { out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return { cwd, env, stdout: (t) => out.push(t), stderr: (t) => err.push(t), out, err };
}

describe('lockstep preflight: the command', () => {
  let server: http.Server;
  let url = '';
  const seen: string[] = [];

  beforeAll(async () => {
    server = http.createServer((req, res) => {
      seen.push(`${req.url} ${req.headers.authorization}`);
      if (req.headers.authorization !== 'Bearer good') {
        res.writeHead(403).end('{}');
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ value: jwt(GOOD_CLAIMS) }));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/token?api-version=2.0`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const run = { GITHUB_SERVER_URL: 'https://github.com', GITHUB_REPOSITORY: 'quill-db/quill', GITHUB_SHA: 'abc123' };

  it('GIVEN a job without OIDC WHEN lockstep preflight --registry crates-io runs THEN it exits 1 with an ::error:: linking the doc section at the run\'s commit', async () => {
    const c = ctx(tempDir(), run);
    expect(await main(['preflight', '--registry', 'crates-io', '--workflow', 'release.yml', '--environment', 'release-publish'], c)).toBe(1);
    const err = c.err.join('');
    expect(err).toMatch(/^::error title=preflight \(crates-io\)::this job cannot get an OIDC token .* Fix: https:\/\/github\.com\/quill-db\/quill\/blob\/abc123\/docs\/release-secrets\.md#oidc-unavailable$/m);
    expect(err).toMatch(/nothing was published/);
  });

  it('GIVEN the Actions OIDC endpoint (a local server) WHEN preflight runs for PyPI THEN it asks with the request token and the preflight audience, and passes', async () => {
    const c = ctx(tempDir(), { ...run, ACTIONS_ID_TOKEN_REQUEST_URL: url, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'good' });
    expect(await main(['preflight', '--registry', 'pypi', '--workflow', 'release.yml', '--environment', 'release-publish'], c)).toBe(0);
    expect(seen.pop()).toBe('/token?api-version=2.0&audience=lockstep-preflight Bearer good');
    expect(c.out.join('')).toMatch(/✓ OIDC token for quill-db\/quill, workflow release\.yml, environment release-publish[\s\S]*ready to publish/);
    expect(c.out.join('') + c.err.join('')).not.toContain(jwt(GOOD_CLAIMS));
  });

  it('GIVEN a refused token request WHEN requested THEN the error names the HTTP status', async () => {
    await expect(requestIdToken(url, 'bad', 'x')).rejects.toThrow(/HTTP 403/);
  });

  it('GIVEN a missing secret WHEN --secrets is checked THEN it exits 1 pointing at the secrets section', async () => {
    const c = ctx(tempDir(), { SIGNING_KEY: '' });
    expect(await main(['preflight', '--secrets', 'SIGNING_KEY'], c)).toBe(1);
    expect(c.err.join('')).toMatch(/::error title=preflight \(secrets\)::the secret SIGNING_KEY is empty.* Fix: docs\/release-secrets\.md#secret-missing/);
  });

  it.each([
    [['preflight', '--registry', 'go'], /'go' is not a trusted-publishing registry/],
    [['preflight'], /nothing to check/],
    [['preflight', '--registy', 'npm'], /unknown option --registy/],
  ])('GIVEN %j WHEN run THEN it is a usage error (exit 2)', async (argv, message) => {
    const c = ctx(tempDir(), {});
    expect(await main(argv, c)).toBe(2);
    expect(c.err.join('')).toMatch(message);
  });

  it('GIVEN an npm job in a repository without a plan WHEN run THEN it fails naming the missing plan', async () => {
    const c = ctx(writeRepo({ 'README.md': '' }), { ...OIDC_ENV });
    expect(await main(['preflight', '--registry', 'npm'], c)).toBe(1);
    expect(c.err.join('')).toMatch(/no release plan/);
  });
});
