import fs from 'node:fs';
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
  constructor(readonly file?: string) {}

  /**
   * With a data directory, the whole V1 state is rewritten (temp file, fsync, rename) after each write.
   * Chosen: V1 definitions are few, so a snapshot is simpler than sharing the V2 journal.
   */
  save(): void {
    if (!this.file) return;
    const data = [...this.factories.values()].map((f) => ({
      ...f,
      children: Object.fromEntries(Object.entries(f.children).map(([k, m]) => [k, [...m.values()]])),
    }));
    const tmp = `${this.file}.tmp`;
    const fd = fs.openSync(tmp, 'w');
    try {
      fs.writeSync(fd, JSON.stringify(data));
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(tmp, this.file);
  }

  load(): void {
    if (!this.file || !fs.existsSync(this.file)) return;
    let data: unknown;
    try {
      data = JSON.parse(fs.readFileSync(this.file, 'utf8'));
    } catch (err) {
      throw new Error(`${this.file}: not valid JSON (${(err as Error).message})`);
    }
    for (const raw of Array.isArray(data) ? data : []) {
      const f = raw as Omit<V1Factory, 'children'> & { children: Record<V1Collection, V1Entity[]> };
      const children = {} as V1Factory['children'];
      for (const c of V1_COLLECTIONS)
        children[c] = new Map((f.children[c] ?? []).map((e) => [e.name.toLowerCase(), e]));
      this.factories.set(f.name.toLowerCase(), { ...f, children });
    }
  }
}

const states = new WeakMap<HandlerContext, V1State>();

/** The V1 state beside the V2 store (loaded from the data directory the first time it is needed). */
export function v1StateOf(ctx: HandlerContext): V1State {
  let s = states.get(ctx);
  if (!s) {
    s = new V1State(ctx.v1StateFile);
    s.load();
    states.set(ctx, s);
  }
  return s;
}
