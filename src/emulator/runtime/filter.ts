import { EmulatorError } from '../http.js';

/**
 * RunFilterParameters (adf-runs-v1-facts A3): the body of queryPipelineRuns, queryActivityruns and
 * queryTriggerRuns. Parsed strictly: a bad part is a 400 BadRequest whose target names it.
 */
export type QueryKind = 'pipeline runs' | 'activity runs' | 'trigger runs';

export const OPERANDS = [
  'PipelineName',
  'Status',
  'RunStart',
  'RunEnd',
  'ActivityName',
  'ActivityRunStart',
  'ActivityRunEnd',
  'ActivityType',
  'TriggerName',
  'TriggerRunTimestamp',
  'RunGroupId',
  'LatestOnly',
] as const;
export type Operand = (typeof OPERANDS)[number];
export const OPERATORS = ['Equals', 'NotEquals', 'In', 'NotIn'] as const;
export type Operator = (typeof OPERATORS)[number];
export const ORDER_BY = [
  'RunStart',
  'RunEnd',
  'PipelineName',
  'Status',
  'ActivityName',
  'ActivityRunStart',
  'ActivityRunEnd',
  'TriggerName',
  'TriggerRunTimestamp',
] as const;
export type OrderField = (typeof ORDER_BY)[number];

/** Which operands and order fields each query accepts (the spec's descriptions; RunGroupId and LatestOnly chosen for pipeline runs). */
const ALLOWED: Record<QueryKind, { operands: readonly Operand[]; orderBy: readonly OrderField[] }> = {
  'pipeline runs': {
    operands: ['PipelineName', 'Status', 'RunStart', 'RunEnd', 'RunGroupId', 'LatestOnly'],
    orderBy: ['PipelineName', 'RunStart', 'RunEnd', 'Status'],
  },
  'activity runs': {
    operands: ['ActivityName', 'ActivityRunStart', 'ActivityRunEnd', 'ActivityType', 'Status'],
    orderBy: ['ActivityName', 'ActivityRunStart', 'ActivityRunEnd', 'Status'],
  },
  'trigger runs': {
    operands: ['TriggerName', 'TriggerRunTimestamp', 'Status'],
    orderBy: ['TriggerName', 'TriggerRunTimestamp', 'Status'],
  },
};

const TIME_FIELDS = new Set<string>([
  'RunStart',
  'RunEnd',
  'ActivityRunStart',
  'ActivityRunEnd',
  'TriggerRunTimestamp',
]);

export interface RunFilter {
  operand: Operand;
  operator: Operator;
  values: string[];
}

export interface ParsedRunFilter {
  after: number;
  before: number;
  filters: RunFilter[];
  orderBy: Array<{ orderBy: OrderField; order: 'ASC' | 'DESC' }>;
  offset: number;
}

function bad(target: string, message: string): EmulatorError {
  return new EmulatorError(400, 'BadRequest', `Invalid RunFilterParameters: ${target}: ${message}`, target);
}

function oneOf<T extends string>(value: unknown, allowed: readonly T[], target: string): T {
  const found = typeof value === 'string' ? allowed.find((a) => a.toLowerCase() === value.toLowerCase()) : undefined;
  if (found === undefined) throw bad(target, `${JSON.stringify(value ?? null)} is not one of ${allowed.join(', ')}`);
  return found;
}

function parseTime(value: unknown, target: string): number {
  const ms = typeof value === 'string' ? Date.parse(value) : Number.NaN;
  if (Number.isNaN(ms))
    throw bad(
      target,
      `expected a date-time such as 2018-06-16T00:36:44.3345758Z, found ${JSON.stringify(value ?? null)}`,
    );
  return ms;
}

/** Parse a RunFilterParameters body for one kind of query. */
export function parseRunFilter(body: Record<string, unknown> | undefined, kind: QueryKind): ParsedRunFilter {
  if (body === undefined)
    throw bad('body', 'a RunFilterParameters object with lastUpdatedAfter and lastUpdatedBefore is required');
  for (const field of ['lastUpdatedAfter', 'lastUpdatedBefore'])
    if (body[field] === undefined || body[field] === null) throw bad(field, 'is required');
  const after = parseTime(body.lastUpdatedAfter, 'lastUpdatedAfter');
  const before = parseTime(body.lastUpdatedBefore, 'lastUpdatedBefore');
  const allowed = ALLOWED[kind];
  const filters: RunFilter[] = [];
  if (body.filters !== undefined && body.filters !== null) {
    if (!Array.isArray(body.filters)) throw bad('filters', 'expected an array of {operand, operator, values}');
    body.filters.forEach((raw, i) => {
      const at = `filters[${i}]`;
      if (raw === null || typeof raw !== 'object' || Array.isArray(raw))
        throw bad(at, 'expected an object {operand, operator, values}');
      const f = raw as Record<string, unknown>;
      const operand = oneOf(f.operand, OPERANDS, `${at}.operand`);
      if (!allowed.operands.includes(operand))
        throw bad(`${at}.operand`, `'${operand}' cannot filter ${kind}; use one of ${allowed.operands.join(', ')}`);
      const operator = oneOf(f.operator, OPERATORS, `${at}.operator`);
      if (!Array.isArray(f.values) || f.values.length === 0 || !f.values.every((v) => typeof v === 'string'))
        throw bad(`${at}.values`, 'expected a non-empty array of strings');
      const values = f.values as string[];
      if (operand === 'RunGroupId' && values.length > 1)
        throw bad(
          `${at}.values`,
          "Filter operand 'RunGroupId' does not support and array of values. Make sure to provide only one.",
        );
      if ((operator === 'Equals' || operator === 'NotEquals') && values.length > 1)
        throw bad(`${at}.values`, `operator ${operator} takes exactly one value; use In or NotIn for several`);
      if (TIME_FIELDS.has(operand)) values.forEach((v, j) => parseTime(v, `${at}.values[${j}]`));
      if (operand === 'LatestOnly' && !values.every((v) => /^(true|false)$/i.test(v)))
        throw bad(`${at}.values`, "LatestOnly takes 'true' or 'false'");
      filters.push({ operand, operator, values });
    });
  }
  const orderBy: ParsedRunFilter['orderBy'] = [];
  if (body.orderBy !== undefined && body.orderBy !== null) {
    if (!Array.isArray(body.orderBy)) throw bad('orderBy', 'expected an array of {orderBy, order}');
    body.orderBy.forEach((raw, i) => {
      const at = `orderBy[${i}]`;
      const o = (raw ?? {}) as Record<string, unknown>;
      const field = oneOf(o.orderBy, ORDER_BY, `${at}.orderBy`);
      if (!allowed.orderBy.includes(field))
        throw bad(`${at}.orderBy`, `'${field}' cannot order ${kind}; use one of ${allowed.orderBy.join(', ')}`);
      orderBy.push({ orderBy: field, order: oneOf(o.order, ['ASC', 'DESC'] as const, `${at}.order`) });
    });
  }
  return { after, before, filters, orderBy, offset: parseToken(body.continuationToken) };
}

function parseToken(token: unknown): number {
  if (token === undefined || token === null || token === '') return 0;
  const m = typeof token === 'string' ? /^emu-(\d+)$/.exec(Buffer.from(token, 'base64url').toString('utf8')) : null;
  if (!m) throw bad('continuationToken', 'not a token this emulator returned');
  return Number(m[1]);
}

/** Read a field of a run for filtering or ordering: strings, or ms for times. */
export type FieldReader<T> = (item: T, field: Operand | OrderField) => string | number | boolean | null;

function matches<T>(item: T, f: RunFilter, read: FieldReader<T>): boolean {
  const v = read(item, f.operand);
  const hit = f.values.some((x) => {
    if (typeof v === 'number') return v === Date.parse(x);
    if (typeof v === 'boolean') return v === (x.toLowerCase() === 'true');
    return v !== null && v.toLowerCase() === x.toLowerCase();
  });
  return f.operator === 'Equals' || f.operator === 'In' ? hit : !hit;
}

function compare(a: string | number | boolean | null, b: string | number | boolean | null): number {
  if (a === b) return 0;
  if (a === null) return 1;
  if (b === null) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  const sa = String(a).toLowerCase();
  const sb = String(b).toLowerCase();
  return sa < sb ? -1 : sa > sb ? 1 : 0;
}

/**
 * Filter by lastUpdated bounds and filters, order (orderBy, then the default field, then id, so pages are
 * stable) and cut one page; `continuationToken` is null on the last page.
 */
export function queryPage<T>(
  items: T[],
  q: ParsedRunFilter,
  read: FieldReader<T>,
  lastUpdated: (item: T) => number,
  id: (item: T) => string,
  defaultOrder: OrderField,
  pageSize: number,
): { value: T[]; continuationToken: string | null } {
  const kept = items.filter(
    (it) => lastUpdated(it) >= q.after && lastUpdated(it) <= q.before && q.filters.every((f) => matches(it, f, read)),
  );
  const order = [...q.orderBy, { orderBy: defaultOrder, order: 'ASC' as const }];
  // Sort keys read once per item (not per comparison): a page of a 10,000-run query stays cheap.
  const keyed = kept.map((it) => ({ it, keys: order.map((o) => read(it, o.orderBy)), id: id(it) }));
  keyed.sort((a, b) => {
    for (let i = 0; i < order.length; i++) {
      const c = compare(a.keys[i], b.keys[i]);
      if (c !== 0) return order[i].order === 'DESC' ? -c : c;
    }
    return compare(a.id, b.id);
  });
  const sorted = keyed.map((k) => k.it);
  const value = sorted.slice(q.offset, q.offset + pageSize);
  const next = q.offset + pageSize;
  return {
    value,
    continuationToken: next < sorted.length ? Buffer.from(`emu-${next}`, 'utf8').toString('base64url') : null,
  };
}
