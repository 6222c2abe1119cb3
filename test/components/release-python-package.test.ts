import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { generatedWorkflowFiles, synthRelease } from './release-publish-support';
import { Product } from '../../src';
import { CiMatrixJob, ReleasePlan, RUNNERS, TOOL_VERSIONS, ciMatrices } from '../../src/model';
import { main } from '../../src/runtime';
import { errorOf, parseWorkflow, projectIn, writeRepo } from '../support/fixtures';
import { combineFixtures, maturinFixture, pythonPackageFixture } from '../support/kind-fixtures';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

// Issue 17: a pure-Python package (hatchling here) beside a maturin one it pins (`solo-py==1.0.0`): one
// build job making its sdist and wheel once, the PyPI job publishing both products in dependency order.

/** The two products, the pure-Python client pinning the maturin package exactly. */
function fixture() {
  const f = combineFixtures(pythonPackageFixture(), maturinFixture());
  const pyproject = f.files['clients/python/pyproject.toml'].replace('license = "MIT"\n', 'license = "MIT"\ndependencies = ["solo-py==1.0.0", "httpx>=0.27"]\n');
  return { files: { ...f.files, 'clients/python/pyproject.toml': pyproject }, products: f.products };
}

function synth() {
  const f = fixture();
  return synthRelease(writeRepo(f.files), { products: f.products });
}

const stepOf = (job: any, name: string) => {
  const s = job.steps.find((x: any) => x.name === name);
  expect(s, `step '${name}'`).toBeDefined();
  return s;
};

describe('Issue 17: a pure-Python package built by its PEP 517 backend', () => {
  it('GIVEN a hatchling package WHEN release.yml is rendered THEN one Linux job builds its sdist and wheel once with the pinned build, checks them with twine, imports the wheel and keeps both, read-only', () => {
    const job = synth().wf.jobs['build-solo-client'];
    expect(job.strategy).toBeUndefined();
    expect(job['runs-on']).toBe(RUNNERS.linuxX64);
    expect(job.needs).toEqual(['plan']);
    expect(job.permissions).toEqual({ contents: 'read' });
    expect(job.env).toMatchObject({ BUILD_VERSION: TOOL_VERSIONS.build, TWINE_VERSION: TOOL_VERSIONS.twine });
    expect(stepOf(job, 'Install build and twine').run).toBe('python -m pip install "build==$BUILD_VERSION" "twine==$TWINE_VERSION"');
    expect(stepOf(job, 'Build the sdist and the wheel')).toMatchObject({ 'run': 'python -m build --outdir dist', 'working-directory': 'clients/python' });
    expect(stepOf(job, 'Check the sdist and the wheel with twine').run).toMatch(/lockstep pypi-check --product solo-client --dist clients\/python\/dist --sdist true$/);
    expect(stepOf(job, 'Install the wheel and import it').run).toMatch(/lockstep smoke --product solo-client$/);
    expect(stepOf(job, 'Keep the sdist and the wheel').with).toMatchObject({ 'name': 'wheels.solo-client.any', 'path': 'clients/python/dist/*', 'if-no-files-found': 'error' });
    // Nothing in the job builds Rust or runs maturin.
    expect(JSON.stringify(job)).not.toMatch(/maturin|rust-toolchain|cargo/);
  });

  it('GIVEN both products WHEN release.yml is rendered THEN the PyPI job waits for both builds, holds id-token: write where no build job does, and uploads the maturin package before the client that pins it', () => {
    const { wf } = synth();
    const pypi = wf.jobs['publish-pypi'];
    expect(pypi.needs).toEqual(expect.arrayContaining(['plan', 'tag-all', 'build-solo-py', 'build-solo-client']));
    expect(pypi.permissions).toEqual({ 'contents': 'read', 'id-token': 'write' });
    const withIdToken = Object.entries(wf.jobs).filter(([, j]: [string, any]) => j.permissions?.['id-token'] !== undefined).map(([id]) => id);
    // The GitHub Release job signs build provenance; no build job holds the token.
    expect(withIdToken).toEqual(['publish-pypi', 'github-releases']);
    const uploads = pypi.steps.filter((s: any) => /lockstep publish-pypi/.test(s.run ?? '')).map((s: any) => s.name);
    expect(uploads).toEqual(['solo-py: upload to PyPI (files already there are skipped)', 'solo-client: upload to PyPI (files already there are skipped)']);
    const downloads = pypi.steps.filter((s: any) => s.uses?.startsWith('actions/download-artifact@') && s.with.pattern?.startsWith('wheels.')).map((s: any) => s.with.pattern);
    expect(downloads).toEqual(['wheels.solo-py.*', 'wheels.solo-client.*']);
  });

  it('GIVEN both products WHEN the plan is built THEN the client\'s version and its pin on solo-py are sites of the bump, and it publishes after solo-py', () => {
    const plan = synth().out['.lockstep/release-plan.json'] as ReleasePlan;
    const sites = plan.tracks.flatMap((t: any) => t.sites).filter((s: any) => s.file === 'clients/python/pyproject.toml');
    expect(sites.map((s: any) => [s.keyPath.join('.'), s.role])).toEqual([['project.dependencies.0', 'pin'], ['project.version', 'version']]);
    const client = plan.tracks.flatMap((t: any) => t.products).find((p: any) => p.name === 'solo-client');
    expect(client).toMatchObject({ kind: 'python-package', registries: ['pypi'], packages: [{ registry: 'pypi', name: 'solo-client' }], dependsOn: ['solo-py'] });
  });

  it('GIVEN both products WHEN ci.yml is rendered THEN the Python job tests the client with an isolated editable install and pytest, and sets up Rust only for the maturin cells', () => {
    const f = fixture();
    const out = synthRelease(writeRepo(f.files), { products: f.products }).out;
    const ci = parseWorkflow(out['.github/workflows/ci.yml']);
    const groups = ciMatrices(out['.lockstep/release-plan.json'] as ReleasePlan).python!;
    const client = groups.find((g) => g.products.includes('solo-client'))!;
    expect(client.values).toEqual({ dir: 'clients/python', workspaces: '', build: 'python -m pip install --editable .', test: 'python -m pytest' });
    expect(groups.find((g) => g.products.includes('solo-py'))!.values.workspaces).not.toBe('');
    const python = ci.jobs.python as any;
    expect(python.permissions).toEqual({ contents: 'read' });
    expect(stepOf(python, 'Set up Rust').if).toBe("matrix.workspaces != ''");
    expect(Object.keys(ciMatrices(out['.lockstep/release-plan.json'] as ReleasePlan)).filter((j) => ciMatrices(out['.lockstep/release-plan.json'] as ReleasePlan)[j as CiMatrixJob]!.some((g) => g.products.includes('solo-client')))).toEqual(['python']);
  });

  it('GIVEN both products WHEN the secrets doc is rendered THEN it names the trusted publisher of the client on PyPI, as for the maturin package', () => {
    const doc = String(synth().out['docs/release-secrets.md']);
    expect(doc).toContain('| Trusted publishers to register | 2 on PyPI |');
    expect(doc).toContain('### PyPI: `solo-client`');
    expect(doc).toMatch(/Product `solo-client` \(in `clients\/python\/`\), tags `solo-client-v\*`, published by the job `publish-pypi` of `release.yml`/);
    expect(doc).toContain('<https://pypi.org/project/solo-client/>');
    expect(doc).not.toMatch(/secrets\.[A-Z_]*PYPI/);
  });

  it('GIVEN both products WHEN every gate reads the generated workflows THEN none finds anything', () => {
    const files = generatedWorkflowFiles(synth().out);
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['ci.yml', 'release-pr.yml', 'release.yml']);
    const { checked, findings } = checkWorkflows(files);
    expect(checked).toBe(files.length);
    expect(findings, formatFindings(findings)).toEqual([]);
  });

  it('GIVEN the files npx projen wrote WHEN lockstep drift rebuilds the plan from what it recorded THEN the pure-Python product comes back the same', async () => {
    const f = fixture();
    const dir = writeRepo(f.files);
    process.env.PROJEN_DISABLE_POST = 'true';
    projectIn(dir, { products: f.products }).synth();
    let out = '';
    let err = '';
    const code = await main(['drift'], { cwd: dir, env: {}, stdout: (t) => (out += t), stderr: (t) => (err += t) });
    expect({ code, err }).toEqual({ code: 0, err: '' });
    expect(out).toMatch(/in step with \.projenrc\.ts and the manifests/);
  });

  const FILE = 'clients/python/pyproject.toml';
  const dynamic = (table: string) => pythonPackageFixture().files[FILE].replace(/version = "1\.0\.0"\n/, 'dynamic = ["version"]\n').concat(table);

  it('GIVEN dynamic = ["version"] read by hatchling from a Python file WHEN synthesized THEN the plan\'s version site is that file\'s __version__, and the product says where its version is', () => {
    const f = pythonPackageFixture();
    const files = { ...f.files, [FILE]: dynamic('\n[tool.hatch.version]\npath = "src/solo_client/__about__.py"\n'), 'clients/python/src/solo_client/__about__.py': '__version__ = "1.0.0"\n' };
    const plan = synthRelease(writeRepo(files), { products: f.products }).out['.lockstep/release-plan.json'] as ReleasePlan;
    const track = plan.tracks[0];
    expect(track.sites).toEqual([{ file: 'clients/python/src/solo_client/__about__.py', format: 'python', keyPath: ['__version__'], role: 'version', scheme: 'pep440', products: ['solo-client'] }]);
    expect(track.versionSource).toEqual({ file: 'clients/python/src/solo_client/__about__.py', keyPath: ['__version__'] });
    expect(track.products[0].notes.join(' ')).toMatch(/takes its version from clients\/python\/src\/solo_client\/__about__\.py \(`__version__ = "…"`\)/);
  });

  it('GIVEN dynamic = ["version"] from the VCS (hatch-vcs) WHEN synthesized THEN synth refuses it naming the file, why, and what to write instead', () => {
    const f = pythonPackageFixture();
    const e = errorOf(() => synthRelease(writeRepo({ ...f.files, [FILE]: dynamic('\n[tool.hatch.version]\nsource = "vcs"\n') }), { products: f.products }));
    expect(e.message).toMatch(/^clients\/python\/pyproject\.toml: declares `dynamic = \["version"\]` and \[tool\.hatch\.version\] takes the version from source "vcs" without a `path`, which the bump cannot edit\./);
    expect(e.message).toMatch(/Write the version as `version = "X\.Y\.Z"` under \[project\] and remove "version" from `dynamic`, or read it from a Python file/);
  });

  it('GIVEN hatchling pointed at a file that is missing, or that assigns no plain __version__ WHEN synthesized THEN synth names the file and what to write', () => {
    const f = pythonPackageFixture();
    const files = { ...f.files, [FILE]: dynamic('\n[tool.hatch.version]\npath = "src/solo_client/__about__.py"\n') };
    expect(errorOf(() => synthRelease(writeRepo(files), { products: f.products })).message)
      .toMatch(/clients\/python\/pyproject\.toml: \[tool\.hatch\.version\] path names clients\/python\/src\/solo_client\/__about__\.py, which does not exist/);
    const computed = { ...files, 'clients/python/src/solo_client/__about__.py': '__version__ = ".".join(["1", "0", "0"])\n' };
    expect(errorOf(() => synthRelease(writeRepo(computed), { products: f.products })).message)
      .toMatch(/clients\/python\/src\/solo_client\/__about__\.py: holds no `__version__ = "X\.Y\.Z"` \(a plain one-line string at the top level\)/);
  });

  it('GIVEN a maturin pyproject declared as a pure-Python package WHEN synthesized THEN synth says to declare it with Product.maturin', () => {
    const f = maturinFixture();
    const e = errorOf(() => synthRelease(writeRepo(f.files), { products: [Product.pythonPackage({ path: 'python' })] }));
    expect(e.message).toMatch(/python\/pyproject\.toml.*builds with maturin.*Product\.maturin\(\{ path: 'python' \}\)/);
  });
});
