/**
 * The seam between the run engine (src/emulator/runtime/, control flow, expressions, activity runs) and the data
 * activities (src/emulator/runtime/activities/data/ and storage/: Copy, Lookup, GetMetadata, Delete against Azurite
 * or, when the user opts in, real Azure Storage). The engine evaluates the activity's own expressions in pipeline
 * scope (including the `parameters` of its dataset references) and hands over plain JSON; the data side resolves
 * datasets and linked services, evaluates their `dataset()` / `linkedService()` expressions, moves the bytes and
 * measures them. Neither side imports the other's internals: only this file.
 */

/** Activity types the data side executes. */
export const DATA_ACTIVITY_TYPES = ['Copy', 'Lookup', 'GetMetadata', 'Delete'] as const;
export type DataActivityType = (typeof DATA_ACTIVITY_TYPES)[number];

/** A `{ referenceName, type, parameters }` reference whose parameter values are already evaluated. */
export interface EvaluatedReference {
  referenceName: string;
  type?: string;
  parameters?: Record<string, unknown>;
}

/** The activity as the engine hands it over: every expression in pipeline scope already evaluated. */
export interface DataActivityInput {
  name: string;
  type: DataActivityType;
  typeProperties: Record<string, unknown>;
  inputs?: EvaluatedReference[];
  outputs?: EvaluatedReference[];
}

/** Read access to the factory the run belongs to, as stored by the emulator. */
export interface FactoryView {
  /** The factory's name. */
  name: string;
  /** The stored document ({ name, properties, ... }) of a dataset or linked service, or undefined. */
  get(kind: 'Dataset' | 'LinkedService', name: string): Record<string, unknown> | undefined;
  /**
   * The clear value of a secret the emulator masked when it stored the object (SecureString values, an
   * AccountKey stripped from a connection string), by the JSON path of the value inside the stored document
   * (e.g. ['properties','typeProperties','sasUri']). Kept in memory only, never journalled: undefined after a
   * restart of the emulator (the activity then fails saying to apply the linked service again).
   */
  secret(kind: 'LinkedService' | 'Dataset', name: string, path: readonly string[]): string | undefined;
  /** Global parameters of the factory (for expressions in datasets and linked services). */
  globalParameters: Record<string, unknown>;
}

/** How storage is reached (set by the CLI / emulator options). */
export interface StorageAccess {
  /** Blob endpoint of a running Azurite that `UseDevelopmentStorage=true` maps to, e.g. http://127.0.0.1:10000/devstoreaccount1. */
  developmentBlobEndpoint?: string;
  /** Allow connection strings and SAS URIs that point at real Azure Storage (off unless the user opts in). */
  allowRealStorage: boolean;
}

export interface DataActivityRequest {
  activity: DataActivityInput;
  factory: FactoryView;
  storage: StorageAccess;
  /** pipeline() system variables of the run, for expressions that use them inside datasets. */
  system: Record<string, unknown>;
  signal: AbortSignal;
  /** The emulator clock (ms since epoch). */
  now(): number;
}

/** An activity run error in the service's shape. */
export interface ActivityError {
  errorCode: string;
  message: string;
  failureType: 'UserError' | 'SystemError';
  target: string;
  details?: unknown[];
}

export type DataActivityResult =
  | { status: 'Succeeded'; output: Record<string, unknown> }
  | { status: 'Failed'; error: ActivityError; output?: Record<string, unknown> };

/** What the data side exports from src/emulator/runtime/activities/data/index.ts. */
export type DataActivityExecutor = (request: DataActivityRequest) => Promise<DataActivityResult>;
