import { describe, expect, it } from 'vitest';
import { generateMonorepo } from '../../bench/monorepo';
import {
  FsRepoReader,
  LockstepConfigError,
  MAX_GROUPS_PER_JOB,
  MAX_MATRIX_CELLS,
  MAX_MATRIX_CELLS_PER_RUN,
  CI_ALWAYS_RUN_JOBS,
  ProductKind,
  RUNNERS,
  ReleasePlan,
  buildPlan,
  cellCount,
  ciMatrices,
  expandMatrix,
  githubMatrix,
  planConfigOf,
} from '../../src/model';
import { errorOf, tempDir } from '../support/fixtures';

/** The plan of a generated monorepo: `crates` crates in one Cargo workspace, crates/5 npm workspace members. */
function monorepoPlan(crates: number): ReleasePlan {
  const dir = tempDir('lockstep-matrices-');
  const products = generateMonorepo(dir, crates, crates / 5);
  const repo = new FsRepoReader(dir);
  return buildPlan(planConfigOf({ products }, repo, '0.0.0'), repo);
}

const large = monorepoPlan(1000);
const small = monorepoPlan(10);
const ALL_OS = [RUNNERS.linuxX64, RUNNERS.macosArm64, RUNNERS.windowsX64];

describe('grouping products into matrix cells', () => {
  it('GIVEN 1000 crates of one workspace all affected WHEN grouped THEN they share at most 64 equal groups and every crate is in exactly one', () => {
    const rust = ciMatrices(large).rust!;
    expect(rust.length).toBeLessThanOrEqual(MAX_GROUPS_PER_JOB);
    expect(new Set(rust.slice(0, -1).map((g) => g.products.length)).size).toBe(1);
    expect(rust.flatMap((g) => g.products)).toEqual(large.tracks[0].products.filter((p) => p.kind === ProductKind.RUST_CRATE).map((p) => p.name));
    expect(cellCount(rust)).toBeLessThanOrEqual(MAX_MATRIX_CELLS);
    expect(rust[0]).toMatchObject({ group: `bench-crate-000 +${rust[0].products.length - 1}`, os: ALL_OS });
    expect(rust[0].values.packages).toBe(rust[0].products.map((p) => `-p ${p}`).join(' '));
  });

  it('GIVEN 200 npm workspace members all affected WHEN grouped THEN each group installs once at the root and runs its members\' scripts by --workspace', () => {
    const npm = ciMatrices(large).npm!;
    expect(cellCount(npm)).toBeLessThanOrEqual(MAX_MATRIX_CELLS);
    expect(npm[0].values).toMatchObject({ 'dir': '.', 'install-dir': '.', 'install': 'npm ci --no-audit --no-fund', 'build': 'npm run build --if-present $PACKAGES' });
    expect(npm[0].values.packages).toBe(npm[0].products.map((_, i) => `--workspace=packages/p${String(i).padStart(3, '0')}`).join(' '));
  });

  it('GIVEN two of the 1000 crates affected WHEN grouped THEN each is a group of its own, and only the jobs they have run', () => {
    const groups = ciMatrices(large, {}, ['bench-crate-007', 'bench-crate-500']);
    expect(Object.keys(groups)).toEqual(['rust', 'lint']);
    expect(groups.rust!.map((g) => g.group)).toEqual(['bench-crate-007', 'bench-crate-500']);
  });

  it('GIVEN nothing affected WHEN grouped THEN no job has cells', () => {
    expect(ciMatrices(large, {}, [])).toEqual({});
  });

  it('GIVEN one crate on Linux only WHEN its job\'s matrix is expanded as GitHub does THEN that group runs on Linux and the others on every OS', () => {
    const rust = ciMatrices(small, { 'bench-crate-001': { runners: ['linux'] } }).rust!;
    const matrix = githubMatrix('rust', rust);
    expect(matrix.exclude).toEqual([{ group: 'bench-crate-001', os: RUNNERS.macosArm64 }, { group: 'bench-crate-001', os: RUNNERS.windowsX64 }]);
    const cells = expandMatrix(matrix);
    expect(cells).toHaveLength(cellCount(rust));
    expect(cells.filter((c) => c.group === 'bench-crate-001').map((c) => c.os)).toEqual([RUNNERS.linuxX64]);
    expect(cells.filter((c) => c.group === 'bench-crate-002')).toEqual(ALL_OS.map((os) => ({ group: 'bench-crate-002', os, ...rust[2].values })));
  });

  it('GIVEN products whose legs alone pass 256 cells WHEN grouped THEN synth is refused naming the job and the settings that bring it under', () => {
    // 50 maturin products on 3 OSes × 2 CPython lines: 300 cells, and none may share a cell.
    const maturin = large.tracks[0].products.slice(0, 50).map((p) => ({ ...p, kind: ProductKind.MATURIN }));
    const plan: ReleasePlan = { ...large, tracks: [{ ...large.tracks[0], products: maturin }] };
    const e = errorOf(() => ciMatrices(plan));
    expect(e).toBeInstanceOf(LockstepConfigError);
    expect(e.message).toMatch(/the 'python' job would run 300 matrix cells when every product is affected, over GitHub's limit of 256; .*ci\.products\.<name>\.runners/);
  });
});

describe('the run as a whole', () => {
  it('GIVEN 1000 crates and 200 npm packages all affected WHEN grouped THEN the cells of every job and the three jobs that always run stay within 256', () => {
    const groups = ciMatrices(large);
    expect(Object.values(groups).reduce((n, g) => n + cellCount(g), 0)).toBeLessThanOrEqual(MAX_MATRIX_CELLS_PER_RUN);
    expect(MAX_MATRIX_CELLS_PER_RUN + CI_ALWAYS_RUN_JOBS).toBe(256);
  });

  it('GIVEN products that cannot share cells and together pass the run\'s 256 jobs WHEN grouped THEN synth is refused naming the run', () => {
    // 42 maturin products on 3 OSes × 2 CPython lines (252 cells, within one job's 256, none shareable) and a
    // wasm-pack product (1 cell); their crates' lint shares two cells (maturin, wasm): 255 cells and 3 jobs.
    const products = large.tracks[0].products.slice(0, 43).map((p, i) => ({ ...p, kind: i < 42 ? ProductKind.MATURIN : ProductKind.WASM_PACK }));
    const plan: ReleasePlan = { ...large, tracks: [{ ...large.tracks[0], products }] };
    const e = errorOf(() => ciMatrices(plan));
    expect(e).toBeInstanceOf(LockstepConfigError);
    expect(e.message).toMatch(/ci\.yml: a run where every product is affected would have 258 jobs \(matrix cells counted, with changes, verify and ci-ok\), over the 256/);
  });
});

describe('GitHub\'s matrix expansion', () => {
  it('GIVEN axes, an exclude and includes WHEN expanded THEN includes extend the combinations they match and an unmatched one is a cell of its own', () => {
    const cells = expandMatrix({
      group: ['a', 'b'],
      os: ['x', 'y'],
      exclude: [{ group: 'b', os: 'y' }],
      include: [{ group: 'a', dir: 'one' }, { group: 'b', dir: 'two' }, { group: 'c', os: 'x', dir: 'three' }],
    });
    expect(cells).toEqual([
      { group: 'a', os: 'x', dir: 'one' },
      { group: 'a', os: 'y', dir: 'one' },
      { group: 'b', os: 'x', dir: 'two' },
      { group: 'c', os: 'x', dir: 'three' },
    ]);
  });
});
