import { REQUESTS } from '../concurrency';

/** A registry's HTTP answer: the status, the body (as UTF-8 text and as served) and the headers. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
  /** The body's bytes as served: what a digest is over (the text drops a byte-order mark, for one). */
  readonly bytes: Buffer;
  /** The response headers, by lowercase name. */
  readonly headers: Readonly<Record<string, string>>;
}

/** crates.io requires a descriptive User-Agent on API calls; the others accept it. */
export const USER_AGENT = 'projen-lockstep-release (https://github.com/example/projen-lockstep-release)';

/** GETs a URL with a timeout; a network failure or timeout is an error naming the URL. */
export function httpGet(url: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<HttpAnswer> {
  return httpRequest('GET', url, { headers, timeoutMs });
}

/** The longest `Retry-After` a request waits out by itself, and how often (P10: a bounded wait). */
const RETRY_AFTER_LIMIT = { maxWaitMs: 60_000, attempts: 3 };

/** Headers, body and timeout of one request. */
export interface RequestOptions {
  readonly headers?: Record<string, string>;
  readonly body?: string;
  readonly timeoutMs?: number;
}

/**
 * Sends a request with a timeout; a network failure or timeout is an error naming the method and URL.
 * A 429 or 503 that names a `Retry-After` within a minute is waited out and asked again (P10), at most
 * three times; past that the answer is returned as it is, for the caller to report.
 */
export async function httpRequest(method: string, url: string, options: RequestOptions = {}): Promise<HttpAnswer> {
  for (let attempt = 1; ; attempt++) {
    const { answer, wait } = await REQUESTS.run(() => requestOnce(method, url, options));
    if (wait === undefined || wait > RETRY_AFTER_LIMIT.maxWaitMs || attempt >= RETRY_AFTER_LIMIT.attempts) return answer;
    await new Promise((r) => setTimeout(r, wait));
  }
}

/** One request, body read in full, inside its slot: the timeout starts when the request does, not while it waits. */
async function requestOnce(method: string, url: string, options: RequestOptions): Promise<{ answer: HttpAnswer; wait?: number }> {
  let response: Response;
  try {
    response = await fetch(url, {
      method,
      headers: { 'user-agent': USER_AGENT, ...options.headers },
      body: options.body,
      signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      redirect: 'follow',
    });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new Error(`${method} ${url}: ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  const bytes = Buffer.from(await response.arrayBuffer());
  const headers: Record<string, string> = {};
  response.headers.forEach((value, name) => (headers[name] = value));
  // TextDecoder decodes as response.text() does (UTF-8, a leading byte-order mark dropped).
  return { answer: { status: response.status, body: new TextDecoder().decode(bytes), bytes, headers }, wait: retryAfterMs(response) };
}

/** The wait a 429 or 503 asks for in `Retry-After` (seconds or an HTTP date); undefined for any other answer. */
function retryAfterMs(response: Response): number | undefined {
  if (response.status !== 429 && response.status !== 503) return undefined;
  const value = response.headers.get('retry-after');
  if (value === null) return undefined;
  if (/^\d+$/.test(value.trim())) return Number(value.trim()) * 1000;
  const at = Date.parse(value);
  return Number.isFinite(at) ? Math.max(0, at - Date.now()) : undefined;
}

/** An error for an answer that is neither "published" nor "missing": never read as either (P2, T5). */
export function unexpectedAnswer(url: string, answer: Pick<HttpAnswer, 'status' | 'body'>): Error {
  const body = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new Error(`GET ${url} answered HTTP ${answer.status}${body ? `: ${body}` : ''}`);
}

/**
 * The string `key` of a JSON answer (a token an exchange returned); anything but a 200 carrying it is an
 * error naming `what` and the start of the answer, or for a 200 only its field names.
 */
export function jsonField(what: string, answer: Pick<HttpAnswer, 'status' | 'body'>, key: string): string {
  let value: unknown;
  try {
    value = (JSON.parse(answer.body) as Record<string, unknown>)[key];
  } catch {
    value = undefined;
  }
  if (answer.status !== 200) throw new Error(`${what} answered HTTP ${answer.status}: ${answer.body.replace(/\s+/g, ' ').slice(0, 300)}`);
  if (typeof value !== 'string' || value === '') {
    // A 200 answer's body is where tokens travel (under another name than asked, it is still a live one): the
    // error names its fields, never their values, since it reaches the job's log.
    throw new Error(`${what} answered HTTP 200 without a \`${key}\` text; its fields: ${fieldsOf(answer.body)}`);
  }
  return value;
}

/** The top-level field names of a JSON object's text, or what the text is instead. */
function fieldsOf(body: string): string {
  try {
    const parsed: unknown = JSON.parse(body);
    if (parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)) return Object.keys(parsed).join(', ') || 'none';
    return 'none (not a JSON object)';
  } catch {
    return 'none (not JSON)';
  }
}
