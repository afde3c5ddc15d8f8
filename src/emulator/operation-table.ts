/**
 * Which operations of the 2018-06-01 spec beyond plain CRUD the emulator routes, by path segment (lower-cased).
 * SPEC.md's operation table lists every operationId; `test/emulator/operations.test.ts` walks these sets.
 */

/** POST (or GET, where the spec says so) actions per collection: `F/<collection>/{name}/<action>`. */
export const ACTIONS = new Map<string, Set<string>>([
  ['triggers', new Set(['start', 'stop', 'subscribetoevents', 'unsubscribefromevents', 'geteventsubscriptionstatus'])],
  [
    'integrationruntimes',
    new Set([
      'start',
      'stop',
      'getstatus',
      'listauthkeys',
      'regenerateauthkey',
      'getconnectioninfo',
      'monitoringdata',
      'upgrade',
      'removelinks',
      'linkedintegrationruntime',
      'synccredentials',
      'outboundnetworkdependenciesendpoints',
      'enableinteractivequery',
      'disableinteractivequery',
      'getobjectmetadata',
      'refreshobjectmetadata',
    ]),
  ],
  ['adfcdcs', new Set(['start', 'stop', 'status'])],
]);

/** Actions answered 202 + Location (the examples' long-running operations). */
export const LONG_RUNNING = new Set(['integrationruntimes/start', 'integrationruntimes/stop']);

/** The verb each action takes (POST unless listed). */
export const GET_ACTIONS = new Set([
  'adfcdcs/status',
  'integrationruntimes/outboundnetworkdependenciesendpoints',
  // Polling the Location of a subscribeToEvents 202 is a GET on this POST-only operation.
  'triggers/geteventsubscriptionstatus',
]);

/** Data flow debug session operations, factory-level POSTs (debug-sessions.ts). */
export const DEBUG_SESSION_OPERATIONS = new Set([
  'createdataflowdebugsession',
  'querydataflowdebugsessions',
  'adddataflowtodebugsession',
  'deletedataflowdebugsession',
  'executedataflowdebugcommand',
]);

/** Factory-level operations: `F/<op>`. */
export const FACTORY_OPERATIONS = new Set([
  'getgithubaccesstoken',
  'getdataplaneaccess',
  'getfeaturevalue',
  'queryfeaturesvalue',
  'privatelinkresources',
  ...DEBUG_SESSION_OPERATIONS,
]);

/** Subscription-level operations: `/subscriptions/{sub}/providers/Microsoft.DataFactory/locations/{loc}/<op>`. */
export const LOCATION_OPERATIONS = new Set(['configurefactoryrepo', 'getfeaturevalue']);

/**
 * Operations of the spec deliberately not modelled: answered 501 NotImplemented, naming them. None is left: the
 * list stays so that a future absence is answered the same way.
 */
export const NOT_MODELLED: Array<{ what: string; test(lowerSegments: string[]): boolean }> = [];
