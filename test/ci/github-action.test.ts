import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { runAction } from '../../src/ci/github-action.js';
import { commentMarker, fitComment, GITHUB_COMMENT_LIMIT } from '../../src/ci/github-comment.js';
import { PROJECT_ROOT } from '../helpers/cli.js';

/** A fake of the three GitHub REST routes the action uses, on loopback. */
function fakeGitHub() {
  const comments: Array<{ id: number; body: string }> = [];
  const calls: string[] = [];
  let nextId = 100;
  const server = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (c) => (raw += c));
    req.on('end', () => {
      calls.push(`${req.method} ${req.url}`);
      if (req.headers.authorization !== 'Bearer t0ken') {
        res.writeHead(401).end('{}');
        return;
      }
      const url = new URL(req.url ?? '/', 'http://x');
      const list = url.pathname.match(/^\/repos\/o\/r\/issues\/(\d+)\/comments$/);
      const one = url.pathname.match(/^\/repos\/o\/r\/issues\/comments\/(\d+)$/);
      res.setHeader('content-type', 'application/json');
      if (list && req.method === 'GET') {
        const page = Number(url.searchParams.get('page') ?? 1);
        res.end(JSON.stringify(page === 1 ? comments : []));
      } else if (list && req.method === 'POST') {
        const c = { id: nextId++, body: (JSON.parse(raw) as { body: string }).body };
        comments.push(c);
        res.writeHead(201).end(JSON.stringify(c));
      } else if (one && req.method === 'PATCH') {
        const c = comments.find((x) => x.id === Number(one[1]));
        if (!c) return void res.writeHead(404).end('{}');
        c.body = (JSON.parse(raw) as { body: string }).body;
        res.end(JSON.stringify(c));
      } else res.writeHead(404).end('{}');
    });
  });
  return { server, comments, calls };
}

describe('the GitHub Action (action.yml) against the embedded emulator and a fake GitHub API', () => {
  const gh = fakeGitHub();
  let work: string;
  let apiUrl: string;
  beforeAll(async () => {
    await new Promise<void>((r) => gh.server.listen(0, '127.0.0.1', r));
    apiUrl = `http://127.0.0.1:${(gh.server.address() as AddressInfo).port}`;
    work = mkdtempSync(path.join(os.tmpdir(), 'adf-action-'));
    cpSync(path.join(PROJECT_ROOT, 'examples/quickstart'), path.join(work, 'factory'), {
      recursive: true,
      filter: (src) => !src.includes('.adf-deploy'),
    });
    writeFileSync(path.join(work, 'event.json'), JSON.stringify({ pull_request: { number: 7 } }));
  });
  afterAll(async () => {
    await new Promise<void>((r) => gh.server.close(() => r()));
    rmSync(work, { recursive: true, force: true });
  });

  const envFor = (command: string, extra: Record<string, string> = {}) => {
    const outputs = path.join(work, `outputs-${command}-${Math.random()}`);
    writeFileSync(outputs, '');
    return {
      env: {
        PATH: process.env.PATH,
        GITHUB_WORKSPACE: work,
        GITHUB_REPOSITORY: 'o/r',
        GITHUB_API_URL: apiUrl,
        GITHUB_EVENT_PATH: path.join(work, 'event.json'),
        GITHUB_STEP_SUMMARY: path.join(work, 'summary.md'),
        GITHUB_OUTPUT: outputs,
        RUNNER_TEMP: path.join(work, 'tmp'),
        INPUT_COMMAND: command,
        INPUT_DIRECTORY: 'factory',
        INPUT_LOCAL: 'true',
        INPUT_GITHUB_TOKEN: 't0ken',
        ...extra,
      },
      outputs: () =>
        Object.fromEntries(
          readFileSync(outputs, 'utf8')
            .split('\n')
            .filter(Boolean)
            .map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)]),
        ),
    };
  };
  const logs: string[] = [];
  const deps = {
    fetch: (u: string, i: Parameters<typeof fetch>[1]) => fetch(u, i),
    log: (t: string) => void logs.push(t),
  };

  it('plans on a pull request: one comment, updated (not duplicated) on the next push; apply; then No changes', async () => {
    const first = envFor('plan');
    expect(await runAction(first.env, deps)).toBe(0);
    expect(first.outputs()['has-changes']).toBe('true');
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0].body).toContain(commentMarker('factory', undefined));
    expect(gh.comments[0].body).toMatch(/create/i);
    expect(readFileSync(path.join(work, 'summary.md'), 'utf8')).toMatch(/create/i);

    const again = envFor('plan');
    expect(await runAction(again.env, deps)).toBe(0);
    expect(gh.comments).toHaveLength(1);
    expect(gh.calls.filter((c) => c.startsWith('PATCH'))).toHaveLength(1);

    const apply = envFor('apply', { INPUT_PLAN_FILE: again.outputs()['plan-file'] });
    expect(await runAction(apply.env, deps)).toBe(0);
    expect(apply.outputs().exitcode).toBe('0');

    const after = envFor('plan');
    expect(await runAction(after.env, deps)).toBe(0);
    expect(after.outputs()['has-changes']).toBe('false');
    expect(gh.comments).toHaveLength(1);
    expect(gh.comments[0].body).toMatch(/No changes/);
  });

  it('a second environment gets its own comment; comment: false posts none', async () => {
    const before = gh.comments.length;
    expect(await runAction(envFor('plan', { INPUT_COMMENT: 'false' }).env, deps)).toBe(0);
    expect(gh.comments.length).toBe(before);
  });

  it('fails (exit 1) with a comment that says so when the project is broken', async () => {
    writeFileSync(path.join(work, 'factory', 'broken.yaml'), 'kind: Pipeline\nname: x\nproperties: [\n');
    const run = envFor('plan');
    expect(await runAction(run.env, deps)).toBe(1);
    expect(run.outputs().exitcode).toBe('1');
    expect(gh.comments[0].body).toMatch(/plan (could not|failed)|error/i);
    rmSync(path.join(work, 'factory', 'broken.yaml'));
  });

  it('an unknown command is an error', async () => {
    expect(await runAction(envFor('deploy').env, deps)).toBe(1);
    expect(logs.join('')).toContain("unknown command 'deploy'");
  });
});

describe('comment size', () => {
  it('cuts a body over GitHub limit and says so', () => {
    const cut = fitComment('x'.repeat(GITHUB_COMMENT_LIMIT + 10));
    expect(cut.length).toBeLessThanOrEqual(GITHUB_COMMENT_LIMIT);
    expect(cut).toContain('cut to fit');
  });
});

describe('action.yml and the Azure DevOps template', () => {
  it('action.yml passes every input to the script and runs the built entry point', () => {
    const action = parse(readFileSync(path.join(PROJECT_ROOT, 'action.yml'), 'utf8')) as {
      inputs: Record<string, unknown>;
      runs: { using: string; steps: Array<{ id?: string; run?: string; env?: Record<string, string> }> };
    };
    expect(action.runs.using).toBe('composite');
    const step = action.runs.steps.find((s) => s.id === 'run');
    expect(step?.run).toContain('dist/ci/github-action-entry.js');
    for (const input of Object.keys(action.inputs).filter((i) => i !== 'node-version')) {
      const name = `INPUT_${input.toUpperCase().replace(/-/g, '_')}`;
      expect(step?.env?.[name], name).toBe(`\${{ inputs.${input} }}`);
    }
  });

  it('the Azure DevOps template plans to an artifact, gates on an environment, and applies the saved plan', () => {
    const text = readFileSync(path.join(PROJECT_ROOT, 'ci/azure-pipelines/adf-deploy.yml'), 'utf8');
    const tpl = parse(text) as {
      stages: Array<{ stage: string; dependsOn?: string; jobs: Array<Record<string, unknown>> }>;
    };
    expect(tpl.stages.map((s) => s.stage)).toEqual(['adf_plan', 'adf_apply']);
    expect(tpl.stages[1].dependsOn).toBe('adf_plan');
    expect(tpl.stages[1].jobs[0].environment).toBe('${{ parameters.approvalEnvironment }}');
    expect(text).toContain('--out "$out/plan.json" --detailed-exitcode');
    expect(text).toContain('adf-deploy apply "$(Pipeline.Workspace)/adf-deploy-plan/plan.json" --auto-approve');
  });
});
