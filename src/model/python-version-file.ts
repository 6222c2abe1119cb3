import { ManifestError } from './errors';

/**
 * Issue 17: a pure-Python package whose build backend reads its version from a Python file
 * (`dynamic = ["version"]`): hatchling's `[tool.hatch.version] path`, pdm's `[tool.pdm.version] source =
 * "file"`, setuptools' `[tool.setuptools.dynamic] version = { attr = "pkg.__version__" }`. The version is then
 * the string of a top-level assignment (`__version__ = "1.2.3"`), which the bump edits like a manifest value.
 */

/** Where a backend reads a dynamic version: a Python file (relative to the pyproject's directory) and the name assigned. */
export interface PythonVersionFile {
  /** A file path, or with `module` a module path (`pkg/sub`) whose file is looked for. */
  readonly path: string;
  readonly module: boolean;
  /** The names the backend reads, in its order (hatchling's default pattern takes `__version__` or `VERSION`). */
  readonly variables: string[];
  /** The pyproject setting it comes from, for messages. */
  readonly setting: string;
}

/** A dynamic version the bump cannot edit: which setting says so, and why. */
export interface UnsupportedVersionSource {
  readonly unsupported: string;
}

function isTable(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Where the pyproject's backend takes a dynamic version from, or why the bump cannot follow it; undefined when nothing says. */
export function dynamicVersionSource(doc: Record<string, unknown>): PythonVersionFile | UnsupportedVersionSource | undefined {
  const tool = isTable(doc.tool) ? doc.tool : {};
  const hatch = isTable(tool.hatch) && isTable(tool.hatch.version) ? tool.hatch.version : undefined;
  if (hatch !== undefined) {
    const source = typeof hatch.source === 'string' ? hatch.source : 'regex';
    if (source !== 'regex' || typeof hatch.path !== 'string') return { unsupported: `[tool.hatch.version] takes the version from source "${source}"${typeof hatch.path === 'string' ? '' : ' without a `path`'}` };
    if (hatch.pattern !== undefined) return { unsupported: '[tool.hatch.version] reads the version with a `pattern` of its own' };
    return { path: hatch.path, module: false, variables: ['__version__', 'VERSION'], setting: '[tool.hatch.version] path' };
  }
  const pdm = isTable(tool.pdm) && isTable(tool.pdm.version) ? tool.pdm.version : undefined;
  if (pdm !== undefined) {
    if (pdm.source !== 'file' || typeof pdm.path !== 'string') return { unsupported: `[tool.pdm.version] takes the version from source "${String(pdm.source)}"` };
    return { path: pdm.path, module: false, variables: ['__version__'], setting: '[tool.pdm.version] path' };
  }
  const dynamic = isTable(tool.setuptools) && isTable(tool.setuptools.dynamic) ? tool.setuptools.dynamic : undefined;
  if (dynamic !== undefined && isTable(dynamic.version)) {
    const attr = dynamic.version.attr;
    if (typeof attr !== 'string') return { unsupported: '[tool.setuptools.dynamic] version reads a `file`' };
    const parts = attr.split('.');
    if (parts.length < 2 || parts.some((p) => !/^[A-Za-z_][A-Za-z0-9_]*$/.test(p))) return { unsupported: `[tool.setuptools.dynamic] version's attr "${attr}" is not \`module.NAME\`` };
    return { path: parts.slice(0, -1).join('/'), module: true, variables: [parts[parts.length - 1]], setting: `[tool.setuptools.dynamic] version = { attr = "${attr}" }` };
  }
  return undefined;
}

/** Candidate files of a setuptools `attr` module path (`pkg/sub` → `pkg/sub/__init__.py`, `pkg/sub.py`, under `src/` too). */
export function moduleFileCandidates(modulePath: string): string[] {
  return ['', 'src/'].flatMap((root) => [`${root}${modulePath}/__init__.py`, `${root}${modulePath}.py`]);
}

/** One top-level `NAME = "text"` of a Python file: the name, the text, where the text is and which quote delimits it. */
export interface PythonAssignment {
  readonly name: string;
  readonly value: string;
  /** Offset of the first character after the opening quote. */
  readonly start: number;
  /** Offset of the closing quote. */
  readonly end: number;
  readonly quote: '"' | "'";
}

/** A top-level assignment of a plain one-line string, with an optional annotation and comment. */
const ASSIGNMENT = /^([A-Za-z_][A-Za-z0-9_]*)[ \t]*(?::[ \t]*[A-Za-z_][A-Za-z0-9_.[\]]*[ \t]*)?=[ \t]*(["'])([^"'\\\r\n]*)\2[ \t]*(?:#[^\r\n]*)?$/gm;

/**
 * The top-level string assignments of a Python file, in file order. A name may be assigned more than once
 * (the last one is what Python binds); only a name the version is read from must not be, which
 * twiceAssigned checks.
 */
export function readPythonAssignments(text: string): PythonAssignment[] {
  return [...text.matchAll(ASSIGNMENT)].map((m) => {
    const start = m.index + m[0].indexOf(m[2]) + 1;
    return { name: m[1], value: m[3], start, end: start + m[3].length, quote: m[2] as '"' | "'" };
  });
}

/**
 * The refusal of a file that assigns one of the names the version is read from more than once (which one
 * the backend reads is not the bump's to guess), at the line of the second; undefined when each is assigned once.
 */
export function twiceAssigned(file: string, text: string, names: readonly string[]): ManifestError | undefined {
  const assignments = readPythonAssignments(text);
  for (const [i, a] of assignments.entries()) {
    const first = assignments.findIndex((b) => b.name === a.name);
    if (first < i && names.includes(a.name)) {
      return new ManifestError(file, `assigns ${a.name} again (first at line ${lineAt(text, assignments[first].start)}), and the release version is read from ${a.name}; `
        + `keep one \`${a.name} = "…"\` so the release version has one home.`, lineAt(text, a.start));
    }
  }
  return undefined;
}

function lineAt(text: string, offset: number): number {
  return text.slice(0, offset).split('\n').length;
}

/** The assignments as a document (name → text, the last assignment of a name winning), the way a manifest's parse is read by key path. */
export function pythonAssignmentsDoc(text: string): Record<string, unknown> {
  return Object.fromEntries(readPythonAssignments(text).map((a) => [a.name, a.value]));
}
