/**
 * The empty-SecureString check (secret.empty) walks only documents whose text may hold a SecureString (issue 19:
 * textFacts): every way a value can become `SecureString` must still be walked and reported.
 */
import { describe, expect, it } from 'vitest';
import { textFacts } from '../../src/manifest/envelope.js';
import { loadProject } from '../../src/manifest/load.js';
import { CONFIG, writeTmpProject } from '../validate/tmp-project.js';

const LS = (name: string, type: string, value: string) =>
  `kind: LinkedService\nname: ${name}\nproperties:\n  type: AzureSqlDatabase\n  typeProperties:\n    connectionString:\n      type: ${type}\n      value: ${value}\n`;

describe('textFacts', () => {
  it('says a text may hold a SecureString when it spells one in any case, or may make one', () => {
    expect(textFacts('type: SecureString\n')).toEqual({ placeholders: false, secureStrings: true });
    expect(textFacts('type: SECURESTRING\n').secureStrings).toBe(true);
    expect(textFacts('type: String\nvalue: ""\n')).toEqual({ placeholders: false, secureStrings: false });
    // An escape or a placeholder can make any text: walked.
    expect(textFacts('type: "Secure\\x53tring"\n')).toEqual({ placeholders: true, secureStrings: true });
    expect(textFacts('type: ${{ vars.t }}\n')).toEqual({ placeholders: true, secureStrings: true });
  });
});

describe('secret.empty', () => {
  it('is reported for a SecureString however it is spelled, escaped or substituted', async () => {
    const dir = writeTmpProject({
      'adf-deploy.yaml': `${CONFIG}vars:\n  t: SecureString\n`,
      'a.yaml': LS('Plain', 'SecureString', '""'),
      'b.yaml': LS('Lower', 'securestring', "''"),
      'c.yaml': LS('Escaped', '"Secure\\x53tring"', '""'),
      'd.yaml': LS('FromVar', '${{ vars.t }}', '""'),
      'f.yaml': LS('NotSecure', 'String', '""'),
    });
    const { diagnostics } = await loadProject(dir, { environ: {} });
    const empty = diagnostics.filter((d) => d.code === 'secret.empty').map((d) => d.location?.file.split('/').pop());
    expect(empty.sort()).toEqual(['a.yaml', 'b.yaml', 'c.yaml', 'd.yaml']);
  });
});
