// Evaluates `${{ }}` expressions of generated workflows with GitHub's own evaluator (@actions/expressions,
// installed by .ci/install-gate-tools.sh into .tools/node beside @actions/workflow-parser), so a test can ask
// what a concurrency group or a condition becomes for a given event instead of matching its text.
import * as fs from 'fs';
import * as path from 'path';
import { pathToFileURL } from 'url';

const ENTRY = path.resolve(__dirname, '..', '..', '.tools', 'node', 'node_modules', '@actions', 'expressions', 'dist', 'index.js');

/** Context values by name (`github`, `inputs`, …): plain JSON. */
export type ExpressionContexts = Record<string, Record<string, unknown>>;

type Expressions = any;
let loaded: Promise<Expressions> | undefined;

function load(): Promise<Expressions> {
  if (!fs.existsSync(ENTRY)) throw new Error(`@actions/expressions missing at ${ENTRY}; run \`bash .ci/install-gate-tools.sh\` from the repository root`);
  loaded ??= import(pathToFileURL(ENTRY).href);
  return loaded;
}

function toData(e: Expressions, value: unknown): unknown {
  const { data } = e;
  if (value === null || value === undefined) return new data.Null();
  if (typeof value === 'string') return new data.StringData(value);
  if (typeof value === 'number') return new data.NumberData(value);
  if (typeof value === 'boolean') return new data.BooleanData(value);
  if (Array.isArray(value)) {
    const array = new data.Array();
    for (const v of value) array.add(toData(e, v));
    return array;
  }
  const dict = new data.Dictionary();
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) dict.add(k, toData(e, v));
  return dict;
}

/** One expression (without `${{ }}`), evaluated as GitHub would, coerced to a string. */
export async function evaluateExpression(expression: string, contexts: ExpressionContexts): Promise<string> {
  const e = await load();
  const lexed = new e.Lexer(expression).lex();
  const ast = new e.Parser(lexed.tokens, Object.keys(contexts), []).parse();
  const result = new e.Evaluator(ast, toData(e, contexts)).evaluate();
  return result.coerceString();
}

/** A value with `${{ }}` interpolations (a concurrency group, a name), each evaluated. */
export async function evaluateTemplate(template: string, contexts: ExpressionContexts): Promise<string> {
  let out = '';
  let rest = template;
  for (let at = rest.indexOf('${{'); at >= 0; at = rest.indexOf('${{')) {
    const end = rest.indexOf('}}', at);
    if (end < 0) throw new Error(`unclosed \${{ in ${template}`);
    out += rest.slice(0, at) + await evaluateExpression(rest.slice(at + 3, end).trim(), contexts);
    rest = rest.slice(end + 2);
  }
  return out + rest;
}
