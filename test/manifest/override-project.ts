import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A small project of our own for the override tests: two linked services, two datasets, a pipeline, a trigger. */
export const OBJECTS = `kind: LinkedService
name: LS_Blob
properties:
  type: AzureBlobStorage
  typeProperties:
    connectionString: DefaultEndpointsProtocol=https;AccountName=devstore
    encryptedCredential: abc
---
kind: LinkedService
name: LS_Vault
properties:
  type: AzureKeyVault
  typeProperties:
    baseUrl: https://kv-dev.vault.azure.net/
---
kind: Dataset
name: DS_In
properties:
  type: Binary
  linkedServiceName: { referenceName: LS_Blob, type: LinkedServiceReference }
  typeProperties:
    location: { type: AzureBlobStorageLocation, container: dev, fileName: in.txt }
---
kind: Dataset
name: DS_Out
properties:
  type: Binary
  linkedServiceName: { referenceName: LS_Blob, type: LinkedServiceReference }
  typeProperties:
    location: { type: AzureBlobStorageLocation, container: dev, fileName: out.txt }
---
kind: Pipeline
name: PL_Copy
properties:
  parameters:
    container: { type: String, defaultValue: dev }
  activities:
    - name: Pause
      type: Wait
      typeProperties: { waitTimeInSeconds: 5 }
    - name: Copy Data
      type: Copy
      dependsOn: [{ activity: Pause, dependencyConditions: [Succeeded] }]
      inputs: [{ referenceName: DS_In, type: DatasetReference }]
      outputs: [{ referenceName: DS_Out, type: DatasetReference }]
      typeProperties:
        source: { type: BinarySource }
        sink: { type: BinarySink }
---
kind: Trigger
name: TR_Daily
properties:
  type: ScheduleTrigger
  runtimeState: Started
  typeProperties:
    recurrence: { frequency: Day, interval: 1, startTime: "2024-01-01T02:00:00Z", timeZone: UTC }
  pipelines:
    - pipelineReference: { referenceName: PL_Copy, type: PipelineReference }
`;

export const CONFIG_HEAD = `factory:
  name: adf-envs-test
  location: eastus
  globalParameters:
    envName: { type: String, value: dev }
    retries: { type: Int, value: 1 }
target:
  subscriptionId: 00000000-0000-0000-0000-000000000000
  resourceGroup: rg-envs
vars:
  region: dev
`;

/** Write the project with `environments` text appended to the config; returns its folder. */
export function writeProject(environments: string, dir = mkdtempSync(path.join(os.tmpdir(), 'adf-envs-'))): string {
  mkdirSync(dir, { recursive: true });
  writeFileSync(path.join(dir, 'objects.yaml'), OBJECTS);
  writeFileSync(path.join(dir, 'adf-deploy.yaml'), `${CONFIG_HEAD}${environments}`);
  return dir;
}
