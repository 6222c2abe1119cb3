import { describe, expect, it } from 'vitest';
import { generatedWorkflowFiles, synthRelease } from './release-publish-support';
import { copyRealFixture, handOverOwnFiles, realFixture } from '../support/real-repos';
import { checkWorkflows, formatFindings } from '../support/workflow-gates';

/** StarStats (seed 002) with its tray releasing alphas from `next` beside stable releases from main. */
function starstats() {
  const dir = copyRealFixture('starstats');
  handOverOwnFiles(dir);
  const options = realFixture('starstats').options();
  const tracks = options.tracks!.map((t) => (t.name === 'tray' ? { ...t, releaseBranches: [{ name: 'main' }, { name: 'next', prerelease: 'alpha' }] } : t));
  return synthRelease(dir, { ...options, tracks });
}

describe('release.yml on StarStats: two tracks, tray alphas from next, the MSI version of a Tauri prerelease', () => {
  it('GIVEN the tray releasing alphas from next WHEN synthesized THEN pushes to main and next start runs, other tracks are dispatched, and the tray\'s desktop build merges the MSI version', () => {
    const { wf } = starstats();
    expect(wf.on.push).toEqual({ branches: ['main', 'next'] });
    expect(wf.jobs['dispatch-tracks']).toBeDefined();
    const steps: any[] = wf.jobs['build-starstats-client'].steps;
    const config = steps.findIndex((s) => s.run?.includes('lockstep tauri-config'));
    const build = steps.findIndex((s) => s.run?.includes('tauri build'));
    expect(config).toBeGreaterThan(-1);
    expect(build).toBeGreaterThan(config);
    expect(steps[build].env.TAURI_CONFIG).toBe(`\${{ steps.${steps[config].id}.outputs.config }}`);
  });

  it('GIVEN every workflow generated for it (per-track ci.yml, release-pr.yml, release.yml) WHEN every gate reads them THEN none finds anything', () => {
    const files = generatedWorkflowFiles(starstats().out);
    expect(files.map((f) => f.split('/').at(-1)).sort()).toEqual(expect.arrayContaining(['ci.yml', 'release-pr.yml', 'release.yml']));
    const { checked, findings } = checkWorkflows(files);
    expect(checked).toBe(files.length);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});
