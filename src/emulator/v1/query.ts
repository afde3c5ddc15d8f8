/**
 * The OData subset of activity-window queries (adf-runs-v1-facts B3): `filter` with `eq ne gt ge lt le`,
 * `and or not`, parentheses, string, datetime, number and null literals over the window's fields; `orderBy` with
 * several keys, each `asc` (default) or `desc`. A recursive-descent parser; errors name the field or position.
 */
export type FieldType = 'string' | 'number' | 'datetime';
export type WindowRecord = Record<string, unknown>;
export type Predicate = (w: WindowRecord) => boolean;

/** The window fields a query may name (case-insensitive), with their types. */
export const WINDOW_FIELDS: Record<string, FieldType> = {
  resourceGroupName: 'string',
  dataFactoryName: 'string',
  pipelineName: 'string',
  activityName: 'string',
  linkedServiceName: 'string',
  activityType: 'string',
  runAttempts: 'number',
  runStart: 'datetime',
  runEnd: 'datetime',
  duration: 'string',
  percentComplete: 'number',
  windowStart: 'datetime',
  windowEnd: 'datetime',
  windowState: 'string',
  windowSubstate: 'string',
};
const BY_LOWER = new Map(Object.keys(WINDOW_FIELDS).map((k) => [k.toLowerCase(), k]));

export class QueryError extends Error {}

/** The canonical field name, or a QueryError naming the unknown one. */
export function fieldOf(name: string, where: string): string {
  const f = BY_LOWER.get(name.toLowerCase());
  if (!f)
    throw new QueryError(`unknown field '${name}' ${where}; the fields are ${Object.keys(WINDOW_FIELDS).join(', ')}`);
  return f;
}

type Token =
  | { k: 'lp' | 'rp'; pos: number }
  | { k: 'word'; v: string; pos: number }
  | { k: 'lit'; v: string | number | null; dt?: boolean; pos: number };

const DATETIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})?/;

function tokenize(src: string): Token[] {
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const c = src[i];
    if (/\s/.test(c)) {
      i++;
    } else if (c === '(' || c === ')') {
      out.push({ k: c === '(' ? 'lp' : 'rp', pos: i });
      i++;
    } else if (c === "'" || /^datetime'/i.test(src.slice(i))) {
      const dt = c !== "'";
      const start = i;
      i += dt ? 9 : 1;
      let v = '';
      for (;;) {
        if (i >= src.length) throw new QueryError(`unterminated string starting at position ${start}`);
        if (src[i] === "'") {
          if (src[i + 1] === "'") {
            v += "'";
            i += 2;
            continue;
          }
          i++;
          break;
        }
        v += src[i++];
      }
      out.push({ k: 'lit', v, dt, pos: start });
    } else if (DATETIME.test(src.slice(i))) {
      const m = DATETIME.exec(src.slice(i)) as RegExpExecArray;
      out.push({ k: 'lit', v: m[0], dt: true, pos: i });
      i += m[0].length;
    } else if (/[-\d]/.test(c)) {
      const m = /^-?\d+(?:\.\d+)?/.exec(src.slice(i));
      if (!m) throw new QueryError(`unexpected '${c}' at position ${i}`);
      out.push({ k: 'lit', v: Number(m[0]), pos: i });
      i += m[0].length;
    } else if (/[A-Za-z_]/.test(c)) {
      const m = /^[A-Za-z_][A-Za-z0-9_]*/.exec(src.slice(i)) as RegExpExecArray;
      if (m[0].toLowerCase() === 'null') out.push({ k: 'lit', v: null, pos: i });
      else out.push({ k: 'word', v: m[0], pos: i });
      i += m[0].length;
    } else {
      throw new QueryError(`unexpected '${c}' at position ${i}`);
    }
  }
  return out;
}

const OPS = new Set(['eq', 'ne', 'gt', 'ge', 'lt', 'le']);

/** Parse a filter into a predicate; throws QueryError with the position or the unknown field. */
export function parseFilter(src: string): Predicate {
  const toks = tokenize(src);
  let i = 0;
  const peekWord = (w: string) => {
    const t = toks[i];
    return t?.k === 'word' && t.v.toLowerCase() === w;
  };
  const where = () => (i < toks.length ? `at position ${toks[i].pos}` : 'at the end');
  const orExpr = (): Predicate => {
    let left = andExpr();
    while (peekWord('or')) {
      i++;
      const l = left;
      const r = andExpr();
      left = (w) => l(w) || r(w);
    }
    return left;
  };
  const andExpr = (): Predicate => {
    let left = notExpr();
    while (peekWord('and')) {
      i++;
      const l = left;
      const r = notExpr();
      left = (w) => l(w) && r(w);
    }
    return left;
  };
  const notExpr = (): Predicate => {
    if (peekWord('not')) {
      i++;
      const inner = notExpr();
      return (w) => !inner(w);
    }
    return primary();
  };
  const primary = (): Predicate => {
    const t = toks[i];
    if (!t) throw new QueryError('the filter ends where a comparison was expected');
    if (t.k === 'lp') {
      i++;
      const inner = orExpr();
      if (toks[i]?.k !== 'rp') throw new QueryError(`expected ')' ${where()}`);
      i++;
      return inner;
    }
    if (t.k !== 'word') throw new QueryError(`expected a field name at position ${t.pos}`);
    const field = fieldOf(t.v, `at position ${t.pos}`);
    i++;
    const op = toks[i];
    if (op?.k !== 'word' || !OPS.has(op.v.toLowerCase()))
      throw new QueryError(`expected one of eq, ne, gt, ge, lt, le after '${t.v}' ${where()}`);
    i++;
    const lit = toks[i];
    if (lit?.k !== 'lit') throw new QueryError(`expected a literal after '${t.v} ${op.v}' ${where()}`);
    i++;
    return compare(field, op.v.toLowerCase(), lit);
  };
  const pred = orExpr();
  if (i < toks.length) throw new QueryError(`unexpected input ${where()}`);
  return pred;
}

function compare(field: string, op: string, lit: Extract<Token, { k: 'lit' }>): Predicate {
  const type = WINDOW_FIELDS[field];
  let want: string | number | null = lit.v;
  if (want !== null) {
    if (type === 'datetime') {
      const t = typeof want === 'string' ? Date.parse(want) : Number.NaN;
      if (Number.isNaN(t))
        throw new QueryError(`'${field}' is a date-time: '${String(want)}' is not one (position ${lit.pos})`);
      want = t;
    } else if (type === 'number' && typeof want !== 'number')
      throw new QueryError(`'${field}' is a number: '${want}' is not one (position ${lit.pos})`);
    else if (type === 'string' && typeof want !== 'string')
      throw new QueryError(`'${field}' is a string: quote the value (position ${lit.pos})`);
  }
  return (w) => {
    const have = fieldValue(w, field);
    if (want === null || have === null) {
      if (op === 'eq') return have === want;
      if (op === 'ne') return have !== want;
      return false;
    }
    switch (op) {
      case 'eq':
        return have === want;
      case 'ne':
        return have !== want;
      case 'gt':
        return have > want;
      case 'ge':
        return have >= want;
      case 'lt':
        return have < want;
      default:
        return have <= want;
    }
  };
}

/** A field's comparable value: date-times as ms, missing/empty as null. */
export function fieldValue(w: WindowRecord, field: string): string | number | null {
  const v = w[field];
  if (v === undefined || v === null || v === '') return null;
  if (WINDOW_FIELDS[field] === 'datetime' && typeof v === 'string') return Date.parse(v);
  return typeof v === 'number' ? v : String(v);
}

export interface OrderKey {
  field: string;
  desc: boolean;
}

/** `WindowStart desc, PercentComplete` → keys; unknown fields and directions are QueryErrors. */
export function parseOrderBy(src: string): OrderKey[] {
  return src
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part.length > 0)
    .map((part) => {
      const [name, dir, extra] = part.split(/\s+/);
      if (extra !== undefined || (dir !== undefined && !/^(asc|desc)$/i.test(dir)))
        throw new QueryError(`orderBy: '${part}' is not '<field> [asc|desc]'`);
      return { field: fieldOf(name, 'in orderBy'), desc: dir?.toLowerCase() === 'desc' };
    });
}

/** A comparator for the keys; nulls sort first ascending. Ties keep the input order (Array.sort is stable). */
export function comparatorOf(keys: OrderKey[]): (a: WindowRecord, b: WindowRecord) => number {
  return (a, b) => {
    for (const k of keys) {
      const x = fieldValue(a, k.field);
      const y = fieldValue(b, k.field);
      if (x === y) continue;
      const c = x === null ? -1 : y === null ? 1 : x < y ? -1 : 1;
      return k.desc ? -c : c;
    }
    return 0;
  };
}
