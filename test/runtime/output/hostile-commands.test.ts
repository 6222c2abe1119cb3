import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { ReleaseRun } from '../../../src/runtime/release/run';
import { git, tempDir } from '../../support/fixtures';
import { HOSTILE, annotationData, asJobStep, commitOnBranch, exampleGitRepo } from '../../support/hostile';
import { releaseRun, releaseRunEnv } from '../../support/release-run';
import { exampleReleaseRepo, ghState, lockstepIn } from '../release-pr/support';

/**
 * Issue 19: what a fork pull request or a manifest can carry, fed through the real commands. Each test
 * asserts what the runner would see (no workflow command the command did not mean), what is written,
 * and the exit code.
 */

const ALL_HOSTILE = Object.values(HOSTILE);

/** The non-empty lines of a job summary. */
function summaryLines(summary: string): string[] {
  return summary.split('\n').filter((l) => l !== '');
}

describe('lockstep affected: file and branch names from a pull request', { timeout: 60_000 }, () => {
  const files = Object.fromEntries(ALL_HOSTILE.map((name, i) => [`sdk/python/${i}-${name}`, 'x\n']));

  it('GIVEN a pull request adding files named with line breaks, workflow commands and fences WHEN affected runs THEN the runner sees no command, the summary one item per product run, the outputs intact', async () => {
    const { dir, base } = exampleGitRepo();
    commitOnBranch(dir, 'feature', files);
    const job = await asJobStep(dir, ['affected'], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: base });
    expect(job.code).toBe(0);
    expect(job.commands).toEqual([]);
    // The first changed file that made quill-py run, as a log value.
    expect(job.stdout).toContain('  quill-py: "sdk/python/0-a\\n::error file=src/lib.rs,line=1::Backdoor"');
    expect(job.outputs).toMatchObject({ products: '["quill-py"]', all: 'false', kinds: '["maturin"]', jobs: '["lint","python"]' });
    const lines = summaryLines(job.summary);
    expect(lines.slice(0, 2)).toEqual(['### Affected products', `affected: 1 product(s) of ${ALL_HOSTILE.length} changed file(s)`]);
    expect(lines.slice(2)).toHaveLength(1);
    expect(lines[2]).toMatch(/^- quill-py: sdk\/python\/0-[^\r<]*$/);
    expect(job.summary).not.toMatch(/(?<!\\)`/);
    expect(job.summary).not.toMatch(/!\[|<img|\r/);
  });

  it('GIVEN the same files WHEN affected prints JSON THEN it parses back to the exact names and holds no command', async () => {
    const { dir, base } = exampleGitRepo();
    commitOnBranch(dir, 'feature', files);
    const job = await asJobStep(dir, ['affected', '--json'], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: base });
    expect(job.commands).toEqual([]);
    expect(JSON.parse(job.stdout).changed.sort()).toEqual(Object.keys(files).sort());
  });

  it('GIVEN the files merged WHEN the push run detects what changed THEN the runner sees no command either', async () => {
    const { dir, base } = exampleGitRepo();
    commitOnBranch(dir, 'topic', files);
    const job = await asJobStep(dir, ['affected'], { GITHUB_EVENT_NAME: 'push', GITHUB_REF: 'refs/heads/topic', BASE_SHA: base });
    expect(job.code).toBe(0);
    expect(job.commands).toEqual([]);
    expect(job.outputs.products).toBe('["quill-py"]');
  });

  it('GIVEN a release branch name carrying a workflow command WHEN affected runs THEN everything runs and the name is printed as text', async () => {
    const { dir, base } = exampleGitRepo();
    const job = await asJobStep(dir, ['affected'], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: `release/${HOSTILE.forgedError}`, BASE_SHA: base });
    expect(job.code).toBe(0);
    expect(job.commands).toEqual([]);
    expect(job.outputs.all).toBe('true');
    expect(job.stdout).toContain('release/a\\n::error');
  });

  it('GIVEN BASE_SHA=--output=FILE WHEN affected runs THEN git never sees it: exit 2 naming BASE_SHA, no file written', async () => {
    const { dir } = exampleGitRepo();
    const target = path.join(tempDir(), 'written-by-git');
    const job = await asJobStep(dir, ['affected'], { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: `--output=${target}` });
    expect(job.code).toBe(2);
    expect(job.stderr).toMatch(/BASE_SHA must be a full commit SHA \(40 or 64 hex digits\), got --output=/);
    expect(fs.existsSync(target)).toBe(false);
    expect(job.outputs).toEqual({});
  });

  it('GIVEN --base that looks like an option WHEN affected runs THEN it is refused before git runs', async () => {
    const { dir } = exampleGitRepo();
    const target = path.join(tempDir(), 'written-by-git');
    const job = await asJobStep(dir, ['affected', `--base=--output=${target}`]);
    expect(job.code).toBe(2);
    expect(job.stderr).toMatch(/--base: --output=.* is not a revision/);
    expect(fs.existsSync(target)).toBe(false);
  });
});

describe('annotations and messages that carry manifest values and input', { timeout: 60_000 }, () => {
  it('GIVEN a package.json repository with %, CR and LF WHEN preflight reports it THEN each finding is one escaped error annotation that decodes to the value', async () => {
    const { dir } = exampleGitRepo();
    const file = path.join(dir, 'sdk/nodejs/package.json');
    const evil = 'https://evil%0A.example\r\n::add-mask::quill\n::error::forged';
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('"git+https://github.com/example/quill.git"', JSON.stringify(evil)));
    const job = await asJobStep(dir, ['preflight', '--registry', 'npm'], { PATH: process.env.PATH, HOME: tempDir(), GITHUB_REPOSITORY: 'example/quill' });
    expect(job.code).toBe(1);
    expect(job.commands.length).toBeGreaterThan(0);
    expect(new Set(job.commands.map((c) => c.command))).toEqual(new Set(['error']));
    for (const c of job.commands) expect(c.line).toMatch(/^::error title=preflight \(npm\)::/);
    const repository = job.commands.map((c) => annotationData(c.line)).filter((d) => d.includes('sdk/nodejs/package.json'));
    expect(repository).toHaveLength(1);
    expect(repository[0]).toContain(`repository is '${evil}'`);
  });

  it('GIVEN a manifest version with a line break and a workflow command WHEN verify reports it THEN the runner sees no command', async () => {
    const { dir } = exampleGitRepo();
    const file = path.join(dir, 'sdk/python/pyproject.toml');
    fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('version = "0.3.0"', 'version = "0.3.0\\n::error::forged\\r::add-mask::x"'));
    const job = await asJobStep(dir, ['verify']);
    expect(job.code).toBe(1);
    expect(job.commands).toEqual([]);
    expect(job.stderr).toMatch(/sdk\/python\/pyproject\.toml:7/);
  });

  it.each([
    [['plan', `--${HOSTILE.forgedError}`], /unknown option --"a\\n::error file"/],
    [[HOSTILE.addMask], /unknown command "x\\n::add-mask::quill"/],
    [['release-pr', HOSTILE.crForged], /unknown step "y\\r::warning::forged"/],
    [['probe', HOSTILE.legacy, 'n', '1'], /unknown target "z #\\u0023\[add-mask\]quill"/],
  ])('GIVEN CLI input that echoes into an error (%j) WHEN run THEN the message shows it as text and the runner sees no command', async (argv, message) => {
    const { dir } = exampleGitRepo();
    const job = await asJobStep(dir, argv);
    expect(job.code).toBe(2);
    expect(job.commands).toEqual([]);
    expect(job.stderr).toMatch(message);
  });
});

/** A release run of one PyPI product, as the plan job would pass it. */
function pypiRun(): ReleaseRun {
  return releaseRun({
    commit: 'e'.repeat(40),
    products: [{ name: 'quill-py', kind: 'maturin', path: 'sdk/python', tag: 'quill-py-v1.0.0', githubRelease: false, dependsOn: [], settings: {}, packages: [{ target: 'pypi', name: 'quill-db', version: '1.0.0', state: 'missing' }] }],
  });
}


describe('outcome details in annotations and the release summary', { timeout: 60_000 }, () => {
  it('GIVEN a step result with CR, LF and commands WHEN recorded and summarized THEN one error annotation carries it escaped, and the summary table keeps its rows', async () => {
    const dir = tempDir('lockstep-outcomes-');
    const env = { ...releaseRunEnv(pypiRun()) };
    const evil = `x${HOSTILE.forgedError}\r::add-mask::y|z`;
    const recorded = await asJobStep(dir, ['record-outcome', '--job', 'publish-pypi', '--product', 'quill-py', '--target', 'pypi', '--result', evil], env);
    expect(recorded.code).toBe(1);
    expect(recorded.commands.map((c) => c.command)).toEqual(['error']);
    expect(annotationData(recorded.commands[0].line)).toBe(`quill-py pypi quill-db@1.0.0: failed (the publish step ended '${evil}')`);

    const summary = await asJobStep(dir, ['summary', '--outcomes', '.lockstep/outcomes'], { ...env, NEEDS_JSON: '{}' });
    expect(summary.code).toBe(1);
    expect(summary.commands).toEqual([]);
    expect(summary.summary).not.toMatch(/\r/);
    const rows = summary.summary.split('\n').filter((l) => l.startsWith('| '));
    expect(rows).toHaveLength(3);
    expect(rows[1]).toMatch(/^\| quill-py \| pypi \| quill-db \| 1\.0\.0 \| ❌ failed \| the publish step ended 'xa ::error file=src\/lib\.rs,line=1::Backdoor ::add-mask::y&#124;z' \|$/);
  });

  it('GIVEN commit subjects with a CR heading, an image, HTML and a mention WHEN the release PR is opened THEN its description lists them as plain text', async () => {
    const repo = exampleReleaseRepo();
    const subjects = ['fix: one\r# Heading\r![img](https://evil.example/x.png)', 'feat: <img src=x onerror=alert(1)> for @octocat, see #1', 'docs: ```\r::error::x'];
    for (const s of subjects) git(repo.dir, 'commit', '-q', '--allow-empty', '-m', s);
    git(repo.dir, 'push', '-q', 'origin', 'main');
    expect((await lockstepIn(repo, 'release-pr', 'commit', '--version', '0.4.0')).code).toBe(0);
    const opened = await lockstepIn(repo, 'release-pr', 'open', '--version', '0.4.0');
    expect(opened.code).toBe(0);
    const body = ghState(repo).prs[0].body;
    expect(body).not.toMatch(/\r|!\[|<img|(^|[^\\])```/);
    expect(body.split('\n').filter((l) => l.startsWith('#')).every((l) => l.startsWith('### '))).toBe(true);
    const changes = body.split('### Changes since the beginning (no earlier release tag)\n\n')[1].split('\n\n')[0].split('\n');
    expect(changes).toHaveLength(subjects.length + 1);
    expect(changes.every((l) => /^- [0-9a-f]+ /.test(l))).toBe(true);
    expect(body).toContain('@\u200boctocat');
  });
});

describe('ci-result: job names are looked up as own properties', () => {
  it.each(['constructor', 'toString', '__proto__', 'hasOwnProperty'])('GIVEN a needed job named %s that failed WHEN ci-result decides THEN the check fails naming it', async (job) => {
    const jobs = { changes: '', [job]: '' };
    const needs = JSON.parse(`{"changes":{"result":"success","outputs":{"products":"[]","all":"false"}},${JSON.stringify(job)}:{"result":"failure"}}`);
    const view = await asJobStep(tempDir(), ['ci-result'], { NEEDS: JSON.stringify(needs), LOCKSTEP_CI_JOBS: `{"changes":"",${JSON.stringify(job)}:""}` });
    expect(Object.keys(jobs)).toContain(job);
    expect(view.code).toBe(1);
    expect(view.stdout).toContain(`FAIL ${job}: failure, failed`);
    expect(view.stderr).toContain(`CI failed: ${job}`);
  });

  it('GIVEN a failed job named constructor that the check does not know WHEN decided THEN it fails as unknown, not passes', async () => {
    const needs = { changes: { result: 'success', outputs: { products: '[]', all: 'false' } }, constructor: { result: 'failure' } };
    const view = await asJobStep(tempDir(), ['ci-result'], { NEEDS: JSON.stringify(needs), LOCKSTEP_CI_JOBS: '{"changes":""}' });
    expect(view.code).toBe(1);
    expect(view.stdout).toMatch(/FAIL constructor: failure, is needed but not known to the check/);
  });

  it('GIVEN job names with line breaks and commands WHEN ci-result reports them THEN the runner sees no command and the summary table keeps its rows', async () => {
    const names = ALL_HOSTILE;
    const needs = Object.fromEntries(names.map((n) => [n, { result: 'success' }]));
    const view = await asJobStep(tempDir(), ['ci-result'], { NEEDS: JSON.stringify(needs), LOCKSTEP_CI_JOBS: JSON.stringify(Object.fromEntries(names.map((n) => [n, '']))) });
    expect(view.code).toBe(0);
    expect(view.commands).toEqual([]);
    expect(view.summary.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(names.length + 2);
  });
});

describe('the release plan job: the commit comes from the environment', { timeout: 60_000 }, () => {
  it('GIVEN --sha that is not a commit SHA WHEN release-plan runs THEN it is refused with exit 2 before git runs', async () => {
    const { dir } = exampleGitRepo();
    const job = await asJobStep(dir, ['release-plan', '--event', 'push', '--ref', 'refs/heads/main', '--sha', '--output=/tmp/x']);
    expect(job.code).toBe(2);
    expect(job.stderr).toMatch(/--sha must be a full commit SHA/);
    expect(job.outputs).toEqual({});
  });
});

/** Writes a pure-Python wheel of quill-db 1.0.0 whose `quill_db` package writes `$SMOKE_MARKER` when imported. */
function writeWheel(dist: string): void {
  fs.mkdirSync(dist, { recursive: true });
  const build = [
    'import base64, hashlib, sys, zipfile',
    'files = {"quill_db/__init__.py": "import os\\nopen(os.environ[\'SMOKE_MARKER\'], \'w\').write(__name__)\\n",',
    '  "quill_db-1.0.0.dist-info/METADATA": "Metadata-Version: 2.1\\nName: quill-db\\nVersion: 1.0.0\\n",',
    '  "quill_db-1.0.0.dist-info/WHEEL": "Wheel-Version: 1.0\\nGenerator: test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n"}',
    'digest = lambda t: "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(t.encode()).digest()).rstrip(b"=").decode()',
    'record = "".join(f"{n},{digest(t)},{len(t.encode())}\\n" for n, t in files.items()) + "quill_db-1.0.0.dist-info/RECORD,,\\n"',
    'with zipfile.ZipFile(sys.argv[1], "w") as z:',
    '  [z.writestr(n, t) for n, t in files.items()]',
    '  z.writestr("quill_db-1.0.0.dist-info/RECORD", record)',
  ].join('\n');
  execFileSync('python', ['-c', build, path.join(dist, 'quill_db-1.0.0-py3-none-any.whl')]);
}

describe('lockstep smoke: the module name comes from pyproject.toml', { timeout: 120_000 }, () => {
  it('GIVEN a built wheel and a valid module-name WHEN smoke runs THEN pip installs it and Python imports the module named as data', async () => {
    const dir = tempDir('lockstep-smoke-');
    const venv = path.join(tempDir('lockstep-venv-'), 'venv');
    execFileSync('python', ['-m', 'venv', venv]);
    fs.mkdirSync(path.join(dir, 'sdk/python'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'sdk/python/pyproject.toml'), '[project]\nname = "quill-db"\nversion = "1.0.0"\n\n[tool.maturin]\nmodule-name = "quill_db._native"\n');
    writeWheel(path.join(dir, 'sdk/python/dist'));
    const marker = path.join(dir, 'imported');
    const env = { PATH: `${path.join(venv, 'bin')}${path.delimiter}${process.env.PATH}`, SMOKE_MARKER: marker, PIP_DISABLE_PIP_VERSION_CHECK: '1', ...releaseRunEnv(pypiRun()) };
    const job = await asJobStep(dir, ['smoke', '--product', 'quill-py'], env);
    expect(job.stderr).toBe('');
    expect(job.code).toBe(0);
    expect(job.stdout).toBe('quill-py: installed and loaded\n');
    expect(fs.readFileSync(marker, 'utf8')).toBe('quill_db');
  });

  it('GIVEN a module-name that is Python code WHEN smoke runs THEN nothing is run: one error names the field, exit 1, no file written', async () => {
    const dir = tempDir('lockstep-smoke-');
    const marker = path.join(dir, 'pwned');
    fs.mkdirSync(path.join(dir, 'sdk/python'), { recursive: true });
    const evil = `os; open(${JSON.stringify(marker)}, 'w')`;
    fs.writeFileSync(path.join(dir, 'sdk/python/pyproject.toml'), `[project]\nname = "quill-db"\nversion = "1.0.0"\n\n[tool.maturin]\nmodule-name = ${JSON.stringify(evil)}\n`);
    const job = await asJobStep(dir, ['smoke', '--product', 'quill-py'], { PATH: process.env.PATH, ...releaseRunEnv(pypiRun()) });
    expect(job.code).toBe(1);
    expect(job.commands.map((c) => c.command)).toEqual(['error']);
    expect(annotationData(job.commands[0].line)).toContain('tool.maturin.module-name "os; open(');
    expect(annotationData(job.commands[0].line)).toContain('is not a Python module name');
    expect(fs.existsSync(marker)).toBe(false);
  });
});
