// Validates GitHub workflow files with GitHub's own parser (@actions/workflow-parser,
// installed by .ci/install-gate-tools.sh into .tools/node) and prints one JSON array of
// { file, line, rule, message } on stdout. Exit 0 when it ran (findings or not), 2 on a usage
// or load failure.
//
// Usage: node workflow-parser-runner.mjs <tools/node dir> <workflow.yml>...
//
// The package is ESM that imports its JSON schemas without import attributes, which Node 20
// refuses (ERR_IMPORT_ASSERTION_TYPE_MISSING). A tiny loader hook, registered below from a data:
// URL, adds { type: 'json' } to every .json import, so no bundle or extra file is needed.
import { register } from 'node:module';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

const JSON_ATTRIBUTES_HOOK = `
export async function load(url, context, nextLoad) {
  if (url.endsWith('.json')) {
    return nextLoad(url, { ...context, importAttributes: { ...context.importAttributes, type: 'json' } });
  }
  return nextLoad(url, context);
}`;

const [toolsNodeDir, ...files] = process.argv.slice(2);
if (!toolsNodeDir || files.length === 0) {
  process.stderr.write('usage: workflow-parser-runner.mjs <tools/node dir> <workflow.yml>...\n');
  process.exit(2);
}

register(`data:text/javascript,${encodeURIComponent(JSON_ATTRIBUTES_HOOK)}`);
const pkgDist = join(toolsNodeDir, 'node_modules', '@actions', 'workflow-parser', 'dist');
const parser = await import(pathToFileURL(join(pkgDist, 'index.js')).href);
const { ErrorPolicy } = await import(pathToFileURL(join(pkgDist, 'model', 'convert.js')).href);

const findings = [];
for (const file of files) {
  const trace = new parser.NoOperationTraceWriter();
  const parsed = parser.parseWorkflow({ name: file, content: readFileSync(file, 'utf8') }, trace);
  const parseErrorCount = parsed.context.errors.count;
  if (parsed.value !== undefined) {
    // Conversion adds the semantic checks (needs graph, matrix, reusable-workflow calls, ...).
    await parser.convertWorkflowTemplate(parsed.context, parsed.value, undefined, {
      errorPolicy: ErrorPolicy.TryConversion,
    });
  }
  parsed.context.errors.getErrors().forEach((err, index) => {
    findings.push({
      file,
      line: err.range?.start.line,
      rule: err.code ?? (index < parseErrorCount ? 'schema' : 'semantic'),
      message: err.rawMessage,
    });
  });
}
process.stdout.write(JSON.stringify(findings));
