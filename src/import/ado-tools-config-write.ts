import { isMap, isNode, isSeq, parseDocument, type Document } from 'yaml';
import { isDeepStrictEqual } from 'node:util';
import type { Translation } from './ado-tools-config.js';

export interface WriteResult {
  text: string;
  /** Overrides and global parameter values written (an override already there is not written twice). */
  written: number;
  /** Environment variables added to `env:`. */
  declared: string[];
}

/**
 * Write a translation into adf-deploy.yaml's text as `environments.<env>.overrides` and `.globalParameters`,
 * keeping the file's comments and layout (yaml's Document API). Each override gets a comment naming the config
 * row it came from. Environment variables the values read are declared under `env:` (secret by default).
 */
export function writeOverrides(
  configText: string,
  env: string,
  translation: Translation,
  sourceName: string,
): WriteResult | { error: string } {
  const doc = parseDocument(configText);
  if (doc.errors.length) return { error: `adf-deploy.yaml does not parse: ${doc.errors[0].message}` };
  if (!isMap(doc.contents)) return { error: 'adf-deploy.yaml must be a mapping' };
  let written = 0;
  const base = ['environments', env];
  if (translation.overrides.length) {
    if (!isSeq(doc.getIn([...base, 'overrides']))) doc.setIn([...base, 'overrides'], doc.createNode([]));
    const seq = doc.getIn([...base, 'overrides']);
    if (!isSeq(seq)) return { error: `environments.${env}.overrides is not a list` };
    // A flow-style environment (`prod: { vars: ... }`) would hold the list on one line: write it as a block.
    seq.flow = false;
    const existing = seq.items.map((item) => (isNode(item) ? item.toJSON() : item));
    for (const { row, override } of translation.overrides) {
      if (existing.some((e) => isDeepStrictEqual(e, { ...override }))) continue;
      const node = doc.createNode(override);
      node.commentBefore = ` ${sourceName}:${row.line}`;
      seq.items.push(node);
      written++;
    }
  }
  for (const { name, value } of translation.globalParameters) {
    const current = doc.getIn([...base, 'globalParameters', name], true);
    if (isDeepStrictEqual(isNode(current) ? current.toJSON() : current, value)) continue;
    doc.setIn([...base, 'globalParameters', name], doc.createNode(value));
    written++;
  }
  const environment = doc.getIn(base);
  if (isMap(environment)) environment.flow = false;
  const declared = declareEnv(doc, translation.env);
  return { text: doc.toString(), written, declared };
}

function declareEnv(doc: Document, names: string[]): string[] {
  const added: string[] = [];
  if (names.length === 0) return added;
  const env = doc.get('env');
  for (const name of names) {
    if (isSeq(env)) {
      if (env.items.some((i) => (isNode(i) ? i.toJSON() : i) === name)) continue;
      env.items.push(doc.createNode(name));
    } else if (isMap(env)) {
      if (env.has(name)) continue;
      env.set(name, null);
    } else if (env === undefined) {
      doc.set('env', doc.createNode([...names]));
      return [...names];
    } else continue;
    added.push(name);
  }
  return added;
}
