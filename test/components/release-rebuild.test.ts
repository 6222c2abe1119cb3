// A re-run rebuilds only what it still has to publish: each build job runs on the plan job's `build` output
// (the products with a package still to publish from their artifacts), never on "the product is in the run".
import { describe, expect, it } from 'vitest';
import { exampleRelease } from './release-publish-support';

const BUILT = ['quill-ffi', 'quill-py', 'quill-node', 'quill-wasm', 'quill-desktop'];

describe('release.yml: build jobs follow the plan\'s per-product build output', () => {
  const { wf } = exampleRelease();

  it('GIVEN the plan job WHEN its outputs are read THEN build comes from the deciding step, like every other output', () => {
    expect(wf.jobs.plan.outputs.build).toBe('${{ steps.decide.outputs.build }}');
  });

  it('GIVEN each product\'s build job WHEN its condition is read THEN it runs exactly when the run releases and the plan lists the product in build', () => {
    const builds = Object.keys(wf.jobs).filter((id) => id.startsWith('build-')).sort();
    expect(builds).toEqual([...BUILT.map((p) => `build-${p}`), 'build-npm-packages'].sort());
    for (const p of BUILT) {
      expect(wf.jobs[`build-${p}`].if, p).toBe(`needs.plan.outputs.release == 'true' && contains(fromJSON(needs.plan.outputs.build), '${p}')`);
    }
    // Issue 20: the plain npm packages (quill-notes) are the cells of one job, which the plan job computes
    // from the same per-product decision (npm_packages: those in build); with none, the job is skipped.
    expect(wf.jobs['build-npm-packages'].if).toBe("needs.plan.outputs.release == 'true' && needs.plan.outputs.npm_packages != '[]'");
    expect(wf.jobs['build-npm-packages'].strategy.matrix).toEqual({ include: '${{ fromJSON(needs.plan.outputs.npm_packages) }}' });
    expect(wf.jobs.plan.outputs.npm_packages).toBe('${{ steps.decide.outputs.npm_packages }}');
    // The crate check runs on the crates still to publish, which the plan's todo says.
    expect(wf.jobs['check-crates'].if).toBe("needs.plan.outputs.release == 'true' && contains(fromJSON(needs.plan.outputs.todo), 'crates-io')");
  });

  it('GIVEN skipped builds WHEN tag-all decides THEN a skipped build holds nothing up (only failed or cancelled ones do)', () => {
    expect(wf.jobs['tag-all'].needs).toEqual(expect.arrayContaining([...BUILT.map((p) => `build-${p}`), 'build-npm-packages']));
    expect(wf.jobs['tag-all'].if).toContain("!contains(needs.*.result, 'failure') && !contains(needs.*.result, 'cancelled')");
    expect(wf.jobs['tag-all'].if).not.toContain("'skipped'");
  });

  it('GIVEN a PyPI product not rebuilt WHEN the PyPI job runs THEN its check, upload and record steps all stay off (the summary reports the plan\'s probe)', () => {
    const steps = wf.jobs['publish-pypi'].steps;
    const byId = (id: string) => steps.find((s: any) => s.id === id);
    expect(byId('check-quill-py').if).toBe("!cancelled() && contains(fromJSON(needs.plan.outputs.build), 'quill-py')");
    expect(byId('download-quill-py').if).toBe("!cancelled() && steps.check-quill-py.outcome == 'success'");
    const record = steps.find((s: any) => /lockstep record-outcome .*--product quill-py/.test(s.run ?? ''));
    expect(record.if).toBe("!cancelled() && contains(fromJSON(needs.plan.outputs.build), 'quill-py')");
  });
});
