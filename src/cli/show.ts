import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { Command } from 'commander';
import { AdfDeployError } from '../core/errors.js';
import { parsePlanFile } from '../plan/plan-file.js';
import { renderPlanJson } from '../render/plan-json.js';
import { renderPlanMarkdown } from '../render/plan-markdown.js';
import { renderPlanText } from '../render/plan-text.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';
import { parseBudget } from './plan.js';

interface ShowCliOptions {
  json?: boolean;
  markdown?: boolean;
  markdownBudget?: number;
}

/**
 * `adf-deploy show plan.json`: render a saved plan again, as `terraform show` does, with the same renderers as
 * `plan`; so the text a reviewer read and the file apply takes are provably one plan. Reads only the file.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('show')
    .description('render a plan saved with `plan --out` (text, --markdown or --json); reads only the file')
    .argument('<file>', 'the plan file')
    .option('--json', 'the plan as versioned JSON')
    .option('--markdown', 'the plan as a pull-request comment (Markdown)')
    .option('--markdown-budget <chars>', 'most characters of the --markdown comment (0: no limit)', parseBudget)
    .action(action(ctx, (file: string, opts: ShowCliOptions) => runShow(file, opts, ctx)));
}

async function runShow(file: string, opts: ShowCliOptions, ctx: CliContext): Promise<number> {
  if (opts.json && opts.markdown)
    throw new AdfDeployError('cli.conflicting-options', '--json and --markdown cannot be used together', {
      hint: 'pick one output format',
    });
  let text: string;
  try {
    text = await readFile(path.resolve(ctx.cwd, file), 'utf8');
  } catch (err) {
    throw new AdfDeployError(
      'show.read',
      `cannot read ${file}: ${(err as NodeJS.ErrnoException).code ?? String(err)}`,
      {
        hint: 'save a plan with `adf-deploy plan DIR --out plan.json`',
      },
    );
  }
  const plan = parsePlanFile(text, path.resolve(ctx.cwd, file));
  if (opts.json) ctx.io.out(renderPlanJson(plan));
  else if (opts.markdown) ctx.io.out(renderPlanMarkdown(plan, { budget: opts.markdownBudget }));
  else ctx.io.out(renderPlanText(plan, { color: ctx.io.color }));
  return 0;
}
