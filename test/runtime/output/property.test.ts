import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import {
  annotationLine, jsonText, logLine, logValue, mdCode, mdTable, mdText, safeLogText, setStepOutputs,
} from '../../../src/runtime/output';
import { git, tempDir } from '../../support/fixtures';
import { annotationData, asJobStep, commitOnBranch, exampleGitRepo } from '../../support/hostile';
import { hostileTexts } from '../../support/hostile-text';
import { readStepOutputs, workflowCommands } from '../../support/runner-view';

/**
 * Issue 19, property: no generated file name, branch name or manifest value can produce a workflow
 * command in any command's output. The inputs come from a seeded generator (test/support/hostile-text.ts):
 * every run tries the same cases, and a failure names the input.
 */

const UNIT_CASES = hostileTexts(19, 2000);
const LINE_BREAKS = /[\r\n\u2028\u2029\u0085]/;

describe('property: the output module never lets text become a workflow command', () => {
  it('GIVEN any text WHEN it is a log value, in a log line or in JSON THEN no line is a command and JSON parses back', () => {
    for (const text of UNIT_CASES) {
      expect(workflowCommands(`${logValue(text)}\n${logLine`x ${text}`}\n${jsonText({ text })}\n`), JSON.stringify(text)).toEqual([]);
      expect(JSON.parse(jsonText(text)), JSON.stringify(text)).toBe(text);
    }
  });

  it('GIVEN any text printed raw WHEN made safe THEN no line is a command', () => {
    for (const text of UNIT_CASES) expect(workflowCommands(safeLogText(text)), JSON.stringify(text)).toEqual([]);
  });

  it('GIVEN any message and title WHEN annotated THEN it is exactly one command whose data decodes to the message', () => {
    for (const [i, text] of UNIT_CASES.entries()) {
      const title = UNIT_CASES[(i + 1) % UNIT_CASES.length];
      const commands = workflowCommands(annotationLine('warning', text, { title }));
      expect(commands.map((c) => c.command), JSON.stringify(text)).toEqual(['warning']);
      expect(annotationData(commands[0].line), JSON.stringify(text)).toBe(text);
      const property = /^::warning title=([^:]*)::/.exec(commands[0].line)?.[1];
      expect(property, JSON.stringify(title)).not.toMatch(/[:,\r\n]/);
    }
  });

  it('GIVEN any text WHEN made Markdown text, code or a table cell THEN it stays on its line and opens no HTML, link, image, fence or extra cell', () => {
    for (const text of UNIT_CASES) {
      const inline = mdText(text).text;
      const code = mdCode(text).text;
      for (const md of [inline, code]) expect(md, JSON.stringify(text)).not.toMatch(LINE_BREAKS);
      expect(inline, JSON.stringify(text)).not.toMatch(/<|>|(?<!\\)[`[\]|]|&(?!(amp|lt|gt|#124);)/);
      const fence = /^`+/.exec(code)![0];
      expect(code.endsWith(fence) && !code.slice(fence.length, -fence.length).includes(fence), JSON.stringify(text)).toBe(true);
      const rows = mdTable(['a', 'b'], [[text, mdCode(text)]]).text.split('\n');
      expect(rows.map((r) => r.split(/(?<!\\)\|/).length), JSON.stringify(text)).toEqual([4, 4, 4]);
    }
  });

  it('GIVEN any value WHEN written as a step output THEN the runner reads back exactly that output', () => {
    const file = path.join(tempDir(), 'output');
    const outputs = Object.fromEntries(UNIT_CASES.slice(0, 200).map((v, i) => [`o${i}`, v]));
    setStepOutputs({ cwd: '.', env: { GITHUB_OUTPUT: file }, stdout: () => {}, stderr: () => {} }, outputs);
    expect(readStepOutputs(file)).toEqual(outputs);
  });
});

/** A file name from hostile text: one path segment below a product (git stores anything but NUL and `/`). */
function fileName(i: number, text: string): string {
  return `sdk/python/${i}-${text.replace(/[/\u0000]/g, '_')}`;
}

/** A TOML basic string holding `value`. */
function tomlString(value: string): string {
  return JSON.stringify(value).replace(/\u007f/g, '\\u007f');
}

describe('property: no file name, branch name or manifest value produces a command in any command\'s output', { timeout: 300_000 }, () => {
  it.each([1, 2, 3])('GIVEN a pull request adding generated file names (seed %i) WHEN affected runs, as text and JSON THEN no command; outputs and summary hold one entry per product run', async (seed) => {
    const names = hostileTexts(seed, 16).map((t, i) => fileName(i, t));
    const { dir, base } = exampleGitRepo();
    commitOnBranch(dir, 'feature', Object.fromEntries(names.map((n) => [n, 'x\n'])));
    const env = { GITHUB_EVENT_NAME: 'pull_request', GITHUB_HEAD_REF: 'feature', BASE_SHA: base };
    const text = await asJobStep(dir, ['affected'], env);
    const json = await asJobStep(dir, ['affected', '--json'], env);
    for (const view of [text, json]) {
      expect(view.code).toBe(0);
      expect(view.commands, JSON.stringify(names)).toEqual([]);
      expect(view.outputs).toMatchObject({ products: '["quill-py"]', all: 'false', kinds: '["maturin"]', jobs: '["lint","python"]' });
    }
    expect(JSON.parse(json.stdout).changed.sort()).toEqual([...names].sort());
    expect(text.summary.split('\n').filter((l) => l !== '').slice(2)).toEqual([expect.stringMatching(/^- quill-py: sdk\/python\//)]);
  });

  it('GIVEN generated branch, ref and event names WHEN affected runs THEN no command', async () => {
    const { dir, base } = exampleGitRepo();
    const texts = hostileTexts(4, 24);
    for (const [i, t] of texts.entries()) {
      const env = { GITHUB_EVENT_NAME: ['pull_request', 'push', t][i % 3], GITHUB_HEAD_REF: `${i % 2 === 0 ? 'release/' : ''}${t}`, GITHUB_REF: `refs/heads/${t}`, BASE_SHA: base };
      const view = await asJobStep(dir, ['affected'], env);
      expect(view.code, JSON.stringify(t)).toBe(0);
      expect(view.commands, JSON.stringify(t)).toEqual([]);
    }
  });

  it('GIVEN generated manifest versions WHEN plan, verify, bump and release-pr prepare read them THEN no command in any output', async () => {
    const { dir } = exampleGitRepo();
    const cargo = path.join(dir, 'Cargo.toml');
    const pyproject = path.join(dir, 'sdk/python/pyproject.toml');
    const [cargoText, pyText] = [fs.readFileSync(cargo, 'utf8'), fs.readFileSync(pyproject, 'utf8')];
    const texts = hostileTexts(5, 10);
    for (const [i, t] of texts.entries()) {
      fs.writeFileSync(cargo, cargoText.replace('version = "0.3.0"', `version = ${tomlString(t)}`));
      fs.writeFileSync(pyproject, pyText.replace('version = "0.3.0"', `version = ${tomlString(texts[(i + 1) % texts.length])}`));
      for (const argv of [['plan'], ['verify'], ['bump', 'patch'], ['bump', '0.4.0', '--dry-run'], ['release-pr', 'prepare', '--bump', 'minor', '--local-tags']]) {
        const view = await asJobStep(dir, argv, { PATH: process.env.PATH });
        expect(view.commands, `${argv.join(' ')} with ${JSON.stringify(t)}`).toEqual([]);
      }
    }
    git(dir, 'checkout', '-q', '--', '.');
  });

  it('GIVEN generated package.json repository values WHEN preflight reports them THEN only its own error annotations appear, each decoding to one finding', async () => {
    const { dir } = exampleGitRepo();
    const file = path.join(dir, 'sdk/nodejs/package.json');
    const original = fs.readFileSync(file, 'utf8');
    for (const t of hostileTexts(6, 4)) {
      fs.writeFileSync(file, original.replace('"git+https://github.com/example/quill.git"', JSON.stringify(t)));
      const view = await asJobStep(dir, ['preflight', '--registry', 'npm'], { PATH: process.env.PATH, HOME: tempDir(), GITHUB_REPOSITORY: 'example/quill' });
      expect(view.code).toBe(1);
      expect(view.commands.every((c) => c.line.startsWith('::error title=preflight (npm)::')), JSON.stringify(t)).toBe(true);
      expect(view.commands.filter((c) => annotationData(c.line).includes(`repository is '${t}'`)), JSON.stringify(t)).toHaveLength(1);
    }
  });

  it('GIVEN generated job names WHEN ci-result reports them, passing and failing THEN no command, and one table row per job', async () => {
    const names = [...new Set(hostileTexts(7, 30))];
    for (const result of ['success', 'failure']) {
      const needs = Object.fromEntries(names.map((n) => [n, { result }]));
      const view = await asJobStep(tempDir(), ['ci-result'], { NEEDS: JSON.stringify(needs), LOCKSTEP_CI_JOBS: JSON.stringify(Object.fromEntries(names.map((n) => [n, '']))) });
      expect(view.code).toBe(result === 'success' ? 0 : 1);
      expect(view.commands).toEqual([]);
      expect(view.summary.split('\n').filter((l) => l.startsWith('|'))).toHaveLength(names.length + 2);
    }
  });
});
