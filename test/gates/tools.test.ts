// Proves each quality gate can fail and can pass: a hardened workflow is clean under all three
// workflow validators, and each validator flags the defect it exists for.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  checkWorkflows,
  formatFindings,
  GateFinding,
  gateToolPaths,
  runActionlint,
  runShellcheck,
  runWorkflowParser,
  runZizmor,
} from '../support/workflow-gates';

const CHECKOUT = 'actions/checkout@08c6903cd8c0fde910a37f88322edcfb5dd907a8 # v5.0.0';

const CLEAN_WORKFLOW = `name: release
on:
  push:
    tags: ['v*']
  workflow_dispatch:
    inputs:
      dry-run:
        type: boolean
        default: false
permissions: {}
concurrency:
  group: release-\${{ github.ref }}
  cancel-in-progress: false
jobs:
  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    outputs:
      version: \${{ steps.version.outputs.version }}
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - id: version
        run: echo "version=\${REF_NAME#v}" >> "$GITHUB_OUTPUT"
        env:
          REF_NAME: \${{ github.ref_name }}
  publish:
    needs: [build]
    runs-on: ubuntu-24.04
    environment: release
    permissions:
      contents: read
      id-token: write
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
      - run: echo "publishing $VERSION (dry-run=$DRY_RUN)"
        env:
          VERSION: \${{ needs.build.outputs.version }}
          DRY_RUN: \${{ inputs.dry-run }}
`;

/** actionlint: a needs: on an unknown job, and an unquoted variable in run: (shellcheck SC2086). */
const ACTIONLINT_BAD = `name: bad
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    needs: [compile]
    permissions:
      contents: read
    steps:
      - run: echo $HOME
`;

/** workflow-parser: an unknown top-level key and an unknown event under on:. */
const PARSER_BAD = `name: bad
on:
  pushh:
    branches: [main]
permissions: {}
triggers: nightly
jobs:
  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - run: echo ok
`;

/** zizmor: attacker-controlled text expanded in run:, and a tag-pinned action. */
const ZIZMOR_BAD = `name: triage
on:
  issues:
    types: [opened]
permissions: {}
jobs:
  triage:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: actions/checkout@v4
        with:
          persist-credentials: false
      - run: echo "\${{ github.event.issue.title }}"
`;

const SCRIPT_CLEAN = `#!/usr/bin/env bash
set -euo pipefail
version="\${1:?usage: bump-version.sh VERSION}"
printf 'version=%s\\n' "$version"
`;

const SCRIPT_BAD = `#!/usr/bin/env bash
set -euo pipefail
version=$1
echo Bumping to $version
`;

const tempDirs: string[] = [];
afterAll(() => tempDirs.forEach((dir) => fs.rmSync(dir, { recursive: true, force: true })));

function writeTemp(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'workflow-gates-'));
  tempDirs.push(dir);
  for (const [name, content] of Object.entries(files)) {
    fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
    fs.writeFileSync(path.join(dir, name), content);
  }
  return dir;
}

function rules(findings: GateFinding[]): string[] {
  return findings.map((f) => f.rule);
}

describe('workflow gate tools', () => {
  it('GIVEN .ci/install-gate-tools.sh ran WHEN resolving the tools THEN every binary is found', () => {
    const tools = gateToolPaths();
    expect(tools.actionlint).toMatch(/\.tools\/bin\/actionlint$/);
    expect(tools.zizmor).toMatch(/\.tools\/venv\/bin\/zizmor$/);
    expect(tools.shellcheck).toMatch(/shellcheck$/);
  });

  it('GIVEN shellcheck is not on PATH WHEN resolving the tools THEN it throws naming the installer instead of skipping', () => {
    const savedPath = process.env.PATH;
    process.env.PATH = writeTemp({});
    try {
      expect(() => gateToolPaths()).toThrow(/shellcheck.*install-gate-tools\.sh/s);
    } finally {
      process.env.PATH = savedPath;
    }
  });

  it('GIVEN a hardened release workflow WHEN all three workflow gates run THEN none reports a finding', () => {
    const dir = writeTemp({ '.github/workflows/release.yml': CLEAN_WORKFLOW });
    const file = path.join(dir, '.github/workflows/release.yml');
    const result = checkWorkflows([file]);
    expect(result.checked).toBe(1);
    expect(result.findings, formatFindings(result.findings)).toEqual([]);
    // The directory form that zizmor collects from (.github/workflows inside it) is clean too.
    expect(runZizmor([dir])).toEqual([]);
  });

  it('GIVEN a needs: on a missing job and an unquoted $HOME in run: WHEN actionlint runs THEN it reports job-needs and shellcheck SC2086', () => {
    const dir = writeTemp({ 'bad.yml': ACTIONLINT_BAD });
    const findings = runActionlint([path.join(dir, 'bad.yml')]);
    expect(rules(findings).sort()).toEqual(['job-needs', 'shellcheck']);
    expect(findings.find((f) => f.rule === 'job-needs')?.message).toMatch(/needs job "compile" which does not exist/);
    expect(findings.find((f) => f.rule === 'shellcheck')?.message).toMatch(/SC2086/);
    expect(findings.every((f) => f.tool === 'actionlint' && f.file.endsWith('bad.yml'))).toBe(true);
  });

  it('GIVEN an unknown top-level key and an unknown event WHEN the workflow-parser runs THEN it reports both with their lines', () => {
    const dir = writeTemp({ 'bad.yml': PARSER_BAD });
    const findings = runWorkflowParser([path.join(dir, 'bad.yml')]);
    expect(findings.map((f) => [f.line, f.message])).toEqual([
      [3, "Unexpected value 'pushh'"],
      [6, "Unexpected value 'triggers'"],
    ]);
    expect(findings.every((f) => f.tool === 'workflow-parser' && f.rule === 'schema')).toBe(true);
  });

  it('GIVEN a job whose needs form a cycle WHEN the workflow-parser runs THEN its conversion step reports a semantic error', () => {
    const cyclic = CLEAN_WORKFLOW.replace('  build:\n    runs-on', '  build:\n    needs: [publish]\n    runs-on');
    const dir = writeTemp({ 'cycle.yml': cyclic });
    const findings = runWorkflowParser([path.join(dir, 'cycle.yml')]);
    expect(findings.length).toBeGreaterThan(0);
    expect(findings.every((f) => f.rule === 'semantic')).toBe(true);
    expect(findings.map((f) => f.message).join('\n')).toMatch(/at least one job with no dependencies|cycle/i);
  });

  it('GIVEN an issue title in run: and a tag-pinned action WHEN zizmor runs offline THEN it reports template-injection and unpinned-uses', () => {
    const dir = writeTemp({ 'triage.yml': ZIZMOR_BAD });
    const file = path.join(dir, 'triage.yml');
    const findings = runZizmor([file]);
    expect(rules(findings).sort()).toEqual(['template-injection', 'unpinned-uses']);
    const injection = findings.find((f) => f.rule === 'template-injection');
    expect(injection).toMatchObject({ tool: 'zizmor', file, line: 15 });
    expect(injection?.message).toMatch(/code injection via template expansion/);
    expect(findings.find((f) => f.rule === 'unpinned-uses')).toMatchObject({ line: 12, message: expect.stringMatching(/not pinned to a hash/) });
  });

  it('GIVEN a script with an unquoted variable WHEN shellcheck runs THEN it reports SC2086, and a quoted script passes', () => {
    const dir = writeTemp({ 'bad.sh': SCRIPT_BAD, 'good.sh': SCRIPT_CLEAN });
    const findings = runShellcheck([path.join(dir, 'bad.sh')]);
    expect(findings).toEqual([
      expect.objectContaining({ tool: 'shellcheck', line: 4, rule: 'SC2086', message: expect.stringMatching(/Double quote/) }),
    ]);
    expect(runShellcheck([path.join(dir, 'good.sh')])).toEqual([]);
  });

  it('GIVEN a batch of clean and bad workflows WHEN checkWorkflows runs once THEN each finding names its own file', () => {
    const dir = writeTemp({ 'clean.yml': CLEAN_WORKFLOW, 'zizmor-bad.yml': ZIZMOR_BAD, 'parser-bad.yml': PARSER_BAD });
    const files = ['clean.yml', 'zizmor-bad.yml', 'parser-bad.yml'].map((f) => path.join(dir, f));
    const result = checkWorkflows(files);
    expect(result.checked).toBe(3);
    const byFile = (name: string): string[] => result.findings.filter((f) => f.file === path.join(dir, name)).map((f) => `${f.tool}:${f.rule}`);
    expect(byFile('clean.yml')).toEqual([]);
    expect(byFile('zizmor-bad.yml')).toEqual(expect.arrayContaining(['zizmor:template-injection', 'zizmor:unpinned-uses']));
    expect(byFile('parser-bad.yml')).toEqual(expect.arrayContaining(['actionlint:events', 'actionlint:syntax-check', 'workflow-parser:schema']));
  });

  it('GIVEN two byte-identical bad workflows WHEN checkWorkflows dedupes by content THEN both files get the findings of one validation', () => {
    const dir = writeTemp({ 'a/release.yml': ZIZMOR_BAD, 'b/release.yml': ZIZMOR_BAD, 'clean.yml': CLEAN_WORKFLOW });
    const files = ['a/release.yml', 'b/release.yml', 'clean.yml'].map((f) => path.join(dir, f));
    const deduped = checkWorkflows(files, { dedupeByContent: true });
    const plain = checkWorkflows(files);
    expect(deduped.checked).toBe(3);
    const summary = (r: { findings: GateFinding[] }): string[] => r.findings.map((f) => `${f.file}:${f.line}:${f.tool}:${f.rule}`).sort();
    expect(summary(deduped)).toEqual(summary(plain));
    expect(deduped.findings.filter((f) => f.rule === 'template-injection').map((f) => f.file).sort()).toEqual(files.slice(0, 2));
  });
});
