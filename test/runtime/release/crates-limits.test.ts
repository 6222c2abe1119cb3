import { afterEach, describe, expect, it } from 'vitest';
import { crateRun, indexed, localCratesDeps } from './crates-support';
import { registryApi } from '../../../src/runtime/registry/crates';
import { publishCrates } from '../../../src/runtime/release/crates';
import { oidcTokenMinter, refreshingToken } from '../../../src/runtime/release/crates-token';
import { RecordedAnswer, startEstuaryBehindProxy } from '../../support/local-registries';
import { CrateSpec, crateWorkspace } from '../../support/registry-fixtures';

// A real crates registry (estuary) behind a fault proxy. The proxy stands in for what estuary cannot do:
// answer 429 like crates.io's rate limit, and check publish tokens the way crates.io's trusted publishing
// does (with GitHub's OIDC token endpoint faked alongside, since GitHub cannot run here).

const UPLOAD = 'PUT /api/v1/crates/new';
const MINUTE = 60_000;

/** crates.io's 429: the message names when to try again (cargo prints the body, not the headers). */
function rateLimited(afterMs: number): RecordedAnswer {
  const at = new Date(Date.now() + afterMs).toUTCString();
  return {
    status: 429,
    headers: { 'retry-after': String(Math.ceil(afterMs / 1000)) },
    body: JSON.stringify({ errors: [{ detail: `You have published too many new crates in a short period of time. Please try again after ${at} or email help@crates.io to have your limit increased.` }] }),
  };
}

let stop: (() => Promise<void>) | undefined;
afterEach(async () => {
  await stop?.();
  stop = undefined;
});

describe('P10 rate limits: a 429 is waited out within a bound, then fails that crate only', () => {
  const crates: CrateSpec[] = [{ name: 'rl-first' }, { name: 'rl-other' }, { name: 'rl-dependent', deps: ['rl-first'] }];
  const waves = [['rl-first', 'rl-other'], ['rl-dependent']];

  it('P10 GIVEN the registry answers 429 twice WHEN a crate is published THEN it waits what the registry asks and the third try lands', async () => {
    let uploads = 0;
    const server = await startEstuaryBehindProxy((req) => (`${req.method} ${req.path}` === UPLOAD && ++uploads <= 2 ? rateLimited(30_000) : undefined));
    stop = server.stop;
    const { deps, options } = localCratesDeps(server.registry, crateWorkspace(crates));
    const waits: number[] = [];
    const outcomes = await publishCrates(crateRun(crates, waves), { ...deps, sleep: async (ms) => void waits.push(ms) }, options);
    expect(outcomes.map((o) => [o.subject, o.outcome])).toEqual([['rl-first', 'published'], ['rl-other', 'published'], ['rl-dependent', 'published']]);
    expect(waits.length).toBe(2);
    for (const w of waits) expect(w).toBeGreaterThan(20_000);
    for (const w of waits) expect(w).toBeLessThanOrEqual(31_000);
    expect(deps.log.lines.filter((l) => /::warning::rl-first@0\.1\.0: the registry answered 429 Too Many Requests; trying again in \d+ s\./.test(l)).length).toBe(2);
  }, 240_000);

  it('P10 GIVEN the registry keeps answering 429 WHEN the bounded wait is spent THEN that crate fails as rate-limited, its dependent waits, and the others publish', async () => {
    let uploads = 0;
    const server = await startEstuaryBehindProxy((req) => (`${req.method} ${req.path}` === UPLOAD && ++uploads <= 3 ? rateLimited(30_000) : undefined));
    stop = server.stop;
    const { deps, options } = localCratesDeps(server.registry, crateWorkspace(crates));
    const outcomes = await publishCrates(crateRun(crates, waves), deps, { ...options, rateLimit: { ...options.rateLimit, maxWaitMs: 60_000 } });
    const by = Object.fromEntries(outcomes.map((o) => [o.subject, o]));
    expect(by['rl-first'].outcome).toBe('failed');
    expect(by['rl-first'].detail).toMatch(/^rate-limited: the registry answered 429 Too Many Requests and asked to wait \d+ s more after \d+ s of waiting; raise --rate-limit-wait, or dispatch the release again later/);
    expect(by['rl-dependent']).toMatchObject({ outcome: 'failed', detail: 'not attempted: its dependency rl-first failed' });
    expect(by['rl-other'].outcome).toBe('published');
    expect([indexed(server.registry, 'rl-first'), indexed(server.registry, 'rl-other')]).toEqual([[], ['0.1.0']]);
  }, 240_000);
});

describe('O6 a long crate sequence gets a fresh trusted-publishing token before the one it holds expires', () => {
  const crates: CrateSpec[] = ['o6-a', 'o6-b', 'o6-c', 'o6-d', 'o6-e'].map((name, i, all) => ({ name, deps: i === 0 ? [] : [all[i - 1]] }));
  const waves = crates.map((c) => [c.name]);

  /** A registry whose tokens live 30 minutes on a test clock, and whose every upload takes 10 minutes of it. */
  async function tokenCheckingRegistry() {
    let clock = 0;
    const issued = new Map<string, number>([['token-0', 0]]);
    const revoked: string[] = [];
    const used: string[] = [];
    const server = await startEstuaryBehindProxy((req) => {
      const route = `${req.method} ${req.path.split('?')[0]}`;
      if (route === 'GET /oidc-token') return { status: 200, body: JSON.stringify({ value: 'github-oidc-jwt' }) };
      if (route === 'POST /api/v1/trusted_publishing/tokens') {
        const token = `token-${issued.size}`;
        issued.set(token, clock);
        return { status: 200, body: JSON.stringify({ token }) };
      }
      if (route === 'DELETE /api/v1/trusted_publishing/tokens') {
        revoked.push(String(req.headers.authorization).replace(/^Bearer /, ''));
        return { status: 204, body: '' };
      }
      if (route !== UPLOAD) return undefined;
      const token = String(req.headers.authorization ?? '');
      used.push(token);
      const age = issued.has(token) ? clock - issued.get(token)! : Infinity;
      clock += 10 * MINUTE;
      return age >= 30 * MINUTE ? { status: 403, body: JSON.stringify({ errors: [{ detail: 'authentication failed: the token has expired' }] }) } : undefined;
    });
    stop = server.stop;
    return { server, now: () => clock, revoked, used };
  }

  it('O6 GIVEN five crates whose uploads take 10 minutes each WHEN published with a token refreshed after 20 minutes THEN every upload holds a live token and the minted ones are revoked', async () => {
    const { server, now, revoked, used } = await tokenCheckingRegistry();
    const { deps, options } = localCratesDeps(server.registry, crateWorkspace(crates));
    const oidcEnv = { ACTIONS_ID_TOKEN_REQUEST_URL: `${server.proxy.url}/oidc-token?api-version=2.0`, ACTIONS_ID_TOKEN_REQUEST_TOKEN: 'runner-token' };
    const minter = oidcTokenMinter(oidcEnv, await registryApi(deps.registry.endpoints.crates, deps.exec));
    const token = refreshingToken(minter, { initial: 'token-0', refreshAfterMs: 20 * MINUTE, now, log: deps.log });
    const outcomes = await publishCrates(crateRun(crates, waves), { ...deps, now }, { ...options, token });
    await token.close();
    expect(outcomes.map((o) => o.outcome)).toEqual(['published', 'published', 'published', 'published', 'published']);
    expect(used).toEqual(['token-0', 'token-0', 'token-1', 'token-1', 'token-2']);
    expect(revoked).toEqual(['token-1', 'token-2']);
    expect(crates.map((c) => indexed(server.registry, c.name))).toEqual(crates.map(() => ['0.1.0']));
  }, 300_000);

  it('O6 GIVEN the same sequence without a way to mint WHEN published THEN the fourth upload meets an expired token (what the refresh prevents)', async () => {
    const { server, now } = await tokenCheckingRegistry();
    const { deps, options } = localCratesDeps(server.registry, crateWorkspace(crates));
    const token = refreshingToken(undefined, { initial: 'token-0', refreshAfterMs: 20 * MINUTE, now, log: deps.log });
    const outcomes = await publishCrates(crateRun(crates, waves), { ...deps, now }, { ...options, token });
    expect(outcomes.map((o) => o.outcome)).toEqual(['published', 'published', 'published', 'failed', 'failed']);
    expect(outcomes[3].detail).toMatch(/token has expired/);
  }, 300_000);
});
