import { isObject as isRecord } from '../documents.js';
import { isExpression, parseExpression, TemplateError, type Expr } from './expression.js';

/** What an expression can see: the deployment's parameters and variables, where it deploys. */
export interface Scope {
  parameter(name: string): unknown;
  variable(name: string): unknown;
  sub: string;
  rg: string;
  rgLocation: string;
}

function str(v: unknown, fn: string): string {
  if (typeof v === 'string') return v;
  if (typeof v === 'number' || typeof v === 'boolean') return String(v);
  throw new TemplateError(`The template function '${fn}' expects string arguments, got ${typeof v}.`);
}

/** ARM's resourceId([subscriptionId], [resourceGroupName], type, name1, name2...). */
function resourceId(args: unknown[], scope: Scope): string {
  const texts = args.map((a) => str(a, 'resourceId'));
  const at = texts.findIndex((t) => t.includes('/'));
  if (at < 0 || at > 2)
    throw new TemplateError("The template function 'resourceId' needs a resource type (Namespace/type).");
  const [namespace, ...types] = texts[at].split('/');
  const names = texts.slice(at + 1);
  if (names.length !== types.length)
    throw new TemplateError(
      `The template function 'resourceId' got ${names.length} name(s) for type '${texts[at]}', which needs ${types.length}.`,
    );
  const sub = at === 2 ? texts[0] : scope.sub;
  const rg = at === 2 ? texts[1] : at === 1 ? texts[0] : scope.rg;
  const tail = types.map((t, i) => `${t}/${names[i]}`).join('/');
  return `/subscriptions/${sub}/resourceGroups/${rg}/providers/${namespace}/${tail}`;
}

type Fn = (args: unknown[], scope: Scope) => unknown;

/** The functions ADF's exports and linked templates use, and a few cheap neighbours. Names compare case-insensitively. */
const FUNCTIONS: Record<string, Fn> = {
  parameters: ([n], s) => s.parameter(str(n, 'parameters')),
  variables: ([n], s) => s.variable(str(n, 'variables')),
  concat: (args) =>
    args.length > 0 && args.every(Array.isArray)
      ? (args as unknown[][]).flat()
      : args.map((a) => str(a, 'concat')).join(''),
  resourceid: (args, s) => resourceId(args, s),
  resourcegroup: (_a, s) => ({
    id: `/subscriptions/${s.sub}/resourceGroups/${s.rg}`,
    name: s.rg,
    type: 'Microsoft.Resources/resourceGroups',
    location: s.rgLocation,
    properties: { provisioningState: 'Succeeded' },
  }),
  subscription: (_a, s) => ({ id: `/subscriptions/${s.sub}`, subscriptionId: s.sub, displayName: 'emulator' }),
  string: ([v]) => (typeof v === 'string' ? v : JSON.stringify(v)),
  json: ([v]) => {
    try {
      return JSON.parse(str(v, 'json'));
    } catch {
      throw new TemplateError("The template function 'json' got text that is not JSON.");
    }
  },
  format: ([f, ...rest]) =>
    str(f, 'format').replace(/\{(\d+)\}/g, (_m, i: string) => str(rest[Number(i)] ?? '', 'format')),
  tolower: ([v]) => str(v, 'toLower').toLowerCase(),
  toupper: ([v]) => str(v, 'toUpper').toUpperCase(),
  replace: ([v, a, b]) => str(v, 'replace').replaceAll(str(a, 'replace'), str(b, 'replace')),
  equals: ([a, b]) => JSON.stringify(a) === JSON.stringify(b),
  if: ([c, a, b]) => (c === true ? a : b),
  true: () => true,
  false: () => false,
};

/** The functions this evaluator knows (for the error message of an unknown one). */
export const KNOWN_FUNCTIONS = [
  'parameters',
  'variables',
  'concat',
  'resourceId',
  'resourceGroup',
  'subscription',
  'string',
  'json',
  'format',
  'toLower',
  'toUpper',
  'replace',
  'equals',
  'if',
  'true',
  'false',
];

function evaluateExpr(e: Expr, scope: Scope): unknown {
  switch (e.t) {
    case 'str':
    case 'num':
      return e.v;
    case 'prop': {
      const of = evaluateExpr(e.of, scope);
      if (!isRecord(of))
        throw new TemplateError(`The property '${e.name}' cannot be read: the value is not an object.`);
      const key = Object.keys(of).find((k) => k.toLowerCase() === e.name.toLowerCase());
      if (key === undefined) throw new TemplateError(`The object has no property '${e.name}'.`);
      return of[key];
    }
    case 'index': {
      const of = evaluateExpr(e.of, scope);
      const index = evaluateExpr(e.index, scope);
      if (Array.isArray(of) && typeof index === 'number' && index >= 0 && index < of.length) return of[index];
      if (isRecord(of) && typeof index === 'string') return evaluateExpr({ t: 'prop', of: e.of, name: index }, scope);
      throw new TemplateError('The index is out of range or the value cannot be indexed.');
    }
    case 'call': {
      const fn = FUNCTIONS[e.name.toLowerCase()];
      if (!fn)
        throw new TemplateError(
          `The template function '${e.name}' is not supported by the emulator (it evaluates ${KNOWN_FUNCTIONS.join(', ')}).`,
        );
      return fn(
        e.args.map((a) => evaluateExpr(a, scope)),
        scope,
      );
    }
  }
}

/** One template string: an expression is evaluated, `[[...` loses its escape, anything else is itself. */
export function evaluateString(s: string, scope: Scope): unknown {
  if (s.startsWith('[[')) return s.slice(1);
  if (!isExpression(s)) return s;
  return evaluateExpr(parseExpression(s.slice(1, -1)), scope);
}

/** Every string value of a template value evaluated (object keys are taken as they are, as ARM does). */
export function evaluateDeep(value: unknown, scope: Scope): unknown {
  if (typeof value === 'string') return evaluateString(value, scope);
  if (Array.isArray(value)) return value.map((v) => evaluateDeep(v, scope));
  if (isRecord(value)) return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, evaluateDeep(v, scope)]));
  return value;
}
