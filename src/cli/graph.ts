import { Option, type Command } from 'commander';
import { hasErrors } from '../core/diagnostic.js';
import { buildGraph } from '../graph/build.js';
import { GRAPH_FORMATS, renderGraph, type GraphFormat } from '../graph/render.js';
import { loadProject } from '../manifest/load.js';
import { renderDiagnosticsText } from '../render/diagnostics.js';
import { action } from './commands.js';
import type { CliContext } from './context.js';
import { projectDir } from './project-dir.js';
import { protectOutput } from './scrub.js';

/**
 * `adf-deploy graph [DIR] --format mermaid|dot|json`: the object-level dependency graph on stdout.
 * Exit 1 when the manifests cannot be loaded (YAML or envelope errors); references to missing objects add no edge.
 */
export function register(program: Command, ctx: CliContext): void {
  program
    .command('graph')
    .description('print the dependency graph of the project')
    .argument('[dir]', 'project folder (holds adf-deploy.yaml)', '.')
    .addOption(new Option('--format <format>', 'output format').choices(GRAPH_FORMATS).default('mermaid'))
    .option('--env <name>', 'environment from adf-deploy.yaml')
    .action(
      action(ctx, async (dir: string, opts: { format: GraphFormat; env?: string }) => {
        const { project, diagnostics } = await loadProject(projectDir(ctx, dir), {
          env: opts.env,
          environ: ctx.env,
        });
        if (project) protectOutput(ctx, project);
        if (diagnostics.length > 0)
          ctx.io.err(renderDiagnosticsText(diagnostics, { cwd: ctx.cwd, color: ctx.io.color }));
        if (!project || hasErrors(diagnostics)) return 1;
        ctx.io.out(renderGraph(buildGraph(project), opts.format));
        return 0;
      }),
    );
}
