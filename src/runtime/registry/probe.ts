import { probeCrateIndex } from './crates';
import { Endpoints, endpointsOf } from './endpoints';
import { probeGithubRelease } from './github';
import { probeGoTag } from './go';
import { probeNpm } from './npm';
import { probeImageTag } from './oci';
import { probePypi } from './pypi';
import { Exec, PackageRef, ProbeState, Registry } from '../release/ports';

/** The real registries, at the endpoints the environment names. */
export class HttpRegistry implements Registry {
  public readonly endpoints: Endpoints;

  constructor(env: Readonly<Record<string, string | undefined>>, private readonly exec: Exec) {
    this.endpoints = endpointsOf(env);
  }

  public async probe(ref: PackageRef): Promise<ProbeState> {
    try {
      return await this.ask(ref);
    } catch (e) {
      // Each layer says what it was doing (style: errors).
      throw new Error(`probing ${ref.target} for ${ref.name}@${ref.version}: ${(e as Error).message}`);
    }
  }

  /** An image's version tag in the container registry, below the repository owner's namespace (issue 17). */
  private async probeImage(ref: PackageRef): Promise<ProbeState> {
    if (this.endpoints.imageNamespace === undefined) throw new Error('GITHUB_REPOSITORY_OWNER is not set: the image\'s namespace is unknown');
    return (await probeImageTag(this.endpoints, `${this.endpoints.imageNamespace}/${ref.name}`, ref.version)).state;
  }

  private ask(ref: PackageRef): Promise<ProbeState> {
    switch (ref.target) {
      case 'crates-io': return probeCrateIndex(this.endpoints.crates, this.exec, ref.name, ref.version);
      case 'npm': return probeNpm(this.exec, this.endpoints, ref.name, ref.version);
      case 'pypi': return probePypi(ref.index ? { ...this.endpoints, pypiIndex: ref.index } : this.endpoints, ref.name, ref.version);
      case 'go': return probeGoTag(this.exec, this.endpoints.gitRemote, ref.version);
      case 'github-release': return probeGithubRelease(this.endpoints, ref.version);
      case 'ghcr': return this.probeImage(ref);
      default: throw new Error(`no probe for target '${ref.target}'`);
    }
  }
}
