import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as path from 'path';
import { Component, Project } from 'projen';
import { BootstrapProposal, FsRepoReader, KeptOwnFiles, PROJENRC_FILE, PackageManagerPlan, ProposedProduct, packageManagerPlanOf } from '../model';

/** The Product factory each kind is declared with in `.projenrc.ts`. */
const FACTORY: Record<string, string> = {
  'rust-crate': 'rustCrate',
  'c-ffi': 'cFfi',
  'maturin': 'maturin',
  'napi': 'napi',
  'wasm-pack': 'wasmPack',
  'go-module': 'goModule',
  'tauri-app': 'tauriApp',
  'npm-package': 'npmPackage',
};

/** A TypeScript string literal in single quotes. */
function quote(text: string): string {
  return `'${text.replace(/\\/g, '\\\\').replace(/'/g, "\\'").replace(/\n/g, '\\n')}'`;
}

/** The `.projenrc.ts` `projen new` writes for an existing repository: the proposal, each choice explained. */
export function renderBootstrapProjenrc(name: string, proposal: BootstrapProposal): string {
  const lines = [
    "import { LockstepReleaseProject, Product } from 'projen-lockstep-release';",
    '',
    '// Written by `npx projen new --from projen-lockstep-release` from the manifests it found. Check each',
    "// product's kind and name (the name is its tag prefix, `<name>-vX.Y.Z`), then run `npx projen`.",
    'const project = new LockstepReleaseProject({',
    `  name: ${quote(name)},`,
    '  products: [',
    ...proposal.products.map((p) => `    Product.${FACTORY[p.kind]}({ path: ${quote(p.path)}, name: ${quote(p.name)}${p.signsUpdates ? ', signing: { updater: {} }' : ''} }),${renamedNote(p, proposal)}`),
    '  ],',
  ];
  if (proposal.excludeManifests.length > 0) {
    lines.push('  excludeManifests: [');
    for (const e of proposal.excludeManifests) lines.push(`    // ${e.why}`, `    ${quote(e.file)},`);
    lines.push('  ],');
  }
  if (proposal.pinFollowers.length > 0) {
    lines.push('  pinFollowers: [');
    for (const f of proposal.pinFollowers) lines.push(`    // ${f.why}`, `    ${quote(f.file)},`);
    lines.push('  ],');
  }
  if (proposal.gitignore.length > 0) {
    lines.push(
      '  // The patterns of the .gitignore this repository had: projen writes .gitignore from now on.',
      '  gitIgnoreOptions: {',
      '    ignorePatterns: [',
      ...proposal.gitignore.map((g) => `      ${quote(g)},`),
      '    ],',
      '  },',
    );
  }
  lines.push(...keptOptionLines(proposal.keep), '});', '');
  if (proposal.gitattributes.length > 0) {
    lines.push('// The lines of the .gitattributes this repository had: projen writes .gitattributes from now on.');
    for (const [pattern, ...attributes] of proposal.gitattributes) {
      lines.push(`project.gitattributes.addAttributes(${[pattern, ...attributes].map(quote).join(', ')});`);
    }
    lines.push('');
  }
  lines.push('project.synth();', '');
  return lines.join('\n');
}

/** The options that keep the repository's own files, each under a comment saying why. */
function keptOptionLines(keep: KeptOwnFiles): string[] {
  const lines: string[] = [];
  if (keep.ciOff) lines.push(`  // ${keep.ciOff}`, '  ci: { enabled: false },');
  if (keep.releasePrOff) lines.push(`  // ${keep.releasePrOff}`, '  releasePr: { enabled: false },');
  if (keep.releaseWorkflow) lines.push(`  // ${keep.releaseWorkflow.why}`, `  release: { workflowFile: ${quote(keep.releaseWorkflow.file)} },`);
  if (keep.bumpScript) lines.push(`  // ${keep.bumpScript.why}`, `  bumpScript: { path: ${quote(keep.bumpScript.file)} },`);
  const trusted = trustedPublishingOf(keep);
  if (trusted.enabled === false) lines.push(`  // ${keep.secretsDocOff}`);
  if (trusted.acknowledgeTrustedPublisherRename) lines.push('  // No trusted publisher is registered yet for the renamed release workflow: register them for it.');
  if (Object.keys(trusted).length > 0) {
    lines.push(`  trustedPublishing: { ${Object.entries(trusted).map(([k, v]) => `${k}: ${v}`).join(', ')} },`);
  }
  return lines;
}

/** The trustedPublishing options the kept files call for. */
export function trustedPublishingOf(keep: KeptOwnFiles): { enabled?: false; acknowledgeTrustedPublisherRename?: true } {
  return {
    ...(keep.secretsDocOff ? { enabled: false as const } : {}),
    ...(keep.releaseWorkflow ? { acknowledgeTrustedPublisherRename: true as const } : {}),
  };
}

function renamedNote(p: ProposedProduct, proposal: BootstrapProposal): string {
  if (p.manifestName === undefined) return '';
  const others = proposal.products.filter((o) => o !== p && (o.manifestName ?? o.name) === p.manifestName).map((o) => `'${o.path}'`);
  return ` // renamed: its manifest's name '${p.manifestName}' is also the name at ${others.join(' and ')}`;
}

/** What `projen new` tells the user it found and what to check. */
export function bootstrapSummary(proposal: BootstrapProposal): string {
  const lines = [
    `${PROJENRC_FILE} was written with ${proposal.products.length} product(s) found in this repository:`,
    ...proposal.products.map((p) => `  ${p.kind.padEnd(12)} ${p.path.padEnd(28)} ${p.name}${p.manifestName ? `   (renamed: '${p.manifestName}' is taken)` : ''}`),
  ];
  if (proposal.excludeManifests.length > 0) {
    lines.push(`${proposal.excludeManifests.length} manifest(s) carry a version but are no product; they are in excludeManifests, each with why:`);
    lines.push(...proposal.excludeManifests.map((e) => `  ${e.file}`));
  }
  if (proposal.pinFollowers.length > 0) {
    lines.push(`${proposal.pinFollowers.length} unpublished crate(s) at their own version pin products; they are in pinFollowers (their pins follow, their version stays):`);
    lines.push(...proposal.pinFollowers.map((f) => `  ${f.file}`));
  }
  if (proposal.gitignore.length > 0) lines.push(`${proposal.gitignore.length} pattern(s) of the existing .gitignore are kept in gitIgnoreOptions.`);
  if (proposal.gitattributes.length > 0) lines.push(`${proposal.gitattributes.length} line(s) of the existing .gitattributes are kept with project.gitattributes.addAttributes.`);
  const keep = proposal.keep;
  for (const why of [keep.ciOff, keep.releasePrOff, keep.releaseWorkflow?.why, keep.bumpScript?.why, keep.secretsDocOff]) {
    if (why !== undefined) lines.push(`Kept: ${why}.`);
  }
  lines.push(
    `Check in ${PROJENRC_FILE}: each product's kind and name (names become tag prefixes and cannot change once released), that every`,
    'excluded manifest should stay out of the release, and which products publish; then run `npx projen` and commit.',
  );
  return lines.join('\n');
}

/**
 * The bootstrap of an existing repository by `projen new`: writes `.projenrc.ts` from the proposal before
 * projen's own ProjenrcTs would write one without products, brings package-lock.json in step with the
 * devDependencies projen installed without a lockfile, and says what it found.
 */
export class BootstrapProjenrc extends Component {
  private readonly lockfileNote: string;
  /** The root lockfile this bootstrap brings in step: package-lock.json, or pnpm-lock.yaml for pnpm. */
  private readonly lockfile: string;
  /** That lockfile as it was before (undefined: there was none). */
  private readonly lockfileBefore: string | undefined;

  constructor(project: Project, private readonly proposal: BootstrapProposal) {
    super(project);
    const pnpm = packageManagerPlanOf(new FsRepoReader(project.outdir));
    this.lockfile = path.join(project.outdir, pnpm ? 'pnpm-lock.yaml' : 'package-lock.json');
    this.lockfileBefore = fs.existsSync(this.lockfile) ? fs.readFileSync(this.lockfile, 'utf8') : undefined;
    this.lockfileNote = updateLockfile(project.outdir, pnpm);
  }

  /** Puts the lockfile back as it was: the bootstrap failed, and a failed bootstrap writes nothing. */
  public undo(): void {
    if (this.lockfileBefore === undefined) fs.rmSync(this.lockfile, { force: true });
    else fs.writeFileSync(this.lockfile, this.lockfileBefore);
  }

  /**
   * The repository's own .gitattributes is carried into the project (its lines are added to projen's),
   * so the file projen writes replaces it; it goes only now, once the plan was built without an error.
   */
  public preSynthesize(): void {
    if (this.proposal.gitattributes.length > 0) fs.rmSync(path.join(this.project.outdir, '.gitattributes'), { force: true });
  }

  public projectCreation(): void {
    const file = path.join(this.project.outdir, PROJENRC_FILE);
    if (!fs.existsSync(file)) fs.writeFileSync(file, renderBootstrapProjenrc(this.project.name, this.proposal));
    this.project.logger.info(`${bootstrapSummary(this.proposal)}\n${this.lockfileNote}`);
  }
}

/**
 * projen new installs projen and this library with `npm install --no-package-lock`: without a lockfile in
 * step, every generated job's install (`npm ci`, `pnpm install --frozen-lockfile`) fails. Runs while the
 * project is constructed, before the release plan reads the repository, so the plan `projen new` writes
 * already sees the lockfile a later `npx projen` sees. A pnpm repository's pnpm-lock.yaml is updated by
 * the pnpm its workflows run (package.json's `packageManager`, or the pinned one), through npx.
 */
function updateLockfile(dir: string, pnpm: PackageManagerPlan | undefined): string {
  if (!fs.existsSync(path.join(dir, 'package.json'))) return '';
  const lockfile = pnpm ? 'pnpm-lock.yaml' : 'package-lock.json';
  const install = pnpm ? 'pnpm install --lockfile-only' : 'npm install';
  if (process.env.PROJEN_DISABLE_POST === 'true') {
    return `${lockfile} was not brought up to date (--no-post): run \`${install}\`, then \`npx projen\`, and commit both, or the workflows' install fails.`;
  }
  const existed = fs.existsSync(path.join(dir, lockfile));
  if (pnpm) {
    execFileSync('npx', ['-y', `pnpm@${pnpm.version}`, 'install', '--lockfile-only', '--ignore-scripts'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  } else {
    execFileSync('npm', ['install', '--package-lock-only', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, stdio: ['ignore', 'ignore', 'inherit'] });
  }
  const passes = pnpm ? '`pnpm install --frozen-lockfile`' : '`npm ci`';
  return `${lockfile} was ${existed ? 'updated' : 'created'} for the devDependencies projen new added, so the workflows' ${passes} passes.`;
}
