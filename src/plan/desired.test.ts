import { describe, expect, it } from 'vitest';
import { SECRET_PLACEHOLDER } from './types.js';
import { buildDesiredBody, redactBody } from './desired.js';
import type { Resource } from '../model/resource.js';

const FACTORY_ID = '/subscriptions/s/resourceGroups/rg/providers/Microsoft.DataFactory/factories/f';

// Issue 19: a plan of 5,000 objects must not hold each body three times (manifest, PUT body, plan body).
describe('desired bodies are not copied needlessly', () => {
  it('shares the manifest properties with the PUT body, and the PUT body with the plan, when nothing is secret', () => {
    const resource: Resource = {
      kind: 'Pipeline',
      name: 'p1',
      properties: { activities: [{ name: 'w', type: 'Wait', typeProperties: { waitTimeInSeconds: 1 } }] },
    };
    const { body, fingerprint } = buildDesiredBody(resource, FACTORY_ID);
    expect(fingerprint).toBeUndefined();
    expect(body.properties).toBe(resource.properties);
    expect(redactBody(body)).toBe(body);
  });

  it("leaves the manifest's trigger runtimeState in place and out of the body", () => {
    const resource: Resource = {
      kind: 'Trigger',
      name: 't1',
      properties: { type: 'ScheduleTrigger', runtimeState: 'Started', pipelines: [] },
    };
    const { body } = buildDesiredBody(resource, FACTORY_ID);
    expect(body.properties).toEqual({ type: 'ScheduleTrigger', pipelines: [] });
    expect(resource.properties.runtimeState).toBe('Started');
  });

  it('gives the plan its own redacted copy when there is a secret, and leaves the PUT body and manifest intact', () => {
    const resource: Resource = {
      kind: 'LinkedService',
      name: 'ls1',
      properties: {
        type: 'AzureSqlDatabase',
        typeProperties: { password: { type: 'SecureString', value: 'S3cret-value-123' } },
      },
    };
    const { body, fingerprint } = buildDesiredBody(resource, FACTORY_ID);
    expect(fingerprint).toBeDefined();
    const redacted = redactBody(body);
    expect(redacted).not.toBe(body);
    expect(JSON.stringify(redacted)).not.toContain('S3cret-value-123');
    expect(JSON.stringify(redacted)).toContain(SECRET_PLACEHOLDER);
    expect(JSON.stringify(body)).toContain('S3cret-value-123');
    expect(resource.properties).toEqual({
      type: 'AzureSqlDatabase',
      typeProperties: { password: { type: 'SecureString', value: 'S3cret-value-123' } },
    });
  });
});
