import type { ArmClient, FactoryTarget } from '../arm/types.js';
import type { Kind } from '../model/kinds.js';
import type { LiveState } from './types.js';

/** Fetch the live state of a factory: one paged list per kind, kinds in parallel. (Stub.) */
export async function fetchLiveState(_client: ArmClient, _target: FactoryTarget, _options: { kinds?: Kind[]; signal?: AbortSignal } = {}): Promise<LiveState> {
  throw new Error('fetchLiveState: not implemented yet');
}
