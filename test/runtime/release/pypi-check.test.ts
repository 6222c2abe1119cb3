import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { main } from '../../../src/runtime/main';
import { checkDistributions } from '../../../src/runtime/release/pypi-check';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { tempDir } from '../../support/fixtures';
import { PYPI_VENV_BIN } from '../../support/local-registries';
import { buildSdist, writeWheel } from '../../support/registry-fixtures';

const PYTHON = path.join(PYPI_VENV_BIN, 'python');
/** twine (the pinned venv's) on the PATH, as the build job's `pip install twine` puts it there. */
const WITH_TWINE = { ...process.env, PATH: `${PYPI_VENV_BIN}${path.delimiter}${process.env.PATH}` };
const GOOD_README = 'Quill\n=====\n\nPython bindings for Quill.\n';
/**
 * Markup PyPI would not render: a directive docutils does not know, named longer than a terminal is wide, so
 * twine's message is whole only when its output is not wrapped.
 */
const DIRECTIVE = 'quill-directive-named-longer-than-the-eighty-columns-a-dumb-terminal-wraps-at-and-longer-still';
const BROKEN_README = `Quill\n=====\n\n.. ${DIRECTIVE}::\n\nPython bindings for Quill.\n`;

/** A build leg's dist directory inside a workspace: a wheel and a real sdist built from `readme`. */
function distDir(readme: string | undefined): { ws: string; dist: string } {
  const ws = tempDir('lockstep-pypi-check-');
  const dist = path.join(ws, 'sdk/python/dist');
  fs.mkdirSync(dist, { recursive: true });
  writeWheel(dist, 'quill-py', '0.4.0');
  if (readme !== undefined) buildSdist(PYTHON, dist, 'quill-py', '0.4.0', readme);
  return { ws, dist: 'sdk/python/dist' };
}

const check = (ws: string, dist: string, sdist: boolean) =>
  checkDistributions(dist, sdist, { exec: new SpawnExec(WITH_TWINE, ws), fs: new NodeFs(ws) });

describe('pypi-check: twine check on every built distribution before the approval, with real twine', () => {
  it('P4: GIVEN a wheel and an sdist setuptools built WHEN checked THEN twine passes both', async () => {
    const { ws, dist } = distDir(GOOD_README);
    const r = await check(ws, dist, true);
    expect(r.problems).toEqual([]);
    expect(r.checks).toEqual([
      { file: 'sdk/python/dist/quill-py-0.4.0.tar.gz', problems: [] },
      { file: 'sdk/python/dist/quill_py-0.4.0-py3-none-any.whl', problems: [] },
    ]);
  }, 60_000);

  it('P4: GIVEN an sdist whose README PyPI would not render WHEN checked THEN that file fails with twine\'s own reason and the wheel passes', async () => {
    const { ws, dist } = distDir(BROKEN_README);
    const r = await check(ws, dist, true);
    expect(r.problems).toEqual([]);
    expect(r.checks).toEqual([
      { file: 'sdk/python/dist/quill-py-0.4.0.tar.gz', problems: [expect.stringMatching(/^twine check: ERROR `long_description` has syntax errors in markup and would not be rendered on PyPI\. line 4: Error: Unknown directive type "quill-directive-named-longer-than-the-eighty-columns-a-dumb-terminal-wraps-at-and-longer-still"\. .. quill-directive-named-longer-than-the-eighty-columns-a-dumb-terminal-wraps-at-and-longer-still::$/)] },
      { file: 'sdk/python/dist/quill_py-0.4.0-py3-none-any.whl', problems: [] },
    ]);
  }, 60_000);

  it('P4: GIVEN the leg that builds the sdist WHEN maturin made none THEN the missing sdist is the problem; a leg without a wheel is one too', async () => {
    const { ws, dist } = distDir(undefined);
    expect((await check(ws, dist, true)).problems).toEqual(['sdk/python/dist holds no sdist: the build made none']);
    expect((await check(ws, dist, false)).problems).toEqual([]);
    fs.mkdirSync(path.join(ws, 'empty'));
    expect((await check(ws, 'empty', false)).problems).toEqual(['empty holds no wheel: did the build step run?']);
  }, 60_000);

  it('P4: GIVEN the build job WHEN `lockstep pypi-check` runs THEN a broken distribution fails it, naming the file; without twine it says so', async () => {
    const { ws } = distDir(BROKEN_README);
    let stdout = '';
    let stderr = '';
    const io = (env: NodeJS.ProcessEnv) => ({ cwd: ws, env, stdout: (t: string) => (stdout += t), stderr: (t: string) => (stderr += t) });
    expect(await main(['pypi-check', '--product', 'quill-py', '--dist', 'sdk/python/dist', '--sdist', 'true'], io(WITH_TWINE))).toBe(1);
    expect(stderr).toMatch(/^::error::quill-py: sdk\/python\/dist\/quill-py-0\.4\.0\.tar\.gz: twine check: ERROR `long_description` has syntax errors/m);
    expect(stdout).toBe('quill-py: sdk/python/dist/quill_py-0.4.0-py3-none-any.whl: twine check passed\n');
    stderr = '';
    expect(await main(['pypi-check', '--product', 'quill-py', '--dist', 'sdk/python/dist'], io({ ...process.env, PATH: '/nonexistent' }))).toBe(1);
    expect(stderr).toMatch(/^::error::quill-py: twine could not start: .*ENOENT.*: install twine first \(pip install twine\)\n$/);
    expect(await main(['pypi-check', '--product', 'quill-py', '--dist', 'd', '--sdist', 'yes'], io(WITH_TWINE))).toBe(2);
  }, 60_000);
});
