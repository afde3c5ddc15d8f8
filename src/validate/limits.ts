import type { Diagnostic } from '../core/diagnostic.js';
import { OBJECT_SIZE_KB_MAX } from '../manifest/limits-parse.js';
import type { DeclaredLimit, Project } from '../manifest/types.js';
import type { Resource } from '../model/resource.js';
import { resourceDiagnostic, configDiagnostic } from './context.js';

/**
 * ADF's documented default limits (adf-rest-facts §9, from the Azure subscription limits page). A project declares
 * the ones Azure support raised for its factory under `limits:` in adf-deploy.yaml (src/manifest/limits-parse.ts).
 */
export const LIMITS = {
  pipelineBytes: 200 * 1024,
  /**
   * Dataset / linked service: 100 KB is the default and support can raise it up to 2,000 KB
   * (`limits.objectSizeKB`). Over the limit in force is an error, not a warning: the service (and the emulator)
   * refuses the object, and a warning would let apply fail part-way through.
   */
  objectBytesSoft: 100 * 1024,
  objectBytesHard: OBJECT_SIZE_KB_MAX * 1024,
  /** Activities per pipeline, inner ones included: 80 by default (warning), 120 at most (error). */
  activitiesSoft: 80,
  activitiesHard: 120,
  parametersPerPipeline: 50,
  /** The default; "contact support" to raise it (`limits.entitiesPerFactory`). */
  entitiesPerFactory: 5000,
};

/** Size of the object as the service receives it: the serialised JSON body. */
function bodyBytes(r: Resource): number {
  return Buffer.byteLength(JSON.stringify({ name: r.name, properties: r.properties }), 'utf8');
}

/** Count activities, inner ones too: anything in a list under a key ending in 'activities' (ForEach, If, Switch, Until). */
export function countActivities(node: unknown): number {
  let n = 0;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) return v.forEach(walk);
    if (v === null || typeof v !== 'object') return;
    for (const [k, child] of Object.entries(v)) {
      if (/activities$/i.test(k) && Array.isArray(child)) n += child.filter((a) => a && typeof a === 'object').length;
      walk(child);
    }
  };
  walk(node);
  return n;
}

const kb = (bytes: number): string => `${(bytes / 1024).toFixed(1)} KB`;
const count = (n: number): string => n.toLocaleString('en');

/** How a limit in force reads in a message: ADF's default, or what the project declared. */
const allows = (declared: DeclaredLimit | undefined, shown: string): string =>
  declared ? `this project declares ${shown} (limits: in adf-deploy.yaml)` : `ADF's limit is ${shown}`;

export function checkLimits(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  const declaredEntities = project.limits?.entitiesPerFactory;
  const maxEntities = declaredEntities?.value ?? LIMITS.entitiesPerFactory;
  if (project.resources.length > maxEntities) {
    out.push(
      configDiagnostic(
        project,
        'error',
        'limit.entities',
        `the factory would hold ${count(project.resources.length)} objects; ${allows(declaredEntities, count(maxEntities))}`,
        declaredEntities?.path ?? ['factory'],
        declaredEntities
          ? 'split the project into several factories, or raise limits.entitiesPerFactory to what Azure support granted'
          : "split the project into several factories; if Azure support raised this factory's limit, declare it: 'limits: { entitiesPerFactory: N }' in adf-deploy.yaml",
      ),
    );
  }
  const declaredSize = project.limits?.objectSizeKB;
  const maxObjectBytes = declaredSize ? declaredSize.value * 1024 : LIMITS.objectBytesSoft;
  for (const r of project.resources) {
    if (r.kind === 'Pipeline') {
      const size = bodyBytes(r);
      if (size > LIMITS.pipelineBytes)
        out.push(
          resourceDiagnostic(
            project,
            r,
            'error',
            'limit.size',
            `pipeline is ${kb(size)} as JSON; ADF allows ${kb(LIMITS.pipelineBytes)}`,
            ['properties'],
            'move activities into child pipelines (Execute Pipeline)',
          ),
        );
      const activities = countActivities(r.properties);
      if (activities > LIMITS.activitiesHard) {
        out.push(
          resourceDiagnostic(
            project,
            r,
            'error',
            'limit.activities',
            `pipeline has ${activities} activities (inner ones included); ADF allows ${LIMITS.activitiesHard}`,
            ['properties', 'activities'],
            'move some into child pipelines (Execute Pipeline)',
          ),
        );
      } else if (activities > LIMITS.activitiesSoft) {
        out.push(
          resourceDiagnostic(
            project,
            r,
            'warning',
            'limit.activities',
            `pipeline has ${activities} activities (inner ones included); ADF's default limit is ${LIMITS.activitiesSoft} (${LIMITS.activitiesHard} on request)`,
            ['properties', 'activities'],
            'move some into child pipelines (Execute Pipeline)',
          ),
        );
      }
      const params = r.properties.parameters;
      const count = params && typeof params === 'object' ? Object.keys(params).length : 0;
      if (count > LIMITS.parametersPerPipeline)
        out.push(
          resourceDiagnostic(
            project,
            r,
            'error',
            'limit.parameters',
            `pipeline has ${count} parameters; ADF allows ${LIMITS.parametersPerPipeline}`,
            ['properties', 'parameters'],
            'pass an object or array parameter instead of many scalars',
          ),
        );
    } else if (r.kind === 'Dataset' || r.kind === 'LinkedService') {
      const size = bodyBytes(r);
      if (size > LIMITS.objectBytesHard) {
        out.push(
          resourceDiagnostic(
            project,
            r,
            'error',
            'limit.size',
            `${r.kind === 'Dataset' ? 'dataset' : 'linked service'} is ${kb(size)} as JSON; ADF allows ${kb(LIMITS.objectBytesHard)}`,
            ['properties'],
          ),
        );
      } else if (size > maxObjectBytes) {
        out.push(
          resourceDiagnostic(
            project,
            r,
            'error',
            'limit.size',
            `${r.kind === 'Dataset' ? 'dataset' : 'linked service'} is ${kb(size)} as JSON; ${allows(declaredSize, kb(maxObjectBytes))}`,
            ['properties'],
            declaredSize
              ? `make it smaller, or raise limits.objectSizeKB to what Azure support granted (up to ${kb(LIMITS.objectBytesHard)})`
              : `Azure support can raise it (up to ${kb(LIMITS.objectBytesHard)}); then declare it: 'limits: { objectSizeKB: N }' in adf-deploy.yaml`,
          ),
        );
      }
    }
  }
  return out;
}
