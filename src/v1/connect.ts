import { createArmClient } from '../arm/client.js';
import { AZURE_ENDPOINT, type ArmClient } from '../arm/types.js';
import { AdfDeployError } from '../core/errors.js';
import type { RunningEmulator } from '../emulator/index.js';

/** The local emulator's defaults (as src/cli/connection.ts uses for V2). */
export const LOCAL_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
export const LOCAL_RESOURCE_GROUP = 'adf-deploy-local';
const DEV_TOKEN = 'adf-deploy-local-development-token';

export interface V1ConnectOptions {
  endpoint?: string;
  local?: boolean;
  subscription?: string;
  resourceGroup?: string;
}

export interface V1Connection {
  client: ArmClient;
  subscriptionId: string;
  /** From the flag, the environment or the project; undefined when none is given. */
  resourceGroup?: string;
  close(): Promise<void>;
}

/**
 * A client for Azure, an emulator URL, or the embedded emulator (`--local`, state under ROOT/.adf-deploy):
 * the same endpoint rules as the V2 commands (src/cli/connection.ts), without needing a V2 project.
 */
export async function openV1Connection(
  root: string,
  opts: V1ConnectOptions,
  env: Record<string, string | undefined>,
  defaults: { subscriptionId?: string; resourceGroup?: string } = {},
): Promise<V1Connection> {
  let emulator: RunningEmulator | undefined;
  let endpoint = opts.endpoint ?? env.ADF_DEPLOY_ENDPOINT ?? AZURE_ENDPOINT;
  if (opts.local) {
    // Loaded only for --local (see cli/connection.ts).
    const { startEmbeddedEmulator } = await import('../emulator/index.js');
    emulator = await startEmbeddedEmulator(root);
    endpoint = emulator.url;
  }
  const isAzure = !opts.local && endpoint.replace(/\/+$/, '') === AZURE_ENDPOINT;
  const subscriptionId =
    opts.subscription ??
    env.ADF_DEPLOY_SUBSCRIPTION_ID ??
    (defaults.subscriptionId || (opts.local ? LOCAL_SUBSCRIPTION : ''));
  const resourceGroup =
    opts.resourceGroup ??
    env.ADF_DEPLOY_RESOURCE_GROUP ??
    (defaults.resourceGroup || (opts.local ? LOCAL_RESOURCE_GROUP : undefined));
  if (!subscriptionId) {
    await emulator?.close();
    throw new AdfDeployError('target.missing', 'no subscription id', {
      hint: 'pass --subscription, set ADF_DEPLOY_SUBSCRIPTION_ID, or use --local',
    });
  }
  const credential = isAzure ? new (await import('@azure/identity')).DefaultAzureCredential() : undefined;
  const client = createArmClient({
    endpoint,
    token: isAzure ? undefined : (env.ADF_DEPLOY_TOKEN ?? DEV_TOKEN),
    credential,
  });
  return { client, subscriptionId, resourceGroup, close: async () => void (await emulator?.close()) };
}

/** The factory a V1 command works on: the connection's subscription and resource group (required), the project's name. */
export function v1Target(
  conn: V1Connection,
  factoryName: string,
): { subscriptionId: string; resourceGroup: string; factoryName: string } {
  if (!conn.resourceGroup)
    throw new AdfDeployError('target.missing', 'no resource group', {
      hint: 'set target.resourceGroup in adf-deploy.yaml, pass --resource-group, or use --local',
    });
  return { subscriptionId: conn.subscriptionId, resourceGroup: conn.resourceGroup, factoryName };
}
