import { createHash } from 'crypto';
import { Endpoints } from './endpoints';
import { HttpAnswer, httpGet, jsonField, unexpectedAnswer } from './http';
import { imageAccessHint } from '../../model';

/**
 * The manifest kinds a tag may point at: a multi-platform index (buildx's default for several platforms, and
 * for one platform with an attestation) or a single image, in OCI's and Docker's media types. A registry
 * answers 404 for a tag whose manifest is of a kind the request does not accept, so all four are named.
 */
const MANIFEST_ACCEPT = [
  'application/vnd.oci.image.index.v1+json',
  'application/vnd.oci.image.manifest.v1+json',
  'application/vnd.docker.distribution.manifest.list.v2+json',
  'application/vnd.docker.distribution.manifest.v2+json',
].join(', ');

/** What the registry has under one tag of an image. */
export type ImageTagState = { readonly state: 'missing' } | { readonly state: 'published'; readonly digest: string };

/** A repository name in the registry's grammar (lowercase path components), which the URL takes as it is. */
const REPOSITORY = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/;

/** A tag in the registry's grammar. */
const TAG = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,127}$/;

/**
 * Asks an OCI registry (the distribution API, `GET /v2/<repository>/manifests/<tag>`) whether `tag` is there.
 * GitHub's container registry wants a bearer token even to read a public image: on its 401 a pull token is
 * asked from its `/token` endpoint, with the job token when there is one (a private image), anonymously
 * otherwise; a registry without authentication (the tests' docker-registry) answers at once.
 */
export async function probeImageTag(endpoints: Pick<Endpoints, 'imageRegistry' | 'githubToken'>, repository: string, tag: string): Promise<ImageTagState> {
  if (!REPOSITORY.test(repository)) throw new Error(`'${repository}' is not an image repository name (lowercase letters, digits, '.', '_', '-' and '/')`);
  if (!TAG.test(tag)) throw new Error(`'${tag}' is not an image tag (letters, digits, '_', '.' and '-', at most 128)`);
  const url = `${endpoints.imageRegistry}/v2/${repository}/manifests/${tag}`;
  let answer = await httpGet(url, { accept: MANIFEST_ACCEPT });
  if (answer.status === 401) {
    const token = await pullToken(endpoints, repository);
    answer = await httpGet(url, { accept: MANIFEST_ACCEPT, authorization: `Bearer ${token}` });
  }
  // GHCR answers 404 for an image it does not have, and for an unknown image of a namespace 401/403 can follow
  // from an anonymous token: only a 404 is read as missing (P2: an answer we do not know is never "missing").
  if (answer.status === 404) return { state: 'missing' };
  if (answer.status === 403) throw withAccessHint(unexpectedAnswer(url, answer), endpoints, repository);
  if (answer.status !== 200) throw unexpectedAnswer(url, answer);
  return { state: 'published', digest: digestOf(answer) };
}

/** A digest in the OCI grammar: `algorithm:encoded` (`sha256:<64 hex>`). */
const DIGEST = /^[a-z0-9]+(?:[+._-][a-z0-9]+)*:[a-zA-Z0-9=_-]+$/;

/**
 * The manifest's digest: the one the registry names it by in `Docker-Content-Digest`, or without that header
 * the SHA-256 of the bytes as served. Never of the decoded text, which can differ from those bytes (a
 * byte-order mark is dropped, for one) and would then name a digest the registry does not have.
 */
function digestOf(answer: HttpAnswer): string {
  const named = answer.headers['docker-content-digest']?.trim();
  if (named !== undefined && DIGEST.test(named)) return named;
  return `sha256:${createHash('sha256').update(answer.bytes).digest('hex')}`;
}

/** A pull token from the registry's token endpoint (GHCR's `/token`), with the job token as the password when there is one. */
async function pullToken(endpoints: Pick<Endpoints, 'imageRegistry' | 'githubToken'>, repository: string): Promise<string> {
  const host = new URL(endpoints.imageRegistry).host;
  const url = `${endpoints.imageRegistry}/token?scope=${encodeURIComponent(`repository:${repository}:pull`)}&service=${encodeURIComponent(host)}`;
  const headers: Record<string, string> = endpoints.githubToken
    ? { authorization: `Basic ${Buffer.from(`lockstep:${endpoints.githubToken}`).toString('base64')}` }
    : {};
  const answer = await httpGet(url, headers);
  try {
    return jsonField(`the token endpoint of ${host}`, answer, 'token');
  } catch (e) {
    throw answer.status === 403 ? withAccessHint(e as Error, endpoints, repository) : e;
  }
}

/** The error of a 403: the token may not use the image, which the secrets doc's one-time setup step fixes. */
function withAccessHint(e: Error, endpoints: Pick<Endpoints, 'imageRegistry'>, repository: string): Error {
  return new Error(`${e.message}; ${imageAccessHint(`${imageHost(endpoints)}/${repository}`)}`);
}

/** The host an image reference starts with: the registry's, without the scheme (`ghcr.io`, `127.0.0.1:5000`). */
export function imageHost(endpoints: Pick<Endpoints, 'imageRegistry'>): string {
  return new URL(endpoints.imageRegistry).host;
}
