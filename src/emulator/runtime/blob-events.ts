import { BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { StorageAccess } from './data-contract.js';
import { DEV_ACCOUNT, DEV_ACCOUNT_KEY } from './storage/accounts.js';

/**
 * BlobEventsTrigger (how-to-create-event-trigger): ADF subscribes to Event Grid; Azurite has no Event Grid, so the
 * emulator watches the development account itself: it lists the containers the started triggers name and turns
 * the difference from the last listing into BlobCreated / BlobDeleted events. So blobs written by anyone (the
 * emulator's own Copy and Delete, `adf-deploy storage upload`, Storage Explorer) fire, a scan late.
 */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export type BlobEventKind = 'Microsoft.Storage.BlobCreated' | 'Microsoft.Storage.BlobDeleted';

export interface BlobChange {
  kind: BlobEventKind;
  container: string;
  /** The blob's name inside the container ("in/2026/data.csv"). */
  blob: string;
  size: number;
}

/** The container a trigger's `blobPathBeginsWith` ("/container/blobs/...") names, or undefined (any container). */
export function triggerContainer(tp: Record<string, unknown>): string | undefined {
  const m = /^\/([^/]+)\//.exec(String(tp.blobPathBeginsWith ?? ''));
  return m ? m[1] : undefined;
}

/**
 * Whether a change fires a trigger: its `events`, `blobPathBeginsWith` / `blobPathEndsWith` against
 * "/container/blobs/name" (case-sensitive, as Event Grid subject filters), `ignoreEmptyBlobs` (default true) for
 * created blobs of 0 bytes.
 */
export function matchesTrigger(tp: Record<string, unknown>, change: BlobChange): boolean {
  const events = Array.isArray(tp.events) ? tp.events.map(String) : [];
  if (!events.includes(change.kind)) return false;
  const subject = `/${change.container}/blobs/${change.blob}`;
  const begins = tp.blobPathBeginsWith ? String(tp.blobPathBeginsWith) : '';
  const ends = tp.blobPathEndsWith ? String(tp.blobPathEndsWith) : '';
  if (begins && !subject.startsWith(begins)) return false;
  if (ends && !subject.endsWith(ends)) return false;
  if (change.kind === 'Microsoft.Storage.BlobCreated' && tp.ignoreEmptyBlobs !== false && change.size === 0)
    return false;
  return true;
}

/** `@triggerBody().folderPath` (container and folders, no trailing slash) and `.fileName`. */
export function eventBody(change: BlobChange): { folderPath: string; fileName: string } {
  const cut = change.blob.lastIndexOf('/');
  const folder = cut < 0 ? '' : change.blob.slice(0, cut);
  return {
    folderPath: folder ? `${change.container}/${folder}` : change.container,
    fileName: change.blob.slice(cut + 1),
  };
}

/** Listings of the watched containers; each scan reports what changed since the one before. */
export class BlobWatcher {
  private seen = new Map<string, Map<string, string>>();

  constructor(private storage: StorageAccess) {}

  /**
   * List `containers` (undefined in the list = every container) and return the changes since the last scan.
   * A container's first listing is the baseline: blobs already there fire nothing (Event Grid only reports new
   * events). Containers no longer watched are forgotten. Nothing is reported while storage is not running.
   */
  async scan(containers: Array<string | undefined>): Promise<BlobChange[]> {
    // Storage that has not started (a lazy `--local` Azurite before any data activity) is not started for this.
    const endpoint = this.storage.developmentBlobEndpoint;
    if (!endpoint) return [];
    const service = new BlobServiceClient(endpoint, new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY));
    const names = new Set<string>();
    if (containers.includes(undefined)) for await (const c of service.listContainers()) names.add(c.name);
    for (const c of containers) if (c) names.add(c);
    const changes: BlobChange[] = [];
    for (const container of names) {
      const now = new Map<string, string>();
      const sizes = new Map<string, number>();
      try {
        for await (const b of service.getContainerClient(container).listBlobsFlat()) {
          now.set(b.name, String(b.properties.etag ?? ''));
          sizes.set(b.name, Number(b.properties.contentLength ?? 0));
        }
      } catch (err) {
        // A container that does not exist yet is empty; anything else is worth the caller's attention.
        if (!isObj(err) || err.statusCode !== 404) throw err;
      }
      const before = this.seen.get(container);
      this.seen.set(container, now);
      if (!before) continue;
      for (const [blob, etag] of now)
        if (before.get(blob) !== etag)
          changes.push({ kind: 'Microsoft.Storage.BlobCreated', container, blob, size: sizes.get(blob) ?? 0 });
      for (const blob of before.keys())
        if (!now.has(blob)) changes.push({ kind: 'Microsoft.Storage.BlobDeleted', container, blob, size: 0 });
    }
    for (const c of [...this.seen.keys()]) if (!names.has(c)) this.seen.delete(c);
    return changes;
  }
}
