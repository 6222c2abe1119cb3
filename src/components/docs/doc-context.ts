import { GithubRepository, ReleasePlan } from '../../model';
import { ReleasePrFacts } from '../release-pr';
import { ReleaseWorkflowFacts } from '../release-publish';
import { code } from './markdown';
import { ScannedWorkflow } from './workflow-scan';

/** Placeholders shown when the repository is not configured. */
export const OWNER_PLACEHOLDER = '<OWNER>';
export const REPOSITORY_PLACEHOLDER = '<REPOSITORY>';

/** Everything the secrets doc is rendered from: the plan, the options' facts and the rendered workflows (S5). */
export interface DocInputs {
  readonly plan: ReleasePlan;
  /** The configured repository, or undefined (placeholders). */
  readonly repository?: GithubRepository;
  readonly release: { readonly facts: ReleaseWorkflowFacts; readonly scanned: ScannedWorkflow };
  /** Undefined when release-pr.yml is not generated. */
  readonly releasePr?: { readonly facts: ReleasePrFacts; readonly scanned: ScannedWorkflow };
  /** Undefined when ci.yml is not generated. */
  readonly ci?: { readonly scanned: ScannedWorkflow; readonly requiredCheck: string };
  /** The napi-rs platform packages each napi product publishes besides its main package, by product name. */
  readonly napiPlatformPackages: Readonly<Record<string, readonly string[]>>;
}

/** The repository's owner and name as the doc writes them: real values or marked placeholders. */
export class DocRepo {
  public readonly owner: string;
  public readonly name: string;
  public readonly placeholder: boolean;

  constructor(repository: GithubRepository | undefined) {
    this.owner = repository?.owner ?? OWNER_PLACEHOLDER;
    this.name = repository?.name ?? REPOSITORY_PLACEHOLDER;
    this.placeholder = repository === undefined;
  }

  /** `owner/name`. */
  public get full(): string {
    return `${this.owner}/${this.name}`;
  }

  /** `https://github.com/owner/name`, plus a path. */
  public web(path = ''): string {
    return `https://github.com/${this.full}${path}`;
  }

  /** A form value: the value in a code span, flagged when it is a placeholder to replace. */
  public cell(value: 'owner' | 'name' | 'full'): string {
    const text = value === 'owner' ? this.owner : value === 'name' ? this.name : this.full;
    return this.placeholder ? `${code(text)} ⚠ placeholder: your ${value === 'owner' ? 'GitHub user or organization' : value === 'name' ? 'repository name' : 'owner/repository'}` : code(text);
  }
}

/** The workflows the doc describes, release.yml first. */
export function scannedWorkflows(inputs: DocInputs): ScannedWorkflow[] {
  return [inputs.release.scanned, ...(inputs.releasePr ? [inputs.releasePr.scanned] : []), ...(inputs.ci ? [inputs.ci.scanned] : [])];
}
