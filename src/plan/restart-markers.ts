/**
 * Restart markers: the durable record that an apply stopped a trigger it means to start again. One tag per trigger
 * on the factory itself (`adf-deploy-restart:<trigger name>` = `stopped-by-adf-deploy`), written before the stop
 * and removed once the start has succeeded. A run killed in between leaves the tag, and the next plan, made from
 * a fresh checkout with no local state, reads it and starts the trigger again. Tags are used because a factory's
 * tags can be written at any time (PATCH), unlike a started trigger; trigger names never hold characters that
 * tag names forbid.
 */
export { isRestartTag, RESTART_TAG_PREFIX } from '../model/restart-tags.js';
import { RESTART_TAG_PREFIX, isRestartTag } from '../model/restart-tags.js';
export const RESTART_TAG_VALUE = 'stopped-by-adf-deploy';

export function restartTagName(trigger: string): string {
  return `${RESTART_TAG_PREFIX}${trigger}`;
}

/** The trigger names the markers among `tags` stand for, in tag order. */
export function restartMarkersIn(tags: unknown): string[] {
  if (!tags || typeof tags !== 'object' || Array.isArray(tags)) return [];
  return Object.keys(tags)
    .filter(isRestartTag)
    .map((k) => k.slice(RESTART_TAG_PREFIX.length))
    .filter((n) => n.length > 0);
}

/** One marker tag per trigger name. */
export function restartTags(triggers: Iterable<string>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const t of triggers) out[restartTagName(t)] = RESTART_TAG_VALUE;
  return out;
}

/** The factory PUT replaces the tags: its body carries the markers too, so it cannot wipe them mid-apply. */
export function withRestartTags(body: Record<string, unknown>, triggers: string[]): Record<string, unknown> {
  if (triggers.length === 0) return body;
  const tags = body.tags && typeof body.tags === 'object' && !Array.isArray(body.tags) ? body.tags : {};
  return { ...body, tags: { ...tags, ...restartTags(triggers) } };
}
