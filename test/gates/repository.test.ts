// Issue 18: every workflow file in this repository — the library's own build.yml and release.yml (projen's,
// hardened by .projenrc.ts), the committed example's — passes the three judges the library applies to every
// workflow it generates: actionlint (with shellcheck), GitHub's workflow parser and zizmor. The same gate,
// fed a repository holding known-bad workflows, reports each judge's finding: it can fail.
// Suppressions: none.
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { usesOf } from '../../src/model';
import { REPO_ROOT, gitInit, tempDir, writeRepo } from '../support/fixtures';
import { GateFinding, GateTool, checkRepositoryWorkflows, formatFindings, repositoryWorkflowFiles } from '../support/workflow-gates';

/** Workflow files this repository is known to hold; others may be added, none of these may go missing. */
const KNOWN_WORKFLOWS = [
  '.github/workflows/build.yml',
  '.github/workflows/release.yml',
  'examples/polyglot/.github/workflows/ci.yml',
  'examples/polyglot/.github/workflows/release-pr.yml',
  'examples/polyglot/.github/workflows/release.yml',
];

let repository: { files: string[]; findings: GateFinding[] } = { files: [], findings: [] };

beforeAll(() => {
  repository = checkRepositoryWorkflows(REPO_ROOT);
}, 120_000);

describe('the workflow gates over every workflow file of this repository', () => {
  it('GIVEN this repository WHEN its workflow files are listed THEN the library\'s own and the example\'s are among them, and nothing installed or ignored', () => {
    expect(repository.files).toEqual(expect.arrayContaining(KNOWN_WORKFLOWS));
    expect(repository.files.filter((f) => /(^|\/)(node_modules|\.tools)\//.test(f))).toEqual([]);
  });

  it.each<GateTool>(['actionlint', 'workflow-parser', 'zizmor'])('GIVEN every workflow file of this repository WHEN %s runs THEN it reports nothing', (tool) => {
    const findings = repository.findings.filter((f) => f.tool === tool);
    expect(findings, formatFindings(findings)).toEqual([]);
  });
});

const CHECKOUT = `${usesOf('checkout')} # pinned`;

/** A job header every sample shares: least privilege, pinned checkout without persisted credentials. */
function workflow(name: string, steps: string): string {
  return `name: ${name}
on: push
permissions: {}
jobs:
  build:
    runs-on: ubuntu-24.04
    permissions:
      contents: read
    steps:
      - uses: ${CHECKOUT}
        with:
          persist-credentials: false
${steps}`;
}

/** One known-bad workflow per judge (each a regression this issue fixed in the library's own workflows), and a clean one. */
const SAMPLES = {
  clean: workflow('clean', '      - run: echo "done=true" >> "$GITHUB_OUTPUT"\n'),
  // actionlint's shellcheck: SC2086, the unquoted $GITHUB_OUTPUT projen's scripts had.
  unquoted: workflow('unquoted', '      - run: echo "done=true" >> $GITHUB_OUTPUT\n'),
  // zizmor: an action referenced by tag, as projen referenced setup-node.
  unpinned: workflow('unpinned', '      - uses: actions/setup-node@v7.0.0\n'),
  // zizmor: a checkout that leaves the token in .git/config, as projen's checkouts did.
  persisted: workflow('persisted', `      - uses: ${CHECKOUT}\n        with:\n          path: other\n`),
  // GitHub's parser: a key the workflow schema does not have.
  schema: workflow('schema', '      - run: echo ok\n        retries: 3\n'),
};

describe('the repository workflow gate can fail', () => {
  it('GIVEN a repository with one known-bad workflow per judge WHEN the same gate runs THEN each judge reports its defect on its file, and the clean one passes', () => {
    const dir = writeRepo({
      '.gitignore': 'node_modules/\n',
      '.github/workflows/clean.yml': SAMPLES.clean,
      '.github/workflows/unquoted.yml': SAMPLES.unquoted,
      '.github/workflows/persisted.yaml': SAMPLES.persisted,
      'nested/app/.github/workflows/schema.yml': SAMPLES.schema,
      // Neither of these is a workflow of the repository: an ignored install and another project's fixture.
      'node_modules/some-package/.github/workflows/unpinned.yml': SAMPLES.unpinned,
      'test/fixtures/other-project/.github/workflows/unpinned.yml': SAMPLES.unpinned,
    });
    gitInit(dir);
    // Not committed yet: a new workflow is gated before it lands.
    fs.writeFileSync(path.join(dir, '.github/workflows/unpinned.yml'), SAMPLES.unpinned);

    const result = checkRepositoryWorkflows(dir);

    expect(result.files).toEqual([
      '.github/workflows/clean.yml',
      '.github/workflows/persisted.yaml',
      '.github/workflows/unpinned.yml',
      '.github/workflows/unquoted.yml',
      'nested/app/.github/workflows/schema.yml',
    ]);
    const rulesOf = (file: string): string[] => [...new Set(result.findings.filter((f) => f.file === path.join(dir, file)).map((f) => `${f.tool}:${f.rule}`))].sort();
    expect(rulesOf('.github/workflows/clean.yml'), formatFindings(result.findings)).toEqual([]);
    expect(rulesOf('.github/workflows/unquoted.yml')).toEqual(['actionlint:shellcheck']);
    expect(result.findings.find((f) => f.file.endsWith('unquoted.yml'))?.message).toMatch(/SC2086/);
    expect(rulesOf('.github/workflows/unpinned.yml')).toEqual(['zizmor:unpinned-uses']);
    expect(rulesOf('.github/workflows/persisted.yaml')).toEqual(['zizmor:artipacked']);
    expect(rulesOf('nested/app/.github/workflows/schema.yml')).toContain('workflow-parser:schema');
  });

  it('GIVEN a directory that is not a git repository WHEN its workflow files are listed THEN it throws instead of gating nothing', () => {
    expect(() => repositoryWorkflowFiles(tempDir('not-a-repo-'))).toThrow(/not a git repository/);
  });
});

