import type { Diagnostic } from '../core/diagnostic.js';
import { editDistance } from '../core/did-you-mean.js';
import { isPlainObject } from '../core/json.js';
import { visitJson } from '../core/json-walk.js';
import type { Project } from '../manifest/types.js';
import { resourceDiagnostic } from './context.js';

const SECRET_TYPES = ['SecureString', 'AzureKeyVaultSecret'];

/** The secret type `type` was probably meant to be: a near miss, not an exact (case-insensitive) match. */
function mistypedSecret(type: string): string | undefined {
  const lower = type.toLowerCase();
  if (SECRET_TYPES.some((t) => t.toLowerCase() === lower)) return undefined;
  return SECRET_TYPES.find((t) => editDistance(type, t) <= 3);
}

/**
 * `{ type: 'SecureStrin', value: ... }`: the service takes it as a plain object and stores the value in clear,
 * returning it on every GET, and our plan would not know to hide it. A near miss of a secret type is an error
 * (the value itself is never quoted).
 */
export function checkSecretTypes(project: Project): Diagnostic[] {
  const out: Diagnostic[] = [];
  for (const resource of project.resources) {
    visitJson(resource.properties, (obj, path) => {
      if (!isPlainObject(obj)) return;
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
    });
  }
  return out;
}
