import type { Diagnostic } from '../core/diagnostic.js';
import type { Project } from '../manifest/types.js';
import type { Resource } from '../model/resource.js';
import { resourceDiagnostic, configDiagnostic } from './context.js';

/** ADF limits (adf-rest-facts §9, from the Azure subscription limits page). */
export const LIMITS = {
  pipelineBytes: 200 * 1024,
  /**
   * Dataset / linked service: 100 KB is the default and support can raise it up to 2,000 KB. Over 100 KB is an
   * error: the service (and the emulator) refuses it under the default limit, and a warning let apply fail
   * part-way through. A raised limit cannot be declared yet.
   */
  objectBytesSoft: 100 * 1024,
  objectBytesHard: 2000 * 1024,
  /** Activities per pipeline, inner ones included: 80 by default (warning), 120 at most (error). */
  activitiesSoft: 80,
  activitiesHard: 120,
  parametersPerPipeline: 50,
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

export function checkLimits(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  if (project.resources.length > LIMITS.entitiesPerFactory) {
    out.push(
      configDiagnostic(
        project,
        'error',
        'limit.entities',
        `the factory would hold ${project.resources.length} objects; ADF allows ${LIMITS.entitiesPerFactory}`,
        ['factory'],
        'split the project into several factories',
      ),
    );
  }
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
      } else if (size > LIMITS.objectBytesSoft) {
        out.push(
          resourceDiagnostic(
            project,
            r,
            'error',
            'limit.size',
            `${r.kind === 'Dataset' ? 'dataset' : 'linked service'} is ${kb(size)} as JSON; ADF's limit is ${kb(LIMITS.objectBytesSoft)}`,
            ['properties'],
            `Azure support can raise it (up to ${kb(LIMITS.objectBytesHard)}); adf-deploy cannot be told of a raised limit yet`,
          ),
        );
      }
    }
  }
  return out;
}
