import type { Rng } from './rng.js';

/** A dataset the generator may point activities at, with the family its linked service belongs to. */
export interface DatasetRef {
  name: string;
  family: 'blob' | 'sql';
}

const POLICY = { timeout: '0.12:00:00', retry: 1, retryIntervalInSeconds: 30, secureOutput: false, secureInput: false };

function ref(name: string, type: string): Record<string, unknown> {
  return { referenceName: name, type };
}

function base(name: string, type: string, after: string | undefined): Record<string, unknown> {
  return {
    name,
    type,
    dependsOn: after ? [{ activity: after, dependencyConditions: ['Succeeded'] }] : [],
    policy: { ...POLICY },
    userProperties: [],
  };
}

function source(ds: DatasetRef): Record<string, unknown> {
  return ds.family === 'sql'
    ? { type: 'AzureSqlSource', queryTimeout: '02:00:00', partitionOption: 'None' }
    : {
        type: 'DelimitedTextSource',
        storeSettings: { type: 'AzureBlobStorageReadSettings', recursive: true, enablePartitionDiscovery: false },
        formatSettings: { type: 'DelimitedTextReadSettings' },
      };
}

function sink(ds: DatasetRef): Record<string, unknown> {
  return ds.family === 'sql'
    ? { type: 'AzureSqlSink', writeBehavior: 'insert', sqlWriterUseTableLock: false }
    : {
        type: 'DelimitedTextSink',
        storeSettings: { type: 'AzureBlobStorageWriteSettings' },
        formatSettings: { type: 'DelimitedTextWriteSettings', quoteAllText: true, fileExtension: '.txt' },
      };
}

export function copyActivity(
  name: string,
  after: string | undefined,
  from: DatasetRef,
  to: DatasetRef,
): Record<string, unknown> {
  return {
    ...base(name, 'Copy', after),
    typeProperties: {
      source: source(from),
      sink: sink(to),
      enableStaging: false,
      translator: { type: 'TabularTranslator', typeConversion: true },
    },
    inputs: [ref(from.name, 'DatasetReference')],
    outputs: [ref(to.name, 'DatasetReference')],
  };
}

export function lookupActivity(name: string, after: string | undefined, ds: DatasetRef): Record<string, unknown> {
  return {
    ...base(name, 'Lookup', after),
    typeProperties: { source: source(ds), dataset: ref(ds.name, 'DatasetReference'), firstRowOnly: false },
  };
}

/** A ForEach over a Lookup's rows; `lookup` must be an activity of the same pipeline (it is also the dependency). */
export function forEachActivity(
  name: string,
  lookup: string,
  inner: Record<string, unknown>[],
): Record<string, unknown> {
  return {
    name,
    type: 'ForEach',
    dependsOn: [{ activity: lookup, dependencyConditions: ['Succeeded'] }],
    userProperties: [],
    typeProperties: {
      items: { value: `@activity('${lookup}').output.value`, type: 'Expression' },
      isSequential: false,
      batchCount: 8,
      activities: inner,
    },
  };
}

export function executePipelineActivity(
  name: string,
  after: string | undefined,
  pipeline: string,
): Record<string, unknown> {
  return {
    name,
    type: 'ExecutePipeline',
    dependsOn: after ? [{ activity: after, dependencyConditions: ['Succeeded'] }] : [],
    userProperties: [],
    typeProperties: {
      pipeline: ref(pipeline, 'PipelineReference'),
      waitOnCompletion: true,
      parameters: { runDate: { value: '@pipeline().parameters.runDate', type: 'Expression' } },
    },
  };
}

export function dataFlowActivity(name: string, after: string | undefined, dataFlow: string): Record<string, unknown> {
  return {
    ...base(name, 'ExecuteDataFlow', after),
    typeProperties: {
      dataflow: ref(dataFlow, 'DataFlowReference'),
      compute: { coreCount: 8, computeType: 'General' },
      traceLevel: 'Fine',
    },
  };
}

export function waitActivity(name: string, after: string | undefined, rng: Rng): Record<string, unknown> {
  return {
    name,
    type: 'Wait',
    dependsOn: after ? [{ activity: after, dependencyConditions: ['Succeeded'] }] : [],
    userProperties: [],
    typeProperties: { waitTimeInSeconds: 1 + rng.int(60) },
  };
}

export function setVariableActivity(name: string, after: string | undefined): Record<string, unknown> {
  return {
    name,
    type: 'SetVariable',
    dependsOn: after ? [{ activity: after, dependencyConditions: ['Succeeded'] }] : [],
    userProperties: [],
    typeProperties: {
      variableName: 'status',
      value: { value: "@concat('done ', pipeline().parameters.runDate)", type: 'Expression' },
    },
  };
}
