/** A clock reading with 100 ns precision. */
export interface PreciseTime {
  /** Whole milliseconds since 1970-01-01T00:00:00Z. */
  epochMs: number;
  /** 100 ns ticks inside that millisecond, 0..9999. */
  ticks: number;
}

/**
 * What an expression can see when it runs. Every field is optional: a missing one makes the functions
 * that read it fail the way ADF does when they are used out of place (item() outside ForEach...).
 */
export interface EvaluationContext {
  /** pipeline().parameters */
  parameters?: Record<string, unknown>;
  /** pipeline().globalParameters */
  globalParameters?: Record<string, unknown>;
  /** variables('x') */
  variables?: Record<string, unknown>;
  /** activity('Name'): the activity's run record, e.g. { output: {...}, status: 'Succeeded', error: null } */
  activities?: Record<string, unknown>;
  /** item() of the innermost ForEach; leave the key out when not in a ForEach. */
  item?: unknown;
  /** pipeline() system variables: DataFactory, Pipeline, RunId, TriggerType, TriggerId, TriggerName, TriggerTime, GroupId, TriggeredByPipelineName, TriggeredByPipelineRunId. */
  system?: Record<string, unknown>;
  /** trigger(): startTime, scheduledTime, outputs (windowStartTime, windowEndTime, body...). */
  trigger?: Record<string, unknown>;
  /** dataset() parameters, inside a dataset. */
  dataset?: Record<string, unknown>;
  /** linkedService() parameters, inside a linked service. */
  linkedService?: Record<string, unknown>;
  /** The clock (utcNow, getFutureTime...), to the millisecond. Defaults to the real clock. `clock` wins. */
  now?: () => Date;
  /**
   * The clock at ADF's full precision (100 ns ticks, 7 fractional digits): either a timestamp string
   * ('2024-03-10T09:59:59.1234567Z'; without a zone it is read as UTC) or `{ epochMs, ticks }`, whole
   * milliseconds since 1970-01-01 UTC plus the 100 ns ticks inside that millisecond (0..9999).
   * Takes precedence over `now`; when both are absent the real clock is used (its ticks are 0).
   */
  clock?: () => PreciseTime | string;
  /** guid() source. Defaults to crypto.randomUUID. */
  newGuid?: () => string;
  /** rand() source, in [0, 1). Defaults to Math.random. */
  random?: () => number;
}
