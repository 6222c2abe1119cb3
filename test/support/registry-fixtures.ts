// Packages to publish to the local registries: small, real, built here (no third-party code).
import { execFileSync } from 'child_process';
import * as path from 'path';
import { writeRepo } from './fixtures';

/** A wheel built by hand (a zip with METADATA, WHEEL and RECORD): enough for twine and an index. */
export function writeWheel(dir: string, project: string, version: string): string {
  const dist = project.replace(/-/g, '_');
  const info = `${dist}-${version}.dist-info`;
  const script = [
    'import base64, hashlib, sys, zipfile',
    'name, dist, version, info, out = sys.argv[1:6]',
    "files = {f'{dist}/__init__.py': b'VALUE = 1\\n', f'{info}/METADATA': f'Metadata-Version: 2.1\\nName: {name}\\nVersion: {version}\\n'.encode(),",
    "         f'{info}/WHEEL': b'Wheel-Version: 1.0\\nGenerator: lockstep-test\\nRoot-Is-Purelib: true\\nTag: py3-none-any\\n'}",
    'record = []',
    'with zipfile.ZipFile(out, "w") as z:',
    '    for f, b in files.items():',
    '        z.writestr(f, b)',
    "        record.append(f'{f},sha256={base64.urlsafe_b64encode(hashlib.sha256(b).digest()).rstrip(b\"=\").decode()},{len(b)}')",
    "    z.writestr(f'{info}/RECORD', '\\n'.join(record + [f'{info}/RECORD,,']) + '\\n')",
  ].join('\n');
  const out = path.join(dir, `${dist}-${version}-py3-none-any.whl`);
  execFileSync('python3', ['-c', script, project, dist, version, info, out]);
  return out;
}

/** A workspace of two crates, `<prefix>-app` depending on `<prefix>-engine` by path and version. */
export function twoCrateWorkspace(prefix: string, version = '0.1.0'): string {
  const pkg = (name: string, deps = ''): string => `[package]\nname = "${name}"\nversion = "${version}"\nedition = "2021"\nlicense = "MIT"\ndescription = "${name}"\n${deps}`;
  const dir = writeRepo({
    'Cargo.toml': '[workspace]\nmembers = ["engine", "app"]\nresolver = "2"\n',
    'engine/Cargo.toml': pkg(`${prefix}-engine`),
    'engine/src/lib.rs': 'pub fn one() -> u8 { 1 }\n',
    'app/Cargo.toml': pkg(`${prefix}-app`, `\n[dependencies]\n${prefix}-engine = { path = "../engine", version = "${version}" }\n`),
    'app/src/lib.rs': `pub fn two() -> u8 { ${prefix.replace(/-/g, '_')}_engine::one() + 1 }\n`,
  });
  execFileSync('cargo', ['generate-lockfile', '--offline'], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** One crate of `crateWorkspace`: its name, the crates it depends on (by path and version), and whether it compiles. */
export interface CrateSpec {
  readonly name: string;
  readonly deps?: readonly string[];
  /** A crate whose source does not compile: `cargo publish` fails while verifying it. */
  readonly broken?: boolean;
}

/** A workspace with one directory per crate (named as the crate), locked, ready for `cargo publish --locked`. */
export function crateWorkspace(crates: readonly CrateSpec[], version = '0.1.0'): string {
  const files: Record<string, string> = { 'Cargo.toml': `[workspace]\nmembers = [${crates.map((c) => JSON.stringify(c.name)).join(', ')}]\nresolver = "2"\n` };
  for (const c of crates) {
    const deps = (c.deps ?? []).map((d) => `${d} = { path = "../${d}", version = "${version}" }`).join('\n');
    files[`${c.name}/Cargo.toml`] = `[package]\nname = "${c.name}"\nversion = "${version}"\nedition = "2021"\nlicense = "MIT"\ndescription = "${c.name}"\n\n[dependencies]\n${deps}\n`;
    const uses = (c.deps ?? []).map((d) => `${d.replace(/-/g, '_')}::one() + `).join('');
    files[`${c.name}/src/lib.rs`] = c.broken ? 'pub fn one() -> u8 { "not a number" }\n' : `pub fn one() -> u8 { ${uses}1 }\n`;
  }
  const dir = writeRepo(files);
  execFileSync('cargo', ['generate-lockfile', '--offline'], { cwd: dir, stdio: 'pipe' });
  return dir;
}

/** An sdist built by hand (a tar.gz holding PKG-INFO and a module): enough for twine and an index. */
export function writeSdist(dir: string, project: string, version: string): string {
  const base = `${project.replace(/-/g, '_')}-${version}`;
  const src = writeRepo({
    [`${base}/PKG-INFO`]: `Metadata-Version: 2.1\nName: ${project}\nVersion: ${version}\n`,
    [`${base}/${project.replace(/-/g, '_')}/__init__.py`]: 'VALUE = 1\n',
  });
  const out = path.join(dir, `${base}.tar.gz`);
  execFileSync('tar', ['-czf', out, '-C', src, base]);
  return out;
}

/**
 * An sdist built by setuptools (the pinned PyPI venv's own) from a pure-Python project whose README is
 * `readme` (reStructuredText), into `out`: a real built distribution for `twine check`.
 */
export function buildSdist(python: string, out: string, project: string, version: string, readme: string): string {
  const src = writeRepo({
    'pyproject.toml': `[build-system]\nrequires = ["setuptools>=61"]\nbuild-backend = "setuptools.build_meta"\n\n[project]\nname = "${project}"\nversion = "${version}"\ndescription = "A test package"\nreadme = "README.rst"\n`,
    'README.rst': readme,
    [`${project.replace(/-/g, '_')}/__init__.py`]: 'VALUE = 1\n',
  });
  execFileSync(python, ['-c', 'from setuptools import setup; setup()', '-q', 'sdist', '-d', out], { cwd: src, stdio: ['ignore', 'ignore', 'pipe'] });
  return path.join(out, `${project}-${version}.tar.gz`);
}
