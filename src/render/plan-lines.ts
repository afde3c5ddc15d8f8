import { formatPath } from '../diff/diff.js';
import { RESTART_TAG_PREFIX } from '../plan/restart-markers.js';
import type { Action, Plan, PropertyChange, ResourceChange } from '../plan/types.js';

/** Pieces shared by the human and Markdown renderings, so both say the same thing. */

export const SENSITIVE_TEXT = '(sensitive value changed)';

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

/** One property change as json-diff style lines: [symbol, text]. A replace gives one '~' line 'before -> after'. */
export function propertyLine(change: PropertyChange): { symbol: '+' | '-' | '~'; text: string } {
  const path = formatPath(change.path);
  if (change.sensitive) return { symbol: '~', text: `${path}: ${SENSITIVE_TEXT}` };
  if (change.op === 'add') return { symbol: '+', text: `${path}: ${formatValue(change.after)}` };
  if (change.op === 'remove') return { symbol: '-', text: `${path}: ${formatValue(change.before)}` };
  return { symbol: '~', text: `${path}: ${formatValue(change.before)} -> ${formatValue(change.after)}` };
}

/** The resources a rendering lists: the factory first when it changes, then the ordered changes. */
export function listedChanges(plan: Plan): ResourceChange[] {
  return [...(plan.factory.action === 'no-op' ? [] : [plan.factory]), ...plan.changes];
}

export function summaryLine(plan: Plan): string {
  if (!plan.hasChanges) return 'No changes. The factory matches the manifests.';
  const s = plan.summary;
  return `Plan: ${s.create} to create, ${s.update} to update, ${s.replace} to replace, ${s.delete} to delete.`;
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
