import type { Command } from 'commander';
import { hasErrors, type Diagnostic } from '../core/diagnostic.js';
import { AdfDeployError } from '../core/errors.js';
import { createArmClient } from '../arm/client.js';
import { httpWorkerFailure } from '../arm/http-worker-client.js';
import { exchangeFor } from './http-choice.js';
import { AZURE_ENDPOINT, type ArmClient, type FactoryTarget } from '../arm/types.js';
import type { RunningEmulator } from '../emulator/index.js';
import { loadProject } from '../manifest/load.js';
import type { LoadOptions, LoadResult, Project } from '../manifest/types.js';
import { summarizeFindings } from '../validate/summary.js';
import { recordLoadInputs } from '../manifest/load-inputs.js';
import type { CheckedDiagnostics } from '../validate/waivers.js';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../render/diagnostics.js';
import type { CliContext } from './context.js';
import { projectSecretLookup } from './local-secrets.js';
import { projectDir } from './project-dir.js';
import { projectSecretsInTurns, protectOutput } from './scrub.js';
import { tightenHeapGrowth } from './heap-growth.js';
import { checkLoaded, startValidationCache } from './validation-cache.js';

/** Options shared by plan, apply and destroy. */
export interface ConnectionOptions {
  env?: string;
  subscription?: string;
  resourceGroup?: string;
  endpoint?: string;
  local?: boolean;
  strict?: boolean;
  /** Calls apply/destroy keep in flight: the client must allow at least that many. */
  concurrency?: number;
  /** --json: a failing validation is also the diagnostics document on stdout (unless `report` says otherwise). */
  json?: boolean;
}

/** The token the emulator accepts when ADF_DEPLOY_TOKEN is unset (it accepts any bearer token by default). */
export const DEV_TOKEN = 'adf-deploy-local-development-token';
const LOCAL_SUBSCRIPTION = '00000000-0000-0000-0000-000000000000';
const LOCAL_RESOURCE_GROUP = 'adf-deploy-local';

/** Add --env, --subscription, --resource-group, --endpoint, --local to a command. */
export function addConnectionOptions(cmd: Command): Command {
  return cmd
    .option('--env <name>', 'environment from adf-deploy.yaml (vars and target overrides)')
    .option('--subscription <id>', 'subscription id (overrides adf-deploy.yaml; env ADF_DEPLOY_SUBSCRIPTION_ID)')
    .option('--resource-group <name>', 'resource group (overrides adf-deploy.yaml; env ADF_DEPLOY_RESOURCE_GROUP)')
    .option(
      '--endpoint <url>',
      'ARM endpoint, e.g. an emulator URL (env ADF_DEPLOY_ENDPOINT; default https://management.azure.com)',
    )
    .option(
      '--local',
      'use the embedded emulator, its state in .adf-deploy/ inside the project (no Azure account needed)',
    )
    .option('--strict', 'treat validation warnings as errors');
}

/** How the command line and environment choose the environment and target of the project. */
export function loadOptionsOf(opts: ConnectionOptions, ctx: CliContext): LoadOptions {
  const target = {
    subscriptionId: opts.subscription ?? ctx.env.ADF_DEPLOY_SUBSCRIPTION_ID,
    resourceGroup: opts.resourceGroup ?? ctx.env.ADF_DEPLOY_RESOURCE_GROUP,
  };
  return { env: opts.env, environ: ctx.env, target: Object.fromEntries(Object.entries(target).filter(([, v]) => v)) };
}

/**
 * Load and validate the project. On errors, print every diagnostic and return undefined (the caller exits 1
 * before any request is sent). Warnings are printed to stderr and do not stop the command.
 */
export async function loadValidProject(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  /** Where the diagnostics go (default: text on stderr); `failing` says whether the command stops on them. */
  report?: (diagnostics: Diagnostic[], failing: boolean) => void,
  /** Told the project once loaded, before it is validated (work that can overlap validation starts there). */
  onLoaded?: (project: Project) => void,
): Promise<Project | undefined> {
  const loadOptions = loadOptionsOf(opts, ctx);
  const inputs = recordLoadInputs(loadOptions);
  const cacheStart = startValidationCache(projectDir(ctx, dir), ctx, loadOptions.environ);
  const { project, diagnostics } = await loadProtectedProject(dir, opts, ctx, inputs.options);
  if (project) onLoaded?.(project);
  const checked = await checkLoaded(project, diagnostics, inputs, ctx, cacheStart);
  const valid = reportChecks(checked, project, opts, ctx, report);
  return valid ? project : undefined;
}

/** Load the project; before anything is printed, protect the output from its secrets (src/cli/scrub.ts). */
export async function loadProtectedProject(
  dir: string | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  options: LoadOptions = loadOptionsOf(opts, ctx),
): Promise<LoadResult> {
  const result = await loadProject(projectDir(ctx, dir), options);
  tightenHeapGrowth();
  // No diagnostic, error or plan may show a secret of the project.
  if (result.project) protectOutput(ctx, result.project, await projectSecretsInTurns(result.project));
  return result;
}

/**
 * Show the checked findings as loadValidProject shows them (in full when they stop the command, else one line of
 * warnings) and say whether the command goes on.
 */
export function reportChecks(
  { diagnostics: all, waived }: CheckedDiagnostics,
  project: Project | undefined,
  opts: ConnectionOptions,
  ctx: CliContext,
  report?: (diagnostics: Diagnostic[], failing: boolean) => void,
): boolean {
  const failing = opts.strict ? all.length > 0 : hasErrors(all);
  // What stops the command is shown in full; warnings that do not are one line (validate shows them in full).
  if (failing || !project) ctx.io.err(renderDiagnosticsText(all, { cwd: ctx.cwd, color: ctx.io.color }));
  else ctx.io.err(summarizeFindings(all, waived));
  if (report) report(all, !project || failing);
  else if (opts.json && (!project || failing)) ctx.io.out(renderDiagnosticsJson(all));
  return Boolean(project) && !failing;
}

/** A live connection to the factory's ARM endpoint (Azure, an emulator URL, or the embedded emulator). */
export interface Connection {
  client: ArmClient;
  target: FactoryTarget & { endpoint: string };
  /** The embedded emulator when --local. */
  emulator?: RunningEmulator;
  close(): Promise<void>;
}

/** What a connection needs: the factory and its target (the whole project only with --local, to seed its secrets). */
export type ConnectionSubject = Project | { factory: { name: string }; target: Project['target'] };

/** Resolve endpoint, credentials and target, starting the embedded emulator for --local. */
export async function openConnection(
  project: ConnectionSubject,
  opts: ConnectionOptions,
  ctx: CliContext,
): Promise<Connection> {
  let emulator: RunningEmulator | undefined;
  let endpoint = opts.endpoint ?? ctx.env.ADF_DEPLOY_ENDPOINT ?? AZURE_ENDPOINT;
  if (opts.local) {
    if (!('root' in project))
      throw new AdfDeployError('cli.local-needs-project', 'the embedded emulator needs the loaded project', {
        fault: 'program',
      });
    // Loaded only for --local: the emulator (and @azure/storage-blob behind it) is a third of the CLI's modules.
    const { startEmbeddedEmulator } = await import('../emulator/index.js');
    // It models this factory: the limits the project declares support raised are the emulator's too.
    emulator = await startEmbeddedEmulator(project.root, {
      fallbackSecret: projectSecretLookup(project),
      maxEntitiesPerFactory: project.limits?.entitiesPerFactory?.value,
      maxObjectKB: project.limits?.objectSizeKB?.value,
    });
    endpoint = emulator.url;
    // e.g. a torn last journal line dropped after a crash: the user should know.
    for (const warning of emulator.warnings ?? []) ctx.io.err(`warning: embedded emulator: ${warning}\n`);
  }
  const isAzure = !opts.local && endpoint.replace(/\/+$/, '') === AZURE_ENDPOINT;
  const subscriptionId = project.target.subscriptionId || (opts.local ? LOCAL_SUBSCRIPTION : '');
  const resourceGroup = project.target.resourceGroup || (opts.local ? LOCAL_RESOURCE_GROUP : '');
  if (!subscriptionId || !resourceGroup) {
    await emulator?.close();
    throw new AdfDeployError(
      'target.missing',
      `no ${!subscriptionId ? 'subscription id' : 'resource group'} for factory '${project.factory.name}'`,
      {
        hint: 'set target.subscriptionId and target.resourceGroup in adf-deploy.yaml, pass --subscription / --resource-group, or use --local',
      },
    );
  }
  // @azure/identity is large: load it only when talking to Azure itself.
  const credential = isAzure ? new (await import('@azure/identity')).DefaultAzureCredential() : undefined;
  const client = createArmClient({
    endpoint,
    token: isAzure ? undefined : (ctx.env.ADF_DEPLOY_TOKEN ?? DEV_TOKEN),
    credential,
    // The client's own cap must not silently lower --concurrency.
    maxInFlight: Math.max(8, opts.concurrency ?? 0),
    limiter: ctx.rateLimiterFor?.(endpoint, subscriptionId),
    exchange: exchangeFor(ctx),
  });
  return {
    client,
    target: { subscriptionId, resourceGroup, factoryName: project.factory.name, endpoint },
    emulator,
    close: async () => {
      await emulator?.close();
      if (ctx.verbose) {
        const s = client.stats();
        const verbs = Object.entries(s.byMethod)
          .map(([m, n]) => `${m} ${n}`)
          .join(', ');
        ctx.io.err(
          `${s.requests} request${s.requests === 1 ? '' : 's'} (${verbs}; ${s.retries} retries, ${s.throttled} throttled)\n`,
        );
        const failure = ctx.httpWorker ? httpWorkerFailure() : undefined;
        if (failure) ctx.io.err(`the HTTP worker failed (${failure}): requests ran in this thread\n`);
      }
    },
  };
}
