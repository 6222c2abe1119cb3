/**
 * A small generator of hostile text for property tests: seeded, so every run tries the same cases and a
 * failure names its seed and input. Fragments are what the runner, Markdown and terminals give meaning
 * to; the rest is ordinary and odd Unicode.
 */

/** Park and Miller's minimal standard generator: seeded, exact in doubles, good enough to pick fragments. */
export function seededRandom(seed: number): () => number {
  const M = 2147483647;
  let state = (Math.abs(Math.floor(seed)) % (M - 1)) + 1;
  return () => {
    state = (state * 16807) % M;
    return (state - 1) / (M - 1);
  };
}

const FRAGMENTS = [
  // A line break followed by a command: what forges an annotation or hides text when printed raw.
  '\n::error file=src/lib.rs,line=1::Backdoor', '\r::add-mask::quill', '\r\n  ::warning::forged', '\n##[add-mask]x',
  '::error::', '::warning file=src/lib.rs,line=1::', '::add-mask::', '::stop-commands::tok', '::set-output name=x::', '::notice title=a::',
  '##[add-mask]', '##[error]', '\n', '\r', '\r\n', '\u2028', '\u2029', '\u0085', '\t', '\v', '\u001b[31m', '\u202e', '\ufeff', '\u0000',
  '%', '%0A', '%0D', '%25', ':', '::', ',', '=', '<<EOF', 'ghadelimiter_x', '`', '```', '|', '\\', '\\|', '<img src=x>', '<!--', '-->',
  '&#124;', '&amp;', '![x](y.png)', '[a](https://e.example)', '@octocat', '#12', '# Heading', '- item', '> quote', '*', '_', '~~', '$x$',
  ' ', '  ', 'a', 'quill', '0.3.0', 'é', '中', '🦀', '-', '--output=/tmp/x', '"', '\'',
];

/** A hostile text of 1 to `max` fragments. */
export function hostileText(random: () => number, max = 6): string {
  const n = 1 + Math.floor(random() * max);
  let text = '';
  for (let i = 0; i < n; i++) text += FRAGMENTS[Math.floor(random() * FRAGMENTS.length)];
  return text;
}

/** Hostile texts from one seed. */
export function hostileTexts(seed: number, count: number, max?: number): string[] {
  const random = seededRandom(seed);
  return Array.from({ length: count }, () => hostileText(random, max));
}
