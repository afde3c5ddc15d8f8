import { Dag } from '../graph/dag.js';
import type { ChildChange, FactoryChange, Plan, TriggerAction } from '../plan/types.js';
import { operationOf, type ApplyStep, type ChildStep, type FactoryStep, type TriggerStep } from './types.js';

/** The steps of an apply as a work graph. */
export interface StepGraph {
  dag: Dag<ApplyStep>;
  /**
   * Trigger starts (in the graph). They are tolerant nodes: they run once their prerequisites have settled, even
   * after a failure, so a failed apply does not leave a trigger stopped.
   */
  starts: TriggerStep[];
  /** Every step in a stable display order: stops, factory, puts, deletes, factory delete, starts. */
  all: ApplyStep[];
}

const key = (address: string): string => address.toLowerCase();
const triggerStep = (operation: TriggerStep['operation'], trigger: TriggerAction): TriggerStep => ({
  id: `${operation}:${trigger.address}`,
  address: trigger.address,
  operation,
  trigger,
});
const factoryStep = (operation: FactoryStep['operation'], change: FactoryChange): FactoryStep => ({
  id: `${operation}:${change.address}`,
  address: change.address,
  operation,
  change,
});
const childStep = (operation: ChildStep['operation'], change: ChildChange): ChildStep => ({
  id: `${operation}:${change.address}`,
  address: change.address,
  operation,
  change,
});

/**
 * Turn a plan into steps and ordering edges:
 * - the factory (create/update) before every child;
 * - a create/update/replace after the creates/updates of what it depends on (so the service's reference check
 *   never fires);
 * - every trigger stop before any other change: a started trigger blocks its own update and the delete of the
 *   pipeline it references, and no trigger run should start while the pipelines are half updated (a failed stop
 *   therefore skips the changes: nothing is written around a trigger that may still fire);
 * - every delete after every create/update/replace (an update may be what stops referencing the deleted object;
 *   the plan does not carry the live references of updated resources, so this is the simple rule that is always
 *   safe), and deletes among themselves in reverse dependency order (`dependsOn` of a delete lists the deleted
 *   resources whose live body still references it);
 * - a factory delete (destroy --include-factory) after everything else;
 * - a trigger start after its own stop and every create/update/replace, and after every delete too when it has
 *   no change of its own.
 */
export function buildSteps(plan: Plan): StepGraph {
  const dag = new Dag<ApplyStep>();
  const add = <S extends ApplyStep>(s: S): S => (dag.add(s.id, s), s);
  const stops = plan.triggers.filter((t) => t.stop).map((t) => add(triggerStep('stop-trigger', t)));
  const factoryOp = operationOf(plan.factory.action);
  const factory =
    factoryOp === 'create' || factoryOp === 'update' ? add(factoryStep('factory', plan.factory)) : undefined;

  const puts: ChildStep[] = [];
  const deletes: ChildStep[] = [];
  for (const change of plan.changes) {
    const op = operationOf(change.action);
    if (!op) continue;
    const s = add(childStep(op, change));
    (op === 'delete' ? deletes : puts).push(s);
  }
  const putOf = new Map(puts.map((s) => [key(s.address), s.id]));
  const deleteOf = new Map(deletes.map((s) => [key(s.address), s.id]));

  for (const s of [...puts, ...deletes]) {
    if (factory) dag.connect(s.id, factory.id);
    for (const stop of stops) dag.connect(s.id, stop.id);
  }
  for (const s of puts) {
    for (const dep of s.change.dependsOn) {
      const target = putOf.get(key(dep));
      if (target) dag.connect(s.id, target);
    }
  }
  for (const d of deletes) {
    for (const p of puts) dag.connect(d.id, p.id);
    // A delete's dependsOn lists the deleted resources that still reference it: they go first.
    for (const dep of d.change.dependsOn) {
      const target = deleteOf.get(key(dep));
      if (target) dag.connect(d.id, target);
    }
  }
  const all: ApplyStep[] = [...stops, ...(factory ? [factory] : []), ...puts, ...deletes];
  if (plan.factory.action === 'delete') {
    const last = add(factoryStep('delete-factory', plan.factory));
    for (const s of all) dag.connect(last.id, s.id);
    all.push(last);
  }
  // A start waits for its own stop and for every create, update and replace (the plan lists only direct
  // dependencies, and a run must not start on what it reaches through an unchanged pipeline while that is still
  // being written); a trigger without a change of its own (stopped because a pipeline it runs is replaced or
  // deleted, or only to be started) also waits for every delete.
  const putOrDelete = [...puts, ...deletes];
  const starts = plan.triggers.filter((t) => t.start).map((t) => add(triggerStep('start-trigger', t)));
  for (const s of starts) {
    const own = [...stops.filter((x) => key(x.address) === key(s.address)), ...puts];
    const prerequisites = puts.some((x) => key(x.address) === key(s.address)) ? own : [...stops, ...putOrDelete];
    for (const p of prerequisites) dag.connect(s.id, p.id);
    if (factory) dag.connect(s.id, factory.id);
  }
  return { dag, starts, all: [...all, ...starts] };
}
