import { afterEach, describe, expect, it } from 'vitest';
import { memoryLog } from './helpers';
import { cargoRegistryArgs, cratesRegistryOf, sparseIndexPath } from '../../../src/runtime/registry/crates';
import { HttpRegistry } from '../../../src/runtime/registry/probe';
import { publishCrates } from '../../../src/runtime/release/crates';
import { Exec, ExecResult } from '../../../src/runtime/release/ports';
import { ReleaseRun, RunProduct } from '../../../src/runtime/release/run';
import { RecordedServer, startRecordedServer } from '../../support/local-registries';
import { releaseRun } from '../../support/release-run';

const VERSION = '0.4.0';

function crate(name: string, crateName: string, dependsOn: string[] = []): RunProduct {
  return {
    name,
    kind: 'rust-crate',
    path: name,
    tag: `${name}-v${VERSION}`,
    githubRelease: true,
    dependsOn,
    settings: {},
    packages: [{ target: 'crates-io', name: crateName, version: VERSION, state: 'missing' }],
  };
}

const RUN = releaseRun({
  version: VERSION,
  products: [crate('quill-mcp', 'quill-mcp', ['quill', 'quill-ask']), crate('quill-ask', 'quill-ask', ['quill']), crate('quill', 'quill-engine'), crate('lonely', 'lonely-crate')],
  publishWaves: [['quill', 'lonely'], ['quill-ask'], ['quill-mcp']],
});

/** The crate a recorded `cargo publish` call was for. */
const crateOf = (call: string): string => call.split(' ')[call.split(' ').indexOf('--package') + 1];

const CRATE_DEPS: Record<string, string[]> = { 'quill-ask': ['quill-engine'], 'quill-mcp': ['quill-engine', 'quill-ask'] };

const indexLine = (name: string, vers: string): string => `${JSON.stringify({ name, vers, deps: [], cksum: '0'.repeat(64), features: {}, yanked: false })}\n`;

/** cargo as crates.io would answer it: `behaviour` per crate; a success makes the crate appear in the index after `lag` more polls. */
class FakeCargo implements Exec {
  public readonly calls: string[] = [];
  constructor(private readonly server: RecordedServer, private readonly behaviour: Record<string, ExecResult | 'ok'>, private readonly lag = 2) {}
  public async run(command: string, args: readonly string[]): Promise<ExecResult> {
    const name = args[args.indexOf('--package') + 1];
    this.calls.push(`${command} ${args.join(' ')}`);
    const b = this.behaviour[name] ?? 'ok';
    if (b !== 'ok') return b;
    // Like cargo: a dependency the index does not list yet cannot be resolved (P3).
    for (const dep of CRATE_DEPS[name] ?? []) {
      if ((await fetch(`${this.server.url}/${sparseIndexPath(dep)}`)).status !== 200) {
        return { code: 101, stdout: '', stderr: `error: failed to select a version for the requirement \`${dep} = "^${VERSION}"\`` };
      }
    }
    const missing = { status: 404, body: '' };
    this.server.set(`/${sparseIndexPath(name)}`, [...Array(this.lag).fill(missing), { status: 200, body: indexLine(name, VERSION) }]);
    return { code: 0, stdout: '', stderr: `Uploaded ${name} v${VERSION}` };
  }
}

describe('publish-crates: ordered, probed, waiting until visible', () => {
  let server: RecordedServer;
  afterEach(() => server?.close());
  const deps = async (behaviour: Record<string, ExecResult | 'ok'> = {}, lag = 2) => {
    server = await startRecordedServer();
    const cargo = new FakeCargo(server, behaviour, lag);
    const registry = new HttpRegistry({ LOCKSTEP_CRATES_INDEX_URL: `sparse+${server.url}/` }, cargo);
    return { cargo, deps: { registry, exec: cargo, log: memoryLog(), sleep: async () => undefined, now: () => 0 } };
  };
  const options = {
    dryRun: false,
    wait: { timeoutMs: 60_000, pollMs: 5_000, setting: '--visibility-timeout' },
    rateLimit: { maxWaitMs: 60_000, defaultWaitMs: 10_000, setting: '--rate-limit-wait' },
    cargo: cargoRegistryArgs(cratesRegistryOf(undefined)),
    token: { current: async () => 'token' },
  };

  it('P3 GIVEN crates depending on each other WHEN published THEN each goes after its dependency is visible in the index', async () => {
    const { cargo, deps: d } = await deps();
    const outcomes = await publishCrates(RUN, d, options);
    expect(cargo.calls.map((c) => crateOf(c))).toEqual(['quill-engine', 'lonely-crate', 'quill-ask', 'quill-mcp']);
    // One probe, then polls through the two-answer lag until the index listed it.
    expect(server.hits.filter((h) => h.endsWith('/quill-engine')).length).toBeGreaterThanOrEqual(1 + 3);
    expect(cargo.calls[2]).toBe('cargo publish --manifest-path quill-ask/Cargo.toml --package quill-ask --locked');
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([
      ['quill-engine', 'published'], ['lonely-crate', 'published'], ['quill-ask', 'published'], ['quill-mcp', 'published'],
    ]);
  });

  it('P1 T5 GIVEN the index already lists a crate WHEN published THEN it is skipped without running cargo', async () => {
    const { cargo, deps: d } = await deps();
    server.set(`/${sparseIndexPath('quill-engine')}`, { status: 200, body: indexLine('quill-engine', VERSION) });
    const outcomes = await publishCrates(RUN, d, options);
    expect(cargo.calls.some((c) => c.includes('quill-engine'))).toBe(false);
    expect(outcomes[0]).toMatchObject({ subject: 'quill-engine', outcome: 'skipped:already-published' });
    expect(d.log.lines).toContain(`::notice::quill-engine@${VERSION} is already on crates.io; skipped.`);
  });

  it('P2 GIVEN cargo fails with a 413 WHEN published THEN it is a failure, its dependents are not attempted, the others go on', async () => {
    const tooBig: ExecResult = { code: 101, stdout: '', stderr: 'error: failed to publish to registry at https://crates.io\n\nCaused by:\n  the remote server responded with an error (status 413 Payload Too Large): max upload size is: 10485760' };
    const { cargo, deps: d } = await deps({ 'quill-engine': tooBig });
    const outcomes = await publishCrates(RUN, d, options);
    const by = Object.fromEntries(outcomes.map((o) => [o.subject, o]));
    expect(by['quill-engine']).toMatchObject({ outcome: 'failed' });
    expect(by['quill-engine'].detail).toMatch(/cargo publish exited 101: .*413 Payload Too Large/);
    expect(by['quill-ask']).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency quill failed' });
    expect(by['quill-mcp']).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency quill, quill-ask failed' });
    expect(by['lonely-crate'].outcome).toBe('published');
    expect(cargo.calls.map((c) => crateOf(c))).toEqual(['quill-engine', 'lonely-crate']);
  });

  it('P2 GIVEN cargo says the crate "already exists on crates.io index" WHEN published THEN that registry answer is a skip', async () => {
    const exists: ExecResult = { code: 101, stdout: '', stderr: `error: crate quill-engine@${VERSION} already exists on crates.io index` };
    const { deps: d } = await deps({ 'quill-engine': exists });
    server.set(`/${sparseIndexPath('quill-engine')}`, [{ status: 404, body: '' }, { status: 200, body: indexLine('quill-engine', VERSION) }]);
    const outcomes = await publishCrates(RUN, d, options);
    expect(outcomes[0]).toMatchObject({ subject: 'quill-engine', outcome: 'skipped:already-published' });
    expect(outcomes[2]).toMatchObject({ subject: 'quill-ask', outcome: 'published' });
  });

  it('P3 GIVEN a crate that never becomes visible WHEN waited for THEN it fails naming the setting to raise, and its dependents wait', async () => {
    const { cargo, deps: d } = await deps({}, 1_000);
    const outcomes = await publishCrates(RUN, d, { ...options, wait: { timeoutMs: 20_000, pollMs: 5_000, setting: '--visibility-timeout' } });
    expect(outcomes[0].outcome).toBe('failed');
    expect(outcomes[0].detail).toMatch(/^published, then waiting for the index: .*not visible in crates-io after 20 s; raise --visibility-timeout/);
    expect(cargo.calls.some((c) => c.includes('quill-ask'))).toBe(false);
  });

  it('P2 GIVEN the index answers 503 WHEN a crate is probed THEN cargo decides, and a non-"already exists" error is a failure', async () => {
    const { deps: d } = await deps({ 'lonely-crate': { code: 101, stdout: '', stderr: 'error: failed to get a 200 OK response' } });
    server.set(`/${sparseIndexPath('lonely-crate')}`, { status: 503, body: 'unavailable' });
    const outcomes = await publishCrates(RUN, d, options);
    expect(outcomes.find((o) => o.subject === 'lonely-crate')).toMatchObject({ outcome: 'failed' });
    expect(d.log.lines.some((l) => /^::warning::probing crates-io for lonely-crate@0\.4\.0: .*HTTP 503.*; publishing and letting crates\.io answer\.$/.test(l))).toBe(true);
  });

  it('P7 GIVEN a dry run WHEN published THEN cargo never runs and every crate is a dry run', async () => {
    const { cargo, deps: d } = await deps();
    const outcomes = await publishCrates(RUN, d, { ...options, dryRun: true });
    expect(cargo.calls).toEqual([]);
    expect(outcomes.map((o) => o.outcome)).toEqual(['dry-run', 'dry-run', 'dry-run', 'dry-run']);
    expect(outcomes[0].detail).toBe('would run cargo publish -p quill-engine');
  });
  it('GIVEN a product with packages in two registries WHEN crates are published THEN cargo publish runs for its crate only, never for its npm name', async () => {
    // The plan gives each kind one registry today; the run file allows several, so each publisher picks its own.
    const { cargo, deps: d } = await deps();
    const dual: RunProduct = {
      ...crate('quill', 'quill-engine'),
      packages: [
        { target: 'npm', name: '@quill-db/quill', version: VERSION, distTag: 'latest', state: 'missing' },
        { target: 'crates-io', name: 'quill-engine', version: VERSION, state: 'missing' },
        { target: 'pypi', name: 'quill-db', version: VERSION, state: 'missing' },
      ],
    };
    const outcomes = await publishCrates({ ...RUN, products: [dual], publishWaves: [['quill']] }, d, options);
    expect(cargo.calls.map((c) => crateOf(c))).toEqual(['quill-engine']);
    expect(outcomes.map((o) => [o.subject, o.target, o.outcome])).toEqual([['quill-engine', 'crates-io', 'published']]);
  });

  // crates.io's own ways of saying the version is there: cargo's check against a registry's index (named by
  // the registry, e.g. `estuary`), and the server's answers during the index lag, old and new.
  it.each([
    { form: 'cargo\'s index check of another registry', stderr: `error: crate quill-engine@${VERSION} already exists on \`estuary\` index` },
    { form: 'the server\'s "already uploaded"', stderr: `error: failed to publish to registry at https://crates.io\n\nCaused by:\n  the remote server responded with an error: crate version \`${VERSION}\` is already uploaded` },
    { form: 'the server\'s "already exists on crates.io"', stderr: `error: failed to publish to registry at https://crates.io\n\nCaused by:\n  the remote server responded with an error (status 400 Bad Request): crate quill-engine@${VERSION} already exists on crates.io` },
  ])('P2 GIVEN $form WHEN a crate is published THEN it is skipped as already there, once the index lists it', async ({ stderr }) => {
    const { deps: d } = await deps({ 'quill-engine': { code: 101, stdout: '', stderr } });
    server.set(`/${sparseIndexPath('quill-engine')}`, [{ status: 404, body: '' }, { status: 200, body: indexLine('quill-engine', VERSION) }]);
    const outcomes = await publishCrates(RUN, d, options);
    expect(outcomes[0]).toMatchObject({ subject: 'quill-engine', outcome: 'skipped:already-published', detail: 'crates.io answered "already exists"' });
    expect(d.log.lines).toContain(`::notice::quill-engine@${VERSION}: crates.io says it already exists; skipped.`);
  });

  it('P3 GIVEN crates.io says "already exists" but the index never lists the crate WHEN waited for THEN it fails naming both, and its dependents wait', async () => {
    const exists: ExecResult = { code: 101, stdout: '', stderr: `error: crate quill-engine@${VERSION} already exists on crates.io index` };
    const { cargo, deps: d } = await deps({ 'quill-engine': exists });
    const outcomes = await publishCrates(RUN, d, { ...options, wait: { timeoutMs: 20_000, pollMs: 5_000, setting: '--visibility-timeout' } });
    expect(outcomes[0]).toMatchObject({ subject: 'quill-engine', outcome: 'failed' });
    expect(outcomes[0].detail).toMatch(/^already on crates\.io, then waiting for the index: .*not visible in crates-io after 20 s; raise --visibility-timeout/);
    expect(cargo.calls.some((c) => c.includes('quill-ask'))).toBe(false);
  });

  describe('issue 17: a crate whose dependsOn names a Python package', () => {
    /** flo-server's and flo-cli's crates wait for the Python SDK; flo-plugin's crate for both; flo-web (npm only) names the SDK too. */
    const version = VERSION;
    const sdk: RunProduct = { ...crate('flo-sdk', 'unused'), kind: 'maturin', packages: [{ target: 'pypi', name: 'flo-sdk', version, state: 'missing' }] };
    const flo: ReleaseRun = {
      ...RUN,
      products: [
        sdk,
        crate('lonely', 'lonely-crate'),
        { ...crate('flo-server', 'flo-server-rs', ['flo-sdk']), explicitDependsOn: ['flo-sdk'] },
        { ...crate('flo-cli', 'flo-cli-rs', ['flo-sdk']), explicitDependsOn: ['flo-sdk'] },
        { ...crate('flo-web', 'unused', ['flo-sdk']), kind: 'npm-package', explicitDependsOn: ['flo-sdk'], packages: [{ target: 'npm', name: 'flo-web', version, distTag: 'latest', state: 'missing' }] },
        crate('flo-plugin', 'flo-plugin-rs', ['flo-server', 'flo-cli']),
      ],
      publishWaves: [['flo-sdk', 'lonely'], ['flo-server', 'flo-cli', 'flo-web'], ['flo-plugin']],
    };
    /** The crates job's deps, with PyPI's simple index on the same recorded server (it lists nothing). */
    const withPypi = async () => {
      const made = await deps();
      const env = { LOCKSTEP_CRATES_INDEX_URL: `sparse+${server.url}/`, LOCKSTEP_PYPI_INDEX_URL: `${server.url}/simple` };
      return { ...made, deps: { ...made.deps, registry: new HttpRegistry(env, made.cargo) } };
    };

    it('GIVEN PyPI lacks the SDK WHEN the crates are published THEN the crates naming it and their dependent are held back without cargo, the rest publishes, and PyPI is asked only for the crates that name it', async () => {
      const { cargo, deps: d } = await withPypi();
      const outcomes = await publishCrates(flo, d, options);
      expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([
        ['lonely-crate', 'published'], ['flo-server-rs', 'held-back'], ['flo-cli-rs', 'held-back'], ['flo-plugin-rs', 'held-back'],
      ]);
      expect(outcomes[1].detail).toMatch(/^held back: it is published after flo-sdk \(its dependsOn\), and PyPI does not list flo-sdk's flo-sdk 0\.4\.0 yet/);
      expect(outcomes[3].detail).toBe('held back: its dependency flo-server, flo-cli is held back');
      expect(cargo.calls.map((c) => crateOf(c))).toEqual(['lonely-crate']);
      // flo-web is npm's to publish: the crates job does not ask PyPI on its behalf.
      expect(server.hits.filter((h) => h.startsWith('/simple/'))).toEqual(['/simple/flo-sdk/', '/simple/flo-sdk/']);
    });

    it('P7 GIVEN PyPI lacks the SDK WHEN the crates are published in a dry run THEN nothing is held back or asked of PyPI: every crate says what cargo would run', async () => {
      const { cargo, deps: d } = await withPypi();
      const outcomes = await publishCrates(flo, d, { ...options, dryRun: true });
      expect(outcomes.map((o) => [o.subject, o.outcome, o.detail])).toEqual([
        ['lonely-crate', 'dry-run', 'would run cargo publish -p lonely-crate'],
        ['flo-server-rs', 'dry-run', 'would run cargo publish -p flo-server-rs'],
        ['flo-cli-rs', 'dry-run', 'would run cargo publish -p flo-cli-rs'],
        ['flo-plugin-rs', 'dry-run', 'would run cargo publish -p flo-plugin-rs'],
      ]);
      expect(cargo.calls).toEqual([]);
      expect(server.hits.filter((h) => h.startsWith('/simple/'))).toEqual([]);
    });
  });
});
