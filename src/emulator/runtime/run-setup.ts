import { EmulatorError } from '../http.js';
import type { TopOutcome } from './run-store.js';

/** How a new run is set up from its pipeline: parameters, variables, what a recovery rerun reuses. */

const isObj = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);
const lower = (s: string) => s.toLowerCase();

export function declaredParameters(pipeline: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const p = isObj(pipeline.parameters) ? pipeline.parameters : {};
  return Object.fromEntries(Object.entries(p).map(([k, v]) => [k, isObj(v) ? v : {}]));
}

export function isSecure(pipeline: Record<string, unknown>, name: string): boolean {
  return lower(String(declaredParameters(pipeline)[name]?.type ?? '')) === 'securestring';
}

/**
 * Parameters of a new run: every sent name must be declared, every declared one without a default must be sent
 * (chosen: 400 BadRequest naming it; the service's answer is unverified), defaults fill the rest.
 */
export function checkParameters(
  pipelineName: string,
  pipeline: Record<string, unknown>,
  given: Record<string, unknown>,
  target: string,
): Record<string, unknown> {
  const declared = declaredParameters(pipeline);
  const names = Object.keys(declared);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(given)) {
    const name = names.find((n) => n === k) ?? names.find((n) => lower(n) === lower(k));
    if (name === undefined)
      throw new EmulatorError(
        400,
        'BadRequest',
        `The parameter '${k}' is not declared by pipeline '${pipelineName}'${names.length ? ` (declared: ${names.join(', ')})` : ' (it declares none)'}.`,
        target,
      );
    out[name] = v;
  }
  const missing = names.filter((n) => !(n in out) && !('defaultValue' in declared[n]));
  if (missing.length > 0)
    throw new EmulatorError(
      400,
      'BadRequest',
      `Missing value for required parameter(s) of pipeline '${pipelineName}': ${missing.map((m) => `'${m}'`).join(', ')}.`,
      target,
    );
  for (const n of names) if (!(n in out)) out[n] = declared[n].defaultValue;
  return out;
}

/** Parameters of a finished run, back from their string form (declared non-string types parsed). */
export function reviveParameters(
  stored: Record<string, string>,
  pipeline: Record<string, unknown>,
): Record<string, unknown> {
  const declared = declaredParameters(pipeline);
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(stored)) {
    const type = lower(String(declared[k]?.type ?? 'string'));
    if (type === 'string' || type === 'securestring') out[k] = v;
    else
      try {
        out[k] = JSON.parse(v);
      } catch {
        out[k] = v;
      }
  }
  return out;
}

export function initialVariables(pipeline: Record<string, unknown>): Record<string, unknown> {
  const vars = isObj(pipeline.variables) ? pipeline.variables : {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars)) {
    const spec = isObj(v) ? v : {};
    out[k] = 'defaultValue' in spec ? spec.defaultValue : lower(String(spec.type ?? '')) === 'array' ? [] : null;
  }
  return out;
}

/** Top-level activities a recovery rerun does not run again, with the outcome they keep. */
export function recoveryReuse(
  top: Record<string, TopOutcome>,
  pipeline: Record<string, unknown>,
  req: { startActivityName?: string; startFromFailure?: boolean },
  target: string,
): Record<string, TopOutcome> {
  const acts = Array.isArray(pipeline.activities) ? pipeline.activities.filter(isObj) : [];
  if (req.startActivityName) {
    const start = lower(req.startActivityName);
    if (!acts.some((a) => lower(String(a.name)) === start))
      throw new EmulatorError(
        400,
        'BadRequest',
        `The activity '${req.startActivityName}' is not a top-level activity of the pipeline.`,
        target,
      );
    // The start activity and everything downstream of it run again; the rest keeps its earlier outcome.
    const again = new Set([start]);
    for (let grew = true; grew; ) {
      grew = false;
      for (const a of acts) {
        const name = lower(String(a.name));
        if (again.has(name)) continue;
        const deps = Array.isArray(a.dependsOn) ? a.dependsOn.filter(isObj) : [];
        if (deps.some((d) => again.has(lower(String(d.activity))))) {
          again.add(name);
          grew = true;
        }
      }
    }
    return Object.fromEntries(Object.entries(top).filter(([name]) => !again.has(name)));
  }
  if (req.startFromFailure) return Object.fromEntries(Object.entries(top).filter(([, o]) => o.status === 'Succeeded'));
  return {};
}
