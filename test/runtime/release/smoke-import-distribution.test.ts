import { execFileSync } from 'child_process';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { IMPORT_DISTRIBUTION_ARGV1 } from '../../../src/runtime/release/smoke';
import { writeRepo } from '../../support/fixtures';

// The smoke test's import step, run by the real python3 on a distribution laid out as pip installs one
// (its modules beside a .dist-info whose RECORD lists them), without pip: only the printed lines matter here.
function importLines(site: string, distribution: string): string[] {
  const out = execFileSync('python3', ['-c', IMPORT_DISTRIBUTION_ARGV1, distribution], { cwd: site, env: { ...process.env, PYTHONPATH: site } });
  return out.toString('utf8').split('\n').filter(Boolean);
}

describe('the smoke test imports every module of a pure-Python wheel', () => {
  it('GIVEN one module that imports and one that needs an uninstalled dependency WHEN imported THEN each gets exactly one line saying which', () => {
    const site = writeRepo({
      'alpha/__init__.py': 'ANSWER = 42\n',
      'beta/__init__.py': 'import httpx_not_installed_here\n',
      'demo-1.0.0.dist-info/METADATA': 'Metadata-Version: 2.1\nName: demo\nVersion: 1.0.0\n',
      'demo-1.0.0.dist-info/RECORD': ['alpha/__init__.py,,', 'beta/__init__.py,,', 'demo-1.0.0.dist-info/METADATA,,', 'demo-1.0.0.dist-info/RECORD,,', ''].join('\n'),
    });
    expect(importLines(path.resolve(site), 'demo')).toEqual([
      'alpha: imported',
      'beta: not imported, it needs httpx_not_installed_here, a dependency the smoke test does not install',
    ]);
  });
});
