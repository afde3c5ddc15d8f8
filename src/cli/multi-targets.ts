import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { AZURE_ENDPOINT } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import { parseConfig } from '../manifest/config.js';
import { CONFIG_FILE } from '../manifest/find-files.js';
import { parseYamlDocuments } from '../manifest/yaml-file.js';
import { LOCAL_ENDPOINT, recordedEndpoint } from '../plan/plan-file.js';
import type { ConnectionOptions } from './connection.js';
import type { CliContext } from './context.js';

/** Where one project of a several-project command would write (as its connection would resolve it). */
interface Destination {
  endpoint: string;
  subscriptionId: string;
  resourceGroup: string;
  factoryName: string;
}

/**
 * Refuse, before any request, two projects (folders or saved plans) that name one factory: run at once they would
 * each plan against the same live state and overwrite, or prune, each other's objects. Only adf-deploy.yaml (or
 * the plan file's target) is read, with the same flags, --env and environment variables the projects will use. A
 * project whose factory cannot be told this way (an unreadable configuration, a name from a Studio factory file)
 * is left to fail or run on its own; with --local every project has its own embedded emulator, so none clash.
 */
export async function refuseSharedFactories(
  projects: string[],
  opts: ConnectionOptions,
  ctx: CliContext,
): Promise<void> {
  if (opts.local) return;
  const seen = new Map<string, string>();
  for (const arg of projects) {
    const dest = await destinationOf(arg, opts, ctx);
    if (!dest) continue;
    const key = [dest.endpoint, dest.subscriptionId, dest.resourceGroup, dest.factoryName]
      .map((v) => v.toLowerCase())
      .join('|');
    const first = seen.get(key);
    if (first === undefined) {
      seen.set(key, arg);
      continue;
    }
    throw new AdfDeployError(
      'cli.same-factory',
      `'${first}' and '${arg}' both deploy factory ${dest.factoryName} (resource group ${dest.resourceGroup}, subscription ${dest.subscriptionId}): run at once they would overwrite each other's changes`,
      {
        hint: 'a factory belongs to one project: give them different factory names or targets (--env, vars), or run them in separate commands',
      },
    );
  }
}

async function destinationOf(arg: string, opts: ConnectionOptions, ctx: CliContext): Promise<Destination | undefined> {
  const full = path.resolve(ctx.cwd, arg);
  if (arg.endsWith('.json')) return savedPlanDestination(full);
  const file = path.join(full, CONFIG_FILE);
  const text = await readFile(file, 'utf8').catch(() => undefined);
  if (text === undefined) return undefined;
  const parsed = parseYamlDocuments(file, text);
  const doc = parsed.documents[0];
  if (!doc || parsed.documents.length !== 1) return undefined;
  const overrides = {
    subscriptionId: opts.subscription ?? ctx.env.ADF_DEPLOY_SUBSCRIPTION_ID,
    resourceGroup: opts.resourceGroup ?? ctx.env.ADF_DEPLOY_RESOURCE_GROUP,
  };
  const diagnostics: Parameters<typeof parseConfig>[2] = [];
  const cfg = parseConfig(
    doc,
    {
      env: opts.env,
      environ: ctx.env,
      target: Object.fromEntries(Object.entries(overrides).filter(([, v]) => v)),
    },
    diagnostics,
  );
  const { subscriptionId, resourceGroup } = cfg.target;
  const factoryName = cfg.factory.name;
  // Problems elsewhere in the file stop that project later; only a name or target left unresolved skips it here.
  const resolved = [subscriptionId, resourceGroup, factoryName].every((v) => v && !v.includes('${{'));
  if (!resolved) return undefined;
  const endpoint = recordedEndpoint(opts.endpoint ?? ctx.env.ADF_DEPLOY_ENDPOINT ?? AZURE_ENDPOINT, false);
  return { endpoint, subscriptionId, resourceGroup, factoryName };
}

/** A saved plan names its factory in `target` (checked in full when it is applied; here only read). */
async function savedPlanDestination(file: string): Promise<Destination | undefined> {
  try {
    const doc = JSON.parse(await readFile(file, 'utf8')) as { target?: Partial<Destination> };
    const t = doc.target;
    if (!t?.endpoint || !t.subscriptionId || !t.resourceGroup || !t.factoryName || t.endpoint === LOCAL_ENDPOINT)
      return undefined;
    const endpoint = recordedEndpoint(t.endpoint, false);
    return { endpoint, subscriptionId: t.subscriptionId, resourceGroup: t.resourceGroup, factoryName: t.factoryName };
  } catch {
    return undefined; // not readable as a plan: applying it reports why
  }
}
