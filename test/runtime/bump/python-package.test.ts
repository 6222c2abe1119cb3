import { describe, expect, it } from 'vitest';
import { bumpInMemory } from './helpers';
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
