// Issue 20: release.yml's matrices may be data the plan job computes (`fromJSON`); the rehearsal works out
// their combinations when the job starts, from what the jobs it needs output, as GitHub does.
import { describe, expect, it } from 'vitest';
import { ExprScope, evaluateExpression } from '../../../src/runtime/rehearse/expressions';
import { matrixCombos, parseWorkflow } from '../../../src/runtime/rehearse/workflow';

const WORKFLOW = `
name: release
on: workflow_dispatch
jobs:
  plan:
    runs-on: ubuntu-latest
    outputs:
      npm_packages: \${{ steps.decide.outputs.npm_packages }}
    steps:
      - id: decide
        run: "true"
  build-npm-packages:
    needs: [plan]
    runs-on: ubuntu-latest
    strategy:
      matrix:
        include: \${{ fromJSON(needs.plan.outputs.npm_packages) }}
    steps:
      - run: "true"
  build-ffi:
    runs-on: \${{ matrix.runner }}
    strategy:
      matrix:
        include:
          - platform: linux-x64
            runner: ubuntu-24.04
          - platform: windows-x64
            runner: windows-2025
    steps:
      - run: "true"
`;

/** A scope in which the plan job output `npm_packages`. */
function afterPlan(npmPackages: string): (expression: string) => unknown {
  const scope: ExprScope = { contexts: { needs: { plan: { result: 'success', outputs: { npm_packages: npmPackages } } } }, status: { success: true, failure: false, cancelled: false } };
  return (e) => evaluateExpression(e, scope);
}

describe('the rehearsal\'s matrices', () => {
  const wf = parseWorkflow(WORKFLOW, 'release.yml');
  const job = (id: string) => wf.jobs.find((j) => j.id === id)!;

  it('GIVEN a matrix the plan job computes WHEN the job starts THEN its combinations are the plan job\'s cells', () => {
    const cells = [{ product: 'quill-notes', artifact: 'npm.quill-notes' }, { product: 'pkg-001', artifact: 'npm.pkg-001' }];
    expect(matrixCombos(job('build-npm-packages').matrix!, afterPlan(JSON.stringify(cells)))).toEqual(cells);
    expect(matrixCombos(job('build-npm-packages').matrix!, afterPlan('[]'))).toEqual([]);
  });

  it('GIVEN a static matrix WHEN the job starts THEN its include entries are the combinations, as before', () => {
    expect(matrixCombos(job('build-ffi').matrix!, afterPlan('[]')).map((c) => c.platform)).toEqual(['linux-x64', 'windows-x64']);
    expect(matrixCombos({ os: ['a', 'b'], python: ['3.11', '3.14'] }, afterPlan('[]'))).toHaveLength(4);
  });

  it('GIVEN computed data that is not a list WHEN the job starts THEN the rehearsal says so', () => {
    expect(() => matrixCombos(job('build-npm-packages').matrix!, afterPlan('{"a": 1}'))).toThrow(/the matrix's include .* is not a list/);
  });
});
