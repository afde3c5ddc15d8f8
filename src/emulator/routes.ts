import { collectionOf, PRIVATE_ENDPOINTS, VNETS, type Collection } from './collections.js';
import type { DeploymentRoute } from './deployments/handler.js';
import { ACTIONS, FACTORY_OPERATIONS, LOCATION_OPERATIONS, NOT_MODELLED } from './operation-table.js';

/** Where a factory sits. */
export interface FactoryPath {
  sub: string;
  rg: string;
  factory: string;
}

/** A request path, parsed case-insensitively (adf-rest-facts §7: ARM compares paths and names that way). */
export type Route =
  | { t: 'factoryList'; sub: string; rg?: string }
  | ({ t: 'factory' } & FactoryPath)
  | ({ t: 'childList'; coll: Collection; parent?: string } & FactoryPath)
  | ({ t: 'child'; coll: Collection; parent?: string; name: string } & FactoryPath)
  | ({ t: 'action'; coll: Collection; name: string; action: Action } & FactoryPath)
  | ({ t: 'runs' } & FactoryPath)
  | ({ t: 'operationResult'; coll: Collection; name: string; action: Action; id: string } & FactoryPath)
  | ({ t: 'factoryOperation'; op: string } & FactoryPath)
  | ({ t: 'notModelled'; what: string } & FactoryPath)
  | ({ t: 'unknownType'; typeName: string } & FactoryPath)
  | { t: 'resourceGroup'; sub: string; rg: string }
  | { t: 'subscriptionList' }
  | { t: 'subscription'; sub: string }
  | { t: 'resourceGroupList'; sub: string }
  | { t: 'armOperationResult'; sub: string; id: string }
  | ({ t: 'factoryOperationResult'; id: string } & FactoryPath)
  | ({ t: 'runtimeNode'; name: string; node: string; ipAddress: boolean } & FactoryPath)
  | { t: 'registerNode' }
  | DeploymentRoute
  | { t: 'providerOperations' }
  | { t: 'locationOperation'; sub: string; location: string; op: string }
  | { t: 'noRoute' };

/** A lower-cased action segment on one trigger, integration runtime or change data capture (operation-table.ts). */
export type Action = string;

/** Factory-level routes of the run engine (served by src/emulator/runtime/, SPEC section N). */
const RUN_ROUTES = new Set([
  'querypipelineruns',
  'pipelineruns',
  'querytriggerruns',
  'querytriggers',
  'queryactivityruns',
]);

export function parseRoute(pathname: string): Route {
  let parts: string[];
  try {
    parts = pathname
      .split('/')
      .filter((p) => p.length > 0)
      .map(decodeURIComponent);
  } catch {
    return { t: 'noRoute' };
  }
  const low = parts.map((p) => p.toLowerCase());
  if (low.join('/') === 'providers/microsoft.datafactory/operations') return { t: 'providerOperations' };
  if (low.join('/') === 'emulator/integrationruntimes/registernode') return { t: 'registerNode' };
  if (low.length === 1 && low[0] === 'subscriptions') return { t: 'subscriptionList' };
  if (low[0] !== 'subscriptions' || parts.length < 2) return { t: 'noRoute' };
  const sub = parts[1];
  if (parts.length === 2) return { t: 'subscription', sub };
  if (parts.length === 3 && low[2] === 'resourcegroups') return { t: 'resourceGroupList', sub };
  if (parts.length === 4 && low[2] === 'operationresults') return { t: 'armOperationResult', sub, id: parts[3] };
  let i = 2;
  let rg: string | undefined;
  if (low[i] === 'resourcegroups') {
    if (parts.length < 4) return { t: 'noRoute' };
    rg = parts[3];
    if (parts.length === 4) return { t: 'resourceGroup', sub, rg };
    i = 4;
  }
  if (
    rg === undefined &&
    parts.length === 7 &&
    low[2] === 'providers' &&
    low[3] === 'microsoft.datafactory' &&
    low[4] === 'locations' &&
    LOCATION_OPERATIONS.has(low[6])
  )
    return { t: 'locationOperation', sub, location: parts[5], op: low[6] };
  // ARM template deployments into the resource group (SPEC section Q).
  if (
    rg !== undefined &&
    low[i] === 'providers' &&
    low[i + 1] === 'microsoft.resources' &&
    low[i + 2] === 'deployments'
  ) {
    if (parts.length === i + 4) return { t: 'deployment', sub, rg, name: parts[i + 3] };
    if (parts.length === i + 6 && low[i + 4] === 'operationstatuses')
      return { t: 'deployment', sub, rg, name: parts[i + 3], operation: parts[i + 5] };
    return { t: 'noRoute' };
  }
  if (low[i] !== 'providers' || low[i + 1] !== 'microsoft.datafactory' || low[i + 2] !== 'factories')
    return { t: 'noRoute' };
  i += 3;
  if (parts.length === i) return { t: 'factoryList', sub, rg };
  if (rg === undefined) return { t: 'noRoute' };
  const fp: FactoryPath = { sub, rg, factory: parts[i] };
  const rest = parts.slice(i + 1);
  const lrest = low.slice(i + 1);
  if (rest.length === 0) return { t: 'factory', ...fp };
  if (RUN_ROUTES.has(lrest[0])) return { t: 'runs', ...fp };
  if (rest.length === 1 && FACTORY_OPERATIONS.has(lrest[0])) return { t: 'factoryOperation', op: lrest[0], ...fp };
  if (rest.length === 2 && (lrest[0] === 'operationstatuses' || lrest[0] === 'operationresults'))
    return { t: 'factoryOperationResult', id: rest[1], ...fp };
  if (lrest[0] === 'integrationruntimes' && lrest[2] === 'nodes' && (rest.length === 4 || rest.length === 5)) {
    if (rest.length === 5 && lrest[4] !== 'ipaddress') return { t: 'noRoute' };
    return { t: 'runtimeNode', name: rest[1], node: rest[3], ipAddress: rest.length === 5, ...fp };
  }
  const absent = NOT_MODELLED.find((n) => n.test(lrest));
  if (absent) return { t: 'notModelled', what: absent.what, ...fp };
  const coll = collectionOf(lrest[0]);
  if (!coll) return { t: 'unknownType', typeName: rest[0], ...fp };
  if (rest.length === 1) return { t: 'childList', coll, ...fp };
  const name = rest[1];
  if (rest.length === 2) return { t: 'child', coll, name, ...fp };
  if (coll === VNETS && lrest[2] === PRIVATE_ENDPOINTS.key) {
    if (rest.length === 3) return { t: 'childList', coll: PRIVATE_ENDPOINTS, parent: name, ...fp };
    if (rest.length === 4) return { t: 'child', coll: PRIVATE_ENDPOINTS, parent: name, name: rest[3], ...fp };
    return { t: 'noRoute' };
  }
  if (lrest[0] === 'pipelines' && lrest[2] === 'createrun') return { t: 'runs', ...fp };
  if (lrest[0] === 'triggers' && lrest[2] === 'triggerruns') return { t: 'runs', ...fp };
  const isAction = ACTIONS.get(coll.key)?.has(lrest[2]) ?? false;
  if (rest.length === 3 && isAction) return { t: 'action', coll, name, action: lrest[2], ...fp };
  if (rest.length === 5 && isAction && lrest[3] === 'operationresults')
    return { t: 'operationResult', coll, name, action: lrest[2], id: rest[4], ...fp };
  return { t: 'noRoute' };
}
