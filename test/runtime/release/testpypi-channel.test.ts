import { describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { PYTHON_INDEXES } from '../../../src/model';
import { PackageRef, ProbeState, Registry } from '../../../src/runtime/release/ports';
import { pythonIndexOf, releasePlan } from '../../../src/runtime/release/release-plan';
import { ReleaseHistory } from '../../support/release-histories';

/** A registry that says everything is missing and keeps each question with the index it was asked at. */
class RecordingRegistry implements Registry {
  public readonly asked: PackageRef[] = [];
  public async probe(ref: PackageRef): Promise<ProbeState> {
    this.asked.push(ref);
    return 'missing';
  }
}

/** dioxide (seed 001) released with its alphas and betas going to TestPyPI (FR5), on a real git history. */
async function planOf(version: string) {
  const h = ReleaseHistory.of('dioxide', { default: { testPypiPrereleases: ['alpha', 'beta'] } });
  const sha = h.setVersion('default', version).commit(`chore: release ${version}`);
  h.push('main');
  const registry = new RecordingRegistry();
  const run = await releasePlan(h.plan, { event: 'push', ref: 'refs/heads/main', sha, dryRun: false }, { git: h.clone().git, registry, log: memoryLog() });
  return { h, run, asked: registry.asked.filter((r) => r.target === 'pypi') };
}

describe('channel routing: TestPyPI for the prereleases a track sends there, PyPI otherwise (seed 001 FR5)', () => {
  it('GIVEN testPypiPrereleases alpha, beta WHEN 2.2.0-alpha.1 is planned THEN the plan job asks TestPyPI for it and names TestPyPI\'s index and upload URL for the PyPI job', async () => {
    const { h, run, asked } = await planOf('2.2.0-alpha.1');
    expect(run.release).toBe(true);
    expect(asked).toEqual([{ target: 'pypi', name: 'dioxide', version: '2.2.0a1', index: 'https://test.pypi.org/simple' }]);
    expect(run.products[0].packages.find((k) => k.target === 'pypi')).toMatchObject({ index: PYTHON_INDEXES.testpypi.simple });
    expect(pythonIndexOf(h.plan, run)).toEqual({ simple: 'https://test.pypi.org/simple', upload: 'https://test.pypi.org/legacy/' });
  });

  it('GIVEN the same track WHEN an rc and the stable 2.2.0 are planned THEN both go to PyPI', async () => {
    for (const version of ['2.2.0-rc.1', '2.2.0']) {
      const { h, run, asked } = await planOf(version);
      expect(asked.map((r) => r.index), version).toEqual([undefined]);
      expect(pythonIndexOf(h.plan, run), version).toEqual({ simple: 'https://pypi.org/simple', upload: 'https://upload.pypi.org/legacy/' });
    }
  });
});
