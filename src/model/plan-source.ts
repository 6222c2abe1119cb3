import { createHash } from 'crypto';
import { PlanOptions, ReleaseTrigger, TrackReleaseOptions } from './options';
import { Product, ProductKind, WasmPackTarget } from './product';
import { ProductSetupOptions } from './product-setup';
import { RepoReader } from './repo';
import { TauriSigningOptions } from './tauri-signing-options';

/**
 * What the plan and the generated files were made from, recorded in the plan so CI can tell when they
 * drifted without running `.projenrc.ts` (which needs the consumer's own toolchain): the plan options as
 * declared, from which `lockstep drift` rebuilds the plan against the manifests of the checkout, and a
 * digest of each projenrc source, whose change means the workflows may be out of date.
 */
export interface PlanSource {
  /** The plan options as declared in `.projenrc.ts` (products by kind and options; absent ones are discovered). */
  readonly options: RecordedPlanOptions;
  /** SHA-256 of each projenrc source (line endings normalized), by repository-relative path. */
  readonly projenrc: Record<string, string>;
}

/** A declared product, as plain data. */
export interface RecordedProduct {
  readonly kind: string;
  readonly path: string;
  readonly name?: string;
  readonly tagPrefix?: string;
  readonly githubRelease: boolean;
  readonly publish?: boolean;
  readonly header?: string;
  readonly npmPackage?: string;
  readonly wasmTarget?: string;
  readonly buildCommand?: string;
  readonly publishCommand?: string;
  readonly musllinux?: boolean;
  readonly publishCrate?: boolean;
  readonly publishSecrets?: string[];
  readonly publishPermissions?: Record<string, string>;
  readonly signing?: TauriSigningOptions;
  readonly image?: string;
  readonly dockerfile?: string;
  readonly platforms?: string[];
  readonly setup?: ProductSetupOptions;
  readonly dependsOn?: string[];
}

/** `TrackReleaseOptions` as plain data. */
export interface RecordedTrackRelease {
  readonly releaseTrigger?: string;
  readonly releaseBranches?: Array<{ readonly name: string; readonly prerelease?: string }>;
  readonly testPypiPrereleases?: string[];
  readonly changelog?: string;
}

/** A `ReleaseTrackOptions` as plain data. */
export interface RecordedTrack extends RecordedTrackRelease {
  readonly name: string;
  readonly umbrellaTagPrefix?: string;
  readonly products: RecordedProduct[];
}

/** `PlanOptions` as plain data. */
export interface RecordedPlanOptions extends RecordedTrackRelease {
  readonly products?: RecordedProduct[];
  readonly tracks?: RecordedTrack[];
  readonly umbrellaTagPrefix?: string;
  readonly excludeManifests?: string[];
  readonly pinFollowers?: string[];
  readonly releaseBranch?: string;
  readonly planFile?: string;
}

/** Root files and folders that hold a projen project's configuration code. */
const PROJENRC = { rootPrefix: '.projenrc.', folders: ['projenrc'], files: ['src/test/java/projenrc.java'] };

/** Records the options and digests the projenrc sources found in `repo`. */
export function planSourceOf(options: PlanOptions, repo: RepoReader): PlanSource {
  return { options: recordOptions(options), projenrc: projenrcDigests(repo) };
}

/** SHA-256 of every projenrc source of the repository, with `\r\n` read as `\n` (a Windows checkout hashes the same). */
export function projenrcDigests(repo: RepoReader): Record<string, string> {
  const files = [
    ...repo.filesUnder('.').filter((f) => !f.includes('/') && f.startsWith(PROJENRC.rootPrefix)),
    ...PROJENRC.folders.flatMap((d) => repo.filesUnder(d)),
    ...PROJENRC.files.filter((f) => repo.read(f) !== undefined),
  ];
  const digests: Record<string, string> = {};
  for (const f of [...new Set(files)].sort()) {
    digests[f] = createHash('sha256').update((repo.read(f) ?? '').replace(/\r\n/g, '\n')).digest('hex');
  }
  return digests;
}

function recordOptions(o: PlanOptions): RecordedPlanOptions {
  return stripUndefined({
    products: o.products?.map(recordProduct),
    tracks: o.tracks?.map((t) => stripUndefined({
      name: t.name,
      umbrellaTagPrefix: t.umbrellaTagPrefix,
      products: t.products.map(recordProduct),
      ...recordRelease(t),
    })),
    ...recordRelease(o),
    umbrellaTagPrefix: o.umbrellaTagPrefix,
    excludeManifests: o.excludeManifests,
    pinFollowers: o.pinFollowers,
    releaseBranch: o.releaseBranch,
    planFile: o.planFile,
  });
}

function recordRelease(o: TrackReleaseOptions): RecordedTrackRelease {
  return stripUndefined({
    releaseTrigger: o.releaseTrigger,
    releaseBranches: o.releaseBranches?.map((b) => stripUndefined({ name: b.name, prerelease: b.prerelease })),
    testPypiPrereleases: o.testPypiPrereleases,
    changelog: o.changelog,
  });
}

function releaseOfRecord(r: RecordedTrackRelease): TrackReleaseOptions {
  return {
    releaseTrigger: r.releaseTrigger as ReleaseTrigger | undefined,
    releaseBranches: r.releaseBranches,
    testPypiPrereleases: r.testPypiPrereleases,
    changelog: r.changelog,
  };
}

function recordProduct(p: Product): RecordedProduct {
  return stripUndefined({
    kind: p.kind,
    path: p.path,
    name: p.name,
    tagPrefix: p.tagPrefix,
    githubRelease: p.githubRelease,
    ...p._extra,
    setup: p.setup,
    dependsOn: p.dependsOn.length > 0 ? p.dependsOn : undefined,
  });
}

/** The declared options back from the record. */
export function optionsOfRecord(r: RecordedPlanOptions): PlanOptions {
  return {
    products: r.products?.map(productOfRecord),
    tracks: r.tracks?.map((t) => ({
      name: t.name,
      umbrellaTagPrefix: t.umbrellaTagPrefix,
      products: t.products.map(productOfRecord),
      ...releaseOfRecord(t),
    })),
    umbrellaTagPrefix: r.umbrellaTagPrefix,
    ...releaseOfRecord(r),
    excludeManifests: r.excludeManifests,
    pinFollowers: r.pinFollowers,
    releaseBranch: r.releaseBranch,
    planFile: r.planFile,
  };
}

const FACTORIES: Record<ProductKind, (r: RecordedProduct) => Product> = {
  [ProductKind.RUST_CRATE]: (r) => Product.rustCrate({ ...common(r), publish: r.publish }),
  [ProductKind.C_FFI]: (r) => Product.cFfi({ ...common(r), header: r.header }),
  [ProductKind.MATURIN]: (r) => Product.maturin({ ...common(r), musllinux: r.musllinux }),
  [ProductKind.PYTHON_PACKAGE]: (r) => Product.pythonPackage(common(r)),
  [ProductKind.NAPI]: (r) => Product.napi({ ...common(r), publishCrate: r.publishCrate }),
  [ProductKind.WASM_PACK]: (r) => Product.wasmPack({
    ...common(r),
    npmPackage: r.npmPackage,
    target: r.wasmTarget as WasmPackTarget | undefined,
    publishCrate: r.publishCrate,
  }),
  [ProductKind.GO_MODULE]: (r) => Product.goModule(common(r)),
  [ProductKind.TAURI_APP]: (r) => Product.tauriApp({ ...common(r), signing: r.signing }),
  [ProductKind.NPM_PACKAGE]: (r) => Product.npmPackage({ ...common(r), publish: r.publish }),
  [ProductKind.CONTAINER_IMAGE]: (r) => Product.containerImage({ ...common(r), image: r.image, dockerfile: r.dockerfile, platforms: r.platforms }),
  [ProductKind.GENERIC]: (r) => Product.generic({
    ...common(r),
    buildCommand: r.buildCommand,
    publishCommand: r.publishCommand,
    publishSecrets: r.publishSecrets,
    publishPermissions: r.publishPermissions,
  }),
};

function productOfRecord(r: RecordedProduct): Product {
  const factory = FACTORIES[r.kind as ProductKind];
  if (factory === undefined) throw new Error(`the plan records a product of kind '${r.kind}', which this version does not know; regenerate it with \`npx projen\`.`);
  return factory(r);
}

type CommonOptions = { path: string; name?: string; tagPrefix?: string; githubRelease: boolean; setup?: ProductSetupOptions; dependsOn?: string[] };

function common(r: RecordedProduct): CommonOptions {
  return { path: r.path, name: r.name, tagPrefix: r.tagPrefix, githubRelease: r.githubRelease, setup: r.setup, dependsOn: r.dependsOn };
}

function stripUndefined<T extends object>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}
