import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { spawnCli, type CliResult } from '../helpers/cli.js';

// Every command runs with known secret values (a SecureString from an environment variable, an AccountKey in
// a plain connection string, a SecureString from an environment's vars); none may appear, raw, base64 or
// URL-encoded, in stdout, stderr, plan files, the emulator's request log or data directory, or the embedded
// emulator's folder. Commands run as real processes, so a stray console.log is caught too.
const SECRETS = {
  ADF_TEST_SQL_PASSWORD: 'Sql-Pa55w0rd-e3b0c44298fc',
  ADF_TEST_ACCOUNT_KEY: 'QWNjb3VudEtleS1zZWNyZXQtOTk4ODc3NjY1NQ==',
  ADF_TEST_HTTP_PASSWORD: 'Http-Secret-1c8bfe8f801d',
};
const ROTATED = 'Sql-Rotated-Pa55-a94a8fe5ccb1';
// The shapes of src/diff/secret-shapes.ts, each with its own value (literal in the manifests, or from env).
const SHAPES = {
  ADF_TEST_BEARER: 'Bearer-eyJhbGciOi-5e884898da28',
  ADF_TEST_DESCRIPTION: 'Plain-Env-Value-2c26b46b68ff',
};
const LITERAL = {
  sig: 'SasSig-fcde2b2edba5',
  quoted: 'Quoted;Pa55-b5bb9d8014a0',
  capital: 'Capital-Value-7d865e959b24',
  defaultValue: 'Param-Default-36a9e7f1c95b',
  userinfo: 'UrlPass-3f79bb7b435b',
  header: 'ApiKey-Header-ca978112ca1b',
};
const ALL = [...Object.values(SECRETS), ROTATED, ...Object.values(SHAPES), ...Object.values(LITERAL)];

function variants(secret: string): string[] {
  return [...new Set([secret, Buffer.from(secret).toString('base64'), encodeURIComponent(secret)])];
}

/** Every leak of a secret in `text`, named by where it was found. */
function leaks(where: string, text: string): string[] {
  return ALL.flatMap((s) =>
    variants(s)
      .filter((v) => text.includes(v))
      .map((v) => `${where} contains ${v === s ? 'a secret' : 'an encoded secret'} (${s.slice(0, 8)}...)`),
  );
}

function filesUnder(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const e of readdirSync(d)) {
      const p = path.join(d, e);
      if (statSync(p).isDirectory()) walk(p);
      else out.push(p);
    }
  };
  walk(dir);
  return out;
}

const CONFIG = `factory:
  name: adf-secrets-test
  location: westeurope
target:
  subscriptionId: 00000000-0000-0000-0000-00000000s3c5
  resourceGroup: rg-secrets
env:
  - ADF_TEST_SQL_PASSWORD
  - ADF_TEST_ACCOUNT_KEY
  - ADF_TEST_HTTP_PASSWORD
vars:
  httpPassword: none
environments:
  prod:
    vars:
      httpPassword: \${{ env.ADF_TEST_HTTP_PASSWORD }}
`;

const RESOURCES = `kind: LinkedService
name: LS_Sql
properties:
  type: AzureSqlDatabase
  typeProperties:
    connectionString:
      type: SecureString
      value: Data Source=sql.example.net;Initial Catalog=db;User ID=app;Password=\${{ env.ADF_TEST_SQL_PASSWORD }}
---
kind: LinkedService
name: LS_Blob
properties:
  type: AzureBlobStorage
  typeProperties:
    connectionString: DefaultEndpointsProtocol=https;AccountName=stsecrets;AccountKey=\${{ env.ADF_TEST_ACCOUNT_KEY }};EndpointSuffix=core.windows.net
---
kind: LinkedService
name: LS_Http
properties:
  type: HttpServer
  typeProperties:
    url: https://api.example.net/
    authenticationType: Basic
    userName: svc
    password:
      type: SecureString
      value: \${{ vars.httpPassword }}
---
kind: Dataset
name: DS_Table
properties:
  type: AzureSqlTable
  linkedServiceName:
    referenceName: LS_Sql
    type: LinkedServiceReference
  typeProperties:
    schema: dbo
    table: orders
`;

let emulator: RunningEmulator;
let work: string;
let dir: string;
let data: string;
let logFile: string;
const found: string[] = [];

beforeAll(async () => {
  work = mkdtempSync(path.join(os.tmpdir(), 'adf-secrets-'));
  dir = path.join(work, 'project');
  data = path.join(work, 'emulator-data');
  logFile = path.join(work, 'requests.jsonl');
  mkdirSync(path.join(dir, 'linkedService'), { recursive: true });
  writeFileSync(path.join(dir, 'adf-deploy.yaml'), CONFIG);
  writeFileSync(path.join(dir, 'linkedService/all.yaml'), RESOURCES);
  emulator = await startEmulator({ port: 0, throttle: 'off', dataDir: data, logFile });
});
afterAll(async () => {
  await emulator?.close();
  rmSync(work, { recursive: true, force: true });
});

async function run(label: string, args: string[], env: Record<string, string> = SECRETS): Promise<CliResult> {
  const r = await spawnCli(args, { env: { ...env, ADF_DEPLOY_SUBSCRIPTION_ID: '', ADF_DEPLOY_RESOURCE_GROUP: '' } });
  found.push(...leaks(`${label} stdout`, r.stdout), ...leaks(`${label} stderr`, r.stderr));
  return r;
}

describe('no secret value leaves the process', () => {
  it('validate, graph, plan (every rendering and --out), apply, re-plan, secret rotation, destroy', async () => {
    const at = ['--endpoint', emulator.url, '--env', 'prod'];
    const plan1 = path.join(work, 'plan1.json');
    const plan2 = path.join(work, 'plan2.json');
    const codes: Record<string, number> = {};
    const step = async (label: string, args: string[], env?: Record<string, string>): Promise<void> => {
      codes[label] = (await run(label, args, env)).code;
    };
    await step('validate', ['validate', dir, '--env', 'prod']);
    await step('validate --json', ['validate', dir, '--env', 'prod', '--json']);
    await step('graph', ['graph', dir, '--env', 'prod', '--format', 'json']);
    await step('plan', ['plan', dir, ...at, '--verbose']);
    await step('plan --json', ['plan', dir, ...at, '--json']);
    await step('plan --markdown', ['plan', dir, ...at, '--markdown']);
    await step('plan --out', ['plan', dir, ...at, '--out', plan1]);
    await step('apply plan file', ['apply', plan1, '--endpoint', emulator.url, '--auto-approve', '--verbose']);
    await step('re-plan', ['plan', dir, ...at, '--detailed-exitcode']);
    const rotated = { ...SECRETS, ADF_TEST_SQL_PASSWORD: ROTATED };
    await step('plan rotated', ['plan', dir, ...at, '--detailed-exitcode'], rotated);
    await step('plan rotated --json', ['plan', dir, ...at, '--json'], rotated);
    await step('plan rotated --markdown', ['plan', dir, ...at, '--markdown'], rotated);
    await step('plan rotated --out', ['plan', dir, ...at, '--out', plan2], rotated);
    await step('apply rotated --json', ['apply', dir, ...at, '--auto-approve', '--json'], rotated);
    await step('re-plan rotated', ['plan', dir, ...at, '--detailed-exitcode'], rotated);
    await step('apply --local', ['apply', dir, '--local', '--env', 'prod', '--auto-approve']);
    await step('destroy', ['destroy', dir, ...at, '--auto-approve', '--verbose'], rotated);
    await step('destroy --local --json', ['destroy', dir, '--local', '--env', 'prod', '--auto-approve', '--json']);

    // The commands did their work (a failure would make "no leak" meaningless).
    expect(codes).toEqual({
      validate: 0,
      'validate --json': 0,
      graph: 0,
      plan: 0,
      'plan --json': 0,
      'plan --markdown': 0,
      'plan --out': 0,
      'apply plan file': 0,
      're-plan': 0,
      'plan rotated': 2,
      'plan rotated --json': 0,
      'plan rotated --markdown': 0,
      'plan rotated --out': 0,
      'apply rotated --json': 0,
      're-plan rotated': 0,
      'apply --local': 0,
      destroy: 0,
      'destroy --local --json': 0,
    });
    for (const f of [plan1, plan2, logFile]) found.push(...leaks(path.basename(f), readFileSync(f, 'utf8')));
    for (const f of [...filesUnder(data), ...filesUnder(path.join(dir, '.adf-deploy'))])
      found.push(...leaks(path.relative(work, f), readFileSync(f, 'latin1')));
    expect(found).toEqual([]);
  });

  it('a mistyped SecureString is refused before anything is sent: exit 1, the value never quoted, zero writes', async () => {
    // As written, the service would store the value in clear; validation catches the near miss instead.
    const typo = path.join(work, 'typo');
    mkdirSync(path.join(typo, 'linkedService'), { recursive: true });
    writeFileSync(path.join(typo, 'adf-deploy.yaml'), CONFIG.replace('adf-secrets-test', 'adf-secrets-typo'));
    writeFileSync(
      path.join(typo, 'linkedService/all.yaml'),
      RESOURCES.replace('type: SecureString\n      value: Data', 'type: SecureStrin\n      value: Data'),
    );
    const at = ['--endpoint', emulator.url, '--env', 'prod'];
    const before = found.length;
    const writesBefore = emulator.requestLog().filter((e) => e.method !== 'GET').length;
    const results = [
      await run('typo validate', ['validate', typo, '--env', 'prod']),
      await run('typo plan --json', ['plan', typo, ...at, '--json']),
      await run('typo apply', ['apply', typo, ...at, '--auto-approve']),
    ];
    for (const r of results) {
      expect(r.code).toBe(1);
      expect(r.stdout + r.stderr).toContain('secret.mistyped');
    }
    expect(emulator.requestLog().filter((e) => e.method !== 'GET').length).toBe(writesBefore);
    expect(found.slice(before)).toEqual([]);
  });

  it('Password= written into a plain connection string is fingerprinted and redacted like a SecureString', async () => {
    // The service stores such values as written, so its data may hold them; our output must not.
    const sloppy = path.join(work, 'sloppy');
    mkdirSync(path.join(sloppy, 'linkedService'), { recursive: true });
    writeFileSync(path.join(sloppy, 'adf-deploy.yaml'), CONFIG.replace('adf-secrets-test', 'adf-secrets-sloppy'));
    writeFileSync(
      path.join(sloppy, 'linkedService/all.yaml'),
      RESOURCES.replace(
        'userName: svc',
        'userName: svc\n    embeddedCertData: Data Source=x;User ID=u;Password=${{ env.ADF_TEST_HTTP_PASSWORD }}',
      ),
    );
    const at = ['--endpoint', emulator.url, '--env', 'prod'];
    const before = found.length;
    const planFile = path.join(work, 'sloppy.plan.json');
    const rotated = { ...SECRETS, ADF_TEST_HTTP_PASSWORD: 'Http-Rotated-7f3a9c2e11d0' };
    const codes = [
      (await run('sloppy validate', ['validate', sloppy, '--env', 'prod'])).code,
      (await run('sloppy plan', ['plan', sloppy, ...at])).code,
      (await run('sloppy plan --json', ['plan', sloppy, ...at, '--json'])).code,
      (await run('sloppy plan --markdown', ['plan', sloppy, ...at, '--markdown'])).code,
      (await run('sloppy plan --out', ['plan', sloppy, ...at, '--out', planFile])).code,
      (await run('sloppy apply', ['apply', sloppy, ...at, '--auto-approve'])).code,
      (await run('sloppy re-plan', ['plan', sloppy, ...at, '--detailed-exitcode'])).code,
    ];
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const rotatedPlan = await run('sloppy plan rotated', ['plan', sloppy, ...at, '--detailed-exitcode'], rotated);
    expect(rotatedPlan.code).toBe(2);
    expect(rotatedPlan.stdout).toContain('(sensitive value changed)');
    expect(rotatedPlan.stdout).not.toContain('Http-Rotated');
    found.push(...leaks('sloppy.plan.json', readFileSync(planFile, 'utf8')));
    expect(found.slice(before)).toEqual([]);
  });

  it('the other shapes: quoted, capitalised, SAS, URL credentials, parameter defaults, headers, plain env values', async () => {
    const shapes = path.join(work, 'shapes');
    mkdirSync(path.join(shapes, 'pipeline'), { recursive: true });
    writeFileSync(
      path.join(shapes, 'adf-deploy.yaml'),
      CONFIG.replace('adf-secrets-test', 'adf-secrets-shapes').replace(
        'env:\n',
        'env:\n  - ADF_TEST_BEARER\n  - ADF_TEST_DESCRIPTION\n',
      ),
    );
    writeFileSync(
      path.join(shapes, 'pipeline/all.yaml'),
      `kind: LinkedService
name: LS_Odbc
properties:
  type: Odbc
  typeProperties:
    connectionString: Driver={ODBC 18};Server=x;Pwd="${LITERAL.quoted}";Uid=u
    password:
      Type: SecureString
      Value: ${LITERAL.capital}
    authenticationType: Basic
---
kind: Pipeline
name: P_Web
properties:
  description: \${{ env.ADF_TEST_DESCRIPTION }}
  parameters:
    token:
      type: SecureString
      defaultValue: ${LITERAL.defaultValue}
    blobUrl:
      type: String
      defaultValue: https://st.blob.core.windows.net/c/f.csv?sv=2022-11-02&sig=${LITERAL.sig}
  activities:
    - name: Call
      type: WebActivity
      typeProperties:
        url: https://svc:${LITERAL.userinfo}@api.example.net/run
        method: GET
        headers:
          Authorization: \${{ env.ADF_TEST_BEARER }}
          X-API-Key: ${LITERAL.header}
`,
    );
    const env = { ...SECRETS, ...SHAPES };
    const at = ['--endpoint', emulator.url, '--env', 'prod'];
    const before = found.length;
    const planFile = path.join(work, 'shapes.plan.json');
    const codes = [
      (await run('shapes validate', ['validate', shapes, '--env', 'prod'], env)).code,
      (await run('shapes plan', ['plan', shapes, ...at], env)).code,
      (await run('shapes plan --json', ['plan', shapes, ...at, '--json'], env)).code,
      (await run('shapes plan --markdown', ['plan', shapes, ...at, '--markdown'], env)).code,
      (await run('shapes plan --out', ['plan', shapes, ...at, '--out', planFile], env)).code,
      (await run('shapes apply', ['apply', planFile, '--auto-approve'], env)).code,
      (await run('shapes re-plan', ['plan', shapes, ...at, '--detailed-exitcode'], env)).code,
    ];
    expect(codes).toEqual([0, 0, 0, 0, 0, 0, 0]);
    const rotated = await run('shapes rotated', ['plan', shapes, ...at, '--markdown'], {
      ...env,
      ADF_TEST_BEARER: 'Bearer-Rotated-aaaa1111bbbb',
    });
    expect(rotated.stdout).toContain('sensitive value changed');
    expect(rotated.stdout).not.toContain('Bearer-Rotated');
    found.push(...leaks('shapes.plan.json', readFileSync(planFile, 'utf8')));
    expect(found.slice(before)).toEqual([]);
  });
});
