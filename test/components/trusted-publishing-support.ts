import { LockstepReleaseProjectOptions, Product } from '../../src';
import { ReleasePlan } from '../../src/model';
import { exampleProducts } from '../support/example-products';
import { copyExample, parseWorkflow, synthIn, writeRepo } from '../support/fixtures';

/** A synthesized project's secrets doc, its workflows (parsed) and its plan. */
export interface SynthedDoc {
  readonly doc: string;
  readonly plan: ReleasePlan;
  /** Parsed workflows by file name. */
  readonly workflows: Record<string, any>;
  /** Raw workflow texts by file name. */
  readonly texts: Record<string, string>;
  readonly out: Record<string, any>;
}

/** Synthesizes a project over `dir` and picks out the doc, the workflows and the plan. */
export function synthDoc(dir: string, options: Partial<LockstepReleaseProjectOptions>): SynthedDoc {
  const out = synthIn(dir, options);
  const doc = out['docs/release-secrets.md'];
  if (typeof doc !== 'string') throw new Error('no docs/release-secrets.md was generated');
  const texts: Record<string, string> = {};
  for (const [file, content] of Object.entries(out)) {
    const m = /^\.github\/workflows\/(.+\.ya?ml)$/.exec(file);
    if (m) texts[m[1]] = typeof content === 'string' ? content : JSON.stringify(content);
  }
  const workflows = Object.fromEntries(Object.entries(texts).map(([f, t]) => [f, parseWorkflow(t)]));
  return { doc, plan: out[options.planFile ?? '.lockstep/release-plan.json'], workflows, texts, out };
}

/** The example monorepo, with its products. */
export function exampleDoc(options: Partial<LockstepReleaseProjectOptions> = {}): SynthedDoc {
  return synthDoc(copyExample(), { products: exampleProducts(), ...options });
}

/** A repository with one crate. */
export function crateRepo(): string {
  return writeRepo({
    'Cargo.toml': '[package]\nname = "solo"\nversion = "1.0.0"\nedition = "2021"\nlicense = "MIT"\n',
    'src/lib.rs': '',
    'package.json': JSON.stringify({ name: 'solo-repo', private: true, devDependencies: { 'projen-lockstep-release': '*' } }),
  });
}

/** The one-crate repository's doc. */
export function minimalDoc(options: Partial<LockstepReleaseProjectOptions> = {}): SynthedDoc {
  return synthDoc(crateRepo(), { products: [Product.rustCrate({ path: '.' })], ...options });
}

/** The part of the doc from the explicit anchor `id` to the next anchor (a package's or a problem's section). */
export function section(doc: string, id: string): string {
  const start = doc.indexOf(`<a id="${id}"></a>`);
  if (start < 0) throw new Error(`the doc has no anchor '${id}'`);
  const next = doc.indexOf('<a id="', start + 1);
  return doc.slice(start, next < 0 ? undefined : next);
}

/** The part of the doc from the explicit anchor `id` to the next `## ` heading (a whole chapter). */
export function chapter(doc: string, id: string): string {
  const start = doc.indexOf(`<a id="${id}"></a>`);
  if (start < 0) throw new Error(`the doc has no anchor '${id}'`);
  const headingAt = doc.indexOf('\n## ', start);
  const next = doc.indexOf('\n## ', headingAt + 1);
  const end = next < 0 ? doc.length : doc.lastIndexOf('\n<a id="', next);
  return doc.slice(start, end);
}

/** The rows of the first Markdown table after `from` in `text`, as arrays of cells. */
export function tableAfter(text: string, from = 0): string[][] {
  const lines = text.slice(from).split('\n').map((l) => l.trim());
  const first = lines.findIndex((l) => l.startsWith('|'));
  if (first < 0) return [];
  const rows: string[][] = [];
  for (const l of lines.slice(first + 2)) {
    if (!l.startsWith('|')) break;
    rows.push(l.slice(1, -1).split(' | ').map((c) => c.trim()));
  }
  return rows;
}

/** What the workflows name: environments, secrets, variables, workflow files (their own and dispatched ones). */
export function namesInWorkflows(d: SynthedDoc): { environments: Set<string>; secrets: Set<string>; variables: Set<string>; files: Set<string> } {
  const environments = new Set<string>();
  for (const wf of Object.values<any>(d.workflows)) {
    for (const job of Object.values<any>(wf.jobs)) {
      const env = typeof job.environment === 'string' ? job.environment : job.environment?.name;
      if (env) environments.add(env);
    }
  }
  const all = Object.values(d.texts).join('\n');
  const secrets = new Set([...all.matchAll(/\bsecrets\.([A-Za-z0-9_]+)/g)].map((m) => m[1]));
  const variables = new Set([...all.matchAll(/\bvars\.([A-Za-z0-9_]+)/g)].map((m) => m[1]));
  const files = new Set([...Object.keys(d.texts), ...[...all.matchAll(/gh workflow run ([\w.-]+\.ya?ml)/g)].map((m) => m[1])]);
  return { environments, secrets, variables, files };
}

/** The names the doc uses. */
export interface DocNames {
  readonly environments: Set<string>;
  readonly packages: Map<string, Set<string>>;
  readonly secrets: Set<string>;
  readonly variables: Set<string>;
  readonly files: Set<string>;
}

/** What the doc names: environment sections, package sections, secrets-table rows and workflow file names. */
export function namesInDoc(doc: string): DocNames {
  const environments = new Set([...doc.matchAll(/^### Environment `([^`]+)`$/gm)].map((m) => m[1]));
  const packages = new Map<string, Set<string>>();
  for (const m of doc.matchAll(/^### (crates\.io|npm|PyPI): `([^`]+)`$/gm)) packages.set(m[1], new Set([...(packages.get(m[1]) ?? []), m[2]]));
  const go = [...doc.matchAll(/^- Go module `([^`]+)`/gm)].map((m) => m[1]);
  if (go.length > 0) packages.set('go', new Set(go));
  const secretsPart = doc.slice(doc.indexOf('<a id="secrets"></a>'), doc.indexOf('<a id="renaming-the-release-workflow"></a>'));
  const rows = [...secretsPart.matchAll(/^\| `([A-Za-z0-9_]+)` \| (secret|variable) \|/gm)];
  // The renaming chapter names the default file name on purpose (what a rename moves away from).
  const renaming = doc.indexOf('<a id="renaming-the-release-workflow"></a>');
  const withoutRenaming = doc.slice(0, renaming) + doc.slice(doc.indexOf('<a id="when-preflight-fails"></a>'));
  const files = new Set([...withoutRenaming.matchAll(/`(?:\.github\/workflows\/)?([\w.-]+\.ya?ml)`/g)].map((m) => m[1]));
  return {
    environments,
    packages,
    secrets: new Set(rows.filter((r) => r[2] === 'secret').map((r) => r[1])),
    variables: new Set(rows.filter((r) => r[2] === 'variable').map((r) => r[1])),
    files,
  };
}

/** Registry title in the doc for a plan registry. */
export const TITLE_OF: Record<string, string> = { 'crates-io': 'crates.io', 'npm': 'npm', 'pypi': 'PyPI', 'go': 'go' };
