import { AdfDeployError } from '../core/errors.js';
import { authUnavailableError } from './errors.js';

/**
 * DefaultAzureCredential's failure, in two lines. When no method of its chain is set up it throws an
 * AggregateAuthenticationError whose message lists every credential with a paragraph each (a dozen lines that
 * bury what to do); a credential that was set up and failed (a wrong secret, an expired federated token) is thrown
 * on its own. Either way the user needs one line of what happened and one of what to set.
 */
export function credentialFailure(err: unknown): AdfDeployError {
  const error = err instanceof Error ? err : new Error(String(err));
  if (error.name !== 'AggregateAuthenticationError') return authUnavailableError(error.message);
  const parts = (error as Error & { errors?: unknown[] }).errors ?? [];
  const messages = parts.map((p) => (p instanceof Error ? p.message : String(p)));
  const missing = messages
    .map((m) => /Missing environment variables?:\s*([A-Z_, ]+)/.exec(m)?.[1])
    .find((v) => v !== undefined)
    ?.split(/[ ,]+/)
    .filter(Boolean);
  const what = messages.length ? ` (DefaultAzureCredential tried ${messages.length} methods)` : '';
  const envHint = missing?.length
    ? `set ${missing.join(', ')} for a service principal`
    : 'set AZURE_TENANT_ID, AZURE_CLIENT_ID and AZURE_CLIENT_SECRET for a service principal';
  return new AdfDeployError('arm.auth', `could not get an Azure token: no sign-in method is set up here${what}`, {
    hint: `${envHint}, or AZURE_FEDERATED_TOKEN_FILE for workload identity (azure/login OIDC), or run \`az login\`; without Azure: --local or --endpoint`,
  });
}
