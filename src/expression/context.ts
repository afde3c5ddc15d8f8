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
  /** The clock (utcNow, getFutureTime...). Defaults to the real clock. */
  now?: () => Date;
  /** guid() source. Defaults to crypto.randomUUID. */
  newGuid?: () => string;
  /** rand() source, in [0, 1). Defaults to Math.random. */
  random?: () => number;
}
