import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Product } from '../../../src/model';
import { endpointsOf } from '../../../src/runtime/registry/endpoints';
import { pypiFiles } from '../../../src/runtime/registry/pypi';
import { noteFilesBefore } from '../../../src/runtime/release/pypi-files';
import { NodeFs } from '../../../src/runtime/release/real-deps';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { lockstep } from '../../support/cli';
import { tempDir, writeRepo } from '../../support/fixtures';
import { pythonPackageFixture } from '../../support/kind-fixtures';
import { LocalPypi, PYPI_VENV_BIN, startPypiServer } from '../../support/local-registries';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { repoOnDisk } from '../bump/helpers';

// Issue 17: a pure-Python product's release steps for real. Its hatchling project is built by the pinned
// `build` frontend (with `--no-isolation`, hatchling preinstalled beside it: the workflow's isolated build
// fetches the backend from PyPI, which a test does not reach), checked and imported by `lockstep
// pypi-check` and `lockstep smoke` in a fresh virtual environment, and published by `lockstep publish-pypi`
// to a real pypiserver on 127.0.0.1, twice: the re-run finds both files there and uploads nothing.

const DIR = 'clients/python';

const run = (version: string): ReleaseRun => releaseRun({
  version,
  commit: 'e'.repeat(40),
  products: [{
    name: 'solo-client',
    kind: 'python-package',
    path: DIR,
    tag: `solo-client-v${version}`,
    githubRelease: false,
    dependsOn: [],
    settings: {},
    packages: [{ target: 'pypi', name: 'solo-client', version, state: 'missing' }],
  }],
});

let pypi: LocalPypi;
let venvBin = '';

beforeAll(async () => {
  pypi = await startPypiServer();
  const venv = path.join(tempDir('lockstep-venv-'), 'venv');
  execFileSync('python3', ['-m', 'venv', venv]);
  venvBin = path.join(venv, 'bin');
}, 60_000);

afterAll(() => pypi?.stop());

/** The checkout after the build step: the fixture's files and `python -m build`'s sdist and wheel in dist/. */
function built(files: Record<string, string> = pythonPackageFixture().files): string {
  const ws = writeRepo(files);
  execFileSync(path.join(PYPI_VENV_BIN, 'python'), ['-m', 'build', '--no-isolation', '--outdir', 'dist'], { cwd: path.join(ws, DIR), stdio: 'pipe' });
  return ws;
}

/** The environment of the release job's steps: the venv's python and pip first, twine from the pinned tools. */
function env(version: string): Record<string, string> {
  return {
    PATH: [venvBin, PYPI_VENV_BIN, process.env.PATH].join(path.delimiter),
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl,
    LOCKSTEP_PYPI_REPOSITORY_URL: pypi.uploadUrl,
    TWINE_USERNAME: pypi.username,
    TWINE_PASSWORD: pypi.password,
    ...releaseRunEnv(run(version)),
  };
}

describe('Issue 17: a pure-Python package built once, checked, and published to a real index', { timeout: 180_000 }, () => {
  it('GIVEN a built hatchling package WHEN checked and smoke-tested THEN twine passes its sdist and wheel and its module imports from the installed wheel', async () => {
    const ws = built();
    expect(fs.readdirSync(path.join(ws, DIR, 'dist')).sort()).toEqual(['solo_client-1.0.0-py3-none-any.whl', 'solo_client-1.0.0.tar.gz']);
    const check = await lockstep(ws, ['pypi-check', '--product', 'solo-client', '--dist', `${DIR}/dist`, '--sdist', 'true'], env('1.0.0'));
    expect(check.err).toBe('');
    expect(check.code).toBe(0);
    expect(check.out).toMatch(/solo_client-1\.0\.0-py3-none-any\.whl: twine check passed/);
    expect(check.out).toMatch(/solo_client-1\.0\.0\.tar\.gz: twine check passed/);
    const smoke = await lockstep(ws, ['smoke', '--product', 'solo-client'], env('1.0.0'));
    expect(smoke.err).toBe('');
    expect(smoke.code).toBe(0);
  });

  it('GIVEN a wheel whose module fails on import WHEN smoke-tested THEN it is refused with the error; a missing third-party dependency is not a failure', async () => {
    const files = pythonPackageFixture().files;
    const broken = built({ ...files, [`${DIR}/src/solo_client/__init__.py`]: 'raise RuntimeError("settings file missing")\n' });
    const refused = await lockstep(broken, ['smoke', '--product', 'solo-client'], env('1.0.0'));
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/importing the modules of solo-client failed: RuntimeError: settings file missing/);
    const needsDep = built({ ...files, [`${DIR}/src/solo_client/__init__.py`]: 'import httpx_not_installed_here\n' });
    expect((await lockstep(needsDep, ['smoke', '--product', 'solo-client'], env('1.0.0'))).code).toBe(0);
  });

  it('GIVEN the built sdist and wheel WHEN published, then published again by a re-run THEN the index holds each once: the first run uploads both, the re-run skips both', async () => {
    const ws = built(pythonPackageFixture({ version: '1.1.0' }).files);
    const product = run('1.1.0').products[0];
    const endpoints = endpointsOf({ LOCKSTEP_PYPI_INDEX_URL: pypi.indexUrl });
    const publish = async () => {
      // pre-publish's part: the files the index has before the upload.
      await noteFilesBefore(product, new NodeFs(ws), endpoints);
      const r = await lockstep(ws, ['publish-pypi', '--product', 'solo-client', '--dist', `${DIR}/dist`], env('1.1.0'));
      const outcomes = JSON.parse(fs.readFileSync(path.join(ws, '.lockstep/pypi-upload/solo-client.json'), 'utf8')) as Array<{ subject: string; outcome: string }>;
      return { code: r.code, outcomes: outcomes.map((o) => [o.subject, o.outcome]) };
    };
    const files = ['solo_client-1.1.0-py3-none-any.whl', 'solo_client-1.1.0.tar.gz'];
    expect(await publish()).toEqual({ code: 0, outcomes: files.map((f) => [f, 'published']) });
    expect(await pypiFiles(endpoints, 'solo-client', '1.1.0')).toEqual(files);
    expect(await publish()).toEqual({ code: 0, outcomes: files.map((f) => [f, 'skipped:already-published']) });
    expect(fs.readdirSync(pypi.packagesDir).filter((f) => f.startsWith('solo_client-1.1.0')).sort()).toEqual(files);
  });

  it('GIVEN hatchling reading the version from __about__.py WHEN lockstep bump moves it and the package is built THEN the sdist and the wheel carry the new version', async () => {
    const f = pythonPackageFixture();
    const about = `${DIR}/src/solo_client/__about__.py`;
    const pyproject = f.files[`${DIR}/pyproject.toml`].replace('version = "1.0.0"\n', 'dynamic = ["version"]\n').concat('\n[tool.hatch.version]\npath = "src/solo_client/__about__.py"\n');
    const ws = repoOnDisk({ ...f.files, [`${DIR}/pyproject.toml`]: pyproject, [about]: '__version__ = "1.0.0"\n' }, { products: [Product.pythonPackage({ path: DIR })] });
    const bump = await lockstep(ws, ['bump', '1.1.0-rc.1'], {});
    expect({ code: bump.code, err: bump.err }).toEqual({ code: 0, err: '' });
    execFileSync(path.join(PYPI_VENV_BIN, 'python'), ['-m', 'build', '--no-isolation', '--outdir', 'dist'], { cwd: path.join(ws, DIR), stdio: 'pipe' });
    expect(fs.readdirSync(path.join(ws, DIR, 'dist')).sort()).toEqual(['solo_client-1.1.0rc1-py3-none-any.whl', 'solo_client-1.1.0rc1.tar.gz']);
  });
});
