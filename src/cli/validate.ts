import type { Command } from 'commander';
import { hasErrors } from '../core/diagnostic.js';
import { loadProject } from '../manifest/load.js';
import { renderDiagnosticsJson, renderDiagnosticsText } from '../render/diagnostics.js';
import { recordLoadInputs } from '../manifest/load-inputs.js';
import { checkLoaded, startValidationCache } from './validation-cache.js';
import { describeWaived } from '../validate/waivers.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';
import { runIfV1Project } from './v1-route.js';
import { protectOutput } from './scrub.js';

interface ValidateOptions {
  env?: string;
  json?: boolean;
  strict?: boolean;
}

/**
 * `adf-deploy validate [DIR]`: every diagnostic at once. Exit 0 when clean, 1 on errors (or on warnings with
 * --strict); the report (every diagnostic, whatever its severity) on stdout, as text or data with --json.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('validate')
    .description('check the manifests: YAML, names, references, cycles, limits, schemas, expressions')
    .argument('[dir]', 'project folder (holds adf-deploy.yaml)', '.')
    .option('--env <name>', 'environment from adf-deploy.yaml (vars and target overrides)')
    .option('--json', 'print the diagnostics as JSON on stdout')
    .option('--strict', 'treat warnings as errors')
    .action(
      action(ctx, async (dir: string, opts: ValidateOptions) => {
        const v1 = await runIfV1Project('validate', dir, opts, ctx);
        if (v1 !== undefined) return v1;
        const root = projectDir(ctx, dir);
        const inputs = recordLoadInputs({ env: opts.env, environ: ctx.env });
        const cacheStart = startValidationCache(root, ctx, ctx.env);
        const { project, diagnostics, notes } = await loadProject(root, inputs.options);
        if (project) protectOutput(ctx, project);
        for (const note of notes ?? []) ctx.io.err(`note: ${note}\n`);
        const { diagnostics: all, waived } = await checkLoaded(project, diagnostics, inputs, ctx, cacheStart);
        const failing = opts.strict ? all.length > 0 : hasErrors(all);
        // Waived findings are counted, never silently dropped (checks: in adf-deploy.yaml, inline comments).
        const waivedLine = waived.length > 0 ? `${describeWaived(waived)}\n` : '';
        if (opts.json) {
          ctx.io.out(renderDiagnosticsJson(all, waived.length));
        } else if (failing) {
          ctx.io.out(renderDiagnosticsText(all, { cwd: ctx.cwd, color: ctx.io.color }) + waivedLine);
        } else {
          // The report is validate's result: warnings go where errors go (stdout), whatever their severity.
          if (all.length > 0) ctx.io.out(renderDiagnosticsText(all, { cwd: ctx.cwd, color: ctx.io.color }));
          if (waivedLine) ctx.io.out(waivedLine);
          const count = project?.resources.length ?? 0;
          ctx.io.out(
            `valid: factory '${project?.factory.name}', ${count} resource${count === 1 ? '' : 's'}${project?.env ? ` (environment ${project.env})` : ''}\n`,
          );
        }
        return failing ? 1 : 0;
      }),
    );
}
