import { describe, expect, it } from 'vitest';
import { projectSecrets, projectSecretsInTurns } from '../../src/cli/scrub.js';
import type { Project } from '../../src/manifest/types.js';

// The output scrubber's walk over every manifest gives the event loop turns (issue 19: 0.1 s at 5,000 objects,
// during which the factory's list pages waited), and finds what the walk in one go finds.
function project(): Project {
  const resources: Project['resources'] = [];
  for (let i = 0; i < 20; i++)
    resources.push({
      kind: 'LinkedService',
      name: `SQL${i}`,
      properties: {
        type: 'AzureSqlDatabase',
        typeProperties: {
          connectionString: `Server=s;Password=Pass-${i}-word;`,
          password: { type: 'SecureString', value: `secure-${i}` },
        },
      },
    });
  return {
    root: '/p',
    configFile: '/p/adf-deploy.yaml',
    factory: { name: 'f', location: 'eastus', globalParameters: { key: { type: 'SecureString', value: 'gp-secret' } } },
    target: { subscriptionId: '', resourceGroup: '' },
    external: [],
    resources,
    locate: () => undefined,
    envSecrets: new Map([['TOKEN', 'env-token-1']]),
  } as Project;
}

describe('projectSecretsInTurns', () => {
  it('finds the same replacements as projectSecrets', async () => {
    const p = project();
    const inTurns = await projectSecretsInTurns(p);
    expect(inTurns).toEqual(projectSecrets(p));
    expect(new Map(inTurns).get('secure-7')).toBe('(sensitive value)');
    expect(new Map(inTurns).get('env-token-1')).toMatch(/TOKEN/);
  });

  it('lets the event loop run between documents once a slice of time is used', async () => {
    // A clock that moves 10 ms per look: every document ends a slice.
    let now = 0;
    const clock = () => (now += 10);
    const ran: number[] = [];
    const tick = (): void => {
      ran.push(now);
      if (ran.length < 100) setImmediate(tick);
    };
    setImmediate(tick);
    await projectSecretsInTurns(project(), clock);
    // Without turns the walk would finish before the first setImmediate callback.
    expect(ran.length).toBeGreaterThan(10);
  });
});
