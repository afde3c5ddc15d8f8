import type { ActivityRunRecord } from './records.js';
import type { ActivityDef } from './scheduler.js';

/**
 * Activity `policy.secureInput` / `secureOutput`: the service does not log the value to monitoring
 * (SecureInputOutputPolicy in the spec). What it shows instead is undocumented; chosen: the same mask as
 * SecureString parameters (rule 201), so no consumer can mistake it for a value.
 */
export const SECURE_MASK = '**********';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface SecureFlags {
  input: boolean;
  output: boolean;
}

/** The policy's flags; only a literal `true` counts (the spec types them as booleans, not expressions). */
export function secureFlags(def: ActivityDef): SecureFlags {
  const policy = isObj(def.policy) ? def.policy : {};
  return { input: policy.secureInput === true, output: policy.secureOutput === true };
}

/** The record as monitoring may see it: a copy with the secured sides masked (the live record keeps the values). */
export function monitoredRecord(record: ActivityRunRecord, flags: SecureFlags): ActivityRunRecord {
  if (!flags.input && !flags.output) return record;
  return {
    ...record,
    input: flags.input ? SECURE_MASK : record.input,
    output: flags.output && record.output !== null ? SECURE_MASK : record.output,
  };
}
