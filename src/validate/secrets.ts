import type { Diagnostic } from '../core/diagnostic.js';
import { editDistance } from '../core/did-you-mean.js';
import { isPlainObject } from '../core/json.js';
import type { Project } from '../manifest/types.js';
import { resourceDiagnostic } from './context.js';

const SECRET_TYPES = ['SecureString', 'AzureKeyVaultSecret'];

/** Answers by type: a few types ('Expression', 'SecureString') come back for most objects of a project. */
const mistyped = new Map<string, string | undefined>();

/** The secret type `type` was probably meant to be: a near miss, not an exact (case-insensitive) match. */
function mistypedSecret(type: string): string | undefined {
  if (mistyped.has(type)) return mistyped.get(type);
  const lower = type.toLowerCase();
  const meant = SECRET_TYPES.some((t) => t.toLowerCase() === lower)
    ? undefined
    : SECRET_TYPES.find((t) => editDistance(type, t) <= 3);
  // Bounded: types are few, but a generated project could write many.
  if (mistyped.size < 1000) mistyped.set(type, meant);
  return meant;
}

/**
 * `{ type: 'SecureStrin', value: ... }`: the service takes it as a plain object and stores the value in clear,
 * returning it on every GET, and our plan would not know to hide it. A near miss of a secret type is an error
 * (the value itself is never quoted).
 */
export function checkSecretTypes(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const resource of project.resources) {
    // Not core/json-walk's visitJson, which copies the path at every node: this walk visits every node of every
    // resource on validate's hot path, so the path is a stack, copied only for a finding.
    const path: (string | number)[] = [];
    const walk = (node: unknown): void => {
      if (Array.isArray(node)) {
        for (let i = 0; i < node.length; i++) {
          path.push(i);
          walk(node[i]);
          path.pop();
        }
        return;
      }
      if (!isPlainObject(node)) return;
      const obj = node;
      const meant =
        typeof obj.type === 'string' && ('value' in obj || 'secretName' in obj) ? mistypedSecret(obj.type) : undefined;
      if (meant) {
        out.push(
          resourceDiagnostic(
            project,
            resource,
            'error',
            'secret.mistyped',
            `'${obj.type}' is not a secret type: did you mean '${meant}'?`,
            ['properties', ...path, 'type'],
            'as written, the service would store the value in clear and return it on every read',
          ),
        );
      }
      for (const k in obj) {
        if (!Object.hasOwn(obj, k)) continue;
        path.push(k);
        walk(obj[k]);
        path.pop();
      }
    };
    walk(resource.properties);
  }
  return out;
}
