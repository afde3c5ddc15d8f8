/**
 * The generated per-type schemas (schemas/types/), compiled on demand: validating a project compiles only the
 * types it uses, never the whole 1.2 MB official schema. Compiled validators are cached per process.
 */
import { readFileSync } from 'node:fs';
import AjvModule from 'ajv-draft-04';
import type { ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';
import { AdfDeployError } from '../core/errors.js';
import type { SchemaIndex } from './generate.js';
import { addAdfKeywords, markKnownProperties } from './keywords.js';
import { vocabularyOf, type Vocabulary } from './normalize.js';

// Both packages are CommonJS; their `default` property is the class / plugin under every loader.
const Ajv = AjvModule.default;
const addFormats = addFormatsModule.default;

/** Schema families: the typed kinds (one file per `type`), plus the activity types of pipelines. */
export type TypedFamily = keyof SchemaIndex['types'];
export type EnvelopeFamily = keyof SchemaIndex['envelopes'];

/** Same path from src/schema/ (tsx, tests) and dist/schema/ (the built CLI). */
const SCHEMAS_DIR = new URL('../../schemas/types/', import.meta.url);

export interface CompiledSchema {
  /** Path of the schema file relative to schemas/types, for messages. */
  file: string;
  validate: ValidateFunction;
  vocabulary: Vocabulary & { exactProperties: Set<string>; exactEnums: Set<string> };
  /** The definition name of a schema node (as ajv's verbose errors hand it back), e.g. 'CopySource'. */
  definitionName(node: unknown): string | undefined;
}

let index: SchemaIndex | undefined;
let ajv: InstanceType<typeof Ajv> | undefined;
const compiled = new Map<string, CompiledSchema>();
const typeLookup = new Map<string, Map<string, string>>();
/** Definition names of every compiled schema node, for messages about errors inside definitions. */
const definitionNames = new WeakMap<object, string>();

function readSchemaFile(rel: string): unknown {
  const url = new URL(rel, SCHEMAS_DIR);
  try {
    return JSON.parse(readFileSync(url, 'utf8')) as unknown;
  } catch (err) {
    throw new AdfDeployError('schema.missing-file', `cannot read schema ${url.pathname}: ${(err as Error).message}`, {
      fault: 'program',
      hint: 'the package is incomplete: schemas/types/ ships with adf-deploy (in a clone, run npm run gen:schemas)',
      cause: err,
    });
  }
}

export function schemaIndex(): SchemaIndex {
  index ??= readSchemaFile('index.json') as SchemaIndex;
  return index;
}

/** The known `type` values of a family, as the schema spells them. */
export function knownTypes(family: TypedFamily): string[] {
  return schemaIndex().types[family];
}

/** The schema's spelling of `type`, matched case-insensitively as the service does; undefined when unknown. */
export function resolveType(family: TypedFamily, type: string): string | undefined {
  return lookupIn(family, knownTypes(family), type);
}

/** A split polymorphic definition (CopySource, StoreReadSettings...): its tag property and known tag values. */
export function partInfo(part: string): { tag: string; types: string[] } {
  const info = schemaIndex().parts[part];
  if (!info)
    throw new AdfDeployError('schema.unknown-part', `schema part ${part} is not in schemas/types/index.json`, {
      fault: 'program',
    });
  return info;
}

export function resolvePartType(part: string, value: string): string | undefined {
  return lookupIn(`part:${part}`, partInfo(part).types, value);
}

function lookupIn(key: string, known: string[], value: string): string | undefined {
  let lookup = typeLookup.get(key);
  if (!lookup) {
    lookup = new Map(known.map((t) => [t.toLowerCase(), t]));
    typeLookup.set(key, lookup);
  }
  return lookup.get(value.toLowerCase());
}

function createAjv(): InstanceType<typeof Ajv> {
  // allErrors: report every problem at once. verbose: errors carry the schema and data, used to word messages.
  // strict off: the official schema has draft-04 idioms ajv's strict mode rejects (e.g. `type` beside `enum`).
  // passContext: our keywords record what they meet in the context given to validate.call (keywords.ts).
  // code.optimize off: compiling dominates (each schema is used a few times per run); measured on the corpus,
  // it saves about a quarter of the CPU time of a cold validation.
  const options = {
    allErrors: true,
    verbose: true,
    strict: false,
    discriminator: true,
    validateSchema: false,
    passContext: true,
    code: { optimize: false },
  };
  const instance = addFormats(new Ajv(options));
  addAdfKeywords(instance);
  return instance;
}

function compile(file: string): CompiledSchema {
  const hit = compiled.get(file);
  if (hit) return hit;
  ajv ??= createAjv();
  const schema = readSchemaFile(file) as Record<string, unknown>;
  const vocabulary = vocabularyOf(schema);
  markKnownProperties(schema);
  for (const [name, def] of Object.entries((schema.definitions ?? {}) as Record<string, object>))
    definitionNames.set(def, name);
  const entry: CompiledSchema = {
    file,
    validate: ajv.compile({ ...schema, $id: `adf-deploy:${file}` }),
    vocabulary,
    definitionName: (node) => (node && typeof node === 'object' ? definitionNames.get(node) : undefined),
  };
  compiled.set(file, entry);
  return entry;
}

/** Schema files compiled so far in this process (compilation is on demand). */
export function compiledSchemaFiles(): string[] {
  return [...compiled.keys()];
}

/** The compiled schema of a known type (spelled as `resolveType` returns it). */
export function typedSchema(family: TypedFamily, type: string): CompiledSchema {
  return compile(`${family}/${type}.json`);
}

/** The compiled schema of one branch of a part (as `resolvePartType` spells it). */
export function partSchema(part: string, type: string): CompiledSchema {
  return compile(`parts/${part}/${type}.json`);
}

/** The compiled schema of a kind without `type` (Pipeline envelope, managed VNet, private endpoint). */
export function envelopeSchema(family: EnvelopeFamily): CompiledSchema {
  return compile(schemaIndex().envelopes[family]);
}
