import { spawn } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { PROJECT_ROOT } from '../helpers/cli.js';

/**
 * Start-up cost (issue 19): `validate` must not load the packages only other commands or rare expression
 * functions need. Each costs tens of milliseconds of CPU at every start, which is most of a small validate.
 */
function resolvedModules(args: string[]): Promise<{ code: number; modules: string[] }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      '--import',
      path.join(PROJECT_ROOT, 'test/helpers/module-log.mjs'),
      path.join(PROJECT_ROOT, 'src/cli/entry.ts'),
      ...args,
    ],
    { cwd: PROJECT_ROOT, env: { ...process.env, NO_COLOR: '1' }, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  let stderr = '';
  child.stderr.on('data', (d) => (stderr += d));
  return new Promise((resolve) => {
    child.on('close', (code) => {
      const modules = stderr
        .split('\n')
        .filter((l) => l.startsWith('module: '))
        .map((l) => l.slice('module: '.length));
      resolve({ code: code ?? 1, modules });
    });
  });
}

const packageOf = (url: string): string | undefined => /node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(url)?.[1];

describe('start-up modules', () => {
  it('validate loads no network, terminal UI, XML, time zone or emulator code', async () => {
    const { code, modules } = await resolvedModules(['validate', 'examples/quickstart']);
    expect(code).toBe(0);
    const packages = new Set(modules.map(packageOf).filter((p): p is string => !!p));
    // The hook saw the run's imports (yaml is no longer one: the fast path reads quickstart, src/manifest/fast-yaml.ts).
    expect(packages.has('commander')).toBe(true);
    for (const heavy of [
      '@azure/identity',
      '@azure/storage-blob',
      'got',
      'listr2',
      '@xmldom/xmldom',
      'xpath',
      'windows-iana',
    ])
      expect(packages, heavy).not.toContain(heavy);
    expect(modules.filter((m) => m.includes('/src/emulator/'))).toEqual([]);
  }, 60_000);

  it('plan and apply against an endpoint, factories, v1 and --help load no emulator and no @azure/storage-blob', async () => {
    // The embedded emulator loads only for --local (cli/connection.ts, v1/connect.ts); the emulator and storage
    // commands load theirs when they run (cli/emulator-run.ts, storage.ts).
    for (const args of [
      ['plan', '--help'],
      ['apply', '--help'],
      ['factories', '--help'],
      ['v1', '--help'],
      ['--help'],
    ]) {
      const { code, modules } = await resolvedModules(args);
      expect(code, args.join(' ')).toBe(0);
      expect(
        modules.some((m) => m.includes('/src/cli/')),
        args.join(' '),
      ).toBe(true);
      expect(
        modules.filter((m) => packageOf(m) === '@azure/storage-blob'),
        args.join(' '),
      ).toEqual([]);
      expect(
        modules.filter((m) => m.includes('/src/emulator/') && !m.includes('/src/emulator/index')),
        args.join(' '),
      ).toEqual([]);
    }
  }, 120_000);

  it('--version loads no command module', async () => {
    const { code, modules } = await resolvedModules(['--version']);
    expect(code).toBe(0);
    const commands = /\/src\/cli\/(validate|plan|apply|destroy|emulator|storage|run|runs|build|import|export)\.ts$/;
    expect(modules.some((m) => m.endsWith('/src/cli/main.ts'))).toBe(true);
    expect(modules.filter((m) => commands.test(m))).toEqual([]);
  }, 60_000);
});
