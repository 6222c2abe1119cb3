import { Endpoints } from './endpoints';
import { httpGet, unexpectedAnswer } from './http';
import { ProbeState } from '../release/ports';

/**
 * Whether PyPI has a release of `project` at `version` (PEP 440 form): its JSON API answers 200 or 404.
 * The answer is CDN-cached, so "missing" right after an upload is possible; the upload itself skips
 * files already there (`skip-existing`), which is what makes PyPI resumable (P5).
 */
export async function probePypi(endpoints: Endpoints, project: string, version: string): Promise<ProbeState> {
  const url = `${endpoints.pypi}/pypi/${encodeURIComponent(project)}/${encodeURIComponent(version)}/json`;
  const answer = await httpGet(url, { accept: 'application/json' });
  if (answer.status === 200) return 'published';
  if (answer.status === 404) return 'missing';
  throw unexpectedAnswer(url, answer);
}
