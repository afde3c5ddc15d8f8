/**
 * The generated per-type schemas (schemas/types/), loaded on demand: validating a project loads only the types it
 * uses, never the whole 1.2 MB official schema. Each type's validator was generated at build time
 * (schemas/validators/, scripts/gen-validators.ts), so a run compiles nothing and does not load ajv; a schema
 * without a generated validator (a clone before `npm run gen:validators`) is compiled here instead, with the same
 * options. Validators are cached per process.
 */
import { existsSync, readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Ajv, ValidateFunction } from 'ajv';
import { AdfDeployError } from '../core/errors.js';
import { createAjv } from './ajv-instance.js';
import type { SchemaIndex } from './generate.js';
import { KEYWORD_FUNCTIONS, markKnownProperties } from './keywords.js';
import { vocabularyOf, type Vocabulary } from './normalize.js';

/** Schema families: the typed kinds (one file per `type`), plus the activity types of pipelines. */
export type TypedFamily = keyof SchemaIndex['types'];
export type EnvelopeFamily = keyof SchemaIndex['envelopes'];

/** Same path from src/schema/ (tsx, tests) and dist/schema/ (the built CLI). */
const SCHEMAS_DIR = new URL('../../schemas/types/', import.meta.url);
let validatorsDir: URL | undefined = new URL('../../schemas/validators/', import.meta.url);
/** Resolves the ajv runtime modules generated code needs from this package, wherever the code was written. */
const require = createRequire(import.meta.url);

/** For tests: generated validators from another folder, or none (undefined: compile every schema at run time). */
export function useValidatorsFrom(dir: URL | undefined): void {
  validatorsDir = dir;
  compiled.clear();
}

export interface CompiledSchema {
  /** Path of the schema file relative to schemas/types, for messages. */
  file: string;
  validate: ValidateFunction;
  vocabulary: Vocabulary & { exactProperties: Set<string>; exactEnums: Set<string> };
  /** The definition name of a schema node (as ajv's verbose errors hand it back), e.g. 'CopySource'. */
  definitionName(node: unknown): string | undefined;
}

let index: SchemaIndex | undefined;
let ajv: Ajv | undefined;
const compiled = new Map<string, CompiledSchema>();
const typeLookup = new Map<string, Map<string, string>>();

function readSchemaFile(rel: string): unknown {
  return JSON.parse(readSchemaText(rel)) as unknown;
}

function readSchemaText(rel: string): string {
  const url = new URL(rel, SCHEMAS_DIR);
  try {
    return readFileSync(url, 'utf8');
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

/** The schema as validators see it: with `adfKnown` marks (keywords.ts) and an id naming its file. */
export function preparedSchema(file: string, schema: Record<string, unknown>): Record<string, unknown> {
  const copy = structuredClone(schema);
  markKnownProperties(copy);
  return { ...copy, $id: `adf-deploy:${file}` };
}

type GeneratedValidator = (runtime: typeof KEYWORD_FUNCTIONS, require: NodeRequire) => ValidateFunction;

/** A generated file's code (see scripts/gen-validators.ts) as the validator it defines. */
export function evaluateValidator(code: string): ValidateFunction {
  const module: { exports?: GeneratedValidator } = {};
  // The file is ours, generated at build time from our schemas; evaluated as CommonJS with our require.
  new Function('module', code)(module);
  if (typeof module.exports !== 'function')
    throw new AdfDeployError('schema.bad-validator', 'a generated validator does not export a function', {
      fault: 'program',
      hint: 'generate them again: npm run gen:validators',
    });
  return module.exports(KEYWORD_FUNCTIONS, require);
}

/** The line a generated validator starts with: the schema text it was generated from, by its hash. */
export function validatorStamp(schemaText: string): string {
  return `// schema sha1 ${createHash('sha1').update(schemaText).digest('hex')}`;
}

function loadValidator(file: string, text: string, schema: Record<string, unknown>): ValidateFunction {
  const generated = validatorsDir && new URL(file.replace(/\.json$/, '.cjs'), validatorsDir);
  if (generated && existsSync(generated)) {
    const code = readFileSync(generated, 'utf8');
    // A validator generated from another version of the schema (gen:schemas since) is not used: compiled instead.
    if (code.startsWith(`${validatorStamp(text)}\n`)) return evaluateValidator(code);
  }
  ajv ??= createAjv(false);
  return ajv.compile(preparedSchema(file, schema));
}

function compile(file: string): CompiledSchema {
  const hit = compiled.get(file);
  if (hit) return hit;
  const text = readSchemaText(file);
  const schema = JSON.parse(text) as Record<string, unknown>;
  const entry: CompiledSchema = {
    file,
    validate: loadValidator(file, text, schema),
    vocabulary: vocabularyOf(schema),
    definitionName: definitionNamer(file, schema),
  };
  compiled.set(file, entry);
  return entry;
}

/**
 * Names definitions by their content: a generated validator's errors hand back copies of the schema's nodes, not
 * the nodes themselves, and their paths start at the definition ('#/discriminator'). Built on the first question
 * (only messages about polymorphic values ask).
 */
function definitionNamer(file: string, schema: Record<string, unknown>): (node: unknown) => string | undefined {
  let byText: Map<string, string> | undefined;
  return (node) => {
    if (!node || typeof node !== 'object') return undefined;
    byText ??= new Map(
      Object.entries((preparedSchema(file, schema).definitions ?? {}) as Record<string, unknown>).map(([name, d]) => [
        JSON.stringify(d),
        name,
      ]),
    );
    return byText.get(JSON.stringify(node));
  };
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
