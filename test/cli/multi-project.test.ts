import { cpSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runApply, type ApplyCliOptions } from '../../src/cli/apply.js';
import { memoryIo, type CliContext } from '../../src/cli/context.js';
import { createLimiterPool } from '../../src/cli/limiter-pool.js';
import { main } from '../../src/cli/main.js';
import { runProjects } from '../../src/cli/multi-project.js';
import { startEmulator, type RunningEmulator } from '../../src/emulator/index.js';
import { runCli } from '../helpers/cli.js';
import { RG, SUB } from '../apply/helpers.js';
import { writeQuickstartCopies } from '../helpers/quickstart-copies.js';
import { tempDir } from '../helpers/temp-dir.js';

const NAMES = ['alpha', 'beta', 'gamma'];
const factoryOf = (name: string) => `adfv2-quickstart-${name}`;
let emulator: RunningEmulator;
let root: string;

/** Three copies of the quickstart under root/factories/<name>, each its own factory. */
beforeEach(async () => {
  emulator = await startEmulator({ port: 0, throttle: 'off' });
  root = tempDir('adf-multi-');
  writeQuickstartCopies(root, NAMES);
  writeFileSync(path.join(root, 'factories', 'README.md'), 'not a project\n');
});
afterEach(async () => {
  await emulator.close();
});

const conn = () => ['--endpoint', emulator.url, '--subscription', SUB, '--resource-group', RG];
const run = (args: string[]) => runCli(args, { cwd: root });
const factoriesWritten = () =>
  new Set(
    emulator
      .requestLog()
      .filter((e) => e.method !== 'GET')
      .map((e) => /\/factories\/([^/?]+)/.exec(e.path)?.[1]),
  );

/** Make beta's linked service use an integration runtime that does not exist: its apply fails at that step. */
function breakBetaApply(): void {
  const dir = path.join(root, 'factories/beta');
  const config = path.join(dir, 'adf-deploy.yaml');
  writeFileSync(config, `${readFileSync(config, 'utf8')}\nexternal:\n  - IntegrationRuntime/SharedIR\n`);
  const ls = path.join(dir, 'linkedService/AzureStorageLinkedService.yaml');
  writeFileSync(
    ls,
    `${readFileSync(ls, 'utf8')}  connectVia:\n    referenceName: SharedIR\n    type: IntegrationRuntimeReference\n`,
  );
}

/** Make beta fail validation: it stops before planning (no question for it). */
function breakBetaPlan(): void {
  writeFileSync(path.join(root, 'factories/beta/pipeline/Broken.yaml'), 'kind: Pipeline\nname: [unclosed\n');
}

/**
 * The blocks, by their header line (the last one without the summary table after it). Headers and progress are on
 * stderr, plans and summaries on stdout: pass both streams in the order written (`all`), or stderr for plan.
 */
function blocks(text: string): Map<string, string> {
  const out = new Map<string, string>();
  const parts = text.split(/^── (.+) ──$/m);
  for (let i = 1; i < parts.length; i += 2) out.set(parts[i], parts[i + 1].split(/^project\s+factory/m)[0]);
  return out;
}

describe('several projects in one command', () => {
  it("plan 'factories/*': each plan whole and in order, one summary table, --detailed-exitcode 2", async () => {
    const r = await run(['plan', 'factories/*', ...conn(), '--detailed-exitcode']);
    expect(r.code, r.stderr).toBe(2);
    const starts = NAMES.map((n) => r.stdout.indexOf(`Factory ${factoryOf(n)} in resource group`));
    expect(starts.every((s) => s >= 0)).toBe(true);
    expect([...starts].sort((a, b) => a - b)).toEqual(starts);
    expect([...blocks(r.stderr).keys()]).toEqual(NAMES.map((n) => `factories/${n}`));
    expect(r.stdout).toMatch(/^project\s+factory\s+add\s+change\s+delete\s+result$/m);
    for (const n of NAMES)
      expect(r.stdout).toMatch(new RegExp(`^factories/${n}\\s+${factoryOf(n)}\\s+\\d+\\s+0\\s+0\\s+changes$`, 'm'));
    expect(r.stdout).toMatch(/3 projects: \d+ to add, 0 to change, 0 to delete; 0 failed/);
    expect(factoriesWritten()).toEqual(new Set());
  });

  it('apply several with --auto-approve: all applied, blocks do not interleave, then plan exits 0', async () => {
    const r = await run(['apply', 'factories/alpha', 'factories/beta', 'factories/gamma', ...conn(), '--auto-approve']);
    expect(r.code, r.stderr).toBe(0);
    expect(factoriesWritten()).toEqual(new Set(NAMES.map(factoryOf)));
    const byProject = blocks(r.all);
    for (const n of NAMES) {
      const block = byProject.get(`factories/${n}`) ?? '';
      expect(block).toContain(`Factory ${factoryOf(n)} in resource group`);
      expect(block).toMatch(/Apply complete: 8 succeeded/);
      for (const other of NAMES.filter((o) => o !== n)) expect(block).not.toContain(factoryOf(other));
    }
    expect(r.stdout).toMatch(/^factories\/beta\s+adfv2-quickstart-beta\s+8\s+0\s+0\s+applied$/m);
    const again = await run(['plan', 'factories/*', ...conn(), '--detailed-exitcode']);
    expect(again.code, again.stdout).toBe(0);
  });

  it('one project failing: the others still applied, its row says failed, exit 1', async () => {
    breakBetaApply();
    const r = await run(['apply', 'factories/*', ...conn(), '--auto-approve', '--parallel', '2']);
    expect(r.code).toBe(1);
    expect(blocks(r.all).get('factories/beta')).toContain('failed: creating LinkedService/AzureStorageLinkedService');
    expect(r.stdout).toMatch(/^factories\/beta\s+adfv2-quickstart-beta\s+8\s+0\s+0\s+failed$/m);
    expect(r.stdout).toMatch(/^factories\/gamma\s+adfv2-quickstart-gamma\s+8\s+0\s+0\s+applied$/m);
    const plan = await run(['plan', 'factories/alpha', 'factories/gamma', ...conn(), '--detailed-exitcode']);
    expect(plan.code, plan.stdout).toBe(0);
  });

  it('plan --detailed-exitcode: 1 when any project fails, even if others have changes', async () => {
    writeFileSync(path.join(root, 'factories/gamma/pipeline/Broken.yaml'), 'kind: Pipeline\nname: [unclosed\n');
    const r = await run(['plan', 'factories/*', ...conn(), '--detailed-exitcode']);
    expect(r.code).toBe(1);
    expect(r.stdout).toMatch(/^factories\/gamma\s+-\s+-\s+-\s+-\s+failed$/m);
    expect(blocks(r.stderr).get('factories/gamma')).toContain('Broken.yaml');
  });

  it('--json: one line per project with what the single command prints, then a summary line', async () => {
    breakBetaApply();
    const r = await run(['apply', 'factories/*', ...conn(), '--auto-approve', '--json']);
    expect(r.code).toBe(1);
    const lines = r.stdout
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(lines.map((l) => [l.type, l.project])).toEqual([
      ['project', 'factories/alpha'],
      ['project', 'factories/beta'],
      ['project', 'factories/gamma'],
      ['summary', undefined],
    ]);
    expect(lines[0]).toMatchObject({ factory: factoryOf('alpha'), add: 8, result: 'applied', exitCode: 0 });
    expect(lines[0].output[0].type).toBe('plan');
    expect(lines[0].output.at(-1)).toMatchObject({ type: 'end' });
    expect(lines[1]).toMatchObject({ result: 'failed', exitCode: 1 });
    expect(lines[3]).toMatchObject({ exitCode: 1, projects: [{ result: 'applied' }, { result: 'failed' }, {}] });
  });

  it('plan --out FOLDER saves one plan per project; apply of the saved plans applies them all', async () => {
    const r = await run(['plan', 'factories/*', ...conn(), '--out', 'plans']);
    expect(r.code, r.stderr).toBe(0);
    for (const n of NAMES) expect(existsSync(path.join(root, 'plans', `${n}.json`))).toBe(true);
    const applied = await run(['apply', 'plans/*.json', ...conn(), '--auto-approve']);
    expect(applied.code, applied.stderr).toBe(0);
    expect(factoriesWritten()).toEqual(new Set(NAMES.map(factoryOf)));
  });

  it('refuses before any request: no --auto-approve, an argument that is not a project, an unmatched pattern, --out a file', async () => {
    const noApprove = await run(['apply', 'factories/*', ...conn()]);
    expect(noApprove.code).toBe(1);
    expect(noApprove.stderr).toContain('there is no terminal to ask on');
    expect(noApprove.stderr).toContain('--auto-approve');
    const readme = await run(['plan', 'factories/alpha', 'factories/README.md', ...conn()]);
    expect(readme.code).toBe(1);
    expect(readme.stderr).toContain("'factories/README.md' is not a project folder");
    const none = await run(['plan', 'nothing/*', ...conn()]);
    expect(none.code).toBe(1);
    expect(none.stderr).toContain("no project folder matches 'nothing/*'");
    mkdirSync(path.join(root, 'factories', 'shared'));
    const notProject = await run(['apply', 'factories/alpha', 'factories/shared', ...conn(), '--auto-approve']);
    expect(notProject.code).toBe(1);
    expect(notProject.stderr).toContain("'factories/shared' is not a project folder: it holds no adf-deploy.yaml");
    // A subfolder of a project: alone it means that project; among several it would name alpha twice.
    const sub = await run(['apply', 'factories/alpha', 'factories/alpha/pipeline', ...conn(), '--auto-approve']);
    expect(sub.code).toBe(1);
    expect(sub.stderr).toContain("'factories/alpha/pipeline' is not a project folder");
    writeFileSync(path.join(root, 'plan.json'), '{}');
    const outFile = await run(['plan', 'factories/*', ...conn(), '--out', 'plan.json']);
    expect(outFile.code).toBe(1);
    expect(outFile.stderr).toContain('with several projects it must be a folder');
    expect(emulator.requestLog()).toEqual([]);
  });

  it('two folders deploying one factory are refused before any request (folders, --env, saved plans)', async () => {
    cpSync(path.join(root, 'factories/alpha'), path.join(root, 'factories/alpha-copy'), { recursive: true });
    const r = await run(['apply', 'factories/*', ...conn(), '--auto-approve']);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain(
      `error[cli.same-factory]: 'factories/alpha' and 'factories/alpha-copy' both deploy factory ${factoryOf('alpha')} (resource group ${RG}, subscription ${SUB})`,
    );
    expect(r.stderr).toContain('hint: a factory belongs to one project');
    // Different files, one factory once the environment is chosen: dev's suffix is the same for both.
    const withEnv = await run(['plan', 'factories/beta', 'factories/gamma', ...conn(), '--env', 'dev']);
    expect(withEnv.code).toBe(1);
    expect(withEnv.stderr).toContain(`both deploy factory ${factoryOf('dev')}`);
    expect(emulator.requestLog()).toEqual([]);
    // Two saved plans of one factory: each alone would apply, together they are refused.
    for (const out of ['a.json', 'b.json'])
      expect((await run(['plan', 'factories/alpha', ...conn(), '--out', out])).code).toBe(0);
    const writesBefore = factoriesWritten();
    const saved = await run(['apply', 'a.json', 'b.json', ...conn(), '--auto-approve']);
    expect(saved.code).toBe(1);
    expect(saved.stderr).toContain("'a.json' and 'b.json' both deploy factory");
    expect(factoriesWritten()).toEqual(writesBefore);
  });

  it.each([[true], [false]])(
    "on a terminal: every plan shown, then one question with the totals (answer %s); beta's failure still exits 1",
    async (answer) => {
      breakBetaPlan();
      const io = memoryIo({ answer });
      const asked: { question: string; shownSoFar: string }[] = [];
      const confirm = io.confirm;
      io.confirm = async (question: string, signal?: AbortSignal) => {
        asked.push({ question, shownSoFar: io.all });
        return (await confirm?.(question, signal)) ?? false;
      };
      // --parallel 1: the projects waiting for the question must give their slot up, or the third never plans.
      const args = ['apply', 'factories/*', ...conn(), '--parallel', '1'];
      const code = await main(['node', 'adf-deploy', ...args], {
        io,
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
      });
      expect(code, io.stderr).toBe(1);
      expect(asked).toHaveLength(1);
      expect(asked[0].question).toBe(
        'Apply these changes to 2 factories (16 to add, 0 to change, 0 to delete; the other 1 has nothing to apply or failed)?',
      );
      for (const n of ['alpha', 'gamma'])
        expect(asked[0].shownSoFar).toContain(`Factory ${factoryOf(n)} in resource group`);
      expect(asked[0].shownSoFar).not.toContain('Apply complete');
      expect(factoriesWritten()).toEqual(answer ? new Set([factoryOf('alpha'), factoryOf('gamma')]) : new Set());
      expect(io.all).toMatch(answer ? /^factories\/gamma\s+\S+\s+8\s+0\s+0\s+applied$/m : /Apply cancelled/);
    },
  );

  it('Ctrl-C stops all: projects not yet started are not started, exit 130', async () => {
    const controller = new AbortController();
    const io = memoryIo();
    const out = io.out;
    // The first project's block is printed as it finishes: interrupt right then.
    io.out = (t: string) => {
      out(t);
      if (t.includes('Apply complete')) controller.abort();
    };
    const args = ['apply', 'factories/*', ...conn(), '--auto-approve', '--parallel', '1'];
    const code = await main(['node', 'adf-deploy', ...args], {
      io,
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
      signal: controller.signal,
    });
    expect(code).toBe(130);
    expect(factoriesWritten()).toEqual(new Set([factoryOf('alpha')]));
    expect(io.stdout).toMatch(/^factories\/beta\s+-\s+-\s+-\s+-\s+not started$/m);
  });

  it('no MaxListenersExceededWarning on stderr: every project waiting for its turn listens to the one Ctrl-C signal', async () => {
    // Twelve projects, one at a time: eleven wait on the signal at once (Node warns past ten listeners).
    for (let i = 0; i < 9; i++) {
      const dir = path.join(root, 'factories', `extra${i}`);
      cpSync(path.join(root, 'factories/alpha'), dir, { recursive: true });
      const config = path.join(dir, 'adf-deploy.yaml');
      writeFileSync(config, readFileSync(config, 'utf8').replace('suffix: alpha', `suffix: extra${i}`));
    }
    const warnings: Error[] = [];
    const onWarning = (w: Error): void => void warnings.push(w);
    process.on('warning', onWarning);
    try {
      const io = memoryIo();
      const code = await main(['node', 'adf-deploy', 'plan', 'factories/*', ...conn(), '--parallel', '1'], {
        io,
        cwd: root,
        env: { ...process.env, NO_COLOR: '1' },
        signal: new AbortController().signal,
      });
      expect(code, io.stderr).toBe(0);
      expect(io.stdout).toMatch(/12 projects: /);
      await new Promise((resolve) => setImmediate(resolve)); // warnings are emitted on the next tick
    } finally {
      process.off('warning', onWarning);
    }
    expect(warnings.filter((w) => w.name === 'MaxListenersExceededWarning')).toEqual([]);
  });

  it('projects of one subscription share one rate limiter: it read every response the emulator logged', async () => {
    const pool = createLimiterPool();
    const ctx: CliContext = { io: memoryIo(), env: {}, cwd: root, exitCode: 0, signal: new AbortController().signal };
    const opts = (subscription: string): ApplyCliOptions => ({
      autoApprove: true,
      concurrency: 8,
      target: [],
      endpoint: emulator.url,
      subscription,
      resourceGroup: RG,
    });
    const other = '00000000-0000-0000-0000-0000000000bb';
    const subs = [SUB, SUB, other];
    const outcomes = await runProjects(
      NAMES.map((n) => `factories/${n}`),
      ctx,
      (arg, child) => runApply(arg, opts(subs[NAMES.indexOf(path.basename(arg))]), child),
      { parallel: 3, pool, print: () => {} },
    );
    expect(outcomes.map((o) => o.code)).toEqual([0, 0, 0]);
    const limiters = pool.limiters();
    expect(limiters.size).toBe(2);
    const log = emulator.requestLog();
    const bySubscription = (sub: string) => [...limiters].find(([key]) => key.endsWith(`|${sub}`))?.[1];
    const [shared, alone] = [bySubscription(SUB), bySubscription(other)];
    expect(shared?.observed).toBe(log.filter((e) => e.path.includes(SUB)).length);
    expect(alone?.observed).toBe(log.filter((e) => e.path.includes(other)).length);
    const sharedFactories = new Set(
      log.filter((e) => e.path.includes(SUB)).map((e) => /\/factories\/([^/?]+)/.exec(e.path)?.[1]),
    );
    expect(sharedFactories).toEqual(new Set([factoryOf('alpha'), factoryOf('beta')]));
  });
});

describe('destroy of several projects', () => {
  const deleted = () =>
    new Set(
      emulator
        .requestLog()
        .filter((e) => e.method === 'DELETE')
        .map((e) => /\/factories\/([^/?]+)/.exec(e.path)?.[1]),
    );

  it("destroy 'factories/*' --auto-approve: every factory emptied, one summary, then plan shows everything to add", async () => {
    expect((await run(['apply', 'factories/*', ...conn(), '--auto-approve'])).code).toBe(0);
    const r = await run(['destroy', 'factories/*', ...conn(), '--auto-approve', '--parallel', '2']);
    expect(r.code, r.stderr).toBe(0);
    expect(deleted()).toEqual(new Set(NAMES.map(factoryOf)));
    for (const n of NAMES)
      expect(r.stdout).toMatch(new RegExp(`^factories/${n}\\s+${factoryOf(n)}\\s+0\\s+0\\s+7\\s+destroyed$`, 'm'));
    expect(r.stdout).toMatch(/3 projects: 0 to add, 0 to change, 21 to delete; 0 failed/);
    const again = await run(['destroy', 'factories/*', ...conn(), '--auto-approve']);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/^factories\/alpha\s+\S+\s+0\s+0\s+0\s+nothing to destroy$/m);
  });

  it('refused without a terminal or --auto-approve, and for one factory named twice, before any request', async () => {
    const noApprove = await run(['destroy', 'factories/*', ...conn()]);
    expect(noApprove.code).toBe(1);
    expect(noApprove.stderr).toContain('destroy needs confirmation, and there is no terminal to ask on');
    cpSync(path.join(root, 'factories/alpha'), path.join(root, 'factories/alpha-copy'), { recursive: true });
    const twice = await run(['destroy', 'factories/*', ...conn(), '--auto-approve']);
    expect(twice.code).toBe(1);
    expect(twice.stderr).toContain('both deploy factory');
    expect(emulator.requestLog()).toEqual([]);
  });

  it.each([[true], [false]])('on a terminal: one question with the totals for all (answer %s)', async (answer) => {
    expect((await run(['apply', 'factories/*', ...conn(), '--auto-approve'])).code).toBe(0);
    const io = memoryIo({ answer });
    const asked: string[] = [];
    const confirm = io.confirm;
    io.confirm = async (question: string, signal?: AbortSignal) => {
      asked.push(question);
      return (await confirm?.(question, signal)) ?? false;
    };
    const code = await main(['node', 'adf-deploy', 'destroy', 'factories/*', ...conn()], {
      io,
      cwd: root,
      env: { ...process.env, NO_COLOR: '1' },
    });
    // No: each project says "Destroy cancelled: nothing was changed." and exits 1, as one project does.
    expect(code, io.stderr).toBe(answer ? 0 : 1);
    expect(asked).toEqual(['Delete these resources from 3 factories (21 to delete)? There is no undo.']);
    expect(deleted()).toEqual(answer ? new Set(NAMES.map(factoryOf)) : new Set());
  });
});
