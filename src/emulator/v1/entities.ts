import { randomUUID } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from '../context.js';
import { isObject } from '../documents.js';
import { badRequest, methodNotAllowed } from '../errors.js';
import { EmulatorError } from '../http.js';
import { checkV1IfMatch, factoryIdOf, requireV1Factory } from './factories.js';
import { V1_API_VERSION, V1_PAGE_SIZE, type V1Collection, type V1Entity, type V1Factory } from './state.js';

interface ChildPath {
  sub: string;
  rg: string;
  factory: string;
  coll: V1Collection;
}

const LABEL: Record<V1Collection, string> = {
  linkedservices: 'linked service',
  datasets: 'dataset',
  datapipelines: 'pipeline',
};
const FREQUENCIES = new Set(['Minute', 'Hour', 'Day', 'Week', 'Month']);

/** Entity names (B2): ≤260, start with a letter, digit or `_`, none of `. + ? / < > * % & : \`. */
export function checkV1EntityName(name: string): string | undefined {
  if (name.length === 0 || name.length > 260) return 'it must have 1 to 260 characters';
  if (!/^[A-Za-z0-9_]/.test(name)) return 'it must start with a letter, a digit or an underscore';
  const bad = /[.+?/<>*%&:\\]/.exec(name);
  return bad ? `it must not contain '${bad[0]}'` : undefined;
}

function render(f: V1Factory, coll: V1Collection, e: V1Entity): Record<string, unknown> {
  return { id: `${factoryIdOf(f)}/${coll}/${e.name}`, name: e.name, properties: e.properties };
}

export function listV1Children(ctx: HandlerContext, req: HandlerRequest, p: ChildPath): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const f = requireV1Factory(ctx, p);
  const after = req.query.get('$skipToken') ?? undefined;
  const all = [...f.children[p.coll].entries()]
    .sort(([a], [b]) => (a < b ? -1 : 1))
    .filter(([k]) => after === undefined || k > after);
  const page = all.slice(0, V1_PAGE_SIZE);
  const body: Record<string, unknown> = { value: page.map(([, e]) => render(f, p.coll, e)) };
  if (all.length > page.length)
    body.nextLink = `${ctx.baseUrl()}${req.pathname}?api-version=${V1_API_VERSION}&%24skipToken=${encodeURIComponent(page[page.length - 1][0])}`;
  return { status: 200, body };
}

export function handleV1Child(ctx: HandlerContext, req: HandlerRequest, p: ChildPath & { name: string }): Reply {
  const f = requireV1Factory(ctx, p);
  const map = f.children[p.coll];
  const existing = map.get(p.name.toLowerCase());
  const what = `${LABEL[p.coll]} '${p.name}'`;
  switch (req.method) {
    case 'GET':
      if (!existing) throw new EmulatorError(404, 'NotFound', `The ${what} was not found in data factory '${f.name}'.`);
      return { status: 200, body: render(f, p.coll, existing), headers: { etag: existing.etag } };
    case 'DELETE': {
      if (!existing) return { status: 204 };
      checkV1IfMatch(req, existing.etag, what);
      const referrer = firstReferrer(f, p.coll, existing.name);
      if (referrer) throw badRequest(`The ${what} cannot be deleted since it is referenced by ${referrer}.`);
      map.delete(p.name.toLowerCase());
      return { status: 200, committed: true };
    }
    case 'PUT': {
      const problem = checkV1EntityName(p.name);
      if (problem)
        throw new EmulatorError(
          400,
          'InvalidResourceName',
          `The ${LABEL[p.coll]} name '${p.name}' is invalid: ${problem}.`,
        );
      checkV1IfMatch(req, existing?.etag, what);
      const props = req.body?.properties;
      if (!isObject(props))
        throw badRequest(`The ${what} has no 'properties' object: the body must be {"name", "properties": {...}}.`);
      checkDocument(f, p.coll, p.name, props);
      const e: V1Entity = {
        name: existing?.name ?? p.name,
        id: existing?.id ?? randomUUID(),
        etag: `"${randomUUID()}"`,
        properties: props,
      };
      map.set(p.name.toLowerCase(), e);
      return { status: existing ? 200 : 201, body: render(f, p.coll, e), committed: true, headers: { etag: e.etag } };
    }
    default:
      throw methodNotAllowed(req.method);
  }
}

function need(f: V1Factory, coll: V1Collection, name: unknown, where: string): void {
  if (typeof name !== 'string' || !f.children[coll].has(name.toLowerCase()))
    throw badRequest(
      `The document creation or update failed because of invalid reference '${String(name)}' (${where}).`,
      where,
    );
}

/** The V1 shape rules the service enforces on write (B2), and every reference resolved. */
function checkDocument(f: V1Factory, coll: V1Collection, name: string, props: Record<string, unknown>): void {
  if (coll !== 'datapipelines' && typeof props.type !== 'string')
    throw badRequest(`The ${LABEL[coll]} '${name}' needs 'properties.type'.`, 'properties.type');
  if (coll === 'datasets') {
    need(f, 'linkedservices', props.linkedServiceName, 'properties.linkedServiceName');
    const a = props.availability;
    if (!isObject(a))
      throw badRequest(`The dataset '${name}' needs 'properties.availability'.`, 'properties.availability');
    if (typeof a.frequency !== 'string' || !FREQUENCIES.has(a.frequency))
      throw badRequest(
        `The dataset '${name}': availability.frequency must be one of Minute, Hour, Day, Week, Month.`,
        'properties.availability.frequency',
      );
    if (!Number.isInteger(a.interval) || (a.interval as number) < 1)
      throw badRequest(
        `The dataset '${name}': availability.interval must be a positive integer.`,
        'properties.availability.interval',
      );
  }
  if (coll === 'datapipelines') {
    if (!Array.isArray(props.activities))
      throw badRequest(`The pipeline '${name}' needs 'properties.activities' (an array).`, 'properties.activities');
    if ((props.start === undefined) !== (props.end === undefined))
      throw badRequest(`The pipeline '${name}': 'start' and 'end' must be given together.`, 'properties.start');
    for (const [i, act] of props.activities.entries()) {
      if (!isObject(act)) throw badRequest(`The pipeline '${name}': activities[${i}] must be an object.`);
      for (const io of ['inputs', 'outputs'] as const)
        for (const [j, ref] of (Array.isArray(act[io]) ? act[io] : []).entries())
          need(f, 'datasets', isObject(ref) ? ref.name : undefined, `properties.activities[${i}].${io}[${j}]`);
      if (act.linkedServiceName !== undefined)
        need(f, 'linkedservices', act.linkedServiceName, `properties.activities[${i}].linkedServiceName`);
    }
  }
}

function firstReferrer(f: V1Factory, coll: V1Collection, name: string): string | undefined {
  const low = name.toLowerCase();
  const is = (v: unknown) => typeof v === 'string' && v.toLowerCase() === low;
  if (coll === 'linkedservices')
    for (const d of f.children.datasets.values()) if (is(d.properties.linkedServiceName)) return `dataset '${d.name}'`;
  for (const p of f.children.datapipelines.values()) {
    for (const act of Array.isArray(p.properties.activities) ? p.properties.activities : []) {
      if (!isObject(act)) continue;
      if (coll === 'linkedservices' && is(act.linkedServiceName)) return `pipeline '${p.name}'`;
      const refs = [
        ...(Array.isArray(act.inputs) ? act.inputs : []),
        ...(Array.isArray(act.outputs) ? act.outputs : []),
      ];
      if (coll === 'datasets' && refs.some((r) => isObject(r) && is(r.name))) return `pipeline '${p.name}'`;
    }
  }
  return undefined;
}
