import type { Diagnostic } from '../core/diagnostic.js';
import { factoryFromJson } from '../import/factory.js';
import { reportSubstitution } from './config.js';
import { substituteDeep, type SubstitutionContext, type SubstitutionProblem } from './substitute.js';
import type { FactoryConfig, GlobalParameter } from './types.js';
import type { ParsedDocument } from './yaml-file.js';

/**
 * A Studio folder used as a project keeps its factory settings in `factory/<name>.json`, edited in Studio.
 * Each setting adf-deploy.yaml leaves out (location, identity, tags, global parameters, other properties) is
 * taken from the factory file named like the factory (or the only one); adf-deploy.yaml wins field by field.
 */
export function fillFactoryFromStudio(
  factory: FactoryConfig,
  docs: ParsedDocument[],
  ctx: SubstitutionContext,
  diagnostics: Diagnostic[],
): void {
  const named = (pd: ParsedDocument) => {
    const v = pd.value;
    return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined;
  };
  const wanted = factory.name.toLowerCase();
  const pd =
    docs.find((d) => String(named(d)?.name ?? '').toLowerCase() === wanted) ??
    (docs.length === 1 ? docs[0] : undefined);
  const json = pd && named(pd);
  if (!pd || !json) return;
  // Same reading as import: server-set fields and the git configuration dropped, strings escaped (they are data).
  const fromFile = factoryFromJson(json, pd.file, factory.name, []);
  const problems: SubstitutionProblem[] = [];
  const sub = <T>(v: T): T => substituteDeep(v, ctx, problems) as T;
  if (!factory.location && fromFile.location) {
    factory.location = fromFile.location;
    // The warning about a missing location no longer holds.
    for (let i = diagnostics.length - 1; i >= 0; i--)
      if (diagnostics[i].code === 'factory.no-location') diagnostics.splice(i, 1);
  }
  if (!factory.identity && fromFile.identity) factory.identity = fromFile.identity;
  if (!factory.tags && fromFile.tags) factory.tags = sub(fromFile.tags) as Record<string, string>;
  if (!factory.globalParameters && fromFile.globalParameters)
    factory.globalParameters = sub(fromFile.globalParameters) as Record<string, GlobalParameter>;
  if (!factory.properties && fromFile.properties) factory.properties = sub(fromFile.properties);
  reportSubstitution(pd, problems, [], diagnostics);
}
