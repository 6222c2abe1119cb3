import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { MemoryRepoReader, PlanOptions, Product, ReleasePlan, buildPlan, optionsOfRecord, planConfigOf, planSourceOf } from '../../src/model';

// Issue 17: `setup.manylinuxPackages`, the RPM packages a maturin product's glibc Linux wheels need inside
// maturin-action's manylinux container: as the plan records them, and the errors naming the option.

const files = {
  'core/Cargo.toml': '[package]\nname = "core"\nversion = "1.0.0"\nedition = "2021"\n',
  'py/Cargo.toml': '[package]\nname = "py"\nversion = "1.0.0"\nedition = "2021"\n',
  'py/pyproject.toml': '[build-system]\nbuild-backend = "maturin"\n\n[project]\nname = "py"\nversion = "1.0.0"\n',
  'pure/pyproject.toml': '[build-system]\nbuild-backend = "hatchling.build"\n\n[project]\nname = "pure"\nversion = "1.0.0"\n',
};

function repoOf(options: PlanOptions): MemoryRepoReader {
  const paths = (options.products ?? []).map((p) => p.path);
  return new MemoryRepoReader(Object.fromEntries(Object.entries(files).filter(([f]) => paths.includes(f.split('/')[0]))));
}

function plan(options: PlanOptions): ReleasePlan {
  const repo = repoOf(options);
  return buildPlan(planConfigOf(options, repo, '0.0.0'), repo);
}

const setupOf = (p: ReleasePlan) => p.tracks[0].products[0].setup;

describe('setup.manylinuxPackages as the plan records it (issue 17)', () => {
  it('GIVEN a maturin product with RPM names, one pinned and one repeated WHEN planned THEN the plan records them sorted and without repeats', () => {
    const p = plan({ products: [Product.maturin({ path: 'py', setup: { manylinuxPackages: ['perl-IPC-Cmd', 'openssl-devel-1.0.2k', 'perl-IPC-Cmd'] } })] });
    expect(setupOf(p)).toEqual({ aptPackages: [], rustComponents: [], rustTargets: [], manylinuxPackages: ['openssl-devel-1.0.2k', 'perl-IPC-Cmd'] });
  });

  it('GIVEN a setup without manylinuxPackages, or with an empty list WHEN planned THEN the plan has no such field (plans of other products stay as they were)', () => {
    expect(setupOf(plan({ products: [Product.maturin({ path: 'py', setup: { protoc: '29.3' } })] }))).toEqual({ aptPackages: [], protoc: '29.3', rustComponents: [], rustTargets: [] });
    expect(setupOf(plan({ products: [Product.maturin({ path: 'py', setup: { manylinuxPackages: [] } })] }))).toBeUndefined();
  });

  it('GIVEN manylinuxPackages WHEN the plan is rebuilt from what it records (lockstep drift) THEN it is the same plan', () => {
    const options: PlanOptions = { products: [Product.maturin({ path: 'py', setup: { manylinuxPackages: ['openssl-devel'] } })] };
    const rebuilt = plan(optionsOfRecord(JSON.parse(JSON.stringify(planSourceOf(options, repoOf(options)).options))));
    expect(rebuilt.tracks).toEqual(plan(options).tracks);
  });
});

describe('setup.manylinuxPackages: bad input is one synth error naming the option (issue 17)', () => {
  it.each([
    [['openssl-devel; curl evil'], "products[0].setup.manylinuxPackages: 'openssl-devel; curl evil' is not an RPM package name (optionally name-version); fix or remove it."],
    [['--nogpgcheck'], "products[0].setup.manylinuxPackages: '--nogpgcheck' is not an RPM package name (optionally name-version); fix or remove it."],
    [['$(id)'], "products[0].setup.manylinuxPackages: '$(id)' is not an RPM package name (optionally name-version); fix or remove it."],
    ['openssl-devel', 'products[0].setup.manylinuxPackages: give a list of RPM package names.'],
  ])('GIVEN manylinuxPackages %j WHEN planned THEN synth refuses it', (value, message) => {
    expect(() => plan({ products: [Product.maturin({ path: 'py', setup: { manylinuxPackages: value as never } })] })).toThrow(message);
  });

  it.each([
    ['a Rust crate', () => Product.rustCrate({ path: 'core', setup: { manylinuxPackages: ['openssl-devel'] } })],
    ['a pure-Python package', () => Product.pythonPackage({ path: 'pure', setup: { manylinuxPackages: ['openssl-devel'] } })],
  ])('GIVEN manylinuxPackages on %s (built on the runner, no manylinux container) WHEN planned THEN synth refuses it, naming the option and what to do', (_, product) => {
    expect(() => plan({ products: [product()] })).toThrow(
      "products[0].setup.manylinuxPackages: only a maturin product's Linux wheels are built in a manylinux container; this product builds on the runner, " +
        'so give its packages in setup.aptPackages (Debian names) and remove setup.manylinuxPackages.',
    );
  });
});

describe('setup.manylinuxPackages in the documentation (issue 17)', () => {
  const readme = fs.readFileSync(path.join(__dirname, '../../README.md'), 'utf8');
  const api = fs.readFileSync(path.join(__dirname, '../../API.md'), 'utf8');

  it('GIVEN the README WHEN its example of the option is planned THEN it is accepted, and the README says where the packages go and what other kinds get', () => {
    const example = /`manylinuxPackages: (\[[^\]]*\])`/.exec(readme);
    expect(example, 'README gives an example of manylinuxPackages').not.toBeNull();
    const names = JSON.parse(example![1].replace(/'/g, '"'));
    expect(setupOf(plan({ products: [Product.maturin({ path: 'py', setup: { manylinuxPackages: names } })] }))?.manylinuxPackages).toEqual([...names].sort());
    for (const fact of ['before-script-linux', 'docker-options', '`dnf` or `yum`', 'is a synth error naming the fix']) expect(readme).toContain(fact);
  });

  it('GIVEN API.md (jsii-docgen) WHEN read THEN ProductSetupOptions documents manylinuxPackages', () => {
    expect(api).toContain('id="projen-lockstep-release.ProductSetupOptions.property.manylinuxPackages"');
    expect(api).toContain("RPM packages a maturin product's glibc Linux wheels need inside the manylinux container maturin-action builds them in");
  });
});
