/** Options of the local ADF management API emulator (see src/emulator/SPEC.md). */
export interface EmulatorOptions {
  host?: string;
  /** 0 picks a free port. */
  port?: number;
  /** Persist state here (journal); omitted = in memory. */
  dataDir?: string;
  pageSize?: number;
  latencyMs?: number;
  faultRate?: number;
  seed?: number;
  /** 'arm' = ARM's 2024 token buckets, 'off', or a number that multiplies the refill rates and bucket sizes. */
  throttle?: 'arm' | 'off' | number;
  /** Require exactly this bearer token (otherwise any bearer token is accepted). */
  token?: string;
  /** Append the request log (JSON lines) to this file. */
  logFile?: string;
}

/** One line of the request log. */
export interface RequestLogEntry {
  time: string;
  method: string;
  path: string;
  status: number;
  durationMs: number;
}

export interface RunningEmulator {
  url: string;
  port: number;
  /** Everything requested so far (also written to logFile when given). */
  requestLog(): RequestLogEntry[];
  close(): Promise<void>;
}

/** Start the emulator. (Stub until the emulator module lands.) */
export async function startEmulator(_options: EmulatorOptions = {}): Promise<RunningEmulator> {
  throw new Error('startEmulator: not implemented yet');
}

/**
 * The emulator embedded for `--local`: state in `<projectRoot>/.adf-deploy/emulator`, a free loopback port.
 * (Stub until the emulator module lands.)
 */
export async function startEmbeddedEmulator(_projectRoot: string): Promise<RunningEmulator> {
  throw new Error('startEmbeddedEmulator: not implemented yet');
}
