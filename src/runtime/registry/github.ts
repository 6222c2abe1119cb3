import { Endpoints } from './endpoints';
import { httpGet, unexpectedAnswer } from './http';
import { ProbeState } from '../release/ports';

/**
 * Whether a published (non-draft) GitHub Release exists for `tag`. The "release by tag" endpoint does
 * not return drafts, so a draft left by an interrupted run is "missing" and gets finished.
 */
export async function probeGithubRelease(endpoints: Endpoints, tag: string): Promise<ProbeState> {
  if (!endpoints.githubRepository) throw new Error('GITHUB_REPOSITORY is not set: cannot ask GitHub for the release of ' + tag);
  const url = `${endpoints.githubApi}/repos/${endpoints.githubRepository}/releases/tags/${encodeURIComponent(tag)}`;
  const headers: Record<string, string> = { 'accept': 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' };
  if (endpoints.githubToken) headers.authorization = `Bearer ${endpoints.githubToken}`;
  const answer = await httpGet(url, headers);
  if (answer.status === 404) return 'missing';
  if (answer.status !== 200) throw unexpectedAnswer(url, answer);
  return (JSON.parse(answer.body) as { draft?: boolean }).draft === true ? 'missing' : 'published';
}
