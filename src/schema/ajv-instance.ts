/**
 * The one ajv configuration, for the validators generated at build time (scripts/gen-validators.ts) and for
 * compiling at run time when a generated validator is missing (a clone before `npm run gen:validators`).
 * ajv is loaded with require() on first use: a run whose validators were all generated never loads it.
 */
import { createRequire } from 'node:module';
import type { Ajv, CodeKeywordDefinition, KeywordCxt } from 'ajv';
import { type AdfKeyword, KEYWORD_FUNCTIONS, KEYWORD_SCHEMA_TYPES } from './keywords.js';

const require = createRequire(import.meta.url);

/** Name of the object generated validators receive KEYWORD_FUNCTIONS as (see gen-validators.ts). */
export const RUNTIME_NAME = 'adfRuntime';

/**
 * allErrors: report every problem at once. verbose: errors carry the schema and data, used to word messages.
 * strict off: the official schema has draft-04 idioms ajv's strict mode rejects (e.g. `type` beside `enum`).
 * passContext: our keywords record what they meet in the context given to validate.call (keywords.ts).
 * code.optimize off: at run time compiling dominates (each schema is used a few times per run); measured on the
 * corpus, it saves about a quarter of the CPU time of a cold validation. Generated code is optimized.
 */
export function createAjv(standalone: boolean): Ajv {
  const ajvModule = require('ajv') as typeof import('ajv');
  const AjvDraft04 = (require('ajv-draft-04') as typeof import('ajv-draft-04')).default;
  const addFormats = (require('ajv-formats') as typeof import('ajv-formats')).default;
  const instance = addFormats(
    new AjvDraft04({
      allErrors: true,
      verbose: true,
      strict: false,
      discriminator: true,
      validateSchema: false,
      passContext: true,
      code: standalone ? { source: true, optimize: true } : { optimize: false },
    }),
  );
  const { _, Name } = ajvModule;
  for (const keyword of Object.keys(KEYWORD_FUNCTIONS) as AdfKeyword[]) {
    const definition: CodeKeywordDefinition = {
      keyword,
      schemaType: KEYWORD_SCHEMA_TYPES[keyword],
      // The call ajv makes for a function keyword, with the function named so generated code can refer to it.
      code(cxt: KeywordCxt) {
        const { gen, it } = cxt;
        const fn = gen.scopeValue('keyword', {
          ref: KEYWORD_FUNCTIONS[keyword],
          code: _`${new Name(RUNTIME_NAME)}.${new Name(keyword)}`,
        });
        const at = _`${new Name('instancePath')} + ${it.errorPath}`;
        gen.code(
          _`${fn}.call(this, ${cxt.schemaCode}, ${cxt.data}, {instancePath: ${at}, rootData: ${new Name('rootData')}})`,
        );
      },
    };
    instance.addKeyword(definition);
  }
  return instance as unknown as Ajv;
}
