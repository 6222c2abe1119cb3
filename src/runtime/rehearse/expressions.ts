/**
 * GitHub Actions expressions (`${{ }}` and `if:`), evaluated as the runner does, over the contexts the
 * rehearsal keeps for its run: literals, context property access (`a.b`, `a['b']`, the `*` filter), the
 * operators `! == != < <= > >= && ||`, and the functions the generated workflows call. Loose equality and
 * coercion follow GitHub's documented rules (strings compare case-insensitively; mixed types compare as
 * numbers; `&&`/`||` return an operand).
 */

/** A value of an expression: JSON data. */
export type ExprValue = null | boolean | number | string | ExprValue[] | { [key: string]: ExprValue };

/** The named contexts (`github`, `needs`, …) and the status functions' answers. */
export interface ExprScope {
  readonly contexts: Readonly<Record<string, ExprValue>>;
  /** `success()`, `failure()`, `cancelled()` at this point of the run. */
  readonly status: { readonly success: boolean; readonly failure: boolean; readonly cancelled: boolean };
  /** `hashFiles(patterns…)`: a hash of the files, or '' when none match. */
  readonly hashFiles?: (patterns: string[]) => string;
}

type Token =
  | { kind: 'str'; value: string }
  | { kind: 'num'; value: number }
  | { kind: 'id'; value: string }
  | { kind: 'op'; value: string };

const OPS = ['==', '!=', '<=', '>=', '&&', '||', '<', '>', '!', '(', ')', '[', ']', '.', ',', '*'];

function lex(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < text.length) {
    const c = text[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === "'") {
      let value = '';
      i++;
      for (;;) {
        if (i >= text.length) throw new Error(`unterminated string in expression: ${text}`);
        if (text[i] === "'" && text[i + 1] === "'") {
          value += "'";
          i += 2;
        } else if (text[i] === "'") {
          i++;
          break;
        } else {
          value += text[i++];
        }
      }
      tokens.push({ kind: 'str', value });
    } else if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) {
      const m = /^-?(0x[0-9a-fA-F]+|[0-9]+(\.[0-9]+)?([eE][-+]?[0-9]+)?)/.exec(text.slice(i))!;
      tokens.push({ kind: 'num', value: Number(m[0]) });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_-]*/.exec(text.slice(i))!;
      tokens.push({ kind: 'id', value: m[0] });
      i += m[0].length;
    } else {
      const op = OPS.find((o) => text.startsWith(o, i));
      if (op === undefined) throw new Error(`unexpected character ${JSON.stringify(c)} in expression: ${text}`);
      tokens.push({ kind: 'op', value: op });
      i += op.length;
    }
  }
  return tokens;
}

type Node =
  | { kind: 'lit'; value: ExprValue }
  | { kind: 'ctx'; name: string }
  | { kind: 'prop'; target: Node; key: Node | '*' }
  | { kind: 'call'; name: string; args: Node[] }
  | { kind: 'not'; operand: Node }
  | { kind: 'bin'; op: string; left: Node; right: Node };

class Parser {
  private at = 0;
  constructor(private readonly tokens: Token[], private readonly text: string) {}

  public parse(): Node {
    const node = this.or();
    if (this.at < this.tokens.length) throw this.error('unexpected token');
    return node;
  }

  private error(what: string): Error {
    return new Error(`${what} in expression: ${this.text}`);
  }

  private peekOp(...ops: string[]): string | undefined {
    const t = this.tokens[this.at];
    return t?.kind === 'op' && ops.includes(t.value) ? t.value : undefined;
  }

  private expectOp(op: string): void {
    if (this.peekOp(op) === undefined) throw this.error(`expected ${op}`);
    this.at++;
  }

  private or(): Node {
    let left = this.and();
    while (this.peekOp('||')) {
      this.at++;
      left = { kind: 'bin', op: '||', left, right: this.and() };
    }
    return left;
  }

  private and(): Node {
    let left = this.equality();
    while (this.peekOp('&&')) {
      this.at++;
      left = { kind: 'bin', op: '&&', left, right: this.equality() };
    }
    return left;
  }

  private equality(): Node {
    let left = this.comparison();
    for (let op = this.peekOp('==', '!='); op; op = this.peekOp('==', '!=')) {
      this.at++;
      left = { kind: 'bin', op, left, right: this.comparison() };
    }
    return left;
  }

  private comparison(): Node {
    let left = this.unary();
    for (let op = this.peekOp('<', '<=', '>', '>='); op; op = this.peekOp('<', '<=', '>', '>=')) {
      this.at++;
      left = { kind: 'bin', op, left, right: this.unary() };
    }
    return left;
  }

  private unary(): Node {
    if (this.peekOp('!')) {
      this.at++;
      return { kind: 'not', operand: this.unary() };
    }
    return this.postfix(this.primary());
  }

  private primary(): Node {
    const t = this.tokens[this.at++];
    if (t === undefined) throw this.error('unexpected end');
    if (t.kind === 'str' || t.kind === 'num') return { kind: 'lit', value: t.value };
    if (t.kind === 'op' && t.value === '(') {
      const inner = this.or();
      this.expectOp(')');
      return inner;
    }
    if (t.kind === 'id') {
      if (t.value === 'true' || t.value === 'false') return { kind: 'lit', value: t.value === 'true' };
      if (t.value === 'null') return { kind: 'lit', value: null };
      if (this.peekOp('(')) {
        this.at++;
        const args: Node[] = [];
        if (!this.peekOp(')')) {
          args.push(this.or());
          while (this.peekOp(',')) {
            this.at++;
            args.push(this.or());
          }
        }
        this.expectOp(')');
        return { kind: 'call', name: t.value.toLowerCase(), args };
      }
      return { kind: 'ctx', name: t.value };
    }
    throw this.error(`unexpected ${t.value}`);
  }

  private postfix(node: Node): Node {
    for (;;) {
      if (this.peekOp('.')) {
        this.at++;
        const t = this.tokens[this.at++];
        if (t?.kind === 'op' && t.value === '*') node = { kind: 'prop', target: node, key: '*' };
        else if (t?.kind === 'id') node = { kind: 'prop', target: node, key: { kind: 'lit', value: t.value } };
        else throw this.error('expected a property name after .');
      } else if (this.peekOp('[')) {
        this.at++;
        if (this.peekOp('*')) {
          this.at++;
          node = { kind: 'prop', target: node, key: '*' };
        } else {
          node = { kind: 'prop', target: node, key: this.or() };
        }
        this.expectOp(']');
      } else {
        return node;
      }
    }
  }
}

/** The marker of a `*` filter's result: property access maps over it. */
const FILTERED = Symbol('filtered');
type Filtered = ExprValue[] & { [FILTERED]?: true };

function isObject(v: ExprValue): v is { [key: string]: ExprValue } {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function getProperty(target: ExprValue, key: ExprValue): ExprValue {
  if (Array.isArray(target) && (target as Filtered)[FILTERED]) {
    const out: Filtered = target.map((t) => getProperty(t, key)).filter((v) => v !== null);
    out[FILTERED] = true;
    return out;
  }
  if (Array.isArray(target) && typeof key === 'number') return target[key] ?? null;
  if (isObject(target)) {
    const wanted = toStr(key).toLowerCase();
    const found = Object.keys(target).find((k) => k.toLowerCase() === wanted);
    return found === undefined ? null : target[found];
  }
  return null;
}

/** Truthiness: false, 0, '', null (and NaN) are false. */
export function truthy(v: ExprValue): boolean {
  if (v === null || v === false || v === '') return false;
  if (typeof v === 'number') return v !== 0 && !Number.isNaN(v);
  return true;
}

/** A value as a string, as `${{ }}` interpolation coerces it. */
export function toStr(v: ExprValue): string {
  if (v === null) return '';
  if (typeof v === 'boolean') return v ? 'true' : 'false';
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v;
  return Array.isArray(v) ? 'Array' : 'Object';
}

function toNum(v: ExprValue): number {
  if (v === null) return 0;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'number') return v;
  if (typeof v === 'string') return v.trim() === '' ? 0 : Number(v);
  return NaN;
}

function looseEquals(a: ExprValue, b: ExprValue): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (a === null && b === null) return true;
  if (typeof a === 'object' || typeof b === 'object') return a === b;
  return toNum(a) === toNum(b);
}

function compare(op: string, a: ExprValue, b: ExprValue): boolean {
  const [x, y] = typeof a === 'string' && typeof b === 'string' ? [a.toLowerCase(), b.toLowerCase()] : [toNum(a), toNum(b)];
  switch (op) {
    case '<': return x < y;
    case '<=': return x <= y;
    case '>': return x > y;
    default: return x >= y;
  }
}

function call(name: string, args: ExprValue[], scope: ExprScope): ExprValue {
  switch (name) {
    case 'contains': {
      const [search, item] = args;
      if (Array.isArray(search)) return search.some((s) => looseEquals(s, item));
      return toStr(search).toLowerCase().includes(toStr(item).toLowerCase());
    }
    case 'startswith': return toStr(args[0]).toLowerCase().startsWith(toStr(args[1]).toLowerCase());
    case 'endswith': return toStr(args[0]).toLowerCase().endsWith(toStr(args[1]).toLowerCase());
    case 'format': return toStr(args[0]).replace(/\{(\d+)\}/g, (_, n: string) => toStr(args[Number(n) + 1] ?? null)).replace(/\{\{/g, '{').replace(/\}\}/g, '}');
    case 'join': return Array.isArray(args[0]) ? args[0].map(toStr).join(args.length > 1 ? toStr(args[1]) : ',') : toStr(args[0]);
    case 'tojson': return JSON.stringify(args[0], undefined, 2);
    case 'fromjson': return JSON.parse(toStr(args[0])) as ExprValue;
    case 'hashfiles': return scope.hashFiles ? scope.hashFiles(args.map(toStr)) : '';
    case 'success': return scope.status.success;
    case 'failure': return scope.status.failure;
    case 'cancelled': return scope.status.cancelled;
    case 'always': return true;
    default: throw new Error(`the function ${name}() is not one the rehearsal knows`);
  }
}

function evaluate(node: Node, scope: ExprScope): ExprValue {
  switch (node.kind) {
    case 'lit': return node.value;
    case 'ctx': {
      const found = Object.keys(scope.contexts).find((k) => k.toLowerCase() === node.name.toLowerCase());
      if (found === undefined) throw new Error(`the context ${node.name} is not one the rehearsal provides`);
      return scope.contexts[found];
    }
    case 'prop': {
      const target = evaluate(node.target, scope);
      if (node.key === '*') {
        const values: Filtered = Array.isArray(target) ? [...target] : isObject(target) ? Object.values(target) : [];
        values[FILTERED] = true;
        return values;
      }
      return getProperty(target, evaluate(node.key, scope));
    }
    case 'call': return call(node.name, node.args.map((a) => evaluate(a, scope)), scope);
    case 'not': return !truthy(evaluate(node.operand, scope));
    case 'bin': {
      if (node.op === '&&') {
        const left = evaluate(node.left, scope);
        return truthy(left) ? evaluate(node.right, scope) : left;
      }
      if (node.op === '||') {
        const left = evaluate(node.left, scope);
        return truthy(left) ? left : evaluate(node.right, scope);
      }
      const left = evaluate(node.left, scope);
      const right = evaluate(node.right, scope);
      if (node.op === '==') return looseEquals(left, right);
      if (node.op === '!=') return !looseEquals(left, right);
      return compare(node.op, left, right);
    }
  }
}

/** Evaluates one expression (without `${{ }}`). */
export function evaluateExpression(expression: string, scope: ExprScope): ExprValue {
  return evaluate(new Parser(lex(expression), expression).parse(), scope);
}

/** A value with `${{ }}` interpolations, each evaluated and coerced to a string. */
export function interpolate(template: string, scope: ExprScope): string {
  let out = '';
  let rest = template;
  for (let at = rest.indexOf('${{'); at >= 0; at = rest.indexOf('${{')) {
    const end = rest.indexOf('}}', at);
    if (end < 0) throw new Error(`unclosed \${{ in ${template}`);
    out += rest.slice(0, at) + toStr(evaluateExpression(rest.slice(at + 3, end).trim(), scope));
    rest = rest.slice(end + 2);
  }
  return out + rest;
}

/**
 * An `if:` condition: `${{ }}` around it is optional, and without a status function (`success()`,
 * `always()`, `failure()`, `cancelled()`) GitHub adds `success() &&` in front.
 */
export function condition(text: string | boolean | undefined, scope: ExprScope): boolean {
  if (text === undefined) return scope.status.success;
  if (typeof text === 'boolean') return text && scope.status.success;
  let expr = text.trim();
  const wrapped = /^\$\{\{([\s\S]*)\}\}$/.exec(expr);
  if (wrapped) expr = wrapped[1].trim();
  const statusFunction = /\b(success|failure|cancelled|always)\s*\(/i.test(expr);
  const value = truthy(evaluateExpression(expr, scope));
  return statusFunction ? value : scope.status.success && value;
}
