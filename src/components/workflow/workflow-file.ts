import { IResolver, Project, YamlFile } from 'projen';
import { withPackageManager } from './steps';
import { Workflow } from './workflow-types';
import { ACTIONS, ActionPin, PackageManagerPlan } from '../../model';

const PIN_BY_SHA = new Map<string, ActionPin>(Object.values(ACTIONS).map((a) => [`${a.repo}@${a.sha}`, a]));

/**
 * A generated workflow under `.github/workflows/`. It renders its typed `Workflow` once, when its
 * component is constructed, so any error in the options or the plan stops `npx projen` before a single file
 * is written; synth writes that same object. It adds `permissions: {}` at the top, appends the release tag
 * as a comment to every pinned `uses:` and refuses a workflow that breaks the rules every generated
 * workflow keeps (after the repository's package manager is applied to its installs, withPackageManager):
 * - no `${{ }}` inside `run:` (S1: values reach scripts through `env:`);
 * - every action comes from the pin table, by full commit SHA (S3, S4).
 */
export class WorkflowFile extends YamlFile {
  /** The file name, e.g. `release.yml`: trusted publishers are bound to it. */
  public readonly fileName: string;
  /** The checked workflow this file writes (read by the docs, so they describe exactly what is written). */
  public readonly workflow: Workflow;

  constructor(project: Project, fileName: string, render: () => Workflow, packageManager?: PackageManagerPlan) {
    const workflow = withPackageManager(render(), packageManager);
    checkWorkflow(fileName, workflow);
    super(project, `.github/workflows/${fileName}`, {
      obj: () => ({ name: workflow.name, on: workflow.on, permissions: {}, ...withoutName(workflow) }),
      readonly: true,
      marker: true,
    });
    this.fileName = fileName;
    this.workflow = workflow;
  }

  protected synthesizeContent(resolver: IResolver): string | undefined {
    const text = super.synthesizeContent(resolver);
    return text?.replace(/^(\s*(?:- )?uses: )([^\s#]+)$/gm, (line, _prefix: string, ref: string) => {
      const pin = PIN_BY_SHA.get(ref);
      return pin ? `${line} # ${pin.version}` : line;
    });
  }
}

function withoutName(w: Workflow): Omit<Workflow, 'name' | 'on'> {
  const { name: _name, on: _on, ...rest } = w;
  return rest;
}

/** Throws when a workflow breaks a rule every generated workflow keeps. */
export function checkWorkflow(fileName: string, workflow: Workflow): void {
  for (const [jobId, job] of Object.entries(workflow.jobs)) {
    for (const step of job.steps) {
      const where = `${fileName}: job '${jobId}', step '${step.name}'`;
      if (step.run !== undefined && step.run.includes('${{')) {
        throw new Error(`${where}: \`\${{ }}\` inside run: is template injection waiting to happen (S1); pass the value through env:.`);
      }
      if (step.uses !== undefined && !step.uses.startsWith('./') && !PIN_BY_SHA.has(step.uses)) {
        throw new Error(`${where}: '${step.uses}' is not an action from the pin table (S4); add it to src/model/pins.ts.`);
      }
    }
  }
}
