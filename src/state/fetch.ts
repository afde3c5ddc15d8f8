import { AdfDeployError } from '../core/errors.js';
import { classifyArmError } from '../arm/resource.js';
import { collectionPath, factoryPath } from '../arm/paths.js';
import type { ArmClient, FactoryTarget } from '../arm/types.js';
import { KIND_INFO, KINDS, type Kind } from '../model/kinds.js';
import type { LiveResource, LiveState } from './types.js';

export interface FetchOptions {
  /** Kinds to list (default: all). ManagedPrivateEndpoint lists the managed VNets too, to find its parents. */
  kinds?: Kind[];
  signal?: AbortSignal;
  /**
   * Told the resources of each list page as it arrives (not those of private endpoints, listed per VNet), before
   * the whole state is in: work on them can overlap the reads (src/plan/compared-ahead.ts). The same body objects
   * are in the final state.
   */
  onResources?: (resources: LiveResource[]) => void;
}

type Item = Record<string, unknown>;

/**
 * Fetch the live state of a factory: GET the factory and one paged list per kind, all at once (private
 * endpoints: one list per managed VNet, as soon as the VNet list is in). Never a GET per resource, so the request
 * count is 1 + the sum of pages per kind. The lists do not wait for the factory's answer: that round trip was the
 * first of every plan's chain of pages (issue 19).
 *
 * - A missing factory (404 ResourceNotFound) gives `factory: undefined` and no resources: what the lists answered
 *   (404s, for children of a missing factory) is dropped. A missing resource group or subscription is an error,
 *   not "no factory"; so is any failure of the factory's GET, whatever the lists answered (those still going are
 *   then cancelled).
 * - Etags are kept exactly as returned: children's `etag` is unquoted, the factory's `eTag` carries inner
 *   quotes ('"00003e04-…"'); send them back unchanged in If-Match. (The factory's body keeps `eTag` as well.)
 * - A kind the service does not know for this api-version (404 InvalidResourceType, e.g. a cloud without
 *   credentials) is treated as empty; any other error fails the fetch.
 * - Resources come out in KINDS order, then in the service's order within a kind, for stable plans.
 */
export async function fetchLiveState(
  client: ArmClient,
  target: FactoryTarget,
  options: FetchOptions = {},
): Promise<LiveState> {
  const kinds = new Set<Kind>(options.kinds ?? KINDS);
  // The lists' own signal: they stop when the caller's does, and when the factory turns out missing or unreadable.
  const stopLists = new AbortController();
  const forward = (): void => stopLists.abort();
  if (options.signal?.aborted) stopLists.abort();
  else options.signal?.addEventListener('abort', forward, { once: true });
  const signal = stopLists.signal;
  const gettingFactory = getFactory(client, target, options.signal);

  const listKind = async (kind: Kind, parent?: string): Promise<Item[]> => {
    try {
      // Errors then read 'GET Factory/f1/pipelines failed: …' rather than the whole /subscriptions/… path.
      const resource = `Factory/${target.factoryName}/${parent ? `${KIND_INFO.ManagedVirtualNetwork.segment}/${parent}/` : ''}${KIND_INFO[kind].segment}`;
      const onPage = options.onResources && !parent ? tellPage(kind, options.onResources) : undefined;
      return await client.list<Item>(collectionPath(target, kind, parent), { signal, resource, onPage });
    } catch (err) {
      if (classifyArmError(err) === 'unknown-resource-type') return [];
      throw err;
    }
  };

  const lists = new Map<Kind, Promise<LiveResource[]>>();
  const needVnets = kinds.has('ManagedVirtualNetwork') || kinds.has('ManagedPrivateEndpoint');
  const vnets = needVnets ? listKind('ManagedVirtualNetwork') : Promise.resolve([]);
  for (const kind of kinds) {
    if (kind === 'ManagedVirtualNetwork')
      lists.set(
        kind,
        vnets.then((items) => items.map((i) => toLive(kind, i))),
      );
    else if (kind === 'ManagedPrivateEndpoint') {
      lists.set(
        kind,
        vnets.then(async (items) => {
          const perVnet = await Promise.all(
            items.map(async (vnet) => {
              const parent = nameOf('ManagedVirtualNetwork', vnet);
              return (await listKind(kind, parent)).map((i) => toLive(kind, i, parent));
            }),
          );
          return perVnet.flat();
        }),
      );
    } else
      lists.set(
        kind,
        listKind(kind).then((items) => items.map((i) => toLive(kind, i))),
      );
  }
  // Observed at once: a list that fails while the factory's answer is awaited is not an unhandled rejection.
  const settling = Promise.allSettled(KINDS.flatMap((k) => lists.get(k) ?? [])).finally(() =>
    options.signal?.removeEventListener('abort', forward),
  );
  let factory: LiveState['factory'];
  try {
    factory = await gettingFactory;
  } catch (err) {
    stopLists.abort();
    await settling;
    throw err;
  }
  if (!factory) {
    // Sent with the factory's GET, the lists have their answers (404s) by now: read to the end, not cancelled, so
    // a shared limiter sees every answer the service gave (src/cli/limiter-pool.ts).
    await settling;
    return { factory: undefined, resources: [] };
  }
  // Every list settled first, so none is left running when another fails; then the first failure is reported.
  const settled = await settling;
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  const resources = settled.flatMap((s) => (s as PromiseFulfilledResult<LiveResource[]>).value);
  return { factory, resources };
}

async function getFactory(
  client: ArmClient,
  target: FactoryTarget,
  signal?: AbortSignal,
): Promise<LiveState['factory']> {
  try {
    const res = await client.request<Item>('GET', factoryPath(target), {
      signal,
      resource: `Factory/${target.factoryName}`,
    });
    const body = res.body;
    if (!body || typeof body !== 'object') {
      throw new AdfDeployError(
        'state.bad-response',
        `GET Factory/${target.factoryName}: empty answer (request id ${res.requestId ?? 'none'})`,
        { fault: 'program' },
      );
    }
    return { body, etag: etagOf(body) };
  } catch (err) {
    // Only ResourceNotFound means "this factory does not exist"; ResourceGroupNotFound and friends must surface.
    if (classifyArmError(err) === 'absent') return undefined;
    if (classifyArmError(err) === 'no-resource-group') {
      // Said before any write: a plan against a missing resource group cannot be applied.
      throw new AdfDeployError(
        'state.no-resource-group',
        `resource group '${target.resourceGroup}' does not exist in subscription '${target.subscriptionId}'`,
        {
          hint: `create it first (az group create --name ${target.resourceGroup} --location <region>), or fix target.resourceGroup in adf-deploy.yaml`,
          cause: err,
        },
      );
    }
    throw err;
  }
}

/** A page's resources for onResources; a page with an item without a name is left to the final state's error. */
function tellPage(kind: Kind, onResources: (resources: LiveResource[]) => void): (items: Item[]) => void {
  return (items) => {
    let resources: LiveResource[];
    try {
      resources = items.map((i) => toLive(kind, i));
    } catch {
      return;
    }
    onResources(resources);
  };
}

function toLive(kind: Kind, item: Item, parent?: string): LiveResource {
  const live: LiveResource = { kind, name: nameOf(kind, item), etag: etagOf(item), body: item };
  if (parent !== undefined) live.parent = parent;
  return live;
}

/** ARM names nested resources 'vnet/pe' in some APIs; child names cannot contain '/', so the last segment is the name. */
function nameOf(kind: Kind, item: Item): string {
  const name = item?.name;
  if (typeof name !== 'string' || !name) {
    throw new AdfDeployError(
      'state.bad-response',
      `a ${kind} in the list has no name (id ${String(item?.id ?? 'unknown')})`,
      { fault: 'program' },
    );
  }
  return name.includes('/') ? name.slice(name.lastIndexOf('/') + 1) : name;
}

function etagOf(item: Item): string {
  const etag = item.etag ?? item.eTag;
  return typeof etag === 'string' ? etag : '';
}
