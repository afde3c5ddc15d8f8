import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { stringify } from 'yaml';
import { KIND_INFO, type Kind } from '../src/model/kinds.js';
import {
  copyActivity,
  dataFlowActivity,
  executePipelineActivity,
  forEachActivity,
  lookupActivity,
  setVariableActivity,
  waitActivity,
  type DatasetRef,
} from './activities.js';
import { DEFAULT_STATS, readCorpusStats, type CorpusStats } from './corpus-stats.js';
import { buildGraph, type GenFactory, type GenResource } from './model.js';
import { createRng, type Rng } from './rng.js';

export interface GenerateOptions {
  entities: number;
  seed?: number;
  stats?: CorpusStats;
  factoryName?: string;
  subscriptionId?: string;
  resourceGroup?: string;
}

/** The env variable the SecureString linked services read; its value is a known secret for leak checks. */
export const BENCH_SECRET_ENV = 'BENCH_SQL_PASSWORD';

const pad = (n: number, width = 4): string => String(n).padStart(width, '0');
const WORDS =
  'load the daily sales extract from the landing zone then merge into the curated layer and refresh the reporting model for finance'.split(
    ' ',
  );

function fileOf(kind: Kind, name: string): string {
  return `${KIND_INFO[kind].studioFolder}/${name.replace(/[^A-Za-z0-9_-]/g, '_')}.yaml`;
}

/** Split `n` entities over the kinds, in the proportions of the corpus (credentials and Key Vaults made common enough to chain). */
function splitCounts(n: number): Record<'ir' | 'kv' | 'cred' | 'ls' | 'ds' | 'df' | 'tr' | 'pl', number> {
  const c = {
    ir: Math.max(1, Math.round(n * 0.02)),
    kv: Math.max(1, Math.round(n * 0.02)),
    cred: Math.max(1, Math.round(n * 0.01)),
    ls: Math.max(3, Math.round(n * 0.3)),
    ds: Math.max(2, Math.round(n * 0.25)),
    df: Math.max(1, Math.round(n * 0.03)),
    tr: Math.max(1, Math.round(n * 0.05)),
    pl: 0,
  };
  c.pl = Math.max(3, n - (c.ir + c.kv + c.cred + c.ls + c.ds + c.df + c.tr));
  return c;
}

/** Pipeline activity count: geometric with the corpus mean, 1 to 40. */
function activityCount(rng: Rng, mean: number): number {
  const p = 1 / Math.max(1, mean);
  let k = 1;
  while (k < 40 && !rng.chance(p)) k++;
  return k;
}

function leafActivities(
  rng: Rng,
  count: number,
  datasets: DatasetRef[],
  dataFlows: string[],
  forcedDataFlow?: string,
): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  let prev: string | undefined;
  let i = 0;
  const next = (type: string): string => `${type} ${++i}`;
  if (forcedDataFlow) {
    prev = next('Run flow');
    out.push(dataFlowActivity(prev, undefined, forcedDataFlow));
  }
  while (out.length + countNested(out) < count) {
    const roll = rng.next();
    let act: Record<string, unknown>;
    if (roll < 0.35) act = copyActivity(next('Copy'), prev, rng.pick(datasets), rng.pick(datasets));
    else if (roll < 0.5 && count - out.length - countNested(out) >= 3) {
      const lookup = next('Lookup list');
      out.push(lookupActivity(lookup, prev, rng.pick(datasets)));
      act = forEachActivity(next('For each'), lookup, [
        copyActivity(next('Copy item'), undefined, rng.pick(datasets), rng.pick(datasets)),
      ]);
    } else if (roll < 0.6 && dataFlows.length) act = dataFlowActivity(next('Run flow'), prev, rng.pick(dataFlows));
    else if (roll < 0.75) act = lookupActivity(next('Lookup'), prev, rng.pick(datasets));
    else if (roll < 0.88) act = waitActivity(next('Wait'), prev, rng);
    else act = setVariableActivity(next('Set status'), prev);
    out.push(act);
    prev = act.name as string;
  }
  return out;
}

function countNested(acts: Record<string, unknown>[]): number {
  let n = 0;
  for (const a of acts) {
    const inner = (a.typeProperties as Record<string, unknown> | undefined)?.activities;
    if (Array.isArray(inner)) n += inner.length;
  }
  return n;
}

function pipelineProperties(
  rng: Rng,
  activities: Record<string, unknown>[],
  folder: string,
  targetBytes: number,
): Record<string, unknown> {
  const props: Record<string, unknown> = {
    description: '',
    activities,
    parameters: { runDate: { type: 'string', defaultValue: '2026-01-01' } },
    variables: { status: { type: 'String' } },
    folder: { name: folder },
    annotations: [],
  };
  const words: string[] = [];
  while (JSON.stringify(props).length + words.join(' ').length < targetBytes) words.push(rng.pick(WORDS));
  props.description = words.length ? words.join(' ') : 'generated pipeline';
  return props;
}

/** Build a synthetic factory in memory: deterministic for a given size and seed. */
export function generateFactory(options: GenerateOptions): GenFactory {
  const rng = createRng(options.seed ?? 7);
  const stats = options.stats ?? DEFAULT_STATS;
  const n = splitCounts(options.entities);
  const resources: GenResource[] = [];
  const add = (kind: Kind, name: string, properties: Record<string, unknown>): void => {
    resources.push({ kind, name, properties, file: fileOf(kind, name) });
  };

  const irs = Array.from({ length: n.ir }, (_, i) => `ir-bench-${pad(i + 1, 3)}`);
  for (const ir of irs)
    add('IntegrationRuntime', ir, {
      type: 'Managed',
      description: 'generated',
      typeProperties: {
        computeProperties: {
          location: 'West Europe',
          dataFlowProperties: { computeType: 'General', coreCount: 8, timeToLive: 10 },
        },
      },
    });
  const kvs = Array.from({ length: n.kv }, (_, i) => `LS_KeyVault_${pad(i + 1, 3)}`);
  for (const kv of kvs)
    add('LinkedService', kv, {
      annotations: [],
      type: 'AzureKeyVault',
      typeProperties: { baseUrl: `https://kv-bench-${kv.slice(-3)}.vault.azure.net/` },
    });
  const kvSecret = (secretName: string): Record<string, unknown> => ({
    type: 'AzureKeyVaultSecret',
    store: { referenceName: rng.pick(kvs), type: 'LinkedServiceReference' },
    secretName,
  });
  const creds = Array.from({ length: n.cred }, (_, i) => `cred_sp_${pad(i + 1, 3)}`);
  for (const c of creds)
    add('Credential', c, {
      type: 'ServicePrincipal',
      typeProperties: {
        tenant: '72f988bf-86f1-41af-91ab-2d7cd011db47',
        servicePrincipalId: `sp-${c}`,
        servicePrincipalKey: kvSecret(`${c}-key`),
      },
    });

  // Linked services: plain blob, blob via a credential (Key Vault -> credential -> linked service), SQL with a Key Vault password, SQL with a SecureString.
  const linked: Array<{ name: string; family: 'blob' | 'sql' }> = [];
  for (let i = 0; i < n.ls; i++) {
    const roll = i === 0 ? 0.4 : rng.next();
    const connectVia = rng.chance(0.3)
      ? { connectVia: { referenceName: rng.pick(irs), type: 'IntegrationRuntimeReference' } }
      : {};
    if (roll < 0.35) {
      const name = `LS_Blob_${pad(i + 1)}`;
      add('LinkedService', name, {
        annotations: [],
        type: 'AzureBlobStorage',
        typeProperties: {
          connectionString: `DefaultEndpointsProtocol=https;AccountName=stbench${pad(i + 1)};EndpointSuffix=core.windows.net;`,
        },
        ...connectVia,
      });
      linked.push({ name, family: 'blob' });
    } else if (roll < 0.55) {
      const name = `LS_Lake_${pad(i + 1)}`;
      add('LinkedService', name, {
        annotations: [],
        type: 'AzureBlobFS',
        typeProperties: {
          url: `https://dlsbench${pad(i + 1)}.dfs.core.windows.net/`,
          credential: { referenceName: i === 0 ? creds[0] : rng.pick(creds), type: 'CredentialReference' },
        },
        ...connectVia,
      });
      linked.push({ name, family: 'blob' });
    } else if (roll < 0.9) {
      const name = `LS_Sql_${pad(i + 1)}`;
      add('LinkedService', name, {
        annotations: [],
        type: 'AzureSqlDatabase',
        typeProperties: {
          connectionString: `Integrated Security=False;Encrypt=True;Connection Timeout=30;Data Source=sql-bench-${pad(i + 1)}.database.windows.net;Initial Catalog=sales;User ID=loader`,
          password: kvSecret(`sql-${pad(i + 1)}-password`),
        },
        ...connectVia,
      });
      linked.push({ name, family: 'sql' });
    } else {
      const name = `LS_SqlLegacy_${pad(i + 1)}`;
      add('LinkedService', name, {
        annotations: [],
        type: 'AzureSqlDatabase',
        typeProperties: {
          connectionString: {
            type: 'SecureString',
            value: `Data Source=legacy-${pad(i + 1)}.database.windows.net;Initial Catalog=legacy;User ID=etl;Password=\${{ env.${BENCH_SECRET_ENV} }}`,
          },
        },
        ...connectVia,
      });
      linked.push({ name, family: 'sql' });
    }
  }

  const datasets: DatasetRef[] = [];
  for (let i = 0; i < n.ds; i++) {
    const ls = i === 0 ? linked[0] : rng.pick(linked);
    const name = `DS_${ls.family === 'sql' ? 'Table' : 'File'}_${pad(i + 1)}`;
    const typed =
      ls.family === 'sql'
        ? { type: 'AzureSqlTable', typeProperties: { schema: 'dbo', table: `sales_${pad(i + 1)}` }, schema: [] }
        : {
            type: 'DelimitedText',
            typeProperties: {
              location: {
                type: ls.name.startsWith('LS_Lake') ? 'AzureBlobFSLocation' : 'AzureBlobStorageLocation',
                folderPath: `landing/${pad(i + 1)}`,
                container: 'raw',
              },
              columnDelimiter: ',',
              escapeChar: '\\',
              firstRowAsHeader: true,
              quoteChar: '"',
            },
            schema: [],
          };
    add('Dataset', name, {
      linkedServiceName: { referenceName: ls.name, type: 'LinkedServiceReference' },
      annotations: [],
      ...typed,
    });
    datasets.push({ name, family: ls.family });
  }

  const dataFlows: string[] = [];
  for (let i = 0; i < n.df; i++) {
    const name = `DF_Transform_${pad(i + 1)}`;
    const srcs = i === 0 ? [datasets[0]] : rng.sample(datasets, 1 + rng.int(2));
    const snk = rng.pick(datasets);
    const sources = srcs.map((d, j) => ({
      dataset: { referenceName: d.name, type: 'DatasetReference' },
      name: `source${j + 1}`,
    }));
    const script = [
      ...sources.map((s) => `source(allowSchemaDrift: true, validateSchema: false) ~> ${s.name}`),
      `${sources[0].name} sink(allowSchemaDrift: true, validateSchema: false) ~> sink1`,
    ].join('\n');
    add('DataFlow', name, {
      type: 'MappingDataFlow',
      typeProperties: {
        sources,
        sinks: [{ dataset: { referenceName: snk.name, type: 'DatasetReference' }, name: 'sink1' }],
        transformations: [],
        script,
      },
    });
    dataFlows.push(name);
  }

  // Pipelines in three tiers: leaves do the work, upper tiers call lower ones with ExecutePipeline.
  const tiers: string[][] = [[], [], []];
  const tierOf = (i: number): number => (i < Math.ceil(n.pl * 0.6) ? 0 : i < Math.ceil(n.pl * 0.85) ? 1 : 2);
  for (let i = 0; i < n.pl; i++) {
    const tier = Math.min(tierOf(i), tiers[0].length ? (tiers[1].length ? 2 : 1) : 0);
    const name = rng.chance(0.05)
      ? `PL Load ${pad(i + 1)}`
      : `PL_${['Ingest', 'Orchestrate', 'Master'][tier]}_${pad(i + 1)}`;
    const target = stats.bytesPerPipeline * (0.3 + rng.next());
    let activities: Record<string, unknown>[];
    if (tier === 0) {
      activities = leafActivities(
        rng,
        activityCount(rng, stats.activitiesPerPipeline * 1.15),
        datasets,
        dataFlows,
        i === 0 ? dataFlows[0] : undefined,
      );
    } else {
      const lower = tiers[tier - 1];
      const callees = tiers[tier].length === 0 ? [lower[0]] : rng.sample(lower, 1 + rng.int(3));
      activities = [];
      let prev: string | undefined;
      callees.forEach((callee, j) => {
        const a = executePipelineActivity(`Run step ${j + 1}`, prev, callee);
        activities.push(a);
        prev = a.name as string;
      });
      if (rng.chance(0.5)) activities.push(setVariableActivity('Set status', prev));
    }
    add('Pipeline', name, pipelineProperties(rng, activities, ['Ingest', 'Orchestration', 'Master'][tier], target));
    tiers[tier].push(name);
  }

  const topPipelines = [...tiers[2], ...tiers[1]];
  for (let i = 0; i < n.tr; i++) {
    const name = `TR_Schedule_${pad(i + 1)}`;
    const pipes =
      i === 0
        ? [tiers[2][0] ?? topPipelines[0]]
        : rng.sample(rng.chance(0.7) ? topPipelines : tiers[0], 1 + rng.int(2));
    add('Trigger', name, {
      annotations: [],
      runtimeState: rng.chance(0.2) ? 'Started' : 'Stopped',
      pipelines: pipes.map((p) => ({
        pipelineReference: { referenceName: p, type: 'PipelineReference' },
        parameters: { runDate: '@trigger().scheduledTime' },
      })),
      type: 'ScheduleTrigger',
      typeProperties: {
        recurrence: {
          frequency: 'Day',
          interval: 1,
          startTime: '2026-01-01T02:00:00Z',
          timeZone: 'UTC',
          schedule: { minutes: [rng.int(60)], hours: [rng.int(24)] },
        },
      },
    });
  }

  return {
    name: options.factoryName ?? `adf-bench-${options.entities}`,
    location: 'westeurope',
    subscriptionId: options.subscriptionId ?? '11111111-2222-3333-4444-555555555555',
    resourceGroup: options.resourceGroup ?? 'rg-bench',
    resources,
    env: { [BENCH_SECRET_ENV]: 'BenchSecret-9f8e7d6c5b4a' },
  };
}

/** ADF's default entity limit per factory (adf-rest-facts §9); larger generated factories declare a raised one. */
export const ADF_DEFAULT_ENTITIES = 5000;

/** The project's adf-deploy.yaml, as data. */
export function projectConfig(factory: GenFactory): Record<string, unknown> {
  return {
    factory: { name: factory.name, location: factory.location },
    target: { subscriptionId: factory.subscriptionId, resourceGroup: factory.resourceGroup },
    // The legacy SQL linked services read their password from the environment: declared, so it is allowed.
    env: [BENCH_SECRET_ENV],
    // Above ADF's default of 5,000 the factory is one whose limit Azure support raised (the bench's emulator is
    // started with a matching limit): declared, so validate, plan and apply run as at the other sizes.
    ...(factory.resources.length > ADF_DEFAULT_ENTITIES
      ? { limits: { entitiesPerFactory: factory.resources.length } }
      : {}),
  };
}

/** Write the factory as a manifest project (adf-deploy.yaml + one YAML file per resource, Studio-like folders). */
export function writeProject(dir: string, factory: GenFactory): void {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'adf-deploy.yaml'), stringify(projectConfig(factory)));
  for (const r of factory.resources) writeResource(dir, r);
}

export function writeResource(dir: string, r: GenResource): void {
  const file = path.join(dir, r.file);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, stringify({ kind: r.kind, name: r.name, properties: r.properties }, { lineWidth: 0 }));
}

/** Change the description of `fraction` of the resources (at least one) and rewrite their files. */
export function changeSome(dir: string, factory: GenFactory, fraction: number, seed: number): GenResource[] {
  const rng = createRng(seed);
  const picked = rng.sample(factory.resources, Math.max(1, Math.round(factory.resources.length * fraction)));
  for (const r of picked) {
    r.properties = { ...r.properties, description: `changed by bench run ${seed}` };
    writeResource(dir, r);
  }
  return picked;
}

/** Remove `fraction` of the resources (at least one), only ones nothing else references, and delete their files. */
export function removeSome(dir: string, factory: GenFactory, fraction: number, seed: number): GenResource[] {
  const rng = createRng(seed);
  const dag = buildGraph(factory.resources);
  const free = dag
    .keys()
    .filter((k) => dag.dependentsOf(k).length === 0)
    .map((k) => dag.get(k)!);
  const picked = new Set(rng.sample(free, Math.max(1, Math.round(factory.resources.length * fraction))));
  factory.resources = factory.resources.filter((r) => !picked.has(r));
  for (const r of picked) rmSync(path.join(dir, r.file), { force: true });
  return [...picked];
}

/** Sizes of what was generated, for the report. */
export function describeFactory(factory: GenFactory): {
  entities: number;
  byKind: Record<string, number>;
  depth: number;
  activitiesPerPipeline: number;
  bytesPerPipeline: number;
} {
  const byKind: Record<string, number> = {};
  for (const r of factory.resources) byKind[r.kind] = (byKind[r.kind] ?? 0) + 1;
  const pipes = factory.resources.filter((r) => r.kind === 'Pipeline');
  const acts = pipes.reduce((s, p) => s + countAll(p.properties.activities as Record<string, unknown>[]), 0);
  const bytes = pipes.reduce((s, p) => s + JSON.stringify(p.properties).length, 0);
  return {
    entities: factory.resources.length,
    byKind,
    depth: buildGraph(factory.resources).depth(),
    activitiesPerPipeline: round2(acts / pipes.length),
    bytesPerPipeline: Math.round(bytes / pipes.length),
  };
}

function countAll(acts: Record<string, unknown>[]): number {
  return acts.length + countNested(acts);
}
const round2 = (x: number): number => Math.round(x * 100) / 100;

// `tsx bench/generate.ts --size 1000 --out DIR [--seed N]`: write one project and print what it holds.
if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (flag: string, fallback: string): string => {
    const i = process.argv.indexOf(flag);
    return i >= 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
  };
  const size = Number(arg('--size', '100'));
  const out = path.resolve(arg('--out', path.join(os.tmpdir(), `adf-bench-gen-${size}`)));
  const here = path.dirname(fileURLToPath(import.meta.url));
  const factory = generateFactory({
    entities: size,
    seed: Number(arg('--seed', '7')),
    stats: readCorpusStats(path.resolve(here, '../../shared/corpus')),
  });
  writeProject(out, factory);
  process.stdout.write(`${JSON.stringify({ out, ...describeFactory(factory) }, null, 2)}\n`);
}
