/**
 * ADF's built-in expression functions with their argument counts, from "Expressions and functions in
 * Azure Data Factory" (learn.microsoft.com, control-flow-expression-language-functions) and the system
 * variables page. Names are matched case-insensitively, as ADF does (`utcnow()` and `utcNow()` both work).
 */
export type FunctionFamily = 'string' | 'collection' | 'logical' | 'conversion' | 'math' | 'date' | 'system';

export interface FunctionSpec {
  /** Canonical spelling. */
  name: string;
  family: FunctionFamily;
  minArgs: number;
  /** Infinity for variadic functions. */
  maxArgs: number;
}

const V = Infinity;

const SPECS: Array<[string, FunctionFamily, number, number]> = [
  // string
  ['concat', 'string', 1, V],
  ['endsWith', 'string', 2, 2],
  ['guid', 'string', 0, 1],
  ['indexOf', 'string', 2, 2],
  ['lastIndexOf', 'string', 2, 2],
  ['replace', 'string', 3, 3],
  ['split', 'string', 2, 2],
  ['startsWith', 'string', 2, 2],
  ['substring', 'string', 2, 3],
  ['toLower', 'string', 1, 1],
  ['toUpper', 'string', 1, 1],
  ['trim', 'string', 1, 1],
  // collection
  ['contains', 'collection', 2, 2],
  ['empty', 'collection', 1, 1],
  ['first', 'collection', 1, 1],
  ['intersection', 'collection', 1, V],
  ['join', 'collection', 2, 2],
  ['last', 'collection', 1, 1],
  ['length', 'collection', 1, 1],
  ['skip', 'collection', 2, 2],
  ['take', 'collection', 2, 2],
  ['union', 'collection', 1, V],
  // logical
  ['and', 'logical', 2, V],
  ['equals', 'logical', 2, 2],
  ['greater', 'logical', 2, 2],
  ['greaterOrEquals', 'logical', 2, 2],
  ['if', 'logical', 3, 3],
  ['less', 'logical', 2, 2],
  ['lessOrEquals', 'logical', 2, 2],
  ['not', 'logical', 1, 1],
  ['or', 'logical', 2, V],
  // conversion
  ['array', 'conversion', 1, 1],
  ['base64', 'conversion', 1, 1],
  ['base64ToBinary', 'conversion', 1, 1],
  ['base64ToString', 'conversion', 1, 1],
  ['binary', 'conversion', 1, 1],
  ['bool', 'conversion', 1, 1],
  ['coalesce', 'conversion', 1, V],
  ['createArray', 'conversion', 1, V],
  ['dataUri', 'conversion', 1, 1],
  ['dataUriToBinary', 'conversion', 1, 1],
  ['dataUriToString', 'conversion', 1, 1],
  ['decodeBase64', 'conversion', 1, 1],
  ['decodeDataUri', 'conversion', 1, 1],
  ['decodeUriComponent', 'conversion', 1, 1],
  ['encodeUriComponent', 'conversion', 1, 1],
  ['float', 'conversion', 1, 1],
  ['int', 'conversion', 1, 1],
  ['json', 'conversion', 1, 1],
  ['string', 'conversion', 1, 1],
  ['uriComponent', 'conversion', 1, 1],
  ['uriComponentToBinary', 'conversion', 1, 1],
  ['uriComponentToString', 'conversion', 1, 1],
  ['xml', 'conversion', 1, 1],
  ['xpath', 'conversion', 2, 2],
  // math
  ['add', 'math', 2, 2],
  ['div', 'math', 2, 2],
  ['max', 'math', 1, V],
  ['min', 'math', 1, V],
  ['mod', 'math', 2, 2],
  ['mul', 'math', 2, 2],
  ['rand', 'math', 2, 2],
  ['range', 'math', 2, 2],
  ['sub', 'math', 2, 2],
  // date and time
  ['addDays', 'date', 2, 3],
  ['addHours', 'date', 2, 3],
  ['addMinutes', 'date', 2, 3],
  ['addSeconds', 'date', 2, 3],
  ['addToTime', 'date', 3, 4],
  ['convertFromUtc', 'date', 2, 3],
  ['convertTimeZone', 'date', 3, 4],
  ['convertToUtc', 'date', 2, 3],
  ['dayOfMonth', 'date', 1, 1],
  ['dayOfWeek', 'date', 1, 1],
  ['dayOfYear', 'date', 1, 1],
  ['formatDateTime', 'date', 1, 2],
  ['getFutureTime', 'date', 2, 3],
  ['getPastTime', 'date', 2, 3],
  ['startOfDay', 'date', 1, 2],
  ['startOfHour', 'date', 1, 2],
  ['startOfMonth', 'date', 1, 2],
  ['subtractFromTime', 'date', 3, 4],
  ['ticks', 'date', 1, 1],
  ['utcNow', 'date', 0, 1],
  // system: the run's context (pipeline, activities, iteration, trigger, resource parameters)
  ['pipeline', 'system', 0, 0],
  ['activity', 'system', 1, 1],
  ['variables', 'system', 1, 1],
  ['item', 'system', 0, 0],
  ['trigger', 'system', 0, 0],
  // Storage event triggers pass @triggerBody().fileName / .folderPath to pipeline parameters.
  ['triggerBody', 'system', 0, 0],
  ['triggerOutputs', 'system', 0, 0],
  ['dataset', 'system', 0, 0],
  ['linkedService', 'system', 0, 0],
];

export const FUNCTIONS: ReadonlyMap<string, FunctionSpec> = new Map(
  SPECS.map(([name, family, minArgs, maxArgs]) => [name.toLowerCase(), { name, family, minArgs, maxArgs }]),
);

/** The spec of a function by name (case-insensitive), or undefined when ADF has no such function. */
export function lookupFunction(name: string): FunctionSpec | undefined {
  return FUNCTIONS.get(name.toLowerCase());
}

/** 'exactly 2', 'at least 1', '2 to 3' */
export function describeArity(spec: FunctionSpec): string {
  if (spec.minArgs === spec.maxArgs) return `exactly ${spec.minArgs}`;
  if (spec.maxArgs === Infinity) return `at least ${spec.minArgs}`;
  return `${spec.minArgs} to ${spec.maxArgs}`;
}
