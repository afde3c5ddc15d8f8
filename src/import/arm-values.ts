import { escapeLiteral } from '../manifest/substitute.js';
import { translateExpression } from './arm-expression.js';
import type { VarInfo } from './model.js';
import { isPlainObject as isObject } from '../core/json.js';

/** A valid var name for an ARM parameter name (`Profisee REST API` -> `Profisee_REST_API`). */
export function varNameOf(param: string): string {
  const name = param.replace(/[^A-Za-z0-9_]+/g, '_').replace(/^_+(?=.)/, '');
  return /^[A-Za-z0-9_]/.test(name) && name !== '' ? name : `p_${name}`;
}

/**
 * Turns template values into manifest values: parameters become vars (names made valid, consistently), ARM
 * escapes are undone, `${{` is escaped, and an expression that cannot be translated becomes an unset var the
 * user must fill in (reported per property), so that ADF never receives `[resourceId(...)]` as text.
 */
export class ArmValues {
  readonly vars: Record<string, unknown> = {};
  readonly varInfo: Record<string, VarInfo> = {};
  private readonly names = new Map<string, string>();
  /** The object being converted (names the var of an untranslatable expression). */
  label = 'factory';

  constructor(
    private readonly variables: Record<string, unknown>,
    private readonly notes: string[],
  ) {}

  /** The var name of a parameter; the first parameter to claim a name keeps it, later ones get a suffix. */
  varOf(param: string): string {
    const known = this.names.get(param);
    if (known) return known;
    const base = varNameOf(param);
    const taken = new Set(this.names.values());
    let name = base;
    for (let n = 2; taken.has(name); n++) name = `${base}_${n}`;
    this.names.set(param, name);
    if (name !== param) this.varInfo[name] = { ...this.varInfo[name], original: param };
    return name;
  }

  convert(value: unknown, where: string, path: string[] = []): unknown {
    if (typeof value === 'string') return this.convertString(value, where, path);
    if (Array.isArray(value)) return value.map((v, i) => this.convert(v, where, [...path, String(i)]));
    if (isObject(value))
      return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, this.convert(v, where, [...path, k])]));
    return value;
  }

  private convertString(value: string, where: string, path: string[]): unknown {
    if (value.startsWith('[[')) return escapeLiteral(value.slice(1));
    if (!(value.startsWith('[') && value.endsWith(']'))) return escapeLiteral(value);
    const pieces = translateExpression(value.slice(1, -1), (v) => this.variables[v]);
    if (pieces) {
      if (pieces.length === 1) {
        const [p] = pieces;
        if ('param' in p) return `\${{ vars.${this.varOf(p.param)} }}`;
        if ('value' in p) return this.convert(p.value, where, path);
        return escapeLiteral(p.text);
      }
      if (pieces.every((p) => !('value' in p) || ['string', 'number', 'boolean'].includes(typeof p.value)))
        return pieces
          .map((p) =>
            'param' in p
              ? `\${{ vars.${this.varOf(p.param)} }}`
              : escapeLiteral('text' in p ? p.text : String(p.value)),
          )
          .join('');
    }
    // Not translatable: an unset var, so that validate stops until someone sets it.
    const prop = `properties.${path.join('.')}`;
    const name = this.varOf(`${this.label}_${path.at(-1) ?? 'value'}_expression`);
    this.vars[name] = null;
    this.varInfo[name] = {
      ...this.varInfo[name],
      original: undefined,
      unset: true,
      description: `${where} ${prop}: left as an ARM expression, set it by hand: ${value.slice(0, 120)}`,
    };
    this.notes.push(
      `${where} ${prop}: left as an ARM expression, set it by hand (vars.${name}): ${value.slice(0, 80)}`,
    );
    return `\${{ vars.${name} }}`;
  }
}
