import type { ArmClient, ArmClientOptions } from './types.js';

/** Create the ARM client (got, auth, retries, paging, rate limiting). (Stub until the arm module lands.) */
export function createArmClient(_options: ArmClientOptions): ArmClient {
  throw new Error('createArmClient: not implemented yet');
}
