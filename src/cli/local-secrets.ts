import type { Project } from '../manifest/types.js';

type SecretLookup = (
  factory: string,
  kind: 'LinkedService' | 'Dataset',
  name: string,
  path: readonly string[],
) => string | undefined;

function childIgnoringCase(node: unknown, key: string): unknown {
  if (node === null || typeof node !== 'object' || Array.isArray(node)) return undefined;
  const rec = node as Record<string, unknown>;
  if (Object.hasOwn(rec, key)) return rec[key];
  const found = Object.keys(rec).find((k) => k.toLowerCase() === key.toLowerCase());
  return found === undefined ? undefined : rec[found];
}

/**
 * For `--local` only: the embedded emulator runs in this process, and a data activity needs the clear connection
 * string or SAS URI that the emulator masked when it stored the linked service (and forgot when the previous
 * command's process ended). The project in hand has it: its linked services and datasets, after substitution, are
 * what `apply --local` sent. The emulator asks its own in-memory keeper first and this lookup second; nothing is
 * written anywhere. A value changed in the manifests but not applied is used as it is now.
 */
export function projectSecretLookup(project: Project): SecretLookup {
  return (factory, kind, name, path) => {
    if (factory.toLowerCase() !== project.factory.name.toLowerCase()) return undefined;
    const resource = project.resources.find((r) => r.kind === kind && r.name.toLowerCase() === name.toLowerCase());
    if (!resource) return undefined;
    // The emulator's path starts at the stored document; the manifest keeps `properties` at the top too.
    let node: unknown = { properties: resource.properties };
    for (const segment of path) node = childIgnoringCase(node, segment);
    if (typeof node === 'string') return node;
    const value = childIgnoringCase(node, 'value');
    return typeof value === 'string' ? value : undefined;
  };
}
