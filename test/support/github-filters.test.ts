import { describe, expect, it } from 'vitest';
import { githubFilterMatches } from './github-filters';

describe('the stand-in for GitHub\'s tag and branch filters follows the cheat sheet\'s examples', () => {
  it.each([
    ['feature/*', 'feature/my-branch', true],
    ['feature/*', 'feature/your/branch', false],
    ['feature/**', 'feature/your/branch', true],
    ['v2*', 'v2.0', true],
    ['v2*', 'av2', false],
    ['v[12].[0-9]+.[0-9]+', 'v1.10.1', true],
    ['v[12].[0-9]+.[0-9]+', 'v3.0.0', false],
    ['v*', 'tray-v1.0.0', false],
    ['*feature', 'mona-feature', true],
  ])('GIVEN %s WHEN matched against %s THEN %s', (pattern, name, expected) => {
    expect(githubFilterMatches(pattern, name)).toBe(expected);
  });
});
