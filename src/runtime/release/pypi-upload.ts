import * as path from 'path';
import { Outcome } from './outcomes';
import { Clock, Exec, Fs, Log, Sleep } from './ports';
import { distributions, twinePlainOutput } from './pypi-files';
import { RateLimitOptions, RateLimitedResult, withRateLimit } from './rate-limit';
import { RunProduct } from './run';
import { lastLines } from './tool-output';
import { httpRequest, jsonField } from '../registry/http';

/**
 * The PyPI upload (P5, P10, S6): twine uploads each built file the index did not have before, one file at
 * a time, so a 429 is waited out for that file and an interrupted upload resumes where it stopped. twine
 * retries only reads on its own and shows no `Retry-After`, so a 429 backs off within `rateLimit`; past
 * it the package fails as rate-limited, its remaining files not attempted. Each file's outcome comes from
 * its own upload.
 */

/** What `uploadDistributions` needs. */
export interface PypiUploadDeps {
  readonly exec: Exec;
  readonly fs: Fs;
  readonly log: Log;
  readonly sleep: Sleep;
  readonly now: Clock;
}

/** Options of `uploadDistributions`. */
export interface PypiUploadOptions {
  /** The index's upload URL (`https://upload.pypi.org/legacy/`, or `release.registries.pypiRepositoryUrl`). */
  readonly repositoryUrl: string;
  /** The user twine uploads as: `__token__` for an API token (PyPI, TestPyPI), or an index's own user. */
  readonly username: string;
  /** The API token or password: a secret's, or one minted by trusted publishing. */
  readonly token: string;
  readonly rateLimit: RateLimitOptions;
}

/**
 * The index's own "this file is there" answers: PyPI's 400 "File already exists", or a 409 Conflict. pypiserver
 * answers twine a plain 400 Bad Request instead (its 409 is for other clients), so there such a file fails;
 * the re-run's pre-publish then finds it on the index and skips it.
 */
const ALREADY_THERE = /File already exists|\b409 Conflict\b/i;


/**
 * Uploads the files of `dist` that `before` (the index's files before the upload, from pre-publish) does
 * not list; one outcome per file.
 */
export async function uploadDistributions(product: RunProduct, dist: string, before: readonly string[] | undefined,
  deps: PypiUploadDeps, options: PypiUploadOptions): Promise<Outcome[]> {
  const pkg = product.packages.find((k) => k.target === 'pypi');
  if (pkg === undefined) return [];
  const base = { product: product.name, target: 'pypi', version: pkg.version, package: pkg.name };
  const files = distributions(deps.fs, dist);
  if (files.length === 0) return [{ ...base, subject: pkg.name, outcome: 'failed', detail: `no wheel or sdist in ${dist}: the build artifacts were not downloaded` }];
  const outcomes: Outcome[] = [];
  let limited: string | undefined;
  for (const file of files) {
    const row = { ...base, subject: file };
    if (before?.includes(file)) {
      outcomes.push({ ...row, outcome: 'skipped:already-published', detail: 'the index had this file before the upload' });
      continue;
    }
    if (limited !== undefined) {
      outcomes.push({ ...row, outcome: 'failed', detail: `not attempted: ${limited} was rate-limited` });
      continue;
    }
    const args = ['--no-color', 'upload', '--non-interactive', '--disable-progress-bar', '--repository-url', options.repositoryUrl, path.posix.join(dist, file)];
    const env = { ...twinePlainOutput(), TWINE_USERNAME: options.username, TWINE_PASSWORD: options.token };
    const r = await withRateLimit(file, () => deps.exec.run('twine', args, { env }), deps, options.rateLimit);
    outcomes.push(uploadOutcome(row, r, deps.log));
    if (r.rateLimited) limited = file;
  }
  return outcomes;
}

/** One file's outcome from its upload's result: twine's exit, the rate limit given up on, or "already there". */
function uploadOutcome(row: Omit<Outcome, 'outcome' | 'detail'>, r: RateLimitedResult, log: Log): Outcome {
  const output = `${r.stdout}\n${r.stderr}`;
  if (r.code === 0) return { ...row, outcome: 'published', detail: 'uploaded by this run' };
  if (r.rateLimited) return { ...row, outcome: 'failed', detail: `rate-limited: ${r.rateLimited}` };
  if (ALREADY_THERE.test(output)) {
    log.notice(`${row.subject}: the index says it already exists; skipped.`);
    return { ...row, outcome: 'skipped:already-published', detail: 'the index answered that the file already exists' };
  }
  return { ...row, outcome: 'failed', detail: `twine upload exited ${r.code}: ${lastLines(output)}` };
}

/**
 * PyPI trusted publishing, as pypa/gh-action-pypi-publish does it: the index names the audience
 * (`/_/oidc/audience`), GitHub issues the job's OIDC token for it, and the index exchanges that for a
 * short-lived API token (`/_/oidc/mint-token`). The index lives at the upload URL's site without its
 * `upload.` host (upload.pypi.org → pypi.org; test.pypi.org stays).
 */
export async function mintPypiToken(env: Readonly<Record<string, string | undefined>>, repositoryUrl: string): Promise<string> {
  const requestUrl = env.ACTIONS_ID_TOKEN_REQUEST_URL;
  const requestToken = env.ACTIONS_ID_TOKEN_REQUEST_TOKEN;
  if (!requestUrl || !requestToken) {
    throw new Error('no PyPI token: TWINE_PASSWORD is not set and this job cannot get an OIDC token for trusted publishing (it needs `permissions: id-token: write`)');
  }
  const site = new URL(repositoryUrl);
  site.hostname = site.hostname.replace(/^upload\./, '');
  const origin = site.origin;
  const audienceUrl = `${origin}/_/oidc/audience`;
  const aud = await httpRequest('GET', audienceUrl);
  const audience = jsonField(`GET ${audienceUrl}`, aud, 'audience');
  const oidc = await httpRequest('GET', `${requestUrl}${requestUrl.includes('?') ? '&' : '?'}audience=${encodeURIComponent(audience)}`, { headers: { authorization: `bearer ${requestToken}` } });
  const jwt = jsonField('the GitHub OIDC token request', oidc, 'value');
  const mintUrl = `${origin}/_/oidc/mint-token`;
  const minted = await httpRequest('POST', mintUrl, { headers: { 'content-type': 'application/json' }, body: JSON.stringify({ token: jwt }) });
  return jsonField(`POST ${mintUrl} (check the trusted publisher on PyPI: repository, workflow file and environment)`, minted, 'token');
}
