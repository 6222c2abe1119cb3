/**
 * The grammar of every name the release passes to git, a registry tool or a path: product names, tag
 * prefixes, branch names and package names. A name outside its grammar never reaches a tool, where it
 * could be read as an option (`--registry=…`), a second argument or a path that leaves its directory.
 */

/** A product name: it names artifacts, directories and job outputs. */
const PRODUCT_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;

/** Why a product name cannot be used, or undefined. */
export function productNameProblem(name: string): string | undefined {
  return PRODUCT_NAME.test(name) ? undefined : 'is not a product name (letters, digits, \'.\', \'_\' and \'-\', starting with a letter or digit)';
}

/**
 * Why a tag prefix cannot start a git tag name, or undefined. The empty prefix is allowed: its tags are the
 * bare version (`1.4.2`), which starts with a digit.
 */
export function tagPrefixProblem(prefix: string): string | undefined {
  if (prefix === '') return undefined;
  const ok = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(prefix) && !prefix.includes('..') && !prefix.endsWith('/') && !prefix.includes('//') && !/\.lock(\/|$)/.test(prefix);
  return ok ? undefined : 'is not usable in a git tag name (letters, digits, \'.\', \'_\', \'-\' and \'/\', starting with a letter or digit)';
}

/**
 * The glob a tag prefix's tags are matched with, in the overlap rule: `<prefix>*`, or `[0-9]*` for the empty
 * prefix, whose tags are bare versions. Every matcher of the release (the `on.push.tags` pattern, the
 * runtime's tag filters) wants a version right after the prefix, so this glob covers what it can match.
 */
export function tagGlobOf(prefix: string): string {
  return prefix === '' ? '[0-9]*' : `${prefix}*`;
}

/**
 * Whether tags made with prefix `b` match the tag glob of prefix `a` (`tagGlobOf`): `b` starts with `a`,
 * where the empty prefix matches only tags starting with a digit. A bare-version umbrella (``) and product
 * tags `name-v` are apart; `v` and `v-tray` are not, nor `` and `2-`.
 */
export function tagPrefixMatches(a: string, b: string): boolean {
  return a === '' ? b === '' || /^[0-9]/.test(b) : b.startsWith(a);
}

/** What a prefix that another starts with is called in a message: the empty prefix's tags start with a digit. */
export function tagPrefixStart(prefix: string): string {
  return prefix === '' ? "a digit, as the bare versions of '' do" : `'${prefix}'`;
}

/** Why a branch name cannot be used, or undefined. */
export function branchNameProblem(name: string): string | undefined {
  const ok = /^[A-Za-z0-9][A-Za-z0-9._/-]*$/.test(name) && !name.includes('..') && !name.endsWith('/') && !name.endsWith('.lock') && !name.includes('//');
  return ok ? undefined : 'is not a usable branch name';
}

/** A prerelease identifier naming a release channel: a word such as `alpha`. */
const PRERELEASE_CHANNEL = /^[A-Za-z][A-Za-z0-9-]*$/;

/** Why a text is not a prerelease channel name, or undefined. */
export function prereleaseChannelProblem(name: string): string | undefined {
  return PRERELEASE_CHANNEL.test(name) ? undefined : 'is not a prerelease identifier such as \'alpha\' or \'beta\' (a letter, then letters, digits and \'-\')';
}

/** Package names per registry, as the registries accept them. */
const PACKAGE_NAMES: Readonly<Record<string, RegExp>> = {
  'crates-io': /^[A-Za-z][A-Za-z0-9_-]{0,63}$/,
  'npm': /^(?:@[A-Za-z0-9][A-Za-z0-9._~-]*\/)?[A-Za-z0-9][A-Za-z0-9._~-]{0,213}$/,
  'pypi': /^[A-Za-z0-9](?:[A-Za-z0-9._-]*[A-Za-z0-9])?$/,
  'go': /^[A-Za-z0-9][A-Za-z0-9._~-]*(?:\/[A-Za-z0-9._~-]+)*$/,
  // An image below the owner's namespace, in the distribution spec's repository grammar: lowercase path components.
  'ghcr': /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:\/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*$/,
};

/** Why a package name is not one its registry accepts, or undefined (a registry without a rule accepts product names). */
export function packageNameProblem(registry: string, name: string): string | undefined {
  const grammar = Object.hasOwn(PACKAGE_NAMES, registry) ? PACKAGE_NAMES[registry] : PRODUCT_NAME;
  if (!grammar.test(name) || name.split('/').includes('..')) return `is not a package name ${registry} accepts`;
  return undefined;
}

/** A Python module name: identifiers joined by dots (ASCII, as package indexes require). */
const PYTHON_MODULE = /^[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*$/;

/** Why a text is not a Python module name, or undefined. */
export function pythonModuleProblem(name: string): string | undefined {
  return PYTHON_MODULE.test(name) ? undefined : 'is not a Python module name (identifiers joined by dots)';
}
