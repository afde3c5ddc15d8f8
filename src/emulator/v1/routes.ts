import type { V1Collection } from './state.js';

/** A V1 (`datafactories`) path, parsed case-insensitively. */
export type V1Route =
  | { t: 'list'; sub: string; rg?: string }
  | { t: 'factory'; sub: string; rg: string; factory: string }
  | { t: 'children'; sub: string; rg: string; factory: string; coll: V1Collection }
  | { t: 'child'; sub: string; rg: string; factory: string; coll: V1Collection; name: string }
  /** Activity windows of the factory, or of one pipeline / dataset (`scope`), or of one activity. */
  | {
      t: 'windows';
      sub: string;
      rg: string;
      factory: string;
      scope?: { coll: 'datapipelines' | 'datasets'; name: string; activity?: string };
    }
  | { t: 'none'; sub: string };

/** The subscription of a V1 path, or undefined when the path is not under `Microsoft.DataFactory/datafactories`. */
export function v1SubscriptionOf(pathname: string): string | undefined {
  const m =
    /^\/subscriptions\/([^/]+)\/(?:resourcegroups\/[^/]+\/)?providers\/microsoft\.datafactory\/datafactories(?:\/|$)/i.exec(
      pathname,
    );
  return m ? safeDecode(m[1]) : undefined;
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

export function parseV1Route(pathname: string): V1Route {
  const parts = pathname
    .split('/')
    .filter((p) => p.length > 0)
    .map(safeDecode);
  const low = parts.map((p) => p.toLowerCase());
  const sub = parts[1] ?? '';
  if (low[2] === 'providers') return parts.length === 5 ? { t: 'list', sub } : { t: 'none', sub };
  const rg = parts[3];
  const rest = parts.slice(7);
  const lrest = low.slice(7);
  if (rest.length === 0) return { t: 'list', sub, rg };
  const factory = rest[0];
  const base = { sub, rg, factory };
  if (rest.length === 1) return { t: 'factory', ...base };
  if (lrest[1] === 'activitywindows' && rest.length === 2) return { t: 'windows', ...base };
  const coll = lrest[1];
  if (coll !== 'linkedservices' && coll !== 'datasets' && coll !== 'datapipelines') return { t: 'none', sub };
  if (rest.length === 2) return { t: 'children', ...base, coll };
  if (rest.length === 3) return { t: 'child', ...base, coll, name: rest[2] };
  if (coll === 'linkedservices') return { t: 'none', sub };
  // Chosen URL forms (the dataset and activity levels are unverified, B3): …/datasets/{ds}/activitywindows,
  // …/datapipelines/{p}/activitywindows and …/datapipelines/{p}/activities/{a}/activitywindows.
  if (rest.length === 4 && lrest[3] === 'activitywindows')
    return { t: 'windows', ...base, scope: { coll, name: rest[2] } };
  if (coll === 'datapipelines' && rest.length === 6 && lrest[3] === 'activities' && lrest[5] === 'activitywindows')
    return { t: 'windows', ...base, scope: { coll, name: rest[2], activity: rest[4] } };
  return { t: 'none', sub };
}
