import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { bumpInMemory, lockstep, repoOnDisk } from './helpers';
import { Product } from '../../../src/model';

// Issue 17: a pure-Python product's pyproject.toml, laid out as hatchling projects are (4-space arrays,
// comments, extras and markers on pins), bumped byte-exactly: only its version and the pins on products change.

const CORE_PYPROJECT = [
  '[build-system]',
  'requires = ["maturin>=1.5,<2"]',
  'build-backend = "maturin"',
  '',
  '[project]',
  'name = "acme"',
  'version = "1.2.3"',
  '',
].join('\n');

const CLIENT_PYPROJECT = [
  '# Acme client: pure Python, built by hatchling.',
  '[build-system]',
  'requires = ["hatchling>=1.26"]',
  'build-backend = "hatchling.build"',
  '',
  '[project]',
  'name = "acme-client"',
  'version = "1.2.3"  # bumped by the release',
  'description = "Client for Acme 1.2.3 and later"',
  'requires-python = ">=3.11"',
  'dependencies = [',
  '    "acme==1.2.3",  # the core, in lockstep',
  '    "httpx>=1.2.3,<2",',
  '    \'pydantic==1.2.3\',',
  ']',
  '',
  '[project.optional-dependencies]',
  'speedups = [',
  '    "acme[native]==1.2.3 ; python_version >= \'3.11\'",',
  ']',
  '',
  '[tool.hatch.build.targets.wheel]',
  'packages = ["src/acme_client"]',
  '',
  '[tool.ruff]',
  'target-version = "py311"',
  '',
].join('\n');

const FILES = { 'core/pyproject.toml': CORE_PYPROJECT, 'core/Cargo.toml': '[package]\nname = "acme-native"\nversion = "1.2.3"\npublish = false\n', 'clients/python/pyproject.toml': CLIENT_PYPROJECT };
const PRODUCTS = [Product.pythonPackage({ path: 'clients/python' }), Product.maturin({ path: 'core' })];

describe('Issue 17: bumping a pure-Python package', () => {
  it('GIVEN a hatchling pyproject pinning a product WHEN bumped THEN its version and the pins on acme change and every other byte stays', () => {
    const { edits, after } = bumpInMemory(FILES, PRODUCTS, '1.3.0');
    expect(edits.problems).toEqual([]);
    expect(after['clients/python/pyproject.toml']).toBe(CLIENT_PYPROJECT
      .replace('version = "1.2.3"  #', 'version = "1.3.0"  #')
      .replace('"acme==1.2.3",', '"acme==1.3.0",')
      .replace('acme[native]==1.2.3 ;', 'acme[native]==1.3.0 ;'));
    // Third-party pins and prose at the same version are not the product's.
    expect(after['clients/python/pyproject.toml']).toContain('"httpx>=1.2.3,<2",\n    \'pydantic==1.2.3\',');
    expect(after['clients/python/pyproject.toml']).toContain('description = "Client for Acme 1.2.3 and later"');
    expect(after['core/pyproject.toml']).toBe(CORE_PYPROJECT.replace('1.2.3', '1.3.0'));
  });

  it('GIVEN a prerelease WHEN bumped THEN the version and the pins take its PEP 440 form', () => {
    const { edits, after } = bumpInMemory(FILES, PRODUCTS, '2.0.0-rc.1');
    expect(edits.problems).toEqual([]);
    const client = after['clients/python/pyproject.toml'];
    expect(client).toContain('version = "2.0.0rc1"  # bumped by the release');
    expect(client).toContain('"acme==2.0.0rc1",  # the core, in lockstep');
    expect(client).toContain('"acme[native]==2.0.0rc1 ; python_version >= \'3.11\'",');
  });

  it('GIVEN the bump already applied WHEN bumped again to the same version THEN nothing changes', () => {
    const once = bumpInMemory(FILES, PRODUCTS, '1.3.0').after;
    const twice = bumpInMemory(once, PRODUCTS, '1.3.0');
    expect(twice.edits.problems).toEqual([]);
    expect(twice.after).toEqual(once);
  });
});

describe('Issue 17: bumping a pure-Python package whose backend reads the version from a Python file', () => {
  const ABOUT = '# SPDX-License-Identifier: MIT\n"""Acme client metadata."""\n\n__version__ = "1.2.3"  # the release version\n__api_version__ = "1.2.3"\n';
  const dynamicClient = (table: string) => CLIENT_PYPROJECT.replace('version = "1.2.3"  # bumped by the release\n', 'dynamic = ["version"]\n').concat(table);

  it.each([
    ['hatchling', '\n[tool.hatch.version]\npath = "src/acme_client/__about__.py"\n', 'clients/python/src/acme_client/__about__.py'],
    ['pdm', '\n[tool.pdm.version]\nsource = "file"\npath = "src/acme_client/__about__.py"\n', 'clients/python/src/acme_client/__about__.py'],
    ['setuptools attr', '\n[tool.setuptools.dynamic]\nversion = { attr = "acme_client.__version__" }\n', 'clients/python/src/acme_client/__init__.py'],
  ])('GIVEN %s reading __version__ WHEN bumped THEN that assignment carries the version, byte for byte, and the pyproject only its pins', (_backend, table, file) => {
    const files = { ...FILES, 'clients/python/pyproject.toml': dynamicClient(table), [file]: ABOUT };
    const { edits, after } = bumpInMemory(files, PRODUCTS, '1.3.0');
    expect(edits.problems).toEqual([]);
    expect(after[file]).toBe(ABOUT.replace('__version__ = "1.2.3"', '__version__ = "1.3.0"'));
    expect(after['clients/python/pyproject.toml']).toBe(files['clients/python/pyproject.toml'].replace('"acme==1.2.3",', '"acme==1.3.0",').replace('acme[native]==1.2.3 ;', 'acme[native]==1.3.0 ;'));
  });

  it('GIVEN hatchling reading a file that assigns VERSION (its default pattern takes either name) WHEN bumped THEN VERSION carries the version', () => {
    const files = { ...FILES, 'clients/python/pyproject.toml': dynamicClient('\n[tool.hatch.version]\npath = "acme_client/version.py"\n'), 'clients/python/acme_client/version.py': 'VERSION = "1.2.3"\n' };
    const { edits, after } = bumpInMemory(files, PRODUCTS, '1.2.4');
    expect(edits.problems).toEqual([]);
    expect(after['clients/python/acme_client/version.py']).toBe('VERSION = "1.2.4"\n');
  });

  it('GIVEN an annotated single-quoted __version__ WHEN bumped to a prerelease THEN its PEP 440 form is written inside the same quotes', () => {
    const about = "from typing import Final\n\n__version__: Final = '1.2.3'\n";
    const files = { ...FILES, 'clients/python/pyproject.toml': dynamicClient('\n[tool.hatch.version]\npath = "src/acme_client/__about__.py"\n'), 'clients/python/src/acme_client/__about__.py': about };
    const { edits, after } = bumpInMemory(files, PRODUCTS, '2.0.0-beta.2');
    expect(edits.problems).toEqual([]);
    expect(after['clients/python/src/acme_client/__about__.py']).toBe("from typing import Final\n\n__version__: Final = '2.0.0b2'\n");
  });
});

describe('Issue 17: lockstep bump and verify on disk, the version in a Python file', () => {
  it('GIVEN hatchling reading src/acme_client/__about__.py WHEN lockstep bump minor runs THEN the file carries the new version and lockstep verify passes', async () => {
    const about = 'clients/python/src/acme_client/__about__.py';
    const pyproject = CLIENT_PYPROJECT.replace('version = "1.2.3"  # bumped by the release\n', 'dynamic = ["version"]\n').concat('\n[tool.hatch.version]\npath = "src/acme_client/__about__.py"\n');
    const dir = repoOnDisk({ ...FILES, 'clients/python/pyproject.toml': pyproject, [about]: '__version__ = "1.2.3"\n' }, { products: PRODUCTS });
    const bump = await lockstep(dir, 'bump', 'minor');
    expect(bump.stderr).toBe('');
    expect(bump.code).toBe(0);
    expect(fs.readFileSync(path.join(dir, about), 'utf8')).toBe('__version__ = "1.3.0"\n');
    expect(fs.readFileSync(path.join(dir, 'core/pyproject.toml'), 'utf8')).toContain('version = "1.3.0"');
    const verify = await lockstep(dir, 'verify');
    expect({ code: verify.code, stderr: verify.stderr }).toEqual({ code: 0, stderr: '' });
  });
});
