import { Job, Step, Workflow } from '../workflow/workflow-types';

/** A generated workflow as the doc sees it: its file name and its typed content. */
export interface ScannedWorkflow {
  readonly fileName: string;
  readonly workflow: Workflow;
}

/** Where a secret or variable is read: workflow file, job id, and the step's name (or the job itself). */
export interface Reader {
  readonly workflow: string;
  readonly job: string;
  readonly step?: string;
}

/** A secret (`secrets.X`) or repository variable (`vars.X`) a workflow reads. */
export interface CredentialUse {
  readonly name: string;
  readonly kind: 'secret' | 'variable';
  readonly readers: Reader[];
}

/** Jobs per environment name, in job order, over several workflows (`{ release: ['release.yml: tag-all'] }`). */
export function environmentsOf(workflows: readonly ScannedWorkflow[]): Map<string, Reader[]> {
  const out = new Map<string, Reader[]>();
  for (const { fileName, workflow } of workflows) {
    for (const [job, j] of Object.entries(workflow.jobs)) {
      const env = typeof j.environment === 'string' ? j.environment : j.environment?.name;
      if (env !== undefined) out.set(env, [...(out.get(env) ?? []), { workflow: fileName, job }]);
    }
  }
  return out;
}

const REFERENCE = /\b(secrets|vars)\.([A-Za-z_][A-Za-z0-9_]*)/g;

function referencesIn(values: readonly unknown[]): Array<{ kind: 'secret' | 'variable'; name: string }> {
  const text = values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v ?? ''))).join('\n');
  return [...text.matchAll(REFERENCE)].map((m) => ({ kind: m[1] === 'secrets' ? 'secret' : 'variable', name: m[2] }));
}

function stepValues(s: Step): unknown[] {
  return [s.if, s.with, s.env];
}

function jobValues(j: Job): unknown[] {
  return [j.if, j.env, j.environment, j.outputs, j.strategy];
}

/** Every secret and variable the workflows read, sorted by name, with each place that reads it. */
export function credentialsOf(workflows: readonly ScannedWorkflow[]): CredentialUse[] {
  const found = new Map<string, { kind: 'secret' | 'variable'; readers: Reader[] }>();
  const add = (refs: ReturnType<typeof referencesIn>, reader: Reader): void => {
    for (const r of refs) {
      const entry = found.get(r.name) ?? { kind: r.kind, readers: [] };
      if (!entry.readers.some((x) => x.workflow === reader.workflow && x.job === reader.job && x.step === reader.step)) entry.readers.push(reader);
      found.set(r.name, entry);
    }
  };
  for (const { fileName, workflow } of workflows) {
    add(referencesIn([workflow.env]), { workflow: fileName, job: '(workflow)' });
    for (const [job, j] of Object.entries(workflow.jobs)) {
      add(referencesIn(jobValues(j)), { workflow: fileName, job });
      for (const s of j.steps) add(referencesIn(stepValues(s)), { workflow: fileName, job, step: s.name });
    }
  }
  return [...found.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([name, v]) => ({ name, ...v }));
}
