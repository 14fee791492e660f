// Validates JSON values against a JSON Schema inside a document (e.g. an AsyncAPI message payload).
// usage: node json-schema-validate.mjs DOCUMENT.json POINTER INSTANCES.json
//   POINTER: a JSON pointer into the document, e.g. /components/messages/Query_order_reply/payload
//   INSTANCES.json: a JSON array of values to validate
// Prints one line per value: {"index", "valid", "errors"}. Exit 0 when all are valid, 1 otherwise.
import { readFileSync } from 'node:fs';
import Ajv from 'ajv';

const [documentFile, pointer, instancesFile] = process.argv.slice(2);
if (!documentFile || !pointer || !instancesFile) {
  console.error('usage: node json-schema-validate.mjs DOCUMENT.json POINTER INSTANCES.json');
  process.exit(2);
}
const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false });
ajv.addSchema(JSON.parse(readFileSync(documentFile, 'utf8')), 'document.json');
const validate = ajv.compile({ $ref: 'document.json#' + pointer });
let invalid = 0;
JSON.parse(readFileSync(instancesFile, 'utf8')).forEach((value, index) => {
  const valid = validate(value);
  if (!valid) invalid++;
  console.log(JSON.stringify({ index, valid, errors: valid ? [] : validate.errors }));
});
process.exit(invalid > 0 ? 1 : 0);
