import { isPlainObject as isRecord } from '../core/json.js';
import { extractFingerprint, SECURE_STRING_MASK } from '../diff/secrets.js';
import type { ImportedObject, ImportModel } from './model.js';
import { DESCEND, mapJson } from '../core/json-walk.js';

/** A valid environment variable name from free text: `LS Blob` + `password` -> `LS_BLOB_PASSWORD`. */
export function envName(...parts: string[]): string {
  const name = parts
    .join('_')
    .replace(/[^A-Za-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .toUpperCase();
  return /^[A-Z_]/.test(name) ? name : `_${name}`;
}

function field(obj: Record<string, unknown>, name: string): [string, unknown] | undefined {
  return Object.entries(obj).find(([k]) => k.toLowerCase() === name);
}

/**
 * What a source may carry that must never be sent back: JSON read from a deployed factory holds `**********`
 * where each secret was (sent as is, it would become the secret) and adf-deploy's own fingerprint markers.
 * Masks and empty SecureStrings become declared `${{ env.NAME }}` placeholders, markers are stripped; each is
 * noted. Values are already escaped, so a placeholder written here is the only substitution in the object.
 */
export function scrubImported(model: ImportModel): void {
  const env = new Set(model.env ?? []);
  for (const o of model.objects) {
    const { properties, fingerprint } = extractFingerprint(o.properties);
    if (fingerprint !== undefined) {
      o.properties = properties;
      model.notes.push(`${o.source}: removed an adf-deploy:secrets= marker (tool metadata, not content)`);
    }
    o.properties = scrubValue(o.properties, o, env, model.notes) as Record<string, unknown>;
  }
  if (env.size) model.env = [...env].sort();
}

function scrubValue(value: unknown, o: ImportedObject, env: Set<string>, notes: string[]): unknown {
  return mapJson(value, (node, at) => scrubNode(node, o, at.map(String), env, notes));
}

/** One node of scrubValue: a replacement, or DESCEND. */
function scrubNode(value: unknown, o: ImportedObject, path: string[], env: Set<string>, notes: string[]): unknown {
  const where = () => `${o.source}: properties.${path.join('.')}`;
  const placeholder = () => {
    const base = envName(o.name, ...path.filter((p) => !/^(typeProperties|value|properties)$/i.test(p)).slice(-1));
    let name = base;
    for (let n = 2; env.has(name); n++) name = `${base}_${n}`;
    env.add(name);
    return `\${{ env.${name} }}`;
  };
  if (typeof value === 'string') {
    if (value !== SECURE_STRING_MASK) return value;
    const text = placeholder();
    notes.push(`${where()}: a masked secret (**********) became ${text}: set it before deploying`);
    return text;
  }
  if (!isRecord(value)) return DESCEND;
  const type = field(value, 'type')?.[1];
  const secret = field(value, 'value');
  if (typeof type === 'string' && type.toLowerCase() === 'securestring' && secret && secret[1] === '') {
    const text = placeholder();
    notes.push(`${where()}: an empty SecureString became ${text}: set it before deploying`);
    return { ...value, [secret[0]]: text };
  }
  return DESCEND;
}
