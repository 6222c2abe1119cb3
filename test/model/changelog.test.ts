import { describe, expect, it } from 'vitest';
import { changelogProblem, changelogSection, isKeepAChangelog } from '../../src/model';

/** A changelog in Keep a Changelog form, shaped like dioxide's and StarStats'. */
const CHANGELOG = [
  '# Changelog',
  '',
  'The format is based on [Keep a Changelog](https://keepachangelog.com/en/1.1.0/).',
  '',
  '## [Unreleased]',
  '',
  '### Fixed',
  '- tray link opens the web origin',
  '',
  '## [1.2.0-alpha.3] - 2026-05-23',
  '',
  '### Added',
  '- per-track tags',
  '',
  '## [0.0.1-alpha] - 2025-01-26',
  '',
  '### Added',
  '- Initial alpha release',
  '',
  '[Unreleased]: https://example.com/compare/v1.2.0-alpha.3...HEAD',
  '[1.2.0-alpha.3]: https://example.com/compare/v0.0.1-alpha...v1.2.0-alpha.3',
  '',
].join('\n');

describe('release notes from a Keep a Changelog file', () => {
  it('GIVEN a version\'s section WHEN read THEN its notes are the lines under the heading, up to the next release', () => {
    expect(changelogSection(CHANGELOG, '1.2.0-alpha.3')).toBe('### Added\n- per-track tags');
  });

  it('GIVEN the last section WHEN read THEN the link definitions at the end are not part of its notes', () => {
    expect(changelogSection(CHANGELOG, '0.0.1-alpha')).toBe('### Added\n- Initial alpha release');
  });

  it.each([
    ['## 2.1.0 (2026-05-04)\n- fix\n', '2.1.0'],
    ['## [v2.1.0](https://example.com) (2026-05-04)\n- fix\n', '2.1.0'],
    ['## [2.1.0rc1] - 2026-05-04\n- fix\n', '2.1.0-rc.1'],
    ['## [2.1.0]\r\n- fix\r\n', '2.1.0'],
  ])('GIVEN the heading form %j WHEN %s is read THEN its notes are found', (text, version) => {
    expect(changelogSection(text, version)).toBe('- fix');
  });

  it('GIVEN a version with no section, or an empty one WHEN checked THEN the problem names the file and what to write', () => {
    expect(changelogSection(CHANGELOG, '1.2.0')).toBeUndefined();
    expect(changelogProblem('CHANGELOG.md', CHANGELOG, '1.2.0')).toMatch(/^CHANGELOG\.md has no section for 1\.2\.0; add '## \[1\.2\.0\] - YYYY-MM-DD'/);
    expect(changelogProblem('CHANGELOG.md', '## [1.2.0]\n\n## [1.1.0]\n- x\n', '1.2.0')).toMatch(/the section of 1\.2\.0 is empty/);
    expect(changelogProblem('CHANGELOG.md', undefined, '1.2.0')).toMatch(/does not exist at the release commit/);
    expect(changelogProblem('CHANGELOG.md', CHANGELOG, '1.2.0-alpha.3')).toBeUndefined();
  });

  it('GIVEN changelog texts WHEN recognised THEN only Unreleased or version headings make a Keep a Changelog file', () => {
    expect(isKeepAChangelog(CHANGELOG)).toBe(true);
    expect(isKeepAChangelog('# Changelog\n\n## [Unreleased]\n')).toBe(true);
    expect(isKeepAChangelog('# Changelog (fixture stand-in)\n')).toBe(false);
    expect(isKeepAChangelog('# Notes\n\n## Installation\n')).toBe(false);
  });
});
