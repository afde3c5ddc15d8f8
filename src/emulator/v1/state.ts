import type { HandlerContext } from '../context.js';

/** The V1 api-version (adf-runs-v1-facts B1). */
export const V1_API_VERSION = '2015-10-01';
/** At most 100 records a page (B1, V1REF). */
export const V1_PAGE_SIZE = 100;

/** A V1 child entity (linked service, dataset/table, datapipeline) as stored. */
export interface V1Entity {
  name: string;
  /** GUID, e.g. for a window's inputDatasetIds. */
  id: string;
  etag: string;
  properties: Record<string, unknown>;
}

export type V1Collection = 'linkedservices' | 'datasets' | 'datapipelines';
export const V1_COLLECTIONS: readonly V1Collection[] = ['linkedservices', 'datasets', 'datapipelines'];

export interface V1Factory {
  sub: string;
  rg: string;
  name: string;
  location: string;
  tags: Record<string, unknown>;
  dataFactoryId: string;
  etag: string;
  /** Children by collection, keyed by lower-cased name (names are case-insensitive, B2). */
  children: Record<V1Collection, Map<string, V1Entity>>;
}

/** All V1 state of one emulator, keyed by lower-cased factory name (names are globally unique, B1). */
export class V1State {
  readonly factories = new Map<string, V1Factory>();
}

// Chosen: V1 state lives beside the V2 store, in memory only (not journalled), so the V2 store stays untouched.
const states = new WeakMap<HandlerContext, V1State>();

export function v1StateOf(ctx: HandlerContext): V1State {
  let s = states.get(ctx);
  if (!s) {
    s = new V1State();
    states.set(ctx, s);
  }
  return s;
}
