import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ACTIONS, ReleasePlan, TOOL_VERSIONS, ciMatrices } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn } from '../support/fixtures';

/**
 * The example monorepo turned into a pnpm workspace (pnpm-lock.yaml instead of package-lock.json, the same
 * three packages as importers), as StarStats is: every generated install runs pnpm, set up first.
 */
function pnpmExample(packageManager?: string): Record<string, any> {
  const dir = copyExample();
  fs.rmSync(path.join(dir, 'package-lock.json'));
  const pkg = JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8'));
  const workspaces: string[] = pkg.workspaces;
  delete pkg.workspaces;
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ ...pkg, ...(packageManager ? { packageManager } : {}) }, null, 2));
  fs.writeFileSync(path.join(dir, 'pnpm-workspace.yaml'), `packages:\n${workspaces.map((w) => `  - ${w}\n`).join('')}`);
  const importers = ['.', ...workspaces].map((w) => `  ${w}: {}\n`).join('\n');
  fs.writeFileSync(path.join(dir, 'pnpm-lock.yaml'), `lockfileVersion: '9.0'\n\nimporters:\n\n${importers}\npackages: {}\n`);
  return synthIn(dir, { products: exampleProducts() });
}

type Step = { 'name': string; 'if'?: string; 'run'?: string; 'uses'?: string; 'with'?: Record<string, unknown>; 'working-directory'?: string };
type Jobs = Record<string, { steps: Step[] }>;
const PNPM_SETUP = `${ACTIONS.pnpmSetup.repo}@${ACTIONS.pnpmSetup.sha}`;

const declared = pnpmExample('pnpm@9.15.0');
const workflows = (files: Record<string, any>) => ['ci.yml', 'release.yml', 'release-pr.yml'].map((f) => [f, parseWorkflow(files[`.github/workflows/${f}`]).jobs as Jobs] as const);

describe('workflows of a pnpm repository', () => {
  it('GIVEN package.json naming pnpm WHEN synthesized THEN every job installing the lockstep CLI sets up pnpm (the version from packageManager, none given) and installs with the frozen lockfile', () => {
    let installs = 0;
    for (const [file, jobs] of workflows(declared)) {
      for (const [id, job] of Object.entries(jobs)) {
        const at = job.steps.findIndex((s) => s.name === 'Install the lockstep CLI');
        if (at < 0) continue;
        installs++;
        expect(job.steps[at].run, `${file} ${id}`).toBe('pnpm install --frozen-lockfile --ignore-scripts');
        expect(job.steps.filter((s) => s.uses === PNPM_SETUP), `${file} ${id}`).toEqual([{ name: 'Set up pnpm', uses: PNPM_SETUP }]);
        expect(job.steps.findIndex((s) => s.uses === PNPM_SETUP), `${file} ${id}`).toBeLessThan(at);
      }
    }
    expect(installs).toBeGreaterThan(10);
    expect(declared['.lockstep/release-plan.json'].packageManager).toEqual({ name: 'pnpm', version: '9.15.0', declared: true });
  });

  it('GIVEN the packages of the pnpm workspace WHEN their CI cells are computed THEN they install at the workspace root with pnpm, pnpm set up first, and nothing runs npm ci or keys npm\'s cache on a package-lock.json', () => {
    const [, ci] = workflows(declared)[0];
    const groups = ciMatrices(declared['.lockstep/release-plan.json'] as ReleasePlan);
    for (const [job, product] of [['node', 'quill-node'], ['tauri', 'quill-desktop'], ['npm', 'quill-notes']] as const) {
      const cell = groups[job]!.find((g) => g.products.includes(product))!;
      expect(cell.values, product).toMatchObject({ 'install': 'pnpm install --frozen-lockfile', 'install-dir': '.', 'pnpm': 'true', 'lockfile': '' });
      const steps = ci[job].steps;
      const install = steps.findIndex((s) => s.name === 'Install npm dependencies');
      const setup = steps.findIndex((s) => s.uses === PNPM_SETUP);
      expect(steps[setup], job).toMatchObject({ if: "matrix.pnpm == 'true'" });
      expect(setup, job).toBeLessThan(install);
    }
    for (const [file, jobs] of workflows(declared)) {
      for (const [id, job] of Object.entries(jobs)) {
        expect(job.steps.filter((s) => /\bnpm ci\b/.test(s.run ?? '')), `${file} ${id}`).toEqual([]);
        expect(job.steps.filter((s) => s.with?.cache === 'npm'), `${file} ${id}`).toEqual([]);
      }
    }
    const values = Object.values(groups).flatMap((list) => list.map((g) => g.values));
    expect(values.filter((v) => /\bnpm ci\b/.test(v.install ?? '') || /package-lock\.json/.test(v.lockfile ?? ''))).toEqual([]);
  });

  it('GIVEN only pnpm-lock.yaml (no packageManager) WHEN synthesized THEN pnpm/action-setup is given the pinned version', () => {
    const setups = workflows(pnpmExample()).flatMap(([, jobs]) => Object.values(jobs).flatMap((j) => j.steps.filter((s) => s.uses === PNPM_SETUP)));
    expect(setups.length).toBeGreaterThan(10);
    expect(new Set(setups.map((s) => JSON.stringify(s.with)))).toEqual(new Set([JSON.stringify({ version: TOOL_VERSIONS.pnpm })]));
  });
});
