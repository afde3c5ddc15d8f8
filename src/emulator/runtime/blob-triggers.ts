import type { FactoryEntry } from '../store.js';
import { type BlobChange, BlobWatcher, matchesTrigger, triggerContainer } from './blob-events.js';
import type { StorageAccess } from './data-contract.js';

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

export interface BlobTrigger {
  factory: FactoryEntry;
  name: string;
  props: Record<string, unknown>;
}

/**
 * The started BlobEventsTriggers of every factory and the watcher that feeds them: a scan every `pollMs` of real
 * time while any is started (0: only when asked), one scan at a time.
 */
export class BlobEventTriggers {
  private byFactory = new Map<string, BlobTrigger[]>();
  private watcher: BlobWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;
  private chain: Promise<void> = Promise.resolve();

  constructor(
    storage: StorageAccess | undefined,
    private pollMs: number,
    private fire: (trigger: BlobTrigger, change: BlobChange) => void,
  ) {
    this.watcher = storage ? new BlobWatcher(storage) : undefined;
  }

  /** The started blob triggers of one factory (after a start/stop); a newly watched container gets its baseline. */
  set(factoryKey: string, triggers: BlobTrigger[]): void {
    if (triggers.length > 0) this.byFactory.set(factoryKey, triggers);
    else this.byFactory.delete(factoryKey);
    const any = this.byFactory.size > 0;
    if (any && this.watcher) void this.scan().catch(() => undefined);
    if (any && !this.timer && this.pollMs > 0 && this.watcher) {
      // Polling errors (storage down) are retried at the next tick; a scan that fails fires nothing.
      this.timer = setInterval(() => void this.scan().catch(() => undefined), this.pollMs);
      this.timer.unref();
    }
    if (!any) this.stop();
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** One scan (queued behind a running one); matching changes fire their triggers. */
  scan(): Promise<void> {
    const next = this.chain.then(() => this.scanOnce());
    this.chain = next.catch(() => undefined);
    return next;
  }

  private async scanOnce(): Promise<void> {
    const triggers = [...this.byFactory.values()].flat();
    if (!this.watcher || triggers.length === 0) return;
    const containers = triggers.map((t) => triggerContainer(typeProps(t)));
    for (const change of await this.watcher.scan(containers))
      for (const t of triggers) if (matchesTrigger(typeProps(t), change)) this.fire(t, change);
  }
}

const typeProps = (t: BlobTrigger) => (isObj(t.props.typeProperties) ? t.props.typeProperties : {});
