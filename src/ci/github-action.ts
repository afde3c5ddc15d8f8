import { makeFolders } from '../core/make-folders.js';
import { appendFile, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Io } from '../cli/context.js';
import { main } from '../cli/main.js';
import { commentMarker, type FetchLike, upsertComment } from './github-comment.js';

/**
 * The GitHub Action (action.yml at the repository root) as a function of its environment: a composite action
 * passes its inputs as INPUT_* variables and GitHub's own GITHUB_* variables describe the run. `plan` writes the
 * Markdown plan to the job summary and, on a pull request, into one comment that later pushes update; `apply`
 * applies (a saved plan when `plan-file` is given). Exit code: 0, or 1 when the CLI failed; `plan`'s "changes"
 * (2) is reported as the `has-changes` output, not as a failure.
 */
export interface ActionDeps {
  fetch: FetchLike;
  /** Where the CLI's stderr goes (the job log). */
  log(text: string): void;
}

type Env = Record<string, string | undefined>;

const truthy = (v: string | undefined): boolean => /^(true|1|yes)$/i.test((v ?? '').trim());

/** The CLI arguments every command shares, from the action's inputs. */
function commonArgs(env: Env): string[] {
  const args: string[] = [];
  if (env.INPUT_ENVIRONMENT) args.push('--env', env.INPUT_ENVIRONMENT);
  if (truthy(env.INPUT_LOCAL)) args.push('--local');
  if (env.INPUT_ENDPOINT) args.push('--endpoint', env.INPUT_ENDPOINT);
  const extra = (env.INPUT_ARGS ?? '').trim();
  if (extra) args.push(...extra.split(/\s+/));
  return args;
}

async function runCli(args: string[], env: Env, cwd: string, deps: ActionDeps): Promise<{ code: number; out: string }> {
  let out = '';
  const io: Io = { out: (t) => void (out += t), err: (t) => deps.log(t), isTTY: false, color: false };
  const code = await main(['node', 'adf-deploy', ...args], { io, env: { ...env, NO_COLOR: '1' }, cwd });
  return { code, out };
}

async function setOutputs(env: Env, outputs: Record<string, string>): Promise<void> {
  if (!env.GITHUB_OUTPUT) return;
  await appendFile(
    env.GITHUB_OUTPUT,
    Object.entries(outputs)
      .map(([k, v]) => `${k}=${v}\n`)
      .join(''),
  );
}

async function pullRequestNumber(env: Env): Promise<number | undefined> {
  if (!env.GITHUB_EVENT_PATH) return undefined;
  try {
    const event = JSON.parse(await readFile(env.GITHUB_EVENT_PATH, 'utf8')) as { pull_request?: { number?: number } };
    return typeof event.pull_request?.number === 'number' ? event.pull_request.number : undefined;
  } catch {
    return undefined;
  }
}

/** Run the action; returns the process exit code. */
export async function runAction(env: Env, deps: ActionDeps): Promise<number> {
  const cwd = env.GITHUB_WORKSPACE ?? process.cwd();
  const command = (env.INPUT_COMMAND ?? 'plan').trim();
  const directory = (env.INPUT_DIRECTORY ?? '.').trim() || '.';
  const temp = env.RUNNER_TEMP ?? path.join(cwd, '.adf-deploy');
  makeFolders(temp);
  if (command === 'apply') {
    const source = env.INPUT_PLAN_FILE?.trim() || directory;
    const { code, out } = await runCli(['apply', source, '--auto-approve', ...commonArgs(env)], env, cwd, deps);
    deps.log(out);
    await setOutputs(env, { exitcode: String(code) });
    return code === 0 ? 0 : 1;
  }
  if (command !== 'plan') {
    deps.log(`adf-deploy action: unknown command '${command}': expected plan or apply\n`);
    return 1;
  }
  const planFile = path.join(temp, 'adf-deploy-plan.json');
  const markdownFile = path.join(temp, 'adf-deploy-plan.md');
  const args = ['plan', directory, '--markdown', '--out', planFile, '--detailed-exitcode', ...commonArgs(env)];
  const { code, out } = await runCli(args, env, cwd, deps);
  const markdown = out.trim()
    ? out
    : `### adf-deploy plan failed\n\nThe plan could not be computed (exit code ${code}); the job log says why.\n`;
  await writeFile(markdownFile, markdown);
  if (env.GITHUB_STEP_SUMMARY) await appendFile(env.GITHUB_STEP_SUMMARY, `${markdown}\n`);
  const outputs: Record<string, string> = {
    exitcode: String(code),
    'has-changes': String(code === 2),
    'plan-file': planFile,
    'markdown-file': markdownFile,
  };
  const pr = await pullRequestNumber(env);
  if (pr !== undefined && env.INPUT_COMMENT !== 'false' && env.INPUT_GITHUB_TOKEN && env.GITHUB_REPOSITORY) {
    const marker = commentMarker(directory, env.INPUT_ENVIRONMENT);
    const done = await upsertComment(
      {
        apiUrl: env.GITHUB_API_URL ?? 'https://api.github.com',
        token: env.INPUT_GITHUB_TOKEN,
        repository: env.GITHUB_REPOSITORY,
        issueNumber: pr,
      },
      marker,
      markdown,
      deps.fetch,
    );
    outputs['comment-id'] = String(done.id);
    deps.log(`adf-deploy: ${done.action} the plan comment on pull request #${pr}\n`);
  }
  await setOutputs(env, outputs);
  return code === 1 ? 1 : 0;
}
