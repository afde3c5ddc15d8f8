// The naive peer of `validate`: read every *.yaml / *.yml of a folder and yaml.parse each document, nothing else.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parseAllDocuments } from 'yaml';

let documents = 0;
for (const entry of readdirSync(process.argv[2], { recursive: true, withFileTypes: true })) {
  if (!entry.isFile() || !/\.ya?ml$/.test(entry.name)) continue;
  // parseAllDocuments + toJS is yaml.parse for files that may hold several documents.
  for (const doc of parseAllDocuments(readFileSync(path.join(entry.parentPath, entry.name), 'utf8'))) {
    doc.toJS();
    documents++;
  }
}
process.stdout.write(`${documents} documents\n`);
