import type { FactoryTarget } from '../arm/types.js';
import type { Project } from '../manifest/types.js';
import type { LiveState } from '../state/types.js';
import type { Plan } from './types.js';

export interface PlanInput {
  project: Project;
  live: LiveState;
  target: FactoryTarget & { endpoint: string };
  prune?: boolean;
  /** Allow a prune that deletes more than half of the factory. */
  allowLargePrune?: boolean;
  /** --target addresses: plan only these and what they depend on. */
  targets?: string[];
}

export interface PlanResult {
  plan: Plan;
  /** Desired bodies with the real secret values, by address. In memory only: never serialised or printed. */
  bodies: Map<string, Record<string, unknown>>;
}

/** Compare desired (project) with live and produce the plan. Pure. (Stub until the plan module lands.) */
export function computePlan(_input: PlanInput): PlanResult {
  throw new Error('computePlan: not implemented yet');
}
