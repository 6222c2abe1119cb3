import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PathPatternList, Product, ProductPlan, buildPlan, planConfigOf } from '../../src/model';

/** Plans `products` over an in-memory repository and returns them by name. */
function planned(files: Record<string, string>, products: Product[]): Record<string, ProductPlan> {
  const repo = new MemoryRepoReader(files);
  const plan = buildPlan(planConfigOf({ products }, repo, '0.0.0'), repo);
  return Object.fromEntries(plan.tracks[0].products.map((p) => [p.name, p]));
}

/** Which of `files` a product reads, by its plan's inputs. */
function reads(p: ProductPlan, files: string[]): string[] {
  const list = PathPatternList.parse(p.ci!.inputs);
  return files.filter((f) => list.match(f) !== undefined);
}

const crate = (name: string, extra = '') => `[package]\nname = "${name}"\nversion = "1.0.0"\nedition = "2021"\n${extra}`;
/** A crate that is no product: no version, so the release leaves it alone. */
const helper = (name: string) => `[package]\nname = "${name}"\nedition = "2021"\n`;

describe('inputs of a crate at the repository root', () => {
  const files = {
    'Cargo.toml': crate('engine', '\n[[example]]\nname = "tour"\npath = "examples/rust/tour.rs"\n'),
    'Cargo.lock': '',
    'src/lib.rs': '//! engine\n',
    'examples/rust/tour.rs': 'fn main() {}\n',
    'examples/go-app/main.go': 'package main\n',
    'docs/guide.md': '# guide\n',
  };
  const { engine } = planned(files, [Product.rustCrate({ path: '.' })]);

  it('GIVEN a root crate WHEN planned THEN its manifest, lockfile, source, tests, benches and declared example folder are inputs', () => {
    const candidates = ['Cargo.toml', 'Cargo.lock', 'src/lib.rs', 'src/bin/tool.rs', 'tests/it.rs', 'tests/common/mod.rs', 'benches/b.rs', 'build.rs', 'examples/rust/tour.rs', 'examples/rust/helper.rs'];
    expect(reads(engine, candidates)).toEqual(candidates);
  });

  it('GIVEN a root crate WHEN planned THEN docs, READMEs, scripts and examples of other languages are not inputs', () => {
    expect(reads(engine, ['README.md', 'docs/guide.md', 'scripts/release.sh', 'examples/go-app/main.go', 'web/src/app.tsx', 'LICENSE'])).toEqual([]);
  });

  it('GIVEN auto-discovered examples WHEN a new one is added THEN its root file is an input even though the plan predates it', () => {
    expect(reads(engine, ['examples/new.rs', 'examples/new-dir/main.rs', 'examples/new-dir/README.md'])).toEqual(['examples/new.rs', 'examples/new-dir/main.rs']);
  });

  it('GIVEN toolchain, cargo and lint configuration at the root WHEN planned THEN each is an input', () => {
    expect(reads(engine, ['rust-toolchain.toml', 'rust-toolchain', '.cargo/config.toml', 'rustfmt.toml', 'clippy.toml', '.gitattributes'])).toHaveLength(6);
  });
});

describe('what Rust sources name', () => {
  const root = (lib: string, extra: Record<string, string> = {}) => planned({ 'Cargo.toml': crate('engine'), 'src/lib.rs': lib, ...extra }, [Product.rustCrate({ path: '.' })]).engine;

  it('GIVEN include_str!, include_bytes! and #[path] WHEN planned THEN the files they name are inputs, relative to the including file', () => {
    const p = root('#![doc = include_str!("../README.md")]\nconst S: &[u8] = include_bytes!("../assets/schema.bin");\n#[path = "../shared/util.rs"]\nmod util;\n');
    expect(reads(p, ['README.md', 'assets/schema.bin', 'shared/util.rs', 'assets/other.bin', 'docs/x.md'])).toEqual(['README.md', 'assets/schema.bin', 'shared/util.rs']);
  });

  it('GIVEN include_str!(concat!(env!("CARGO_MANIFEST_DIR"), …)) WHEN planned THEN the path is read from the crate directory', () => {
    const p = root('const Q: &str = include_str!(concat!(env!("CARGO_MANIFEST_DIR"), "/queries/", "all.sql"));\n');
    expect(reads(p, ['queries/all.sql', 'queries/other.sql'])).toEqual(['queries/all.sql']);
  });

  it('GIVEN an include of a file the build script writes under OUT_DIR WHEN planned THEN the crate stays precise', () => {
    const p = root('include!(concat!(env!("OUT_DIR"), "/gen.rs"));\n');
    expect(reads(p, ['docs/guide.md'])).toEqual([]);
  });

  it('GIVEN an include whose path the tool cannot work out WHEN planned THEN the crate\'s whole directory is an input', () => {
    const p = root('const S: &str = include_str!(some_macro!());\n');
    expect(reads(p, ['docs/guide.md', 'scripts/x.sh'])).toEqual(['docs/guide.md', 'scripts/x.sh']);
  });

  it('GIVEN an include in a comment WHEN planned THEN it is not read', () => {
    const p = root('// const S: &str = include_str!(some_macro!());\n');
    expect(reads(p, ['docs/guide.md'])).toEqual([]);
  });

  it('GIVEN a build script naming what it reads with rerun-if-changed WHEN planned THEN those files are inputs and nothing else', () => {
    const p = root('', { 'build.rs': 'fn main() { println!("cargo:rerun-if-changed=proto/api.proto"); println!("cargo::rerun-if-changed=build.rs"); }\n' });
    expect(reads(p, ['proto/api.proto', 'build.rs', 'proto/other.proto', 'docs/guide.md'])).toEqual(['proto/api.proto', 'build.rs']);
  });

  it('GIVEN a build script without rerun-if-changed WHEN planned THEN the whole directory is an input (cargo re-runs it on any package change)', () => {
    const p = root('', { 'build.rs': 'fn main() { cc::Build::new().file("c/x.c").compile("x"); }\n' });
    expect(reads(p, ['c/x.c', 'docs/guide.md'])).toEqual(['c/x.c', 'docs/guide.md']);
  });
});

describe('path dependencies of every kind', () => {
  const files = {
    'Cargo.toml': '[workspace]\nmembers = ["app", "core", "testkit", "codegen", "winonly", "shared"]\n\n[workspace.dependencies]\nshared = { path = "shared" }\n',
    'Cargo.lock': '',
    'app/Cargo.toml': crate('app', '\n[dependencies]\ncore = { path = "../core", version = "1.0.0" }\nshared.workspace = true\n\n[dev-dependencies]\ntestkit = { path = "../testkit" }\n\n[build-dependencies]\ncodegen = { path = "../codegen" }\n\n[target.\'cfg(windows)\'.dependencies]\nwinonly = { path = "../winonly" }\n'),
    'app/src/main.rs': 'fn main() {}\n',
    'core/Cargo.toml': crate('core'),
    'testkit/Cargo.toml': helper('testkit'),
    'codegen/Cargo.toml': helper('codegen'),
    'winonly/Cargo.toml': helper('winonly'),
    'shared/Cargo.toml': helper('shared'),
  };
  const p = planned(files, [Product.rustCrate({ path: 'app' }), Product.rustCrate({ path: 'core' })]);

  it('GIVEN dev, build, per-target and workspace-inherited path dependencies on crates that are no product WHEN planned THEN their files are inputs', () => {
    expect(reads(p.app, ['testkit/src/lib.rs', 'codegen/src/lib.rs', 'winonly/src/lib.rs', 'shared/src/lib.rs'])).toHaveLength(4);
  });

  it('GIVEN a path dependency on another product WHEN planned THEN that product is named in inputsFrom instead of copying its inputs', () => {
    expect(p.app.ci!.inputsFrom).toEqual(['core']);
    expect(reads(p.app, ['core/src/lib.rs'])).toEqual([]);
  });

  it('GIVEN a workspace member WHEN planned THEN the workspace root manifest and lockfile are inputs, but not a sibling crate', () => {
    expect(reads(p.core, ['Cargo.toml', 'Cargo.lock', 'core/src/lib.rs', 'app/src/main.rs'])).toEqual(['Cargo.toml', 'Cargo.lock', 'core/src/lib.rs']);
  });

  it('GIVEN a crate dev-depending on a product WHEN planned THEN that product is in inputsFrom though it orders no publishing', () => {
    const q = planned({
      'Cargo.toml': '[workspace]\nmembers = ["a", "b"]\n',
      'a/Cargo.toml': crate('a', '\n[dev-dependencies]\nb = { path = "../b" }\n'),
      'b/Cargo.toml': crate('b'),
    }, [Product.rustCrate({ path: 'a' }), Product.rustCrate({ path: 'b' })]);
    expect(q.a.dependsOn).toEqual([]);
    expect(q.a.ci!.inputsFrom).toEqual(['b']);
  });
});

describe('products in their own directories', () => {
  it('GIVEN a product nested in another WHEN planned THEN the outer one does not read the inner one\'s directory', () => {
    const p = planned({
      'sdk/Cargo.toml': crate('sdk'),
      'sdk/python/Cargo.toml': crate('py'),
    }, [Product.rustCrate({ path: 'sdk' }), Product.rustCrate({ path: 'sdk/python' })]);
    expect(p.sdk.ci!.inputs).toContain('!sdk/python');
    expect(reads(p.sdk, ['sdk/src/lib.rs', 'sdk/README.md', 'sdk/python/src/lib.rs'])).toEqual(['sdk/src/lib.rs', 'sdk/README.md']);
    expect(reads(p.py, ['sdk/python/src/lib.rs', 'sdk/src/lib.rs'])).toEqual(['sdk/python/src/lib.rs']);
  });

  it('GIVEN a crate whose source includes a file of a nested product WHEN planned THEN that one file stays an input after the exclusion', () => {
    const p = planned({
      'sdk/Cargo.toml': crate('sdk'),
      'sdk/src/lib.rs': 'const H: &str = include_str!("../python/schema.sql");\n',
      'sdk/python/Cargo.toml': crate('py'),
    }, [Product.rustCrate({ path: 'sdk' }), Product.rustCrate({ path: 'sdk/python' })]);
    expect(reads(p.sdk, ['sdk/python/schema.sql', 'sdk/python/src/lib.rs'])).toEqual(['sdk/python/schema.sql']);
  });

  it('GIVEN a maturin product whose pyproject readme lives outside its directory WHEN planned THEN that file is an input', () => {
    const p = planned({
      'sdk/python/pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n\n[project]\nname = "py-x"\nversion = "1.0.0"\nreadme = "../../README.md"\n',
      'sdk/python/Cargo.toml': crate('py-x'),
    }, [Product.maturin({ path: 'sdk/python' })]);
    expect(reads(p['py-x'], ['README.md', 'docs/x.md'])).toEqual(['README.md']);
  });
});

describe('npm and Go products', () => {
  it('GIVEN npm workspaces WHEN planned THEN the root manifest and lockfile are inputs of the package and a file: dependency\'s directory too', () => {
    const p = planned({
      'package.json': '{ "name": "root", "private": true, "workspaces": ["packages/*"] }',
      'package-lock.json': '{}',
      'packages/cli/package.json': '{ "name": "cli", "version": "1.0.0", "dependencies": { "helpers": "file:../../tools/helpers" } }',
      'tools/helpers/package.json': '{ "name": "helpers", "private": true }',
    }, [Product.npmPackage({ path: 'packages/cli' })]);
    expect(reads(p.cli, ['package.json', 'package-lock.json', 'tools/helpers/index.js', 'packages/cli/test/a.test.js', 'Cargo.lock', 'docs/x.md']))
      .toEqual(['package.json', 'package-lock.json', 'tools/helpers/index.js', 'packages/cli/test/a.test.js']);
  });

  it('GIVEN an npm package at the repository root WHEN planned THEN its files, entry points and test folders are inputs, not the rest', () => {
    const p = planned({
      'package.json': '{ "name": "tool", "version": "1.0.0", "main": "dist/index.js", "bin": { "tool": "bin/tool.js" }, "files": ["dist", "bin"] }',
    }, [Product.npmPackage({ path: '.' })]);
    expect(reads(p.tool, ['package.json', 'dist/index.js', 'bin/tool.js', 'test/a.test.js', 'src/a.ts', 'docs/x.md', 'README.md']))
      .toEqual(['package.json', 'dist/index.js', 'bin/tool.js', 'test/a.test.js', 'src/a.ts']);
  });

  it('GIVEN a Go module whose cgo flags name a header folder of the FFI product WHEN planned THEN the FFI product is in inputsFrom and Cargo files are not inputs', () => {
    const p = planned({
      'Cargo.toml': '[workspace]\nmembers = ["ffi"]\n',
      'ffi/Cargo.toml': crate('ffi', '\n[lib]\ncrate-type = ["cdylib"]\n'),
      'sdk/go/go.mod': 'module example.com/sdk/go\n\ngo 1.22\n',
      'sdk/go/db.go': 'package db\n\n/*\n#cgo CFLAGS: -I${SRCDIR}/../../ffi/include\n#cgo LDFLAGS: -L${SRCDIR}/../../target/release -lffi\n*/\nimport "C"\n',
    }, [Product.cFfi({ path: 'ffi' }), Product.goModule({ path: 'sdk/go' })]);
    expect(p['sdk-go'].ci!.inputsFrom).toEqual(['ffi']);
    expect(reads(p['sdk-go'], ['sdk/go/db.go', 'go.work', 'Cargo.lock', 'rust-toolchain.toml', 'target/release/libffi.so'])).toEqual(['sdk/go/db.go', 'go.work']);
  });

  it('GIVEN a Go module with a local replace WHEN planned THEN the replaced directory is an input', () => {
    const p = planned({
      'sdk/go/go.mod': 'module example.com/sdk/go\n\ngo 1.22\n\nreplace example.com/internal => ../../internal/go\n',
    }, [Product.goModule({ path: 'sdk/go' })]);
    expect(reads(p['sdk-go'], ['internal/go/x.go', 'internal/py/x.py'])).toEqual(['internal/go/x.go']);
  });

  it('GIVEN a generic product at the repository root WHEN planned THEN every file is an input (nothing says what it reads)', () => {
    const p = planned({ VERSION: '1.0.0\n' }, [Product.generic({ path: '.', name: 'all', buildCommand: 'make' })]);
    expect(reads(p.all, ['docs/x.md', 'a/b/c'])).toEqual(['docs/x.md', 'a/b/c']);
  });
});
