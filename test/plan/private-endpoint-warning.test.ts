import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { checkPrivateEndpointProperties, PRIVATE_ENDPOINT_PROPERTIES } from '../../src/validate/private-endpoints.js';
import { validateProject } from '../../src/validate/validate.js';
import { PROJECT_ROOT } from '../helpers/cli.js';
import { makeProject, res } from './fixtures.js';

const PE = (properties: Record<string, unknown>) =>
  res(
    'ManagedPrivateEndpoint',
    'pe1',
    { privateLinkResourceId: '/subscriptions/s/x', groupId: 'blob', ...properties },
    'default',
  );

describe('managed private endpoint properties (issue 22)', () => {
  it('warns on a property the schema does not know, at the property, with a did-you-mean', () => {
    const project = makeProject([
      res('ManagedVirtualNetwork', 'default', {}),
      PE({ fqdn: ['a.blob.core.windows.net'] }),
    ]);
    const found = checkPrivateEndpointProperties(project);
    expect(found).toHaveLength(1);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      code: 'private-endpoint.unknown-property',
      path: ['properties', 'fqdn'],
      resource: 'ManagedPrivateEndpoint/default/pe1',
    });
    expect(found[0].message).toContain("did you mean 'fqdns'?");
    expect(found[0].hint).toContain('replace it');
    // Registered with the other checks.
    expect(validateProject(project).some((d) => d.code === 'private-endpoint.unknown-property')).toBe(true);
  });

  it('is silent on the known properties, in any case', () => {
    expect(checkPrivateEndpointProperties(makeProject([PE({ FQDNs: ['a'] })]))).toEqual([]);
  });

  it('knows every property of the ARM schema', () => {
    const schema = JSON.parse(
      readFileSync(path.join(PROJECT_ROOT, 'schemas/types/ManagedPrivateEndpoint.json'), 'utf8'),
    );
    for (const key of Object.keys(schema.properties)) expect(PRIVATE_ENDPOINT_PROPERTIES).toContain(key);
  });
});
