import { nameProblem, type NameRule } from './rules.js';
import { EmulatorError } from './http.js';

/** ARM's answer for a missing factory, and for any call under it (adf-rest-facts §4). */
export function factoryNotFound(factory: string, rg: string): EmulatorError {
  return new EmulatorError(
    404,
    'ResourceNotFound',
    `The Resource 'Microsoft.DataFactory/factories/${factory}' under resource group '${rg}' was not found. For more details please go to https://aka.ms/ARMResourceNotFoundFix`,
  );
}

/** A missing child in an existing factory. Chosen: 404 NotFound (the service's answer is unverified, §4). */
export function childNotFound(label: string, name: string, factory: string): EmulatorError {
  return new EmulatorError(404, 'NotFound', `The ${label} '${name}' was not found in factory '${factory}'.`);
}

export function preconditionFailed(what: string): EmulatorError {
  return new EmulatorError(
    412,
    'PreconditionFailed',
    `The condition specified using HTTP conditional header(s) is not met for ${what}.`,
  );
}

export function triggerEnabled(): EmulatorError {
  // The trailing space is the service's (§4).
  return new EmulatorError(
    400,
    'TriggerEnabledCannotUpdate',
    'Cannot update enabled Trigger; the trigger needs to be disabled first. ',
  );
}

export function methodNotAllowed(method: string): EmulatorError {
  return new EmulatorError(405, 'MethodNotAllowed', `The requested resource does not support http method '${method}'.`);
}

export function badRequest(message: string, target: string | null = null): EmulatorError {
  return new EmulatorError(400, 'BadRequest', message, target);
}

/** Check a name against its rule: 400 InvalidResourceName (ARM's code) with the rule in the message. */
export function assertName(name: string, rule: NameRule, label: string): void {
  const problem = nameProblem(name, rule);
  if (problem) throw new EmulatorError(400, 'InvalidResourceName', `The ${label} name is invalid: ${problem}.`);
}
