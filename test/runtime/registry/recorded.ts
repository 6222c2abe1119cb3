// Registry answers for the probe tests, served from 127.0.0.1 by test/support/local-registries.ts.
// Provenance (2026-11-21):
// - CRATES_INDEX_ITOA: the first three lines of https://index.crates.io/it/oa/itoa, as served.
// - an absent crate's index file: index.crates.io answered 404 with an empty body, as served.
// - PYPI_SIMPLE_JSON: the shape of PyPI's JSON simple API (PEP 691: `meta`, `name`, `files`, `versions`),
//   trimmed from the real https://pypi.org/simple/maturin/ answer to three files of two versions.
// - PYPI_NOT_FOUND: PyPI's 404 body for an unknown project.
// - GITHUB_RELEASE / GITHUB_NOT_FOUND: the documented REST shapes of "get a release by tag name".
// - SERVER_ERROR: a CDN's 503 page, the kind of answer that must never read as "missing" or "published".
import { RecordedAnswer } from '../../support/local-registries';

export const CRATES_INDEX_ITOA: RecordedAnswer = {
  status: 200,
  headers: { 'content-type': 'text/plain' },
  body: [
    '{"name": "itoa", "vers": "0.1.0", "deps": [], "cksum": "8fe390286ad3ad1b175ad07a638c83463c86cbdb5e38075c2ef44e10c694702b", "features": {}, "yanked": false, "pubtime": "2016-06-25T21:50:33Z"}',
    '{"name": "itoa", "vers": "0.1.1", "deps": [], "cksum": "ae3088ea4baeceb0284ee9eea42f591226e6beaecf65373e41b38d95a1b8e7a1", "features": {}, "yanked": false, "pubtime": "2016-06-25T22:11:59Z"}',
    '{"name": "itoa", "vers": "0.2.0", "deps": [], "cksum": "ff8f9e7653c775f2ef8016f4181eb3ad62fe8a710e5dd73d4060a5903a58022f", "features": {}, "yanked": false, "pubtime": "2017-01-24T00:46:50Z"}',
    '',
  ].join('\n'),
};

export const NOT_FOUND_EMPTY: RecordedAnswer = { status: 404, body: '' };

const pypiFile = (filename: string, sha256: string): Record<string, unknown> => ({
  'filename': filename,
  'url': `https://files.pythonhosted.org/packages/xx/yy/${filename}`,
  'hashes': { sha256 },
  'requires-python': '>=3.7',
  'yanked': false,
});

export const PYPI_SIMPLE_JSON: RecordedAnswer = {
  status: 200,
  headers: { 'content-type': 'application/vnd.pypi.simple.v1+json' },
  body: JSON.stringify({
    meta: { 'api-version': '1.4', '_last-serial': 31000000 },
    name: 'maturin',
    files: [
      pypiFile('maturin-1.15.0-py3-none-manylinux_2_12_x86_64.manylinux2010_x86_64.musllinux_1_1_x86_64.whl', '1'.repeat(64)),
      pypiFile('maturin-1.16.0-py3-none-linux_armv6l.whl', 'deacbb204a20326862e194c7df4958e0514a0411c9a3ccf228a00067c11b5c7e'),
      pypiFile('maturin-1.16.0.tar.gz', '2'.repeat(64)),
    ],
    versions: ['1.15.0', '1.16.0'],
  }),
};

export const PYPI_NOT_FOUND: RecordedAnswer = { status: 404, body: '{"message": "Not Found"}' };

export const GITHUB_RELEASE: RecordedAnswer = {
  status: 200,
  body: JSON.stringify({ id: 1, tag_name: 'quill-py-v0.3.0', draft: false, prerelease: false, html_url: 'https://github.com/example/quill/releases/tag/quill-py-v0.3.0', assets: [] }),
};

export const GITHUB_DRAFT: RecordedAnswer = {
  status: 200,
  body: JSON.stringify({ id: 2, tag_name: 'quill-py-v0.3.0', draft: true, prerelease: false, assets: [] }),
};

export const GITHUB_NOT_FOUND: RecordedAnswer = {
  status: 404,
  body: JSON.stringify({ message: 'Not Found', documentation_url: 'https://docs.github.com/rest/releases/releases#get-a-release-by-tag-name', status: '404' }),
};

export const SERVER_ERROR: RecordedAnswer = {
  status: 503,
  headers: { 'content-type': 'text/html' },
  body: '<html><body><h1>503 Service Unavailable</h1>No server is available to handle this request.</body></html>',
};
