import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { lockstep } from '../../support/cli';
import { tempDir } from '../../support/fixtures';
import { releaseRun, releaseRunEnv } from '../../support/release-run';

/**
 * `lockstep wheel-test` for real: a pure-Python wheel of quill-db 1.0.0 built here, installed by pip into a
 * virtual environment (with the system's site packages, where the pinned pytest is), and the product's
 * own tests run against it with pytest. The checkout beside them holds a `quill_db` source folder that
 * says "source": the tests must see the installed wheel, never that folder.
 */
const RUN = releaseRun({
  commit: 'e'.repeat(40),
  products: [{ name: 'quill-py', kind: 'maturin', path: '.', tag: 'quill-py-v1.0.0', githubRelease: false, dependsOn: [], settings: {}, packages: [{ target: 'pypi', name: 'quill-db', version: '1.0.0', state: 'missing' }] }],
});

/** Writes a pure-Python wheel of quill-db 1.0.0 whose `quill_db.WHERE` says "wheel". */
function writeWheel(dist: string): void {
  fs.mkdirSync(dist, { recursive: true });
  const build = [
    'import base64, hashlib, sys, zipfile',
    'files = {"quill_db/__init__.py": "WHERE = \'wheel\'\\ndef add(a, b):\\n    return a + b\\n",',
    '  "quill_db-1.0.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: quill-db\\nVersion: 1.0.0\\n",',
    '  "quill_db-1.0.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}',
    'digest = lambda t: "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(t.encode()).digest()).rstrip(b"=").decode()',
    'record = "".join(f"{n},{digest(t)},{len(t.encode())}\\n" for n, t in files.items()) + "quill_db-1.0.0.dist-info/RECORD,,\\n"',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '  [z.writestr(n, t) for n, t in files.items()]',
    '  z.writestr("quill_db-1.0.0.dist-info/RECORD", record)',
  ].join('\n');
  execFileSync('python3', ['-c', build, path.join(dist, 'quill_db-1.0.0-py3-none-any.whl')]);
}

let venvBin = '';
beforeAll(() => {
  const venv = path.join(tempDir('lockstep-venv-'), 'venv');
  execFileSync('python3', ['-m', 'venv', '--system-site-packages', venv]);
  venvBin = path.join(venv, 'bin');
});

/** A checkout with the product's pyproject, a source folder shadowing the package, its tests and the built wheel. */
function checkout(test: string): string {
  const dir = tempDir('lockstep-wheel-test-');
  fs.writeFileSync(path.join(dir, 'pyproject.toml'), '[project]\nname = "quill-db"\nversion = "1.0.0"\n\n[tool.maturin]\nmodule-name = "quill_db._native"\n');
  fs.mkdirSync(path.join(dir, 'quill_db'));
  fs.writeFileSync(path.join(dir, 'quill_db/__init__.py'), "WHERE = 'source'\n");
  fs.mkdirSync(path.join(dir, 'tests'));
  fs.writeFileSync(path.join(dir, 'tests/test_quill.py'), test);
  writeWheel(path.join(dir, 'dist'));
  return dir;
}

async function wheelTest(dir: string) {
  return lockstep(dir, ['wheel-test', '--product', 'quill-py', '--dist', 'dist', '--tests', 'tests', '--platform', 'linux-x64'], {
    PATH: `${venvBin}${path.delimiter}${process.env.PATH}`,
    PIP_DISABLE_PIP_VERSION_CHECK: '1',
    ...releaseRunEnv(RUN),
  });
}

describe('lockstep wheel-test: the product\'s tests against its installed wheel', { timeout: 180_000 }, () => {
  it('GIVEN passing tests WHEN run THEN pip installs the built wheel and pytest passes against it, not against the source folder beside the tests', async () => {
    const dir = checkout('import quill_db\n\ndef test_add():\n    assert quill_db.add(2, 3) == 5\n\ndef test_installed():\n    assert quill_db.WHERE == "wheel"\n');
    const r = await wheelTest(dir);
    expect(r.err).toBe('');
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/quill-py: testing quill-db==1\.0\.0 installed from .*site-packages\/quill_db\/__init__\.py/);
    expect(r.out).toMatch(/2 passed/);
    expect(r.out.trim().split('\n').at(-1)).toBe('quill-py on linux-x64: its tests pass against the installed wheel');
  });

  it('FR8 GIVEN a failing test WHEN run THEN the step fails with one error naming pytest and the failure', async () => {
    const dir = checkout('import quill_db\n\ndef test_add():\n    assert quill_db.add(2, 2) == 5\n');
    const r = await wheelTest(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^::error::quill-py on linux-x64: pytest failed against the installed quill-db==1\.0\.0 \(exit 1\): .*1 failed/);
  });

  it('GIVEN no wheel of the version in the build output WHEN run THEN it fails naming the folder, before any test', async () => {
    const dir = checkout('def test_never():\n    raise SystemExit(3)\n');
    fs.rmSync(path.join(dir, 'dist'), { recursive: true });
    fs.mkdirSync(path.join(dir, 'dist'));
    const r = await wheelTest(dir);
    expect(r.code).toBe(1);
    expect(r.err).toMatch(/^::error::quill-py on linux-x64: pip found no wheel of quill-db==1\.0\.0 for this interpreter in dist:/);
  });
});
