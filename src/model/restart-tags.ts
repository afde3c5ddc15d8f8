/**
 * The name of a restart-marker tag (src/plan/restart-markers.ts says what the markers are). Here, below both
 * plan/ and diff/, because the diff must ignore these tags when it compares the factory's tags.
 */
export const RESTART_TAG_PREFIX = 'adf-deploy-restart:';

/** True for a tag name that is a restart marker (tag names are case-insensitive in Azure). */
export function isRestartTag(name: string): boolean {
  return name.toLowerCase().startsWith(RESTART_TAG_PREFIX);
}
