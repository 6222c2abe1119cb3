import { describe, expect, it } from 'vitest';
import { allSteps, exampleRelease, lockstepCommand } from './release-publish-support';
import { chapter, exampleDoc } from './trusted-publishing-support';
import { ACTIONS, DOC_ANCHORS, REGISTRY_ENV } from '../../src/model';
import { ENDPOINT_ENV, endpointsOf } from '../../src/runtime/registry/endpoints';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/** Local registries, as a rehearsal of the whole release would start them. */
const LOCAL = {
  cratesIndexUrl: 'sparse+http://127.0.0.1:7878/index/',
  npmRegistryUrl: 'http://127.0.0.1:4873/',
  npmProvenance: false,
  pypiRepositoryUrl: 'http://127.0.0.1:8080/',
  pypiIndexUrl: 'http://127.0.0.1:8080/simple/',
  pypiTokenSecret: 'LOCAL_PYPI_TOKEN',
  goProxyUrl: 'http://127.0.0.1:3000',
};

const stepOf = (job: any, command: string): any => job.steps.find((s: any) => lockstepCommand(s) === command);

describe('release.registries: every registry of the release can be pointed elsewhere', () => {
  const { wf, file } = exampleRelease({ release: { registries: LOCAL } });

  it('GIVEN local registries WHEN synthesized THEN the plan job checks each of them, through the variables the runtime reads', () => {
    expect(wf.jobs.plan.env).toEqual({
      LOCKSTEP_RELEASE_FILE: '.lockstep/release-run/release-run.json',
      LOCKSTEP_CRATES_INDEX_URL: LOCAL.cratesIndexUrl,
      LOCKSTEP_NPM_REGISTRY: LOCAL.npmRegistryUrl,
      LOCKSTEP_PYPI_INDEX_URL: LOCAL.pypiIndexUrl,
      LOCKSTEP_PYPI_REPOSITORY_URL: LOCAL.pypiRepositoryUrl,
      LOCKSTEP_GO_PROXY: LOCAL.goProxyUrl,
    });
    // The runtime reads exactly these names: what the plan job's environment says is where it looks.
    const endpoints = endpointsOf(wf.jobs.plan.env);
    expect(endpoints).toMatchObject({ crates: { index: LOCAL.cratesIndexUrl, cratesIo: false }, npmRegistry: LOCAL.npmRegistryUrl, pypiIndex: 'http://127.0.0.1:8080/simple', pypiUpload: LOCAL.pypiRepositoryUrl, goProxy: LOCAL.goProxyUrl });
    expect(ENDPOINT_ENV).toMatchObject(REGISTRY_ENV);
  });

  it('GIVEN another crates registry WHEN its job publishes THEN the same one setting names it, the token comes from its secret, and no crates.io trusted publishing is asked for', () => {
    const job = wf.jobs['publish-crates'];
    expect(job.env.LOCKSTEP_CRATES_INDEX_URL).toBe(LOCAL.cratesIndexUrl);
    expect(stepOf(job, 'publish-crates').env).toEqual({ CARGO_REGISTRY_TOKEN: '${{ secrets.LOCKSTEP_CRATES_TOKEN }}' });
    expect(job.steps.some((s: any) => s.uses?.startsWith(ACTIONS.cratesIoAuth.repo))).toBe(false);
    expect(stepOf(job, 'preflight')).toBeUndefined();
    expect(job.permissions).toEqual({ contents: 'read' });
  });

  it('GIVEN another npm registry and provenance off WHEN its job publishes THEN npm gets the registry, the token secret as NODE_AUTH_TOKEN and --provenance never, and no OIDC token', () => {
    const job = wf.jobs['publish-npm'];
    expect(job.env.LOCKSTEP_NPM_REGISTRY).toBe(LOCAL.npmRegistryUrl);
    const publish = stepOf(job, 'publish-npm');
    expect(publish.run).toBe('npx --no-install lockstep publish-npm --artifacts .lockstep/artifacts --provenance never');
    expect(publish.env).toEqual({ NODE_AUTH_TOKEN: '${{ secrets.LOCKSTEP_NPM_TOKEN }}' });
    expect(job.permissions).toEqual({ contents: 'read' });
  });

  it('GIVEN another Python index WHEN its job uploads THEN the upload goes to its repository URL with the token, and the checks read its simple API', () => {
    const job = wf.jobs['publish-pypi'];
    expect(job.env.LOCKSTEP_PYPI_INDEX_URL).toBe(LOCAL.pypiIndexUrl);
    const upload = stepOf(job, 'publish-pypi');
    expect(job.env.LOCKSTEP_PYPI_REPOSITORY_URL).toBe(LOCAL.pypiRepositoryUrl);
    expect(upload.run).toBe('npx --no-install lockstep publish-pypi --product quill-py --dist dist/pypi/quill-py');
    expect(upload.env).toEqual({ TWINE_PASSWORD: '${{ secrets.LOCAL_PYPI_TOKEN }}' });
    expect(endpointsOf(job.env).pypiUpload).toBe(LOCAL.pypiRepositoryUrl);
    expect(wf.jobs['publish-go'].env.LOCKSTEP_GO_PROXY).toBe(LOCAL.goProxyUrl);
  });

  it('GIVEN local registries WHEN the gates run THEN they find nothing', () => {
    const { findings } = checkWorkflows([file]);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN the defaults WHEN synthesized THEN no job carries a registry variable, and npm publishes with provenance', () => {
    const d = exampleRelease().wf;
    for (const [id, job] of Object.entries<any>(d.jobs)) {
      for (const name of Object.values(REGISTRY_ENV)) expect(job.env?.[name], `${id} ${name}`).toBeUndefined();
    }
    expect(stepOf(d.jobs['publish-npm'], 'publish-npm').run).toContain('--provenance auto');
    expect(allSteps(d).filter(({ step }) => lockstepCommand(step) === 'publish-pypi').every(({ step }) => step.env === undefined)).toBe(true);
    expect(endpointsOf({}).pypiUpload).toBe('https://upload.pypi.org/legacy/');
  });

  it('GIVEN local registries WHEN the secrets doc is written THEN it lists each registry with its token secret and registers no trusted publisher there', () => {
    const { doc } = exampleDoc({ release: { registries: LOCAL } });
    const other = chapter(doc, DOC_ANCHORS.otherRegistries);
    expect(other).toContain('| `crates-io` | `sparse+http://127.0.0.1:7878/index/` | token from the secret `LOCKSTEP_CRATES_TOKEN` |');
    expect(other).toContain('| `pypi` | `http://127.0.0.1:8080/` (uploads), `http://127.0.0.1:8080/simple/` (checks) | token from the secret `LOCAL_PYPI_TOKEN` |');
    expect(other).toContain('without provenance');
    expect(doc).toMatch(/\| `LOCKSTEP_NPM_TOKEN` \| secret \| token of the npm registry http:\/\/127\.0\.0\.1:4873\/ \|/);
    expect(doc).not.toContain('<a id="crates-io"></a>');
  });

  it('GIVEN a PyPI upload URL without its index, or a URL that is not one WHEN synthesized THEN one error names the option', () => {
    expect(() => exampleRelease({ release: { registries: { pypiRepositoryUrl: 'https://test.pypi.org/legacy/' } } }))
      .toThrow(/release\.registries: give pypiRepositoryUrl \(where uploads go\) and pypiIndexUrl/);
    expect(() => exampleRelease({ release: { registries: { npmRegistryUrl: '${{ vars.X }}' } } })).toThrow(/release\.registries\.npmRegistryUrl: '\$\{\{ vars\.X \}\}' is not a URL/);
    expect(() => exampleRelease({ release: { registries: { cratesIndexUrl: 'ftp://x/' } } })).toThrow(/release\.registries\.cratesIndexUrl: 'ftp:\/\/x\/' is not a URL .*sparse\+/);
  });

  it('GIVEN crates.io\'s own index named explicitly WHEN synthesized THEN it is crates.io, with trusted publishing', () => {
    const job = exampleRelease({ release: { registries: { cratesIndexUrl: 'sparse+https://index.crates.io/' } } }).wf.jobs['publish-crates'];
    expect(job.steps.some((s: any) => s.uses?.startsWith(ACTIONS.cratesIoAuth.repo))).toBe(true);
  });
});
