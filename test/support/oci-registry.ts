// A real OCI registry on 127.0.0.1 for the container-image tests (issue 17): Debian's docker-registry
// (distribution 2.8.2, installed by `bash .ci/install-registry-tools.sh`), the one `lockstep rehearse` starts
// for a plan with images, storing on a temporary directory, without authentication. `pushTinyImage` puts an
// image in it over the distribution API itself (blob uploads, then the manifest), as a registry client pushes
// one, so no docker daemon is needed.
import * as fs from 'fs';
import { tempDir } from './fixtures';
import { pushStandInImage, startOciRegistryProcess } from '../../src/runtime/rehearse/oci';

/** Where the registry binary is: Debian installs it on the PATH. */
export const DOCKER_REGISTRY_BIN = '/usr/bin/docker-registry';

/** A running docker-registry. */
export interface LocalOciRegistry {
  /** `http://127.0.0.1:<port>` */
  readonly url: string;
  stop(): Promise<void>;
}

/** Starts docker-registry on 127.0.0.1 at a free port with empty storage. */
export async function startOciRegistry(): Promise<LocalOciRegistry> {
  if (!fs.existsSync(DOCKER_REGISTRY_BIN)) throw new Error(`docker-registry missing at ${DOCKER_REGISTRY_BIN}; run \`bash .ci/install-registry-tools.sh\` from the repository root`);
  const started = await startOciRegistryProcess(DOCKER_REGISTRY_BIN, tempDir('lockstep-oci-'));
  return { url: started.url, stop: started.stop };
}

/** Pushes a one-layer OCI image under `tag` and returns the manifest's digest. */
export function pushTinyImage(registry: string, repository: string, tag: string): Promise<string> {
  return pushStandInImage(registry, repository, [tag], `layer of ${repository}:${tag}\n`);
}
