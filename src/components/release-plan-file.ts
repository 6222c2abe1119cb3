import { Component, JsonFile, Project } from 'projen';
import { ReleasePlan } from '../model';

/**
 * Writes the release plan into the consuming repository as one generated, machine-readable file. The
 * bump script, the workflows and the `lockstep` CLI all read this file, so nothing is listed twice.
 */
export class ReleasePlanFile extends Component {
  /** Repository-relative path of the plan file. */
  public readonly path: string;

  constructor(project: Project, plan: ReleasePlan) {
    super(project);
    this.path = plan.planFile;
    new JsonFile(project, plan.planFile, {
      obj: () => plan,
      readonly: true,
      marker: true,
      newline: true,
    });
  }
}
