import { ManifestError } from './errors';
import {
  CargoManifest,
  GoModule,
  NpmManifest,
  PyprojectManifest,
  TauriConfig,
  readCargoManifest,
  readGoMod,
  readNpmManifest,
  readPyproject,
  readTauriConfig,
} from './manifests';
import { RepoReader } from './repo';

/** Reads each manifest at most once; `undefined` when the file does not exist. */
export class ManifestCache {
  private readonly cache = new Map<string, unknown>();

  constructor(public readonly repo: RepoReader) {}

  public cargo(file: string): CargoManifest | undefined {
    return this.get(file, readCargoManifest);
  }

  /** A Cargo.toml, or undefined when it is missing or does not parse: for files the release leaves alone, whose tools report them. */
  public cargoIfValid(file: string): CargoManifest | undefined {
    try {
      return this.cargo(file);
    } catch (e) {
      if (e instanceof ManifestError) return undefined;
      throw e;
    }
  }

  public npm(file: string): NpmManifest | undefined {
    return this.get(file, readNpmManifest);
  }

  public pyproject(file: string): PyprojectManifest | undefined {
    return this.get(file, readPyproject);
  }

  public tauri(file: string): TauriConfig | undefined {
    return this.get(file, readTauriConfig);
  }

  public goMod(file: string): GoModule | undefined {
    return this.get(file, readGoMod);
  }

  private get<T>(file: string, reader: (file: string, text: string) => T): T | undefined {
    if (!this.cache.has(file)) {
      const text = this.repo.read(file);
      this.cache.set(file, text === undefined ? undefined : reader(file, text));
    }
    return this.cache.get(file) as T | undefined;
  }
}
