import { describe, expect, it } from 'vitest';
import { createScrubber, projectSecrets } from '../../src/cli/scrub.js';
import type { Project } from '../../src/manifest/types.js';

// Secrets shorter than 4 characters: scrubbed where they stand as a whole token (quoted, delimited, a value of
// their own), never inside a longer word (docs/secrets.md "Short secrets").
function project(): Project {
  return {
    root: '/p',
    configFile: '/p/adf-deploy.yaml',
    factory: { name: 'test-factory', location: 'eastus' },
    target: { subscriptionId: '', resourceGroup: '' },
    external: [],
    resources: [
      {
        kind: 'LinkedService',
        name: 'SQL',
        properties: {
          type: 'AzureSqlDatabase',
          typeProperties: {
            connectionString: 'Server=s;Password=Pw9;',
            password: { type: 'SecureString', value: 'q7' },
          },
        },
      },
    ],
    locate: () => undefined,
    envSecrets: new Map([['TOKEN', 'k3y']]),
  };
}

describe('short secrets', () => {
  it('are part of the project secrets', () => {
    const secrets = new Map(projectSecrets(project()));
    expect(secrets.get('Pw9')).toBe('(sensitive value)');
    expect(secrets.get('q7')).toBe('(sensitive value)');
    expect(secrets.get('k3y')).toBe('(from env TOKEN)');
  });

  it('are replaced where they stand as a token: quoted, JSON-escaped, in a connection string, a URL, an error text', () => {
    const scrub = createScrubber(projectSecrets(project()));
    expect(scrub('400 BadRequest: {"password":"q7","connectionString":"Server=s;Password=Pw9;"}')).toBe(
      '400 BadRequest: {"password":"(sensitive value)","connectionString":"Server=s;Password=(sensitive value);"}',
    );
    expect(scrub('https://h/x?sig=k3y&sv=1')).toBe('https://h/x?sig=(from env TOKEN)&sv=1');
    expect(scrub("found 'q7'")).toBe("found '(sensitive value)'");
  });

  it('are left alone inside longer words (ordinary text is not mangled)', () => {
    const scrub = createScrubber(projectSecrets(project()));
    expect(scrub('Pw9x q7q ak3y Pw99 éq7')).toBe('Pw9x q7q ak3y Pw99 éq7');
  });
});
