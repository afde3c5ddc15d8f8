import path from 'node:path';
import { AdfDeployError } from '../core/errors.js';
import { isPlainObject } from '../diff/canonical.js';
import { checkName, FACTORY_NAME_RULE, isKind, KIND_INFO } from '../model/kinds.js';
import { resourceAddress } from '../model/resource.js';
import { toPlanDocument } from '../render/plan-json.js';
import type { Action, Plan, ResourceChange, TriggerAction } from './types.js';

/**
 * The one owner of the saved-plan file format (`plan --out`, read by `apply plan.json`): the writer and the
 * strict parser. A plan file is untrusted input (it may come from a pull request or an artefact store): the
 * parser accepts only what the writer writes, and the checks that decide whether it may be applied live in
 * src/plan/plan-verify.ts, as pure functions.
 */

/** `target.endpoint` of a plan made against the embedded emulator (--local): its URL changes every run. */
export const LOCAL_ENDPOINT = 'local';

const ACTIONS: readonly Action[] = ['create', 'update', 'delete', 'replace', 'no-op'];
const HINT = 'write it with `adf-deploy plan DIR --out plan.json`, and do not edit it';
const MAX_PLAN_BYTES = 64 * 1024 * 1024;

/** The endpoint as recorded and compared: `local` for the embedded emulator, else the URL without trailing slashes. */
export function recordedEndpoint(endpoint: string, local: boolean): string {
  return local ? LOCAL_ENDPOINT : endpoint.trim().replace(/\/+$/, '').toLowerCase();
}

/**
 * The text of a plan file for `plan` saved at `file`: the versioned JSON, `source.dir` relative to the file's
 * folder (so the pair can move together) and the endpoint recorded as the backend it was made against.
 */
export function renderPlanFile(plan: Plan, file: string, options: { local: boolean }): string {
  const dir =
    path
      .relative(path.dirname(path.resolve(file)), plan.source.dir)
      .split(path.sep)
      .join('/') || '.';
  const doc = toPlanDocument({
    ...plan,
    target: { ...plan.target, endpoint: recordedEndpoint(plan.target.endpoint, options.local) },
    source: { ...plan.source, dir },
  });
  return `${JSON.stringify(doc, null, 2)}\n`;
}

/** A problem found while parsing: thrown as one `plan.file-invalid` error naming the file and the JSON path. */
class Invalid extends Error {}

function fail(at: string, expected: string, found: unknown): never {
  const shown = found === undefined ? 'nothing' : JSON.stringify(found)?.slice(0, 60);
  throw new Invalid(`${at}: expected ${expected}, found ${shown}`);
}

function only(obj: Record<string, unknown>, at: string, keys: string[]): void {
  for (const k of Object.keys(obj)) if (!keys.includes(k)) throw new Invalid(`${at}: unexpected field '${k}'`);
}

function str(obj: Record<string, unknown>, key: string, at: string, optional = false): string | undefined {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'string') fail(`${at}.${key}`, 'a string', v);
  return v;
}

function bool(obj: Record<string, unknown>, key: string, at: string, optional = false): boolean | undefined {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (typeof v !== 'boolean') fail(`${at}.${key}`, 'true or false', v);
  return v;
}

function strings(obj: Record<string, unknown>, key: string, at: string, optional = false): string[] | undefined {
  const v = obj[key];
  if (v === undefined && optional) return undefined;
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(`${at}.${key}`, 'a list of strings', v);
  return v as string[];
}

function object(v: unknown, at: string): Record<string, unknown> {
  if (!isPlainObject(v)) fail(at, 'an object', v);
  return v;
}

const CHANGE_KEYS = [
  'address',
  'kind',
  'name',
  'parent',
  'action',
  'reason',
  'changes',
  'etag',
  'desired',
  'secretFingerprint',
  'dependsOn',
  'kept',
  'dangerous',
  'warnings',
];

function parseChange(v: unknown, at: string, factory: boolean): ResourceChange {
  const c = object(v, at);
  only(c, at, CHANGE_KEYS);
  const kind = str(c, 'kind', at)!;
  if (factory ? kind !== 'Factory' : !isKind(kind)) fail(`${at}.kind`, factory ? "'Factory'" : 'a resource kind', kind);
  const name = str(c, 'name', at)!;
  const parent = str(c, 'parent', at, true);
  const rule = factory ? FACTORY_NAME_RULE : KIND_INFO[kind as keyof typeof KIND_INFO].nameRule;
  const problem = checkName(name, rule);
  if (problem) throw new Invalid(`${at}.name: ${problem.replace(/'[^']*'/, JSON.stringify(name).slice(0, 60))}`);
  if ((kind === 'ManagedPrivateEndpoint') !== (parent !== undefined))
    fail(`${at}.parent`, kind === 'ManagedPrivateEndpoint' ? 'the managed virtual network' : 'no parent', parent);
  if (parent !== undefined && checkName(parent, KIND_INFO.ManagedVirtualNetwork.nameRule))
    fail(`${at}.parent`, 'a managed virtual network name', parent);
  const address = str(c, 'address', at)!;
  const expected = factory ? `Factory/${name}` : resourceAddress({ kind: kind as never, name, parent });
  if (address !== expected) fail(`${at}.address`, JSON.stringify(expected), address);
  const act = str(c, 'action', at) as Action;
  if (!ACTIONS.includes(act)) fail(`${at}.action`, ACTIONS.join(', '), act);
  if (!Array.isArray(c.changes) || c.changes.some((p) => !isPlainObject(p)))
    fail(`${at}.changes`, 'a list of property changes', c.changes);
  if (c.desired !== undefined) object(c.desired, `${at}.desired`);
  str(c, 'reason', at, true);
  str(c, 'etag', at, true);
  str(c, 'secretFingerprint', at, true);
  strings(c, 'dependsOn', at);
  for (const k of ['kept', 'dangerous', 'warnings']) strings(c, k, at, true);
  return c as unknown as ResourceChange;
}

function parseTrigger(v: unknown, at: string): TriggerAction {
  const t = object(v, at);
  only(t, at, ['address', 'name', 'stop', 'start', 'reason']);
  const name = str(t, 'name', at)!;
  if (str(t, 'address', at) !== `Trigger/${name}`) fail(`${at}.address`, `"Trigger/${name}"`, t.address);
  bool(t, 'stop', at);
  bool(t, 'start', at);
  str(t, 'reason', at);
  return t as unknown as TriggerAction;
}

function parseDocument(data: unknown): Plan {
  const doc = object(data, '(top)');
  if (doc.formatVersion !== 1) fail('formatVersion', '1 (this adf-deploy reads version 1)', doc.formatVersion);
  only(doc, '(top)', [
    'formatVersion',
    'createdAt',
    'target',
    'source',
    'summary',
    'hasChanges',
    'factory',
    'changes',
    'triggers',
    'restartMarkers',
    'drift',
  ]);
  str(doc, 'createdAt', '(top)');
  const target = object(doc.target, 'target');
  only(target, 'target', ['subscriptionId', 'resourceGroup', 'factoryName', 'endpoint']);
  for (const k of ['subscriptionId', 'resourceGroup', 'factoryName', 'endpoint']) str(target, k, 'target');
  const source = object(doc.source, 'source');
  only(source, 'source', ['dir', 'env', 'prune', 'targets', 'pruneGlobalParameters', 'prunePrivateEndpoints']);
  str(source, 'dir', 'source');
  str(source, 'env', 'source', true);
  bool(source, 'prune', 'source');
  strings(source, 'targets', 'source', true);
  bool(source, 'pruneGlobalParameters', 'source', true);
  bool(source, 'prunePrivateEndpoints', 'source', true);
  const summary = object(doc.summary, 'summary');
  for (const k of Object.keys(summary))
    if (typeof summary[k] !== 'number') fail(`summary.${k}`, 'a number', summary[k]);
  bool(doc, 'hasChanges', '(top)');
  const factory = parseChange(doc.factory, 'factory', true);
  if (factory.name !== target.factoryName) fail('factory.name', JSON.stringify(target.factoryName), factory.name);
  if (!Array.isArray(doc.changes)) fail('changes', 'a list', doc.changes);
  const changes = doc.changes.map((c, i) => parseChange(c, `changes[${i}]`, false));
  if (!Array.isArray(doc.triggers)) fail('triggers', 'a list', doc.triggers);
  const triggers = doc.triggers.map((t, i) => parseTrigger(t, `triggers[${i}]`));
  strings(doc, 'restartMarkers', '(top)', true);
  // Drift is shown, never acted on (apply recomputes it); its entries only need to be objects.
  if (doc.drift !== undefined && (!Array.isArray(doc.drift) || doc.drift.some((d) => !isPlainObject(d))))
    fail('drift', 'a list of objects', doc.drift);
  // ADF compares names case-insensitively: two entries for one object would be two writes to it.
  for (const [list, entries] of [
    ['changes', [factory, ...changes]],
    ['triggers', triggers],
  ] as const) {
    const seen = new Set<string>();
    for (const e of entries) {
      const key = e.address.toLowerCase();
      if (seen.has(key)) throw new Invalid(`${list}: ${e.address} appears twice (names are compared ignoring case)`);
      seen.add(key);
    }
  }
  return doc as unknown as Plan;
}

/**
 * Parse a plan file: strict (unknown fields, wrong types, invalid names, duplicate addresses are refused), every
 * problem a `plan.file-invalid` error naming the file and the JSON path. `file` is the file's path: the
 * returned plan's `source.dir` is resolved against its folder.
 */
export function parsePlanFile(text: string, file: string): Plan {
  const where = file;
  if (text.length > MAX_PLAN_BYTES)
    throw new AdfDeployError('plan.file-invalid', `${where} is larger than 64 MB: not a plan file`, { hint: HINT });
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AdfDeployError('plan.file-invalid', `${where} is not a plan file: ${(err as Error).message}`, {
      hint: HINT,
    });
  }
  try {
    const plan = parseDocument(data);
    return { ...plan, source: { ...plan.source, dir: path.resolve(path.dirname(file), plan.source.dir) } };
  } catch (err) {
    if (!(err instanceof Invalid)) throw err;
    throw new AdfDeployError('plan.file-invalid', `${where} is not a plan file adf-deploy can apply: ${err.message}`, {
      hint: HINT,
    });
  }
}
