import type { ArmClient } from '../arm/types.js';
import { V1_API_VERSION, v1FactoryPath, type V1Target } from './deploy.js';

/** One activity window as the API returns it (adf-runs-v1-facts B3). */
export interface ActivityWindow {
  pipelineName: string;
  activityName: string;
  windowStart: string;
  windowEnd: string;
  windowState: string;
  windowSubstate?: string;
  runAttempts?: number;
  runStart?: string | null;
  runEnd?: string | null;
  percentComplete?: number;
  [k: string]: unknown;
}

export interface WindowQuery {
  pipeline?: string;
  filter?: string;
  orderBy?: string;
  top?: number;
}

/** POST …/activitywindows (factory or pipeline level) and follow every nextLink with the same body. */
export async function listActivityWindows(
  client: ArmClient,
  target: V1Target,
  q: WindowQuery,
): Promise<ActivityWindow[]> {
  const base = v1FactoryPath(target);
  let path: string | undefined =
    `${q.pipeline ? `${base}/datapipelines/${encodeURIComponent(q.pipeline)}` : base}/activitywindows?api-version=${V1_API_VERSION}`;
  const body: Record<string, unknown> = {};
  if (q.filter) body.filter = q.filter;
  if (q.orderBy) body.orderBy = q.orderBy;
  if (q.top !== undefined) body.top = q.top;
  const out: ActivityWindow[] = [];
  const seen = new Set<string>();
  while (path && !seen.has(path)) {
    seen.add(path);
    const r: { body: { value?: { activityWindows?: ActivityWindow[] }; nextLink?: string } } = await client.request(
      'POST',
      path,
      { body },
    );
    out.push(...(r.body?.value?.activityWindows ?? []));
    const next = r.body?.nextLink;
    // nextLink is absolute; the client takes paths, so keep the path and query only.
    path = next ? (next.startsWith('http') ? next.slice(new URL(next).origin.length) : next) : undefined;
  }
  return out;
}

/** The windows as a fixed-width table. */
export function renderWindowsTable(ws: ActivityWindow[]): string {
  const head = ['PIPELINE', 'ACTIVITY', 'WINDOW', 'STATE', 'SUBSTATE', 'ATTEMPTS', 'RUN START', 'RUN END', '%'];
  const t = (s: unknown) => (typeof s === 'string' && s ? s.replace(/:00(\.0+)?Z$/, 'Z') : '-');
  const rows = ws.map((w) => [
    w.pipelineName,
    w.activityName,
    `${t(w.windowStart)} → ${t(w.windowEnd)}`,
    w.windowState,
    w.windowSubstate || '-',
    String(w.runAttempts ?? 0),
    t(w.runStart),
    t(w.runEnd),
    String(w.percentComplete ?? 0),
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[head, ...rows].map(line).join('\n')}\n${ws.length} window${ws.length === 1 ? '' : 's'}\n`;
}
