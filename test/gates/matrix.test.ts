// Issue 8: every generated workflow, for every configuration of the matrix, passes actionlint (with
// shellcheck on run: scripts), GitHub's own workflow parser and zizmor (regular persona, offline) with
// zero findings, and every generated bump script passes shellcheck. The configurations are synthesized
// once; each tool then runs once over the whole batch (identical files are validated once). A gate that
// lints nothing fails: the number of files checked must equal configurations × required files.
// Suppressions: none. A suppression must be added next to the assertion it relaxes, with its reason.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { GateConfiguration, PlanShape, gateConfigurations } from './configurations';
import { DEFAULT_PLAN_FILE, ProductPlan, ReleasePlan, parseJson, parseToml } from '../../src/model';
import { EXAMPLE_DIR, REPO_ROOT } from '../support/fixtures';
import { GateFinding, GateTool, checkWorkflows, formatFindings, runShellcheck } from '../support/workflow-gates';

/** What one configuration generated. */
interface Generated {
  readonly id: string;
  readonly dir?: string;
  /** Why synthesis failed, when it did. */
  readonly error?: string;
  /** Names of the files under .github/workflows/. */
  readonly workflowNames: string[];
  readonly bumpScript?: string;
}

const WORKFLOW_DIR = path.join('.github', 'workflows');
const configurations: GateConfiguration[] = gateConfigurations();
/** configurations × the workflows each must generate: REQUIRED_WORKFLOWS, fewer only where an option turns one off. */
const EXPECTED_WORKFLOW_FILES = configurations.reduce((n, c) => n + c.workflows.length, 0);
let generated: Generated[] = [];
let workflowGate: { checked: number; findings: GateFinding[] } = { checked: 0, findings: [] };
let scriptGate: { checked: number; findings: GateFinding[] } = { checked: 0, findings: [] };

function generate(c: GateConfiguration): Generated {
  let dir: string;
  try {
    dir = c.generate();
  } catch (e) {
    return { id: c.id, error: (e as Error).message, workflowNames: [] };
  }
  const workflows = path.join(dir, WORKFLOW_DIR);
  const workflowNames = fs.existsSync(workflows) ? fs.readdirSync(workflows).filter((f) => /\.ya?ml$/.test(f)).sort() : [];
  const script = path.join(dir, c.bumpScript);
  return { id: c.id, dir, workflowNames, bumpScript: fs.existsSync(script) ? script : undefined };
}

beforeAll(() => {
  generated = configurations.map(generate);
  const workflowFiles = generated.flatMap((g) => g.workflowNames.map((name) => path.join(g.dir!, WORKFLOW_DIR, name)));
  workflowGate = checkWorkflows(workflowFiles, { dedupeByContent: true });
  const scripts = generated.flatMap((g) => (g.bumpScript ? [g.bumpScript] : []));
  scriptGate = { checked: scripts.length, findings: runShellcheck(scripts) };
}, 180_000);

afterAll(() => {
  // Remove only the temporary repositories this suite synthesized: never the committed example, which
  // lives under os.tmpdir() too when the checkout does (a CI clone in /tmp).
  for (const g of generated) {
    if (g.dir && path.resolve(g.dir) !== path.resolve(EXAMPLE_DIR) && !path.resolve(g.dir).startsWith(`${REPO_ROOT}${path.sep}`) && g.dir.startsWith(os.tmpdir())) {
      fs.rmSync(g.dir, { recursive: true, force: true });
    }
  }
});

/** The first track's version as its manifests say, at the site the plan names as its source. */
function currentVersion(dir: string, plan: ReleasePlan): string | undefined {
  const source = plan.tracks[0].versionSource;
  if (source === undefined) return undefined;
  const text = fs.readFileSync(path.join(dir, source.file), 'utf8');
  let value: unknown = source.file.endsWith('.json') ? parseJson(source.file, text) : parseToml(source.file, text);
  for (const key of source.keyPath) value = (value as Record<string | number, unknown> | undefined)?.[key];
  return typeof value === 'string' ? value : undefined;
}

function planFileOf(id: string): string {
  return configurations.find((c) => c.id === id)?.planFile ?? DEFAULT_PLAN_FILE;
}

/** Findings of one tool, with the configuration id in front of each file for a readable message. */
function findingsOf(tool: GateTool, gate: { findings: GateFinding[] }): GateFinding[] {
  const byDir = generated.filter((g) => g.dir).map((g) => [path.resolve(g.dir!), g.id] as const);
  return gate.findings
    .filter((f) => f.tool === tool)
    .map((f) => {
      const owner = byDir.find(([dir]) => f.file.startsWith(`${dir}${path.sep}`));
      return owner ? { ...f, file: `[${owner[1]}] ${path.relative(owner[0], f.file)}` } : f;
    });
}

describe('quality gates over the configuration matrix', () => {
  it('GIVEN the matrix WHEN synthesized THEN it has at least 20 configurations and each synthesizes', () => {
    expect(configurations.length).toBeGreaterThanOrEqual(20);
    expect(new Set(configurations.map((c) => c.id)).size).toBe(configurations.length);
    const failed = generated.filter((g) => g.error !== undefined).map((g) => `${g.id}: ${g.error}`);
    expect(failed, failed.join('\n\n')).toEqual([]);
  });

  it('GIVEN every configuration WHEN planned THEN its plan has the products, waves, lockfiles and version its id names', () => {
    const shapeOf = (g: Generated, want: PlanShape): PlanShape => {
      const plan = JSON.parse(fs.readFileSync(path.join(g.dir!, planFileOf(g.id)), 'utf8')) as ReleasePlan;
      const label = (p: ProductPlan) => `${p.kind}:${p.name}${p.publish ? '' : ' (unpublished)'}`;
      return {
        products: Object.fromEntries(plan.tracks.map((t) => [t.name, t.products.map(label)])),
        ...(want.waves ? { waves: plan.tracks[0].publishWaves } : {}),
        ...(want.lockfiles ? { lockfiles: plan.tracks[0].lockfiles.map((l) => l.file) } : {}),
        ...(want.version ? { version: currentVersion(g.dir!, plan) } : {}),
      };
    };
    const ok = generated.filter((g) => g.dir !== undefined);
    const byId = new Map(configurations.map((c) => [c.id, c]));
    expect(Object.fromEntries(ok.map((g) => [g.id, shapeOf(g, byId.get(g.id)!.plan)]))).toEqual(
      Object.fromEntries(ok.map((g) => [g.id, byId.get(g.id)!.plan])),
    );
  });

  it('GIVEN every configuration WHEN synthesized THEN each generates exactly the required workflows and the bump script', () => {
    const got = Object.fromEntries(generated.map((g) => [g.id, { workflows: g.workflowNames, bumpScript: g.bumpScript !== undefined }]));
    const want = Object.fromEntries(configurations.map((c) => [c.id, { workflows: [...c.workflows].sort(), bumpScript: true }]));
    // A new workflow file must be added to REQUIRED_WORKFLOWS (test/gates/configurations.ts) so it is counted.
    expect(got).toEqual(want);
  });

  it('GIVEN the generated workflows WHEN the three workflow gates run THEN they checked configurations × required workflows', () => {
    expect(workflowGate.checked).toBe(EXPECTED_WORKFLOW_FILES);
  });

  it('GIVEN the matrix WHEN synthesized THEN its configurations give distinct workflows, not one file linted many times', () => {
    const contents = new Set(
      generated.flatMap((g) => g.workflowNames.map((name) => fs.readFileSync(path.join(g.dir!, WORKFLOW_DIR, name), 'utf8'))),
    );
    // Workflows that only call the CLI (release-pr.yml) may be the same everywhere, and a manifest version
    // never reaches a workflow; still, on average every configuration adds a workflow no other one has.
    expect(contents.size).toBeGreaterThanOrEqual(configurations.length);
  });

  /** The findings of one workflow tool must be none, over exactly the expected number of files. */
  function expectClean(tool: GateTool): void {
    const findings = findingsOf(tool, workflowGate);
    expect({ checked: workflowGate.checked, findings }, formatFindings(findings)).toEqual({ checked: EXPECTED_WORKFLOW_FILES, findings: [] });
  }

  it.each<GateTool>(['actionlint', 'workflow-parser'])('GIVEN every generated workflow WHEN %s runs THEN it reports nothing', (tool) => {
    expectClean(tool);
  });

  it('S1 S2 S3: GIVEN every generated workflow WHEN zizmor runs THEN it reports no template injection, excessive permission, persisted credential, cache or unpinned action', () => {
    expectClean('zizmor');
  });

  it('GIVEN every generated bump script WHEN shellcheck runs THEN it checked one per configuration and reports nothing', () => {
    const findings = findingsOf('shellcheck', scriptGate);
    expect({ checked: scriptGate.checked, findings }, formatFindings(findings)).toEqual({ checked: configurations.length, findings: [] });
  });
});
