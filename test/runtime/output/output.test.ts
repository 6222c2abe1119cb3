import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import {
  Markdown, annotate, annotationLine, appendStepSummary, guardStreams, jsonText, logLine, logQuoted, logValue,
  md, mdCode, mdTable, mdText, safeLogText, setStepOutputs,
} from '../../../src/runtime/output';
import { tempDir } from '../../support/fixtures';
import { readStepOutputs, workflowCommands } from '../../support/runner-view';

const FORGED = 'a\n::error file=src/lib.rs,line=1::Backdoor';

/** The data of an annotation line, decoded as the runner decodes it. */
function decodeData(line: string): string {
  return line.slice(line.indexOf('::', 2) + 2).replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%25/g, '%');
}

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { ctx: { cwd: '.', env: {}, stdout: (t: string) => out.push(t), stderr: (t: string) => err.push(t) }, out, err };
}

describe('log values', () => {
  it('GIVEN a plain name WHEN shown in the log THEN it is unchanged', () => {
    expect(logValue('sdk/python/pyproject.toml')).toBe('sdk/python/pyproject.toml');
    expect(logQuoted('quill-py')).toBe('\'quill-py\'');
  });

  it('GIVEN a name with a line break and a workflow command WHEN shown THEN it is one quoted line the runner reads as text', () => {
    expect(logValue(FORGED)).toBe('"a\\n::error file=src/lib.rs,line=1::Backdoor"');
    expect(workflowCommands(logLine`changed: ${FORGED}`)).toEqual([]);
  });

  it('GIVEN a value that starts with :: or holds ##[ WHEN shown at the start of a line THEN it is still no command', () => {
    for (const v of ['::add-mask::secret', '  ::error::x', 'x ##[add-mask]secret', 'a\u2028b', 'a\rb', 'right\u202eleft']) {
      expect(workflowCommands(`${logValue(v)}\n`), v).toEqual([]);
      expect(JSON.parse(logValue(v)), v).toBe(v);
    }
  });

  it('GIVEN JSON holding hostile strings WHEN printed THEN it parses back to the same value and holds no command', () => {
    const value = { changed: [FORGED, 'x ##[add-mask]y', 'a\u2028b\u0085c'] };
    const text = jsonText(value);
    expect(JSON.parse(text)).toEqual(value);
    expect(workflowCommands(text)).toEqual([]);
  });
});

describe('the output guard', () => {
  it('GIVEN a command printing raw text with forged commands WHEN guarded THEN no line is a workflow command and the text stays readable', () => {
    const c = capture();
    const g = guardStreams(c.ctx);
    g.ctx.stdout(`changed: ${FORGED}\n`);
    g.ctx.stderr('::add-mask::hidden\r::error::x\n  ##[warning]y\n');
    g.flush();
    expect(workflowCommands(c.out.join('') + c.err.join(''))).toEqual([]);
    expect(c.out.join('')).toBe('changed: a\n\\u003a:error file=src/lib.rs,line=1::Backdoor\n');
  });

  it('GIVEN a line written in pieces WHEN guarded THEN the pieces are judged as one line', () => {
    const c = capture();
    const g = guardStreams(c.ctx);
    g.ctx.stdout(':');
    g.ctx.stdout(':error::split\n');
    g.flush();
    expect(workflowCommands(c.out.join(''))).toEqual([]);
  });

  it('GIVEN an annotation on a guarded stream WHEN written THEN it is the one command that passes, on a line of its own', () => {
    const c = capture();
    const g = guardStreams(c.ctx);
    g.ctx.stdout('partial');
    annotate(g.ctx, 'warning', FORGED, { title: 'a:b,c' });
    g.flush();
    const commands = workflowCommands(c.out.join(''));
    expect(commands.map((x) => x.command)).toEqual(['warning']);
    expect(commands[0].line).toBe('::warning title=a%3Ab%2Cc::a%0A::error file=src/lib.rs,line=1::Backdoor');
    expect(decodeData(commands[0].line)).toBe(FORGED);
  });
});

describe('annotations', () => {
  it('GIVEN a message with %, CR and LF WHEN annotated THEN GitHub\'s escaping keeps it one command whose data decodes to the message', () => {
    const line = annotationLine('error', '100%\r\n::add-mask::x');
    expect(line).toBe('::error::100%25%0D%0A::add-mask::x\n');
    expect(workflowCommands(line)).toHaveLength(1);
    expect(decodeData(line.trimEnd())).toBe('100%\r\n::add-mask::x');
  });
});

describe('Markdown', () => {
  it('GIVEN a commit subject with a CR heading, an image, HTML and a mention WHEN made text THEN it renders as one line of that text', () => {
    const text = mdText('fix\r# Heading\r![x](https://evil.example/x.png) <img src=x> @octocat #12 a|b `c`').text;
    expect(text.split(/\r|\n/)).toHaveLength(1);
    expect(text).not.toMatch(/!\[|<img|(?<!\\)`|\|/);
    expect(text).toContain('@\u200boctocat');
    expect(text).toContain('#\u200b12');
  });

  it('GIVEN a file name with backticks and a line break WHEN made code THEN the span cannot be closed early', () => {
    expect(mdCode('a```b\nc').text).toBe('````a```b\\nc````');
    expect(mdCode('`x`').text).toBe('`` `x` ``');
  });

  it('GIVEN cells with pipes WHEN tabled THEN every row keeps its number of cells', () => {
    const table = mdTable(['name', 'file'], [['a|b', mdCode('c|d')], [Markdown.own('ok'), 'e\nf']]).text;
    const cells = table.split('\n').map((row) => row.split(/(?<!\\)\|/).length);
    expect(new Set(cells).size).toBe(1);
  });

  it('GIVEN a template WHEN values are interpolated THEN only the values are escaped', () => {
    expect(md`### Files of ${'*x*'}: ${mdCode('y')}`.text).toBe('### Files of \\*x\\*: `y`');
  });
});

describe('GitHub files', () => {
  it('GIVEN a value with a newline and name=value text WHEN written as an output THEN the runner reads exactly that value and no other output', () => {
    const file = path.join(tempDir(), 'output');
    setStepOutputs({ cwd: '.', env: { GITHUB_OUTPUT: file }, stdout: () => {}, stderr: () => {} }, { products: 'x\nall=true\nkinds<<EOF' });
    expect(readStepOutputs(file)).toEqual({ products: 'x\nall=true\nkinds<<EOF' });
  });

  it('GIVEN an output name that is not an identifier WHEN written THEN it is refused', () => {
    const file = path.join(tempDir(), 'output');
    expect(() => setStepOutputs({ cwd: '.', env: { GITHUB_OUTPUT: file }, stdout: () => {}, stderr: () => {} }, { 'a\nb': 'x' })).toThrow(/not a workflow identifier/);
  });

  it('issue 20: GIVEN a value over 64 KiB WHEN written as an output THEN it is refused with a clear message and no output is written', () => {
    const file = path.join(tempDir(), 'output');
    const ctx = { cwd: '.', env: { GITHUB_OUTPUT: file }, stdout: () => {}, stderr: () => {} };
    setStepOutputs(ctx, { version: '1.0.0', products: 'x'.repeat(64 * 1024) });
    expect(readStepOutputs(file).products).toHaveLength(64 * 1024);
    fs.writeFileSync(file, '');
    expect(() => setStepOutputs(ctx, { version: '1.0.0', products: 'x'.repeat(64 * 1024 + 1) }))
      .toThrow(/^step output 'products' is 64\.0 KiB, over the 64 KiB a value passed between jobs may have .*must travel as a file \(an artifact\)/);
    expect(fs.readFileSync(file, 'utf8')).toBe('');
  });

  it('GIVEN Markdown WHEN appended to the summary THEN it is written as built', () => {
    const file = path.join(tempDir(), 'summary');
    appendStepSummary({ cwd: '.', env: { GITHUB_STEP_SUMMARY: file }, stdout: () => {}, stderr: () => {} }, md`- ${'a\rb'}`);
    expect(fs.readFileSync(file, 'utf8')).toBe('- a b\n');
  });

  it('GIVEN text with a lone CR WHEN made safe THEN the CR is shown, not a line break', () => {
    expect(safeLogText('a\r::error::x\r\nb\n')).toBe('a\\r::error::x\nb\n');
  });
});
