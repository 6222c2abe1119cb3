import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExampleRepo, TableRegistry, exampleRepo, memoryLog } from './helpers';
import { FsRepoReader, buildPlan, planConfigOf } from '../../../src/model';
import { CrateCheck, checkCrates, checkList } from '../../../src/runtime/release/crate-check';
import { Exec, ExecOptions, ExecResult } from '../../../src/runtime/release/ports';
import { NodeFs, SpawnExec } from '../../../src/runtime/release/real-deps';
import { releasePlan } from '../../../src/runtime/release/release-plan';
import { exampleProducts } from '../../support/example-products';
import { writeRepo } from '../../support/fixtures';

const MAX = 10 * 1024 * 1024;

/**
 * Edits a file of the example's release commit itself (a push releases only the commit that set the
 * version) and plans again from the edited repository, as synth would.
 */
function amendReleaseCommit(r: ExampleRepo, file: string, edit: (text: string) => string): ExampleRepo {
  const full = path.join(r.dir, file);
  fs.writeFileSync(full, edit(fs.readFileSync(full, 'utf8')));
  execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.com', 'commit', '-qa', '--amend', '--no-edit'], { cwd: r.dir });
  const repo = new FsRepoReader(r.dir);
  return { ...r, plan: buildPlan(planConfigOf({ products: exampleProducts() }, repo, '0.0.0'), repo) };
}

/** Real cargo, recording every argv it is given. */
class RecordingExec implements Exec {
  public readonly calls: string[][] = [];
  constructor(private readonly real: Exec, private readonly answer?: (args: readonly string[]) => ExecResult | undefined) {}
  public async run(command: string, args: readonly string[], options?: ExecOptions): Promise<ExecResult> {
    this.calls.push([command, ...args]);
    return this.answer?.(args) ?? this.real.run(command, args, options);
  }
}

/** Plans the example's release (with `published` on the registry), then checks its crates with real cargo. */
/** What the check of the example runs with: the versions already on the registry, and a wrapper of real cargo. */
interface CheckOptions {
  readonly published?: string[];
  readonly exec?: (real: Exec) => Exec;
}

async function checkExample(r: ExampleRepo, options: CheckOptions = {}): Promise<Record<string, CrateCheck>> {
  const sha = execFileSync('git', ['rev-parse', 'HEAD'], { cwd: r.dir }).toString().trim();
  const trigger = { event: 'push', ref: 'refs/heads/main', sha, dryRun: false };
  const run = await releasePlan(r.plan, trigger, { git: r.git, registry: new TableRegistry(new Set(options.published ?? [])), log: memoryLog() });
  const real = new SpawnExec(process.env, r.dir);
  const checks = await checkCrates(run, { exec: options.exec ? options.exec(real) : real, fs: new NodeFs(r.dir) }, MAX);
  return Object.fromEntries(checks.map((c) => [c.crate, c]));
}

describe('crate-check: every crate of the run packaged and verified together, with real cargo', () => {
  // The one full `cargo package` of the example (it builds every crate from its tarball): shared.
  let committed: Record<string, CrateCheck>;
  beforeAll(async () => {
    committed = await checkExample(exampleRepo());
  });

  it('P8 GIVEN the example as committed WHEN checked THEN its three crates package and verify together, each with only its own files', () => {
    expect(Object.keys(committed).sort()).toEqual(['quill-ask', 'quill-engine', 'quill-mcp']);
    for (const [crate, check] of Object.entries(committed)) {
      expect(check.problems, crate).toEqual([]);
      expect(check.files, crate).toBeGreaterThan(0);
    }
  });

  it('P8 GIVEN a path dependency without `version` WHEN checked THEN cargo\'s packaging refuses it before anything is published, naming the crate', async () => {
    const r = amendReleaseCommit(exampleRepo(), 'quill-ask/Cargo.toml', (t) => t.replace(/(\[dependencies\.quill-engine\]\npath = "\.\."\n)version = "0\.3\.0"\n/, '$1'));
    expect(fs.readFileSync(path.join(r.dir, 'quill-ask/Cargo.toml'), 'utf8')).not.toMatch(/version = "0\.3\.0"\n$/);
    const checks = await checkExample(r);
    expect(checks['quill-ask'].problems).toEqual([
      expect.stringMatching(/^cargo package --locked --manifest-path \S*Cargo\.toml --package quill-engine --package quill-ask --package quill-mcp exited 101: .*dependency `quill-engine` does not specify a version/),
    ]);
    // `cargo package --list` alone (the check before P8) lists the crate without complaint.
    expect(checks['quill-ask'].files).toBeGreaterThan(0);
    expect(checks['quill-engine'].problems).toEqual([]);
  });

  it('P8 GIVEN a re-run where quill-engine is already on crates.io WHEN checked THEN only the crates still to publish are packaged together (cargo#14789)', async () => {
    // Stands in for cargo's packaging step only: verifying quill-ask against crates.io needs quill-engine
    // really published there. The listing and the workspace lookup are real cargo.
    let exec: RecordingExec | undefined;
    const packagingSucceeds = (args: readonly string[]) => (args[0] === 'package' && !args.includes('--list') ? { code: 0, stdout: '', stderr: '' } : undefined);
    const checks = await checkExample(exampleRepo(), { published: ['crates-io:quill-engine@0.3.0'], exec: (real) => (exec = new RecordingExec(real, packagingSucceeds)) });
    const packaging = exec!.calls.filter((c) => c[1] === 'package' && !c.includes('--list'));
    expect(packaging).toHaveLength(1);
    expect(packaging[0].filter((_, i) => packaging[0][i - 1] === '--package')).toEqual(['quill-ask', 'quill-mcp']);
    expect(Object.keys(checks).sort()).toEqual(['quill-ask', 'quill-mcp']);
  });

  it('P4 GIVEN a root crate without `include` WHEN checked THEN it is refused: it carries the other products\' directories', async () => {
    const r = amendReleaseCommit(exampleRepo(), 'Cargo.toml', (t) => t.replace(/^include = .*\n/m, ''));
    // Only the root crate is still to publish, so this packages one crate, not the example again.
    const checks = await checkExample(r, { published: ['crates-io:quill-ask@0.3.0', 'crates-io:quill-mcp@0.3.0'] });
    expect(checks['quill-engine'].problems).toEqual([expect.stringMatching(/packages other products' directories \(.*desktop.*examples\/notes.*\); add `include = \[\.\.\.\]`/)]);
  });
});

describe('P4: a crate\'s file list', () => {
  it('P4 GIVEN a crate over the size limit WHEN checked THEN it is refused naming the biggest files', () => {
    const dir = writeRepo({ 'src/lib.rs': 'x'.repeat(2000), 'assets/big.bin': 'y'.repeat(9000) });
    const check = checkList({ crate: 'big', root: '.', productPaths: ['.'], files: ['Cargo.toml', 'src/lib.rs', 'assets/big.bin'], maxBytes: 10_000 }, new NodeFs(dir));
    expect(check.bytes).toBe(11_000);
    expect(check.problems).toEqual([expect.stringMatching(/11000 bytes, over the 10000-byte limit; biggest: assets\/big\.bin \(9000 B\)/)]);
  });

  it('P4 GIVEN a root crate whose include entry "LICENSE" also takes node_modules/*/LICENSE WHEN checked THEN it is refused saying to anchor the entry', () => {
    const dir = writeRepo({ 'src/lib.rs': '', 'LICENSE': 'MIT', 'node_modules/semver/LICENSE': 'ISC' });
    const check = checkList({ crate: 'root', root: '.', productPaths: ['.'], files: ['Cargo.toml', 'src/lib.rs', 'LICENSE', 'node_modules/semver/LICENSE'], maxBytes: 10_000 }, new NodeFs(dir));
    expect(check.problems).toHaveLength(1);
    expect(check.problems[0]).toMatch(/packages build output or dependencies: node_modules\/semver\/LICENSE; in its Cargo\.toml, anchor `include` entries to the crate's root \("\/LICENSE", not "LICENSE"/);
  });

  it('P4 GIVEN build output in the list WHEN checked THEN it is refused', () => {
    const check = checkList({ crate: 'c', root: 'crates/c', productPaths: ['crates/c'], files: ['src/lib.rs', 'target/debug/libc.rlib'], maxBytes: 10_000 }, new NodeFs(writeRepo({})));
    expect(check.problems).toEqual(['it packages build output or dependencies: target/debug/libc.rlib']);
  });
});
