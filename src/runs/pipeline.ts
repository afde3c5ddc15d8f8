import { didYouMean } from '../core/did-you-mean.js';
import { AdfDeployError } from '../core/errors.js';
import type { Project } from '../manifest/types.js';
import type { DeclaredParameter } from './parameters.js';

/** The declared pipeline of a project by name (case-insensitive), or a user error with a did-you-mean. */
export function findPipeline(
  project: Project,
  name: string,
): { name: string; parameters: Record<string, DeclaredParameter> } {
  const pipelines = project.resources.filter((r) => r.kind === 'Pipeline');
  const found =
    pipelines.find((p) => p.name === name) ?? pipelines.find((p) => p.name.toLowerCase() === name.toLowerCase());
  if (!found) {
    const guess = didYouMean(
      name,
      pipelines.map((p) => p.name),
    );
    throw new AdfDeployError('run.unknown-pipeline', `the project declares no pipeline '${name}'`, {
      hint: guess
        ? `did you mean '${guess}'?`
        : `declared pipelines: ${pipelines.map((p) => p.name).join(', ') || '(none)'}`,
    });
  }
  const raw = found.properties.parameters;
  const parameters: Record<string, DeclaredParameter> = {};
  if (raw && typeof raw === 'object' && !Array.isArray(raw))
    for (const [k, v] of Object.entries(raw))
      parameters[k] = v && typeof v === 'object' ? (v as DeclaredParameter) : {};
  return { name: found.name, parameters };
}
