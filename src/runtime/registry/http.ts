/** A registry's HTTP answer: the status and the body text. */
export interface HttpAnswer {
  readonly status: number;
  readonly body: string;
}

/** crates.io requires a descriptive User-Agent on API calls; the others accept it. */
export const USER_AGENT = 'projen-lockstep-release (https://github.com/example/projen-lockstep-release)';

/** GETs a URL with a timeout; a network failure or timeout is an error naming the URL. */
export async function httpGet(url: string, headers: Record<string, string> = {}, timeoutMs = 30_000): Promise<HttpAnswer> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { 'user-agent': USER_AGENT, ...headers }, signal: AbortSignal.timeout(timeoutMs), redirect: 'follow' });
  } catch (e) {
    const cause = (e as { cause?: { message?: string } }).cause?.message;
    throw new Error(`GET ${url}: ${(e as Error).message}${cause ? ` (${cause})` : ''}`);
  }
  return { status: response.status, body: await response.text() };
}

/** An error for an answer that is neither "published" nor "missing": never read as either (P2, T5). */
export function unexpectedAnswer(url: string, answer: HttpAnswer): Error {
  const body = answer.body.replace(/\s+/g, ' ').trim().slice(0, 200);
  return new Error(`GET ${url} answered HTTP ${answer.status}${body ? `: ${body}` : ''}`);
}
