import * as fs from 'fs';
import * as path from 'path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { workflowTriggers } from '../../src/model';
import { EXAMPLE_DIR, REPO_ROOT, listFiles } from '../support/fixtures';

/** The events of a parsed workflow's `on:`, as GitHub reads them. */
function eventsOf(doc: any): string[] {
  const on = doc.on ?? doc[true as any];
  if (typeof on === 'string') return [on];
  if (Array.isArray(on)) return on;
  return Object.keys(on ?? {});
}

describe('workflowTriggers: the events of a workflow, read from its text', () => {
  it('GIVEN the three forms GitHub documents WHEN read THEN each gives its event names', () => {
    expect(workflowTriggers('name: CI\non: push\njobs: {}\n')).toEqual(['push']);
    expect(workflowTriggers('on: [push, "workflow_dispatch"] # both\n')).toEqual(['push', 'workflow_dispatch']);
    expect(workflowTriggers('on: { push: { branches: [main, next] }, workflow_dispatch: {} }\n')).toEqual(['push', 'workflow_dispatch']);
    expect(workflowTriggers('"on":\n  # manual runs too\n  workflow_dispatch:\n    inputs:\n      push:\n        type: string\n  pull_request:\n    branches: [main]\njobs:\n  push: {}\n'))
      .toEqual(['workflow_dispatch', 'pull_request']);
    expect(workflowTriggers('on:\n  - push\n  - workflow_dispatch\n')).toEqual(['push', 'workflow_dispatch']);
    expect(workflowTriggers('name: no trigger\njobs: {}\n')).toBeUndefined();
  });

  it('GIVEN every workflow of the real-shape fixtures and the example WHEN read THEN the events are the ones a YAML parser finds', () => {
    const dirs = [path.join(REPO_ROOT, 'test', 'fixtures', 'real'), EXAMPLE_DIR];
    const files = dirs.flatMap((d) => listFiles(d).filter((f) => /\.github\/workflows\/[^/]+\.ya?ml$/.test(f)).map((f) => path.join(d, f)));
    expect(files.length).toBeGreaterThan(20);
    for (const file of files) {
      const text = fs.readFileSync(file, 'utf8');
      expect(workflowTriggers(text), file).toEqual(eventsOf(parseYaml(text)));
    }
  });
});
