/**
 * Rules of the official schema that the service does not enforce: their findings are warnings, not errors
 * (`validate --strict` turns them back into errors). Each entry says why, measured on real factories
 * (../shared/corpus) or documented in the foundation issue. Add an entry only with its reason.
 */
import type { TypedFamily } from './registry.js';

export interface Demotion {
  /** ajv keyword of the finding ('minimum', 'enum', ...). */
  keyword: string;
  /** Schema family and type the rule applies to (any when absent). */
  family?: TypedFamily | 'Pipeline';
  type?: string;
  /**
   * Matches the JSON path (inside the validated object, joined with '/') of the value concerned, e.g.
   * 'policy/retryIntervalInSeconds'; for 'required', the path of the object missing the property.
   */
  path: RegExp;
  /** Only when this accepts the value found (for 'required': the missing property's name). */
  accepts?: (value: unknown) => boolean;
  /** Why the service accepts it anyway; shown as the diagnostic's hint. */
  reason: string;
}

const oneOf =
  (...values: string[]) =>
  (value: unknown) =>
    typeof value === 'string' && values.some((v) => v.toLowerCase() === value.toLowerCase());

export const DEMOTIONS: Demotion[] = [
  {
    // ADF Studio enforces a 30-second minimum; the REST API stores smaller values and the runtime uses them
    // (corpus: procfwk 04-Infant retries every 5 seconds).
    keyword: 'minimum',
    family: 'Activity',
    path: /(^|\/)policy\/retryIntervalInSeconds$/,
    reason: 'the 30-second minimum is enforced by ADF Studio only; the service accepts smaller intervals',
  },
  {
    // Schema bug: the enum lists 'HTTP ' with a trailing space, so the value the service documents ('HTTP')
    // fails it. Demoted instead of patched so the generated files stay a faithful copy of the source.
    keyword: 'enum',
    family: 'LinkedService',
    type: 'Hive',
    path: /^typeProperties\/thriftTransportProtocol$/,
    accepts: oneOf('HTTP'),
    reason: "the official schema spells this enum value 'HTTP ' (trailing space); the service takes 'HTTP'",
  },
  {
    // The schema's variable types are String, Bool, Array; ADF Studio offers and writes 'Boolean' (and, since
    // 2023, 'Integer'), and the service runs them (corpus: procfwk 04-Infant, yesg, irkanwal Webactivity).
    // Other values (typos) stay errors.
    keyword: 'enum',
    family: 'Pipeline',
    path: /^variables\/[^/]+\/type$/,
    accepts: oneOf('Boolean', 'Integer'),
    reason: "ADF Studio writes variable types 'Boolean' and 'Integer', which the 2018-06-01 schema does not list",
  },
  {
    // A recurrence or window start/end time without a UTC offset is read in the recurrence's `timeZone` (UTC for
    // tumbling windows, which have none); ADF Studio writes it that way for time zones other than UTC (corpus:
    // adf2 TR_without_pipeline, irkanwal trigger16). Only the offset may be missing: anything else stays an error.
    keyword: 'format',
    family: 'Trigger',
    path: /(^|\/)(startTime|endTime|requestedStartTime|requestedEndTime)$/,
    accepts: (value) => typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value),
    reason: "a date-time without offset is read in the recurrence's timeZone (UTC when there is none)",
  },
  {
    // ADF Studio saves (and publishes) a tumbling window trigger with no pipeline attached; the service stores it,
    // it just cannot be started (corpus: BigFactorySample2 TR_TumblingWindow, runtimeState Stopped).
    keyword: 'required',
    family: 'Trigger',
    type: 'TumblingWindowTrigger',
    path: /^$/,
    accepts: (missing) => missing === 'pipeline',
    reason: 'a tumbling window trigger without a pipeline can be saved, but it cannot be started',
  },
];

/** The demotion that applies to a finding, if any. */
export function findDemotion(finding: {
  keyword: string;
  family: string;
  type?: string;
  path: (string | number)[];
  value: unknown;
}): Demotion | undefined {
  const joined = finding.path.join('/');
  return DEMOTIONS.find(
    (d) =>
      d.keyword === finding.keyword &&
      (!d.family || d.family === finding.family) &&
      (!d.type || d.type === finding.type) &&
      d.path.test(joined) &&
      (!d.accepts || d.accepts(finding.value)),
  );
}
