import { describe, expect, it } from 'vitest';
import { stepTail } from '../../../src/runtime/rehearse/step-tail';

/**
 * The shape of `npm ci` without a lockfile (npm 11.19): the error, the command's summary, then its usage
 * text (about 90 lines of options, shortened here to generated ones), every line prefixed `npm error`.
 */
function npmCiWithoutLockfile(prefix = 'npm error'): string {
  const options = Array.from({ length: 40 }, (_, i) => [`${prefix}   --option-${i}`, `${prefix}     What option ${i} does.`, prefix]).flat();
  return [
    `${prefix} code EUSAGE`,
    prefix,
    `${prefix} The \`npm ci\` command can only install with an existing package-lock.json or`,
    `${prefix} later to generate a package-lock.json file, then try again.`,
    prefix,
    `${prefix} Clean install a project`,
    prefix,
    `${prefix} Usage:`,
    `${prefix} npm ci`,
    prefix,
    `${prefix} Options:`,
    ...options,
    `${prefix} aliases: clean-install, ic`,
    prefix,
    `${prefix} Run "npm help ci" for more info`,
    `${prefix} A complete log of this run can be found in: /home/runner/.npm/_logs/debug-0.log`,
    '',
  ].join('\n');
}

describe('the tail of a failed rehearsed step', () => {
  it('GIVEN npm ci failing for want of a lockfile WHEN its tail is taken THEN it shows npm\'s error, not the usage text that follows it', () => {
    const tail = stepTail(npmCiWithoutLockfile()).split('\n');
    expect(tail).toContain('npm error The `npm ci` command can only install with an existing package-lock.json or');
    expect(tail).toContain('npm error code EUSAGE');
    expect(tail.some((l) => l.includes('--option-'))).toBe(false);
    expect(tail.some((l) => l.includes('Clean install a project'))).toBe(false);
    expect(tail).toContain("npm error (npm's usage text left out)");
    // What follows the usage text is kept.
    expect(tail[tail.length - 1]).toBe('npm error A complete log of this run can be found in: /home/runner/.npm/_logs/debug-0.log');
  });

  it('GIVEN the same failure from an older npm (npm ERR!) WHEN its tail is taken THEN the error is shown there too', () => {
    const tail = stepTail(npmCiWithoutLockfile('npm ERR!'));
    expect(tail).toContain('npm ERR! later to generate a package-lock.json file, then try again.');
    expect(tail).not.toContain('--option-');
  });

  it('GIVEN an error printed ahead of more lines than the tail holds WHEN its tail is taken THEN the error lines come first, then the last lines', () => {
    const log = ['building', 'error: could not find `Cargo.toml` in /work', ...Array.from({ length: 40 }, (_, i) => `cleanup ${i}`)].join('\n');
    const tail = stepTail(log, 10).split('\n');
    expect(tail).toHaveLength(10);
    expect(tail[0]).toBe('error: could not find `Cargo.toml` in /work');
    expect(tail[1]).toBe('…');
    expect(tail[tail.length - 1]).toBe('cleanup 39');
  });

  it('GIVEN output whose last lines hold the error WHEN its tail is taken THEN it is the last lines as they are', () => {
    const log = [...Array.from({ length: 30 }, (_, i) => `line ${i}`), 'error[E0425]: cannot find value `x`'].join('\n');
    expect(stepTail(log, 5)).toBe(['line 26', 'line 27', 'line 28', 'line 29', 'error[E0425]: cannot find value `x`'].join('\n'));
  });

  it('GIVEN output naming no error WHEN its tail is taken THEN it is the last lines', () => {
    const log = Array.from({ length: 30 }, (_, i) => `line ${i}`).join('\n');
    expect(stepTail(`${log}\n\n`, 3)).toBe('line 27\nline 28\nline 29');
  });
});
