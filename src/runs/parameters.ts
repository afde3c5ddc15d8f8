import { setOwn } from '../core/own.js';
import { didYouMean } from '../core/did-you-mean.js';

/** A pipeline's declared parameter (properties.parameters[name]). */
export interface DeclaredParameter {
  type?: string;
  defaultValue?: unknown;
}

/** What a run was asked for: `-p NAME=VALUE` pairs (text) and a parameters file (JSON values). */
export interface RunParameterInput {
  pairs: string[];
  file?: { path: string; values: Record<string, unknown> };
}

export interface ParameterCheck {
  values: Record<string, unknown>;
  /** One line per problem (unknown name with did-you-mean, wrong type, missing required, bad -p form). */
  problems: string[];
}

const lower = (s: string) => s.toLowerCase();

function typeOf(declared: DeclaredParameter | undefined): string {
  return lower(String(declared?.type ?? 'String'));
}

/** Convert `-p` text to the declared type; undefined with a reason when it does not fit. */
function fromText(text: string, type: string): { value?: unknown; error?: string } {
  switch (type) {
    case 'int':
      return /^[+-]?\d+$/.test(text.trim()) ? { value: Number(text) } : { error: 'an integer' };
    case 'float':
      return text.trim() !== '' && Number.isFinite(Number(text)) ? { value: Number(text) } : { error: 'a number' };
    case 'bool':
      return /^(true|false)$/i.test(text.trim())
        ? { value: lower(text.trim()) === 'true' }
        : { error: 'true or false' };
    case 'array':
    case 'object':
      try {
        const v = JSON.parse(text);
        const ok = type === 'array' ? Array.isArray(v) : v !== null && typeof v === 'object' && !Array.isArray(v);
        return ok ? { value: v } : { error: type === 'array' ? 'a JSON array' : 'a JSON object' };
      } catch {
        return { error: type === 'array' ? 'a JSON array' : 'a JSON object' };
      }
    default:
      return { value: text };
  }
}

/** A value as quoted in a problem: never the value of a SecureString parameter. */
function shown(value: unknown, declared: DeclaredParameter | undefined): string {
  return typeOf(declared) === 'securestring' ? 'a value (not shown: SecureString)' : JSON.stringify(value);
}

/** Does a JSON value (from a parameters file) fit the declared type? */
function fits(value: unknown, type: string): string | undefined {
  const ok =
    type === 'int'
      ? Number.isInteger(value)
      : type === 'float'
        ? typeof value === 'number'
        : type === 'bool'
          ? typeof value === 'boolean'
          : type === 'array'
            ? Array.isArray(value)
            : type === 'object'
              ? value !== null && typeof value === 'object' && !Array.isArray(value)
              : typeof value === 'string';
  return ok
    ? undefined
    : ({ int: 'an integer', float: 'a number', bool: 'a boolean', array: 'an array', object: 'an object' }[type] ??
        'a string');
}

/**
 * Check the parameters of a run against the pipeline's declared ones before anything is sent: unknown names
 * (with a did-you-mean), values of the wrong type, required parameters (no default) left out. `-p` wins over the file.
 */
export function checkRunParameters(
  pipeline: string,
  declared: Record<string, DeclaredParameter>,
  input: RunParameterInput,
): ParameterCheck {
  const names = Object.keys(declared);
  const problems: string[] = [];
  const values: Record<string, unknown> = {};
  const resolve = (name: string, where: string): string | undefined => {
    const found = names.find((n) => n === name) ?? names.find((n) => lower(n) === lower(name));
    if (found) return found;
    const guess = didYouMean(name, names);
    problems.push(
      `${where}: pipeline '${pipeline}' has no parameter '${name}'${guess ? `; did you mean '${guess}'?` : names.length ? ` (it has: ${names.join(', ')})` : ' (it declares none)'}`,
    );
    return undefined;
  };
  for (const [name, value] of Object.entries(input.file?.values ?? {})) {
    const found = resolve(name, input.file?.path ?? 'parameters file');
    if (!found) continue;
    const wrong = fits(value, typeOf(declared[found]));
    if (wrong)
      problems.push(
        `${input.file?.path}: parameter '${found}' is ${declared[found].type}: expected ${wrong}, found ${shown(value, declared[found])}`,
      );
    else setOwn(values, found, value);
  }
  for (const pair of input.pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) {
      problems.push(`-p ${pair}: expected NAME=VALUE`);
      continue;
    }
    const found = resolve(pair.slice(0, eq), `-p ${pair.slice(0, eq)}`);
    if (!found) continue;
    const converted = fromText(pair.slice(eq + 1), typeOf(declared[found]));
    if (converted.error)
      problems.push(
        `-p ${found}: parameter '${found}' is ${declared[found].type}: expected ${converted.error}, found '${pair.slice(eq + 1)}'`,
      );
    else setOwn(values, found, converted.value);
  }
  for (const name of names)
    if (
      !Object.hasOwn(values, name) &&
      !Object.hasOwn(declared[name], 'defaultValue') &&
      !problems.some((p) => p.includes(`'${name}'`))
    )
      problems.push(
        `pipeline '${pipeline}' requires parameter '${name}' (${declared[name].type ?? 'String'}, no default): pass -p ${name}=VALUE`,
      );
  return { values, problems };
}
