// Validates an AsyncAPI document (JSON or YAML file) with the official parser, offline.
// Prints one line per diagnostic: {"severity": "error|warning|info|hint", "code", "message", "path"}.
// Exit 0 when no diagnostic is an error, 1 otherwise, 2 on bad usage.
import { readFileSync } from 'node:fs';
import { Parser, DiagnosticSeverity } from '@asyncapi/parser';

const file = process.argv[2];
if (!file) {
  console.error('usage: node asyncapi-validate.mjs FILE');
  process.exit(2);
}
const names = { [DiagnosticSeverity.Error]: 'error', [DiagnosticSeverity.Warning]: 'warning',
  [DiagnosticSeverity.Information]: 'info', [DiagnosticSeverity.Hint]: 'hint' };
const parser = new Parser();
const { document, diagnostics } = await parser.parse(readFileSync(file, 'utf8'));
let errors = 0;
for (const d of diagnostics) {
  const severity = names[d.severity] ?? String(d.severity);
  if (d.severity === DiagnosticSeverity.Error) errors++;
  console.log(JSON.stringify({ severity, code: d.code, message: d.message, path: d.path.join('/') }));
}
console.log(JSON.stringify({ summary: true, errors, diagnostics: diagnostics.length, parsed: document !== undefined }));
process.exit(errors > 0 || document === undefined ? 1 : 0);
