import { Clock, Log } from './ports';
import { httpRequest, jsonField } from '../registry/http';

/**
 * O6: a crates.io trusted-publishing token lives 30 minutes. A crate sequence that runs longer (each
 * crate is packaged, verified, uploaded and waited for in the index) gets a fresh token before the one
 * it holds runs out. Tokens minted here are revoked when the sequence is done; the first one belongs to
 * crates-io-auth-action, whose own post step revokes it.
 */
export interface RefreshingToken {
  /** The token to publish with now: a freshly minted one once the current one is `refreshAfterMs` old. */
  current(): Promise<string | undefined>;
  /** Revokes every token this source minted; a failed revocation is a warning (the token expires anyway). */
  close(): Promise<void>;
}

/** Mints and revokes publish tokens: crates.io's trusted-publishing endpoint, from the job's OIDC identity. */
export interface TokenMinter {
  mint(): Promise<string>;
  revoke(token: string): Promise<void>;
}

/** Options of `refreshingToken`. */
export interface RefreshOptions {
  /** The token the job started with, minted when the command started. */
  readonly initial?: string;
  /** Mint a new token once the current one is this old; the rest of its life covers one crate's publish. */
  readonly refreshAfterMs: number;
  readonly now: Clock;
  readonly log: Log;
}

/** A token replaced by a freshly minted one once it is `refreshAfterMs` old; without a minter it never changes. */
export function refreshingToken(minter: TokenMinter | undefined, options: RefreshOptions): RefreshingToken {
  let token = options.initial;
  let mintedAt = options.now();
  const minted: string[] = [];
  return {
    async current() {
      if (minter === undefined || token === undefined || options.now() - mintedAt < options.refreshAfterMs) return token;
      const minutes = Math.floor((options.now() - mintedAt) / 60_000);
      token = await minter.mint();
      mintedAt = options.now();
      minted.push(token);
      options.log.info(`the publish token was ${minutes} min old (they live 30 min): minted a fresh one.`);
      return token;
    },
    async close() {
      for (const t of minted.splice(0)) {
        await minter!.revoke(t).catch((e: unknown) => options.log.warning(`revoking a publish token this run minted failed (it expires on its own): ${(e as Error).message}`));
      }
    },
  };
}

/** True inside a GitHub Actions job that may request an OIDC token (`id-token: write`). */
export function canRequestOidc(env: Readonly<Record<string, string | undefined>>): boolean {
  return Boolean(env.ACTIONS_ID_TOKEN_REQUEST_URL && env.ACTIONS_ID_TOKEN_REQUEST_TOKEN);
}

/**
 * The real minter inside a GitHub Actions job that may request an OIDC token (`id-token: write`): the
 * job's token for the registry's audience, exchanged at `<api>/api/v1/trusted_publishing/tokens` (as
 * crates-io-auth-action does). Undefined outside such a job: the token then never changes.
 */
export function oidcTokenMinter(env: Readonly<Record<string, string | undefined>>, api: string): TokenMinter | undefined {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) return undefined;
  const endpoint = `${api.replace(/\/+$/, '')}/api/v1/trusted_publishing/tokens`;
  return {
    async mint() {
      const audience = new URL(api).host;
      const oidcUrl = `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`;
      const oidc = await httpRequest('GET', oidcUrl, { headers: { authorization: `bearer ${requestToken}` } });
      const jwt = jsonField('the GitHub OIDC token request', oidc, 'value');
      const exchanged = await httpRequest('POST', endpoint, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ jwt }) });
      return jsonField(`POST ${endpoint}`, exchanged, 'token');
    },
    async revoke(token: string) {
      const r = await httpRequest('DELETE', endpoint, { headers: { authorization: `Bearer ${token}` } });
      if (r.status >= 300) throw new Error(`DELETE ${endpoint} answered HTTP ${r.status}`);
    },
  };
}
