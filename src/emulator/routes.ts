import { collectionOf, PRIVATE_ENDPOINTS, VNETS, type Collection } from './collections.js';

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
  | ({ t: 'unknownType'; typeName: string } & FactoryPath)
  | { t: 'noRoute' };

/** POST actions on one trigger or integration runtime. */
export type Action = 'start' | 'stop' | 'subscribetoevents' | 'unsubscribefromevents' | 'geteventsubscriptionstatus';
const TRIGGER_ACTIONS = new Set([
  'start',
  'stop',
  'subscribetoevents',
  'unsubscribefromevents',
  'geteventsubscriptionstatus',
]);

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
  if (low[0] !== 'subscriptions' || parts.length < 2) return { t: 'noRoute' };
  const sub = parts[1];
  let i = 2;
  let rg: string | undefined;
  if (low[i] === 'resourcegroups') {
    if (parts.length < 4) return { t: 'noRoute' };
    rg = parts[3];
    i = 4;
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
  const isAction =
    lrest[0] === 'triggers'
      ? TRIGGER_ACTIONS.has(lrest[2])
      : lrest[0] === 'integrationruntimes' && (lrest[2] === 'start' || lrest[2] === 'stop');
  if (rest.length === 3 && isAction) return { t: 'action', coll, name, action: lrest[2] as Action, ...fp };
  return { t: 'noRoute' };
}
