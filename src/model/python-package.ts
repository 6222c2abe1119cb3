import { ManifestError } from './errors';
import { ManifestCache } from './manifest-cache';
import { PyprojectManifest } from './manifests';
import { PythonVersionFile, moduleFileCandidates, readPythonAssignments, twiceAssigned } from './python-version-file';
import { dirOf, joinRepoPath } from './repo';

/**
 * The pyproject.toml of a pure-Python product, refused where the release could not carry the version: a
 * maturin backend (its version and wheels come from the crate), a dynamic version the backend computes
 * from anything but a Python file's assignment (the VCS, a plain file, a pattern of its own), no version
 * at all, or no `[project].name` (the name the package has on PyPI).
 */
export function purePythonProject(py: PyprojectManifest, option: string): PyprojectManifest {
  if (py.buildBackend === 'maturin') {
    throw new ManifestError(py.file, `builds with maturin, so ${option} is a maturin product: declare it with \`Product.maturin({ path: '${dirOf(py.file)}' })\`.`);
  }
  const source = py.versionSource;
  if (py.dynamicVersion && (source === undefined || 'unsupported' in source)) {
    const how = source === undefined ? 'no [tool.hatch.version], [tool.pdm.version] or [tool.setuptools.dynamic] version says where from' : source.unsupported;
    throw new ManifestError(py.file,
      `declares \`dynamic = ["version"]\` and ${how}, which the bump cannot edit. ` +
        'Write the version as `version = "X.Y.Z"` under [project] and remove "version" from `dynamic`, or read it from a Python file ' +
        '(`[tool.hatch.version] path = "src/pkg/__about__.py"`, `[tool.pdm.version] source = "file"`, or setuptools\' `version = { attr = "pkg.__version__" }`) ' +
        'holding `__version__ = "X.Y.Z"`, so the release version has a home the bump can edit.');
  }
  if (!py.dynamicVersion && py.versionKeyPath === undefined) {
    throw new ManifestError(py.file, 'has no [project].version; add `version = "X.Y.Z"` under [project] so the release version has a home.');
  }
  if (py.name === undefined) throw new ManifestError(py.file, 'has no [project].name, the name of the package on PyPI; add `name = "…"` under [project].');
  return py;
}

/**
 * The Python file and name a pure-Python product's dynamic version is read from (after purePythonProject
 * accepted it); the file must assign one of the names the backend reads a plain string.
 */
export function pythonVersionFileOf(py: PyprojectManifest, cache: ManifestCache): { file: string; variable: string } {
  const source = py.versionSource as PythonVersionFile;
  const dir = dirOf(py.file);
  // setuptools' attr names a module, found as a package or a module file, at the root or under src/.
  const files = (source.module ? moduleFileCandidates(source.path) : [source.path]).map((c) => joinRepoPath(dir, c));
  const file = files.find((f) => cache.repo.read(f) !== undefined);
  if (file === undefined) {
    throw new ManifestError(py.file, `${source.setting} names ${files.join(' or ')}, which does not exist; fix the setting or add the file.`);
  }
  const text = cache.repo.read(file)!;
  const twice = twiceAssigned(file, text, source.variables);
  if (twice !== undefined) throw twice;
  const assigned = new Set(readPythonAssignments(text).map((a) => a.name));
  const variable = source.variables.find((v) => assigned.has(v));
  if (variable === undefined) {
    throw new ManifestError(file, `holds no \`${source.variables[0]} = "X.Y.Z"\` (a plain one-line string at the top level), which ${py.file}'s ${source.setting} reads the version from; write it so.`);
  }
  return { file, variable };
}
