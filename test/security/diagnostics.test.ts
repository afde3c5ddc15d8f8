import { describe, expect, it } from 'vitest';
import type { Project } from '../../src/manifest/types.js';
import type { Resource } from '../../src/model/resource.js';
import { checkRunParameters } from '../../src/runs/parameters.js';
import { validateProject } from '../../src/validate/validate.js';

// Diagnostics are printed, saved (--json) and posted to pull requests: a check never quotes a secret. These run
// validation in-process, with no output scrubber, so they prove the fix at the source.
function project(resources: Resource[], envSecrets?: Map<string, string>): Project {
  return {
    root: '/p',
    configFile: '/p/adf-deploy.yaml',
    factory: { name: 'test-factory', location: 'eastus' },
    target: { subscriptionId: '', resourceGroup: '' },
    external: [],
    resources,
    locate: () => undefined,
    ...(envSecrets ? { envSecrets } : {}),
  };
}

const texts = (p: Project) => validateProject(p).map((d) => `${d.code} ${d.message} ${d.hint ?? ''}`);

describe('diagnostics never quote a secret', () => {
  it('a SecureString starting with @ is checked as an expression, and its text is not quoted (not even shortened)', () => {
    const secret = '@zzfunc(Sup3rS3cretTail-0123456789-abcdefghij-0123456789-abcdefghij-tail)';
    const ls: Resource = {
      kind: 'LinkedService',
      name: 'SQL',
      properties: {
        type: 'AzureSqlDatabase',
        typeProperties: { connectionString: 'Server=x', password: { type: 'SecureString', value: secret } },
      },
    };
    const found = texts(project([ls])).filter((t) => t.startsWith('expr.'));
    expect(found.length).toBeGreaterThan(0);
    for (const t of found) {
      expect(t).not.toContain('zzfunc');
      expect(t).not.toContain('Sup3rS3cret');
      expect(t).toContain('the value of properties.typeProperties.password.value');
    }
  });

  it('an enum error on a value read from a secret env variable says what was expected, not the value', () => {
    const secret = 'Minuet-Zq81xKv0';
    const trigger: Resource = {
      kind: 'Trigger',
      name: 'T',
      properties: {
        type: 'ScheduleTrigger',
        typeProperties: { recurrence: { frequency: secret, interval: 1, startTime: '2024-01-01T00:00:00Z' } },
      },
    };
    const all = texts(project([trigger], new Map([['FREQ', secret]])));
    const enumError = all.find((t) => t.startsWith('schema.enum'));
    expect(enumError).toBeDefined();
    expect(enumError).toContain("expected one of 'NotSpecified'");
    for (const t of all) expect(t).not.toContain('Zq81');
  });

  it('values that are not secret are still quoted (the check stays useful)', () => {
    const trigger: Resource = {
      kind: 'Trigger',
      name: 'T',
      properties: {
        type: 'ScheduleTrigger',
        typeProperties: { recurrence: { frequency: 'Minuet', interval: 1, startTime: '2024-01-01T00:00:00Z' } },
      },
    };
    expect(texts(project([trigger])).find((t) => t.startsWith('schema.enum'))).toContain("'Minuet'");
  });
});

describe('run parameters', () => {
  it('a SecureString parameter of the wrong type in a parameters file is not echoed', () => {
    const check = checkRunParameters(
      'P',
      { pw: { type: 'SecureString' } },
      { pairs: [], file: { path: 'params.json', values: { pw: 735190 } } },
    );
    expect(check.problems.join('\n')).toContain("parameter 'pw' is SecureString: expected a string");
    expect(check.problems.join('\n')).not.toContain('735190');
  });
});
