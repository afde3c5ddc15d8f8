import { inThreadExchange } from '../../src/arm/client.js';
import { httpWorkerExchange } from '../../src/arm/http-worker-client.js';
import type { ArmClientOptions } from '../../src/arm/types.js';

/**
 * The two exchanges the ARM client runs on, for the suites that must hold on both: got in this thread (the default:
 * tests, library use) and the CLI's HTTP worker (Node's http in a worker thread, list pages read ahead).
 */
export const EXCHANGES: [string, ArmClientOptions['exchange']][] = [
  ['got in this thread', undefined],
  ['the HTTP worker', httpWorkerExchange(inThreadExchange)],
];
