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
  /**
   * Only when this accepts the value found (for 'required': the missing property's name); `holder` is the object
   * that holds the value (for 'required': the object missing the property), as validated.
   */
  accepts?: (value: unknown, holder: unknown) => boolean;
  /** Why the service accepts it anyway; shown as the diagnostic's hint. */
  reason: string;
  /**
   * No finding at all: the form is not merely tolerated but what ADF itself writes or requires, so a warning
   * would only be noise on every factory that uses it (issue 15).
   */
  silent?: boolean;
}

const oneOf =
  (...values: string[]) =>
  (value: unknown) =>
    typeof value === 'string' && values.some((v) => v.toLowerCase() === value.toLowerCase());

/** A date-time without offset (or with everything but the offset right). */
function isLocalDateTime(value: unknown): boolean {
  return typeof value === 'string' && /^\d{4}-\d\d-\d\dT\d\d:\d\d(:\d\d(\.\d+)?)?$/.test(value);
}

/** A recurrence whose timeZone names a zone other than UTC. */
function hasLocalTimeZone(holder: unknown): boolean {
  if (!holder || typeof holder !== 'object') return false;
  const key = Object.keys(holder).find((k) => k.toLowerCase() === 'timezone');
  const zone = key === undefined ? undefined : (holder as Record<string, unknown>)[key];
  return typeof zone === 'string' && zone.trim() !== '' && !/^(utc|coordinated universal time)$/i.test(zone.trim());
}

const DATASET_UNCONFIGURED =
  'ADF stores a dataset without it (ADF Studio saves datasets before they are configured); a run of an activity that uses the dataset fails until it is set';

export const DEMOTIONS: Demotion[] = [
  {
    // ADF Studio enforces a 30-second minimum; the REST API stores smaller values and the runtime uses them
    // (corpus: procfwk 04-Infant retries every 5 seconds).
    keyword: 'minimum',
    family: 'Activity',
    path: /(^|\/)policy\/retryIntervalInSeconds$/,
    reason:
      'the service accepts it, but ADF Studio enforces a 30-second minimum and will not save this activity again until it is raised',
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
    // The value is right and the schema wrong: nothing to tell the user.
    silent: true,
  },
  {
    // The schema's variable types are String, Bool, Array; ADF Studio offers and writes 'Boolean' (and, since
    // 2023, 'Integer'), and the service runs them (corpus: procfwk 04-Infant, yesg, irkanwal Webactivity).
    // ADF's own tool writes them, so they pass silently. Other values (typos) stay errors.
    keyword: 'enum',
    family: 'Pipeline',
    path: /^variables\/[^/]+\/type$/,
    accepts: oneOf('Boolean', 'Integer'),
    reason: "ADF Studio writes variable types 'Boolean' and 'Integer', which the 2018-06-01 schema does not list",
    silent: true,
  },
  {
    // A schedule's start/end time with a time zone other than UTC must be written without an offset: ADF reads it
    // in that zone, and ADF Studio writes exactly this form (corpus: adf2 TR_without_pipeline, irkanwal trigger16).
    // Nothing to say there.
    keyword: 'format',
    family: 'Trigger',
    path: /(^|\/)(startTime|endTime)$/,
    accepts: (value, holder) => isLocalDateTime(value) && hasLocalTimeZone(holder),
    reason: "a date-time without offset is read in the recurrence's timeZone",
    silent: true,
  },
  {
    // Without a time zone (or with UTC), a date-time without offset is read as UTC; tumbling windows have no
    // time zone at all. Tolerated, but the author may have meant local time: a warning. Only the offset may be
    // missing: anything else stays an error.
    keyword: 'format',
    family: 'Trigger',
    path: /(^|\/)(startTime|endTime|requestedStartTime|requestedEndTime)$/,
    accepts: (value) => isLocalDateTime(value),
    reason: 'a date-time without offset is read as UTC here (there is no other timeZone); add Z to say so',
  },
  ...['typeProperties', 'inside typeProperties'].map(
    (where): Demotion => ({
      // ADF Studio saves a dataset before it is configured (no typeProperties, or some of the required ones
      // missing), the service stores it, and only a run of an activity that uses it fails (issue 15). The
      // dataset's own required properties (linkedServiceName, type) stay errors.
      keyword: 'required',
      family: 'Dataset',
      path: where === 'typeProperties' ? /^$/ : /^typeProperties(\/.*)?$/,
      accepts: where === 'typeProperties' ? (missing) => missing === 'typeProperties' : undefined,
      reason: DATASET_UNCONFIGURED,
    }),
  ),
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
  holder?: unknown;
}): Demotion | undefined {
  const joined = finding.path.join('/');
  return DEMOTIONS.find(
    (d) =>
      d.keyword === finding.keyword &&
      (!d.family || d.family === finding.family) &&
      (!d.type || d.type === finding.type) &&
      d.path.test(joined) &&
      (!d.accepts || d.accepts(finding.value, finding.holder)),
  );
}
