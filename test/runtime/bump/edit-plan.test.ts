import { describe, expect, it } from 'vitest';
import { bumpInMemory, planOf } from './helpers';
import { MemoryRepoReader, Product } from '../../../src/model';
import { ManifestError } from '../../../src/model/errors';
import { planEdits } from '../../../src/runtime/bump/edit-plan';
import { formatProblem } from '../../../src/runtime/bump/text-edits';
import { goModuleFixture, maturinDynamicFixture, maturinFixture, tauriAppFixture } from '../../support/kind-fixtures';

const CRATE = { 'Cargo.toml': '[package]\nname = "quill-engine"\nversion = "0.3.0"\n' };

describe('the edit plan of a bump (B3)', () => {
  it('GIVEN a Cargo workspace and an npm package with their lockfiles WHEN planned THEN each lockfile is edited in its own format, after the manifests', () => {
    const files = {
      'Cargo.toml': '[package]\nname = "quill-engine"\nversion = "0.3.0"\n',
      'Cargo.lock': 'version = 4\n\n[[package]]\nname = "quill-engine"\nversion = "0.3.0"\n',
      'app/package.json': '{\n  "name": "@q/app",\n  "version": "0.3.0"\n}\n',
      'app/package-lock.json': '{\n  "name": "@q/app",\n  "version": "0.3.0",\n  "lockfileVersion": 3,\n  "packages": {\n    "": {\n      "name": "@q/app",\n      "version": "0.3.0"\n    }\n  }\n}\n',
    };
    const { edits, after } = bumpInMemory(files, [Product.rustCrate({ path: '.' }), Product.npmPackage({ path: 'app' })], '0.4.0');
    expect(edits.problems).toEqual([]);
    expect(edits.files.map((f) => f.file)).toEqual(['Cargo.toml', 'app/package.json', 'Cargo.lock', 'app/package-lock.json']);
    expect(after['Cargo.lock']).toBe(files['Cargo.lock'].replace('0.3.0', '0.4.0'));
    expect(JSON.parse(after['app/package-lock.json'])).toMatchObject({ version: '0.4.0', packages: { '': { version: '0.4.0' } } });
  });

  it('GIVEN a manifest of the plan that no longer exists WHEN planned THEN the problem names it and says to regenerate the plan', () => {
    const { repo, track } = planOf(CRATE, { products: [Product.rustCrate({ path: '.' })] });
    const gone = { read: (f: string) => (f === 'Cargo.toml' ? undefined : repo.read(f)), findFiles: () => [], filesUnder: () => [] };
    expect(planEdits(track, '0.4.0', gone)).toEqual({
      files: [],
      problems: [{ file: 'Cargo.toml', reason: 'is in the release plan but does not exist; run `npx projen` to regenerate the plan.' }],
    });
  });

  it('GIVEN a manifest the repository refuses to read WHEN planned THEN its problem is reported, not thrown', () => {
    const { repo, track } = planOf(CRATE, { products: [Product.rustCrate({ path: '.' })] });
    const refused = {
      read: (f: string) => {
        if (f === 'Cargo.toml') throw new ManifestError('Cargo.toml', 'leads outside the repository through the symbolic link Cargo.toml');
        return repo.read(f);
      },
      findFiles: () => [],
      filesUnder: () => [],
    };
    expect(planEdits(track, '0.4.0', refused).problems.map(formatProblem)).toEqual(['Cargo.toml: leads outside the repository through the symbolic link Cargo.toml']);
  });

  it('GIVEN a lockfile without the local entry the plan lists WHEN planned THEN that problem stops the bump, with the manifests edited fine', () => {
    const files = { ...CRATE, 'Cargo.lock': 'version = 4\n\n[[package]]\nname = "quill-engine"\nversion = "0.3.0"\n' };
    const { repo, track } = planOf(files, { products: [Product.rustCrate({ path: '.' })] });
    const emptied = { read: (f: string) => (f === 'Cargo.lock' ? 'version = 4\n' : repo.read(f)), findFiles: () => [], filesUnder: () => [] };
    const plan = planEdits(track, '0.4.0', emptied);
    expect(plan.problems.map(formatProblem)).toEqual([expect.stringMatching(/^Cargo\.lock: has no local entry for quill-engine, although the release plan lists one/)]);
    expect(plan.files.map((f) => f.file)).toEqual(['Cargo.toml']);
  });
});

describe('B8 versions a product cannot carry, in the edit plan', () => {
  const problemsOf = (fixture: { files: Record<string, string>; products: Product[] }, version: string) =>
    bumpInMemory(fixture.files, fixture.products, version).edits.problems.map(formatProblem);

  it('GIVEN a Go module without /v2 WHEN planned for 2.0.0 THEN the problem names its go.mod (it has no manifest carrying a version)', () => {
    expect(problemsOf(goModuleFixture(), '2.0.0')).toEqual([
      "sdk/go/go.mod: sdk-go (go-module): '2.0.0' needs the Go module example.com/solo/sdk/go to end in /v2 (Go's semantic import versioning); " +
        'rename the module in go.mod first, or stay below 2.0.0.',
    ]);
  });

  it('GIVEN a Tauri app WHEN planned for a prerelease its installer cannot order THEN it is reported once, at the tauri.conf.json line that enforces it', () => {
    expect(problemsOf(tauriAppFixture(), '1.1.0-dev.1')).toEqual([
      expect.stringMatching(/^desktop\/src-tauri\/tauri\.conf\.json:4: version: '1\.1\.0-dev\.1' cannot be a Tauri app version/),
    ]);
  });

  it('GIVEN a maturin package with a pyproject version WHEN planned for a version PEP 440 cannot express THEN it is reported once, at that line', () => {
    expect(problemsOf(maturinFixture(), '1.1.0-nightly.1')).toEqual([
      expect.stringMatching(/^python\/pyproject\.toml:\d+: project\.version: '1\.1\.0-nightly\.1' has a prerelease PEP 440 cannot express/),
    ]);
  });

  it('GIVEN a maturin package whose version lives in Cargo.toml only WHEN planned for such a version THEN the product is refused against its first manifest', () => {
    const fixture = maturinDynamicFixture();
    const { track } = planOf(fixture.files, { products: fixture.products });
    const [product] = track.products;
    expect(problemsOf(fixture, '1.1.0-nightly.1')).toEqual([
      `${product.manifests[0]}: ${product.name} (maturin): '1.1.0-nightly.1' has a prerelease PEP 440 cannot express for Python; use -alpha.N, -beta.N, -rc.N, -dev.N or -post.N.`,
    ]);
  });

  it('GIVEN a product with no manifest in a hand-edited plan WHEN planned for a version it cannot carry THEN the problem names its directory', () => {
    const fixture = maturinDynamicFixture();
    const { repo, track } = planOf(fixture.files, { products: fixture.products });
    const bare = { ...track, products: track.products.map((p) => ({ ...p, manifests: [] })) };
    expect(planEdits(bare, '1.1.0-nightly.1', repo).problems.map((p) => p.file)).toEqual(['python']);
  });

  it('GIVEN different problems in different files WHEN planned THEN each is reported', () => {
    const fixture = maturinDynamicFixture();
    const { track } = planOf(fixture.files, { products: fixture.products });
    // Every manifest is gone, and the version cannot be carried: one problem for the product, one per file.
    const problems = planEdits(track, '1.1.0-nightly.1', new MemoryRepoReader({})).problems;
    expect(problems.map((p) => p.file)).toEqual([track.products[0].manifests[0], ...new Set(track.sites.map((s) => s.file))]);
  });

  it('GIVEN the same problem found twice WHEN planned THEN it is reported once', () => {
    const fixture = maturinDynamicFixture();
    const { repo, track } = planOf(fixture.files, { products: fixture.products });
    const twice = { ...track, products: [...track.products, ...track.products] };
    expect(planEdits(twice, '1.1.0-nightly.1', repo).problems).toHaveLength(1);
  });
});
