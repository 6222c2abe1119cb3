import { Endpoints } from './endpoints';
import { httpGet, unexpectedAnswer } from './http';
import { ProbeState } from '../release/ports';

/** PEP 691 content negotiation: JSON first, the PEP 503 HTML page from an index that serves only that. */
const SIMPLE_ACCEPT = 'application/vnd.pypi.simple.v1+json, application/vnd.pypi.simple.v1+html;q=0.2, text/html;q=0.01';

/** A project name as indexes and file names spell it (PEP 503 normalization, with `_` as in file names). */
function fileStem(name: string): string {
  return name.toLowerCase().replace(/[-_.]+/g, '_');
}

/**
 * The files of `project` at `version` on the index (S6): asked with the standard simple API, which every
 * index speaks (PEP 691 JSON on pypi.org and TestPyPI, PEP 503 HTML on pypiserver and older mirrors),
 * never with a route only pypi.org serves. A project the index does not know has no files.
 */
export async function pypiFiles(endpoints: Endpoints, project: string, version: string): Promise<string[]> {
  const normalized = project.toLowerCase().replace(/[-_.]+/g, '-');
  const url = `${endpoints.pypiIndex}/${encodeURIComponent(normalized)}/`;
  const answer = await httpGet(url, { accept: SIMPLE_ACCEPT });
  if (answer.status === 404) return [];
  if (answer.status !== 200) throw unexpectedAnswer(url, answer);
  // Wheels and today's sdists spell the name with `_`; older sdists kept the project's `-`.
  const prefixes = [`${fileStem(project)}-${version.toLowerCase()}`, `${normalized}-${version.toLowerCase()}`];
  return fileNames(url, answer.body).filter((f) => {
    const lower = f.toLowerCase();
    return prefixes.some((p) => lower.startsWith(p) && /^(-|\.tar\.gz$|\.zip$)/.test(lower.slice(p.length)));
  }).sort();
}

/** The file names of a simple-API page, JSON (PEP 691) or HTML (PEP 503): JSON when it parses as such. */
function fileNames(url: string, body: string): string[] {
  const text = body.trimStart();
  if (text.startsWith('{')) {
    const parsed = JSON.parse(text) as { files?: Array<{ filename?: unknown }> };
    if (!Array.isArray(parsed.files)) throw new Error(`GET ${url}: a JSON answer without "files" is not the simple API (PEP 691)`);
    return parsed.files.map((f) => String(f.filename));
  }
  return [...body.matchAll(/<a\b[^>]*>([^<]+)<\/a>/gi)].map((m) => m[1].trim());
}

/**
 * Whether the index has any file of `project` at `version` (PEP 440 form). One file is enough to say
 * "published": which files are still missing is for the upload (`skip-existing`) and its per-file
 * outcome to tell (P5, S6).
 */
export async function probePypi(endpoints: Endpoints, project: string, version: string): Promise<ProbeState> {
  return (await pypiFiles(endpoints, project, version)).length > 0 ? 'published' : 'missing';
}
