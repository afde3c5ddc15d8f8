import { isPlainObject } from '../core/json.js';
import { cloneJson } from '../diff/canonical.js';
import { findSecrets, SECURE_STRING_MASK, type SecretOptions } from '../diff/secrets.js';

/** A secure template parameter made for one secret of one resource. */
export interface SecretParameter {
  name: string;
  type: 'secureString' | 'secureObject';
  /** The value, in memory only: never written to a template or parameters file. */
  value: unknown;
}

/** A parameter name as ADF's export makes it: `<object>_<property>`, only letters, digits and `_`. */
function parameterBase(resourceName: string, path: (string | number)[]): string {
  const prop = [...path].reverse().find((p) => typeof p === 'string' && !/^(value|typeProperties)$/i.test(p));
  const raw = `${resourceName}_${typeof prop === 'string' ? prop : 'secret'}`;
  const name = raw.replace(/[^A-Za-z0-9_]+/g, '_');
  return /^[A-Za-z_]/.test(name) ? name : `p_${name}`;
}

function setAt(root: Record<string, unknown>, path: (string | number)[], value: unknown): unknown {
  let node: unknown = root;
  for (const p of path.slice(0, -1)) node = (node as Record<string | number, unknown>)[p];
  const last = path[path.length - 1];
  const holder = node as Record<string | number, unknown>;
  const old = holder[last];
  holder[last] = value;
  return old;
}

/**
 * Replace every secret of `properties` (the shapes of src/diff/secret-shapes.ts, and values read from secret
 * environment variables) by `[parameters('<object>_<property>')]`, so the template never holds a value.
 * `taken` holds the parameter names already used in the template (case-insensitive, as ARM compares them).
 */
export function parameteriseSecrets(
  resourceName: string,
  properties: Record<string, unknown>,
  options: SecretOptions,
  taken: Set<string>,
): { properties: Record<string, unknown>; parameters: SecretParameter[]; paths: string[] } {
  const out = cloneJson(properties);
  const parameters: SecretParameter[] = [];
  const paths: string[] = [];
  for (const secret of findSecrets(out, options)) {
    if (secret.value === SECURE_STRING_MASK) continue;
    const base = parameterBase(resourceName, secret.path);
    let name = base;
    for (let n = 2; taken.has(name.toLowerCase()); n++) name = `${base}_${n}`;
    taken.add(name.toLowerCase());
    paths.push(JSON.stringify(secret.path));
    const old = setAt(out, secret.path, `[parameters('${name}')]`);
    parameters.push({
      name,
      type: isPlainObject(old) || Array.isArray(old) ? 'secureObject' : 'secureString',
      value: old,
    });
  }
  return { properties: out, parameters, paths };
}
