import { KIND_INFO, KINDS, type Kind } from '../src/model/kinds.js';
import { resourceKey } from '../src/model/resource.js';
import { buildGraph, substituteEnv, type GenFactory, type GenResource } from './model.js';

/**
 * The sequential peer: a model of how azure.datafactory.tools deploys (Publish-AdfV2FromJson). One request
 * at a time; triggers stopped first; every object PUT on every deploy, whether it changed or not; objects in
 * dependency order (kind order breaks ties, as it deploys by type); triggers started at the end; with
 * deleteNotInSource, every kind listed and what is not in the source deleted, one by one. It retries 429
 * (honouring Retry-After) and 5xx, as its Az.DataFactory cmdlets do.
 */
export interface PeerResult {
  ms: number;
  requests: number;
  writes: number;
  throttled: number;
}

const API = 'api-version=2018-06-01';

export class PeerDeployer {
  private requests = 0;
  private writes = 0;
  private throttled = 0;

  constructor(
    private readonly endpoint: string,
    private readonly token = 'bench-peer-token',
  ) {}

  private factoryPath(f: GenFactory): string {
    return `/subscriptions/${f.subscriptionId}/resourceGroups/${f.resourceGroup}/providers/Microsoft.DataFactory/factories/${f.name}`;
  }

  private async call(method: string, url: string, body?: unknown): Promise<{ status: number; json: unknown }> {
    for (let attempt = 0; ; attempt++) {
      this.requests++;
      if (method !== 'GET') this.writes++;
      let status: number;
      let text = '';
      let retryAfter = 0;
      try {
        const res = await fetch(
          url.startsWith('http') ? url : `${this.endpoint}${url}${url.includes('?') ? '&' : '?'}${API}`,
          {
            method,
            headers: { authorization: `Bearer ${this.token}`, 'content-type': 'application/json' },
            body: body === undefined ? undefined : JSON.stringify(body),
          },
        );
        status = res.status;
        text = await res.text();
        retryAfter = Number(res.headers.get('retry-after') ?? '0');
      } catch {
        status = 0; // connection reset: retried like a 5xx
      }
      if (status === 429) this.throttled++;
      if ((status === 429 || status === 0 || status >= 500) && attempt < 20) {
        await sleep(status === 429 && retryAfter > 0 ? retryAfter * 1000 : Math.min(8000, 250 * 2 ** attempt));
        continue;
      }
      if (status >= 400 && !(method === 'DELETE' && status === 404))
        throw new Error(`peer: ${method} ${url} -> ${status} ${text.slice(0, 300)}`);
      return { status, json: text ? JSON.parse(text) : undefined };
    }
  }

  private async list(path: string): Promise<Array<Record<string, unknown>>> {
    const out: Array<Record<string, unknown>> = [];
    let url: string | undefined = path;
    while (url) {
      const { json } = await this.call('GET', url);
      const page = json as { value?: Array<Record<string, unknown>>; nextLink?: string };
      out.push(...(page.value ?? []));
      url = page.nextLink;
    }
    return out;
  }

  /** One deploy of the whole factory; with `prune`, delete what the source no longer has. */
  async deploy(factory: GenFactory, options: { prune?: boolean } = {}): Promise<PeerResult> {
    const before = { requests: this.requests, writes: this.writes, throttled: this.throttled };
    const start = performance.now();
    const fp = this.factoryPath(factory);
    const got = await this.call('GET', fp).catch(() => undefined);
    if (!got || got.status === 404) await this.call('PUT', fp, { location: factory.location });

    // Stop every started trigger first (it cannot be updated while started).
    for (const t of await this.list(`${fp}/triggers`)) {
      const state = (t.properties as Record<string, unknown> | undefined)?.runtimeState;
      if (state === 'Started') await this.call('POST', `${fp}/triggers/${encodeURIComponent(String(t.name))}/stop`);
    }

    const dag = buildGraph(factory.resources);
    const kindRank = (r: GenResource): number => KINDS.indexOf(r.kind);
    for (const wave of dag.waves()) {
      const ordered = wave.map((k) => dag.get(k)!).sort((a, b) => kindRank(a) - kindRank(b));
      for (const r of ordered) {
        const body = { properties: substituteEnv(r.properties, factory.env) };
        await this.call('PUT', `${fp}/${KIND_INFO[r.kind].segment}/${encodeURIComponent(r.name)}`, body);
      }
    }

    if (options.prune) await this.deleteNotInSource(factory, fp);

    for (const r of factory.resources) {
      if (r.kind === 'Trigger' && r.properties.runtimeState === 'Started')
        await this.call('POST', `${fp}/triggers/${encodeURIComponent(r.name)}/start`);
    }
    return {
      ms: performance.now() - start,
      requests: this.requests - before.requests,
      writes: this.writes - before.writes,
      throttled: this.throttled - before.throttled,
    };
  }

  private async deleteNotInSource(factory: GenFactory, fp: string): Promise<void> {
    const wanted = new Set(factory.resources.map((r) => resourceKey(r)));
    // Dependents before what they use: triggers, pipelines, data flows, datasets, linked services, credentials, runtimes.
    const order: Kind[] = [
      'Trigger',
      'Pipeline',
      'DataFlow',
      'Dataset',
      'LinkedService',
      'Credential',
      'IntegrationRuntime',
    ];
    for (const kind of order) {
      const live = await this.list(`${fp}/${KIND_INFO[kind].segment}`);
      for (const item of live) {
        const name = String(item.name);
        if (!wanted.has(resourceKey({ kind, name })))
          await this.call('DELETE', `${fp}/${KIND_INFO[kind].segment}/${encodeURIComponent(name)}`);
      }
    }
  }
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
