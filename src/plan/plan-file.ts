import { AdfDeployError } from '../core/errors.js';
import type { Plan } from './types.js';

/**
 * Parse a plan file written by `plan --out` (the JSON of src/render/plan-json.ts). Checks the version and the
 * shape apply relies on; anything else is a user error naming the file.
 */
export function parsePlanFile(text: string, file = 'plan file'): Plan {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (err) {
    throw new AdfDeployError('plan.file-invalid', `${file} is not JSON: ${(err as Error).message}`, {
      hint: 'write it with `adf-deploy plan --out FILE`',
    });
  }
  const plan = data as Partial<Plan> | null;
  if (!plan || typeof plan !== 'object' || plan.formatVersion !== 1) {
    throw new AdfDeployError(
      'plan.file-version',
      `${file} has formatVersion ${JSON.stringify(plan?.formatVersion)}; this adf-deploy reads version 1`,
      {
        hint: 'make the plan again with this version of adf-deploy',
      },
    );
  }
  const ok =
    plan.target &&
    plan.source &&
    plan.factory &&
    Array.isArray(plan.changes) &&
    Array.isArray(plan.triggers) &&
    plan.summary;
  if (!ok)
    throw new AdfDeployError('plan.file-invalid', `${file} is not a complete adf-deploy plan`, {
      hint: 'write it with `adf-deploy plan --out FILE`',
    });
  return plan as Plan;
}
