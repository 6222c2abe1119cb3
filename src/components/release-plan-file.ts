import { Component, JsonFile, Project } from 'projen';
import { PlanSource, ReleasePlan } from '../model';

/**
 * Writes the release plan into the consuming repository as one generated, machine-readable file. The
 * bump script, the workflows and the `lockstep` CLI all read this file, so nothing is listed twice. The
 * file also records what the plan and the other generated files were made from (`source`), for the
 * drift check in CI.
 */
export class ReleasePlanFile extends Component {
  /** Repository-relative path of the plan file. */
  public readonly path: string;
  private readonly file: JsonFile;

  constructor(project: Project, plan: ReleasePlan, private source: PlanSource) {
    super(project);
    this.path = plan.planFile;
    this.file = new JsonFile(project, plan.planFile, {
      obj: () => ({ ...plan, source: this.source }),
      readonly: true,
      marker: true,
      newline: true,
    });
  }

  /**
   * Records a new source and writes the file again. `projen new` writes `.projenrc.ts` only after every
   * file is synthesized, so the first synthesis records no projenrc and the file is rewritten once it exists.
   */
  public rewriteWithSource(source: PlanSource): void {
    this.source = source;
    this.file.synthesize();
  }
}
