import { didYouMean } from '../core/did-you-mean.js';

/**
 * `${{ vars.NAME }}` / `${{ env.NAME }}` substitution inside string values (never keys).
 * - A string that is exactly one placeholder takes the variable's value with its type (a var may be a number,
 *   a boolean, a list or a mapping); a placeholder inside longer text is replaced by the value as text.
 * - `$${{` is the escape for a literal `${{` (import writes it so that source strings stay untouched).
 * - ADF expressions (`@...`, `@{...}`) are ordinary text here and pass through.
 */
export interface SubstitutionContext {
  vars: Record<string, unknown>;
  env: Record<string, string | undefined>;
  /** Names of the vars referenced so far (to report vars that nothing uses: usually a typo). */
  used?: Set<string>;
  /**
   * The variables adf-deploy.yaml's `env:` lets the project read (src/manifest/env-declarations.ts). When set,
   * reading any other is an error: a pull request must not be able to read a CI secret into a property.
   */
  declaredEnv?: Map<string, EnvDeclaration>;
  /** Filled while substituting: the secret environment values read, by variable name (never printed). */
  envSecrets?: Map<string, string>;
}

/** How a project may read one environment variable. */
export interface EnvDeclaration {
  /** Default true: the value is never printed, saved or logged, and compared by fingerprint. */
  secret: boolean;
  /** Default false: an empty value (an unset CI secret expands to '') is an error. */
  allowEmpty: boolean;
}

export interface SubstitutionProblem {
  path: (string | number)[];
  code: 'var.missing' | 'var.syntax' | 'var.type' | 'env.undeclared' | 'env.empty';
  message: string;
  hint?: string;
}

const TOKEN = /\$\$\{\{|\$\{\{/g;
const REFERENCE = /^(vars|env)\.([A-Za-z0-9_][A-Za-z0-9_.-]*)$/;

/** Escape a literal string so that substitution gives it back unchanged. */
export function escapeLiteral(text: string): string {
  // A function replacement: in a replacement string '$$' would mean a single '$'.
  return text.includes('${{') ? text.replaceAll('${{', () => '$${{') : text;
}

/** Escape every string value of a JSON value (keys are never substituted, so they stay as they are). */
export function escapeDeep(value: unknown): unknown {
  if (typeof value === 'string') return escapeLiteral(value);
  if (Array.isArray(value)) return value.map(escapeDeep);
  if (value !== null && typeof value === 'object') {
    // fromEntries defines own properties, so a '__proto__' key stays a key instead of replacing the prototype.
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, escapeDeep(v)]));
  }
  return value;
}

/** Substitute every string value of `value`; problems are collected with their JSON path. */
export function substituteDeep(
  value: unknown,
  ctx: SubstitutionContext,
  problems: SubstitutionProblem[],
  path: (string | number)[] = [],
): unknown {
  if (typeof value === 'string') return substituteString(value, ctx, problems, path);
  if (Array.isArray(value)) return value.map((v, i) => substituteDeep(v, ctx, problems, [...path, i]));
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value).map(([k, v]) => [k, substituteDeep(v, ctx, problems, [...path, k])]),
    );
  }
  return value;
}

/**
 * substituteDeep for the hot path (every resource document of a project): the same values and problems, but a
 * container in which nothing was substituted is returned as it is, not copied, and the path is one stack copied only
 * into a problem. Copying every node with a path per node was a tenth of validate's CPU at 5,000 objects. For a
 * value nothing else holds or modifies (a freshly parsed document).
 */
export function substituteShared(value: unknown, ctx: SubstitutionContext, problems: SubstitutionProblem[]): unknown {
  const path: (string | number)[] = [];
  const walk = (node: unknown): unknown => {
    if (typeof node === 'string') {
      if (!node.includes('${{')) return node;
      const found: SubstitutionProblem[] = [];
      const out = substituteString(node, ctx, found, path);
      for (const problem of found) problems.push({ ...problem, path: [...path] });
      return out;
    }
    if (Array.isArray(node)) {
      let copy: unknown[] | undefined;
      for (let i = 0; i < node.length; i++) {
        path.push(i);
        const item = walk(node[i]);
        path.pop();
        if (item !== node[i]) copy ??= node.slice();
        if (copy) copy[i] = item;
      }
      return copy ?? node;
    }
    if (node === null || typeof node !== 'object') return node;
    let entries: Array<[string, unknown]> | undefined;
    const keys = Object.keys(node);
    for (let i = 0; i < keys.length; i++) {
      const k = keys[i];
      const v = (node as Record<string, unknown>)[k];
      path.push(k);
      const mapped = walk(v);
      path.pop();
      if (mapped !== v && !entries)
        entries = keys.slice(0, i).map((key) => [key, (node as Record<string, unknown>)[key]]);
      entries?.push([k, mapped]);
    }
    // fromEntries defines own properties, so a '__proto__' key stays a key, as in substituteDeep.
    return entries ? Object.fromEntries(entries) : node;
  };
  return walk(value);
}

function substituteString(
  text: string,
  ctx: SubstitutionContext,
  problems: SubstitutionProblem[],
  path: (string | number)[],
): unknown {
  if (!text.includes('${{')) return text;
  let out = '';
  let last = 0;
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    out += text.slice(last, m.index);
    if (m[0] === '$${{') {
      out += '${{';
      last = m.index + m[0].length;
      continue;
    }
    const close = text.indexOf('}}', m.index + 3);
    if (close < 0) {
      problems.push({
        path,
        code: 'var.syntax',
        message: "unterminated '${{' (no closing '}}')",
        hint: "write '$${{' for a literal '${{'",
      });
      return text;
    }
    const expr = text.slice(m.index + 3, close).trim();
    const ref = REFERENCE.exec(expr);
    if (!ref) {
      problems.push({
        path,
        code: 'var.syntax',
        message: `'\${{ ${expr} }}' is not a variable reference`,
        hint: "use '${{ vars.NAME }}' or '${{ env.NAME }}'; write '$${{' for a literal '${{'",
      });
      return text;
    }
    const [, scope, name] = ref;
    if (scope === 'env') {
      const problem = checkEnvRead(name, ctx);
      if (problem) {
        problems.push({ path, ...problem });
        return text;
      }
    }
    if (scope === 'vars') ctx.used?.add(name);
    const source: Record<string, unknown> = scope === 'vars' ? ctx.vars : ctx.env;
    const found = Object.prototype.hasOwnProperty.call(source, name) && source[name] !== undefined;
    // A var declared without a value (`name:` or `name: null`, as import writes the ones to fill in) is unset.
    const unset = found && scope === 'vars' && source[name] === null;
    if (!found || unset) {
      problems.push({
        path,
        code: 'var.missing',
        message:
          scope === 'vars'
            ? `variable '${name}' ${unset ? 'has no value' : 'is not defined'}`
            : `environment variable '${name}' is not set`,
        hint:
          scope === 'vars'
            ? `define it under 'vars:' in adf-deploy.yaml (or in the chosen environment's vars)`
            : `export ${name}=... before running, or use a var with a default`,
      });
      return text;
    }
    const v = source[name];
    if (scope === 'env' && typeof v === 'string') recordEnvSecret(name, v, ctx);
    last = close + 2;
    TOKEN.lastIndex = last;
    if (m.index === 0 && last === text.length) return structuredClone(v);
    if (v !== null && typeof v === 'object') {
      problems.push({
        path,
        code: 'var.type',
        message: `variable '${name}' is a ${Array.isArray(v) ? 'list' : 'mapping'} and cannot be embedded in text`,
        hint: 'use it as the whole value, or make it a string',
      });
      return text;
    }
    out += String(v);
  }
  return out + text.slice(last);
}

/** An env read the project did not declare, or an empty value it did not allow: the problem, else undefined. */
function checkEnvRead(name: string, ctx: SubstitutionContext): Omit<SubstitutionProblem, 'path'> | undefined {
  if (!ctx.declaredEnv) return undefined;
  const decl = ctx.declaredEnv.get(name);
  if (!decl) {
    const near = didYouMean(name, [...ctx.declaredEnv.keys()]);
    return {
      code: 'env.undeclared',
      message: `environment variable '${name}' is not declared in adf-deploy.yaml's 'env:'${near ? `, did you mean '${near}'?` : ''}`,
      hint: `add '${name}' to the top-level 'env:' list of adf-deploy.yaml if the project may read it`,
    };
  }
  const v = Object.prototype.hasOwnProperty.call(ctx.env, name) ? ctx.env[name] : undefined;
  if (v === '' && !decl.allowEmpty)
    return {
      code: 'env.empty',
      message: `environment variable '${name}' is set to the empty string`,
      hint: `an unset CI secret expands to ''; set it, or declare it with 'allowEmpty: true' under 'env:'`,
    };
  return undefined;
}

function recordEnvSecret(name: string, value: string, ctx: SubstitutionContext): void {
  if (value === '' || ctx.declaredEnv?.get(name)?.secret === false) return;
  ctx.envSecrets?.set(name, value);
}
