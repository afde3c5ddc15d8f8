import { isPlainObject } from '../diff/canonical.js';
import { findReferences } from '../model/references.js';
import { resourceKey } from '../model/resource.js';
import type { LiveResource } from '../state/types.js';
import type { Action, TriggerAction } from './types.js';

export interface TriggerInput {
  /** Live triggers. */
  live: LiveResource[];
  /** Desired triggers in scope: key -> { address, name, declared runtimeState }. */
  desired: Map<string, { address: string; name: string; state?: string }>;
  /** Planned action per resource key (absent = not in the plan). */
  actions: Map<string, Action>;
  /** Keys of triggers with a restart marker on the factory (stopped by an apply that did not finish). */
  marked?: Set<string>;
}

function liveState(r: LiveResource): string | undefined {
  const p = r.body.properties;
  return isPlainObject(p) && typeof p.runtimeState === 'string' ? p.runtimeState : undefined;
}

/**
 * Triggers to stop before the changes and to start after them. ADF refuses to update or delete a started
 * trigger (TriggerEnabledCannotUpdate, adf-rest-facts §4), so a live-Started trigger is stopped when it is
 * updated, replaced or deleted, when a pipeline it starts is deleted or replaced, or when the manifest says
 * Stopped. After the changes, a trigger is started when the manifest says Started, or restarted when we stopped
 * it and the manifest does not say otherwise. A trigger with a restart marker (stopped by an apply that died before
 * its start) is started unless the manifest says Stopped or it is deleted: the restart that run owed.
 */
export function planTriggerActions(input: TriggerInput): TriggerAction[] {
  const out: TriggerAction[] = [];
  const liveByKey = new Map(input.live.filter((r) => r.kind === 'Trigger').map((r) => [resourceKey(r), r]));
  const keys = [...new Set([...liveByKey.keys(), ...input.desired.keys()])].sort();
  for (const key of keys) {
    const live = liveByKey.get(key);
    const desired = input.desired.get(key);
    const action = input.actions.get(key);
    const started = live !== undefined && liveState(live) === 'Started';
    const reasons: string[] = [];
    if (started && (action === 'update' || action === 'replace' || action === 'delete'))
      reasons.push(`it will be ${action === 'update' ? 'updated' : action === 'replace' ? 'replaced' : 'deleted'}`);
    if (started && live) {
      const gone = findReferences(live.body.properties)
        .filter((r) => r.kind === 'Pipeline')
        .filter((r) =>
          ['delete', 'replace'].includes(input.actions.get(resourceKey({ kind: 'Pipeline', name: r.name })) ?? ''),
        );
      for (const p of gone)
        reasons.push(
          `pipeline ${p.name} will be ${input.actions.get(resourceKey({ kind: 'Pipeline', name: p.name })) === 'delete' ? 'deleted' : 'replaced'}`,
        );
    }
    const declared = desired?.state;
    if (started && declared === 'Stopped' && action !== 'delete') reasons.push('the manifest says Stopped');
    const stop = reasons.length > 0;
    let start = false;
    if (desired && action !== 'delete') {
      if (declared === 'Started' && (!started || stop)) {
        start = true;
        reasons.push(stop ? 'start again after the changes (the manifest says Started)' : 'the manifest says Started');
      } else if (declared === undefined && stop) {
        start = true;
        reasons.push('restart after the changes (it was Started)');
      }
    }
    const exists = live !== undefined || desired !== undefined;
    if (!start && input.marked?.has(key) && exists && !started && declared !== 'Stopped' && action !== 'delete') {
      start = true;
      reasons.push('stopped by an interrupted apply: start it again');
    }
    if (!stop && !start) continue;
    const address = desired?.address ?? `Trigger/${live!.name}`;
    out.push({ address, name: desired?.name ?? live!.name, stop, start, reason: reasons.join('; ') });
  }
  return out;
}
