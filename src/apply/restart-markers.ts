import { ArmError } from '../arm/errors.js';
import { factoryPath } from '../arm/paths.js';
import { isPlainObject } from '../diff/canonical.js';
import { isRestartTag, restartTagName, restartTags, RESTART_TAG_PREFIX } from '../plan/restart-markers.js';
import type { Plan } from '../plan/types.js';
import { changedSincePlan, isTransient, type StepContext } from './operations.js';

/**
 * The restart markers of one apply (src/plan/restart-markers.ts says what they are). A trigger the plan stops and
 * starts again gets a marker on the factory before the first stop; the markers come off, in one PATCH at the end,
 * for the triggers whose start succeeded. A run killed in between leaves them, and the next plan starts those
 * triggers. Nothing is written when no trigger is stopped for a restart.
 */
export interface RestartMarkers {
  /** Triggers stopped and started again by this apply: marked before any stop. */
  write: string[];
  /** Every marker this apply looks after: its own, plus those an interrupted run left (plan.restartMarkers). */
  all: string[];
}

export function restartMarkersOf(plan: Plan): RestartMarkers {
  const write = plan.triggers.filter((t) => t.stop && t.start).map((t) => t.name);
  const all = new Map<string, string>();
  for (const name of [...write, ...(plan.restartMarkers ?? [])])
    if (!all.has(name.toLowerCase())) all.set(name.toLowerCase(), name);
  return { write, all: [...all.values()] };
}

const hasTag = (tags: Record<string, unknown>, name: string): boolean =>
  Object.keys(tags).some((k) => k.toLowerCase() === name.toLowerCase());

/**
 * Write the markers of `names` (live tags kept). `plannedEtag`: the factory's eTag at plan time when the plan
 * also updates the factory; a factory changed since then fails here, before any trigger is stopped. Returns the
 * factory's new eTag (the factory PUT sends it as If-Match: our PATCH changed it).
 */
export function writeRestartMarkers(
  ctx: StepContext,
  address: string,
  names: string[],
  plannedEtag?: string,
): Promise<string | undefined> {
  return patchFactoryTags(ctx, address, plannedEtag, (tags) => {
    const missing = names.filter((n) => !hasTag(tags, restartTagName(n)));
    return missing.length === 0 ? undefined : { ...tags, ...restartTags(missing) };
  });
}

/** Remove the markers of `names` (other tags kept); no PATCH when none of them is there. */
export async function clearRestartMarkers(ctx: StepContext, address: string, names: string[]): Promise<void> {
  const gone = new Set(names.map((n) => n.toLowerCase()));
  await patchFactoryTags(ctx, address, undefined, (tags) => {
    const keys = Object.keys(tags).filter(
      (k) => isRestartTag(k) && gone.has(k.slice(RESTART_TAG_PREFIX.length).toLowerCase()),
    );
    if (keys.length === 0) return undefined;
    const out = { ...tags };
    for (const k of keys) delete out[k];
    return out;
  });
}

const ATTEMPTS = 4;

/**
 * GET the factory, then PATCH its tags to `edit(live tags)` with If-Match on the eTag just read, so a tag someone
 * adds meanwhile is not lost (412: read again). The PATCH is not retried by the client (not idempotent in
 * general); setting a tag map is, so a transient failure is retried here. `edit` returns undefined when the live
 * tags are already right.
 */
async function patchFactoryTags(
  ctx: StepContext,
  address: string,
  plannedEtag: string | undefined,
  edit: (tags: Record<string, unknown>) => Record<string, unknown> | undefined,
): Promise<string | undefined> {
  const path = factoryPath(ctx.target);
  let sent = false;
  for (let attempt = 1; ; attempt++) {
    const sentEarlier = sent;
    try {
      const live = (await ctx.client.request<Record<string, unknown>>('GET', path, { resource: address })).body;
      const etag = etagOf(live);
      // After a PATCH of ours that may have landed, the eTag is ours: only the first read checks the plan's.
      if (plannedEtag !== undefined && !sentEarlier && !sameEtag(etag, plannedEtag)) throw changedSincePlan(address);
      const tags = edit(isPlainObject(live.tags) ? live.tags : {});
      if (!tags) return etag;
      sent = true;
      const res = await ctx.client.request<Record<string, unknown>>('PATCH', path, {
        body: { tags },
        ...(etag ? { ifMatch: etag } : {}),
        resource: address,
      });
      return isPlainObject(res.body) ? etagOf(res.body) : undefined;
    } catch (err) {
      const conflict = err instanceof ArmError && err.status === 412;
      if (conflict && plannedEtag !== undefined && !sentEarlier) throw changedSincePlan(address);
      if (!(conflict || isTransient(err)) || attempt >= ATTEMPTS) throw err;
      if (!conflict) await ctx.sleep(1_000 * 2 ** (attempt - 1));
    }
  }
}

function etagOf(body: Record<string, unknown>): string | undefined {
  const e = body.eTag ?? body.etag;
  return typeof e === 'string' && e !== '' ? e : undefined;
}

function sameEtag(a: string | undefined, b: string): boolean {
  const strip = (s: string) => s.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return a !== undefined && strip(a) === strip(b);
}
