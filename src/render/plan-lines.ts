import { formatPath } from '../diff/diff.js';
import { RESTART_TAG_PREFIX } from '../plan/restart-markers.js';
import type { Action, Plan, PropertyChange, ResourceChange } from '../plan/types.js';
import { bodyLines } from './plan-body.js';

/** Pieces shared by the human and Markdown renderings, so both say the same thing. */

export const SENSITIVE_TEXT = '(sensitive value changed)';
export const KEPT_TEXT = 'kept from the live factory';
export const DRIFT_TITLE = 'In the factory, not in the manifests (left in place)';

export function formatValue(value: unknown): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

export const ACTION_SYMBOL: Record<Action, string> = {
  create: '+',
  update: '~',
  replace: '-/+',
  delete: '-',
  'no-op': ' ',
};
const ACTION_VERB: Record<Action, string> = {
  create: 'created',
  update: 'updated',
  replace: 'replaced',
  delete: 'deleted',
  'no-op': 'left unchanged',
};

/** '~ Dataset/DS will be updated' (+ ': reason' when there is one). */
export function headline(change: ResourceChange): string {
  return `${change.address} will be ${ACTION_VERB[change.action]}${change.reason ? `: ${change.reason}` : ''}`;
}

/**
 * One property change as json-diff style lines: [symbol, text]. A replace gives one '~' line 'before -> after';
 * a script change gives its path, then the line diff in `detail`.
 */
export function propertyLine(change: PropertyChange): { symbol: '+' | '-' | '~'; text: string; detail?: string[] } {
  const path = formatPath(change.path);
  if (change.sensitive) return { symbol: '~', text: `${path}: ${SENSITIVE_TEXT}` };
  if (change.lines) return { symbol: '~', text: `${path}:`, detail: change.lines };
  if (change.op === 'add') return { symbol: '+', text: `${path}: ${formatValue(change.after)}` };
  if (change.op === 'remove') return { symbol: '-', text: `${path}: ${formatValue(change.before)}` };
  if (change.op === 'reorder')
    return { symbol: '~', text: `${path} (order): ${formatValue(change.before)} -> ${formatValue(change.after)}` };
  return { symbol: '~', text: `${path}: ${formatValue(change.before)} -> ${formatValue(change.after)}` };
}

/** The lines under a created resource: its body, compact (secrets are placeholders in the plan). */
export function createdLines(change: ResourceChange): string[] {
  if (change.action !== 'create' || !change.desired) return [];
  return bodyLines(change.desired);
}

/** Notes under a resource: dangerous changes, warnings, settings kept from the live factory. */
export function noteLines(change: ResourceChange): { symbol: '!' | '='; text: string }[] {
  return [
    ...(change.dangerous ?? []).map((d) => ({ symbol: '!' as const, text: `DANGEROUS: ${d}` })),
    ...(change.warnings ?? []).map((w) => ({ symbol: '!' as const, text: `warning: ${w}` })),
    ...(change.kept?.length ? [{ symbol: '=' as const, text: `${KEPT_TEXT}: ${change.kept.join(', ')}` }] : []),
  ];
}

/** Every dangerous change of the plan, 'address: why'. */
export function dangerLines(plan: Plan): string[] {
  return listedChanges(plan).flatMap((c) => (c.dangerous ?? []).map((d) => `${c.address}: ${d}`));
}

export const DANGER_NOTE = 'apply --auto-approve refuses dangerous changes unless --allow-dangerous is given';

/** The resources a rendering lists: the factory first when it changes, then the ordered changes. */
export function listedChanges(plan: Plan): ResourceChange[] {
  return [...(plan.factory.action === 'no-op' ? [] : [plan.factory]), ...plan.changes];
}

export function driftCount(plan: Plan): number {
  return plan.drift?.length ?? 0;
}

export function summaryLine(plan: Plan): string {
  const drift = driftCount(plan);
  const driftText = `${drift} in the factory, not in the manifests`;
  if (!plan.hasChanges)
    return drift === 0
      ? 'No changes. The factory matches the manifests.'
      : `No changes to apply; ${driftText} (left in place).`;
  const s = plan.summary;
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete${drift ? `; ${driftText}` : ''}.`;
}

export function triggerVerb(stop: boolean, start: boolean): string {
  return stop && start ? 'stop, then start' : stop ? 'stop' : 'start';
}

/** The line for the restart markers a plan removes (left on the factory by an interrupted apply). */
export function restartMarkerLine(plan: Plan): string | undefined {
  const names = plan.restartMarkers ?? [];
  if (names.length === 0) return undefined;
  const tags = names.map((n) => `${RESTART_TAG_PREFIX}${n}`).join(', ');
  return `remove the restart marker${names.length === 1 ? '' : 's'} ${tags} from ${plan.factory.address}: left by an interrupted apply`;
}
