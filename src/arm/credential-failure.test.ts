import { AggregateAuthenticationError, CredentialUnavailableError, EnvironmentCredential } from '@azure/identity';
import { describe, expect, it } from 'vitest';
import { credentialFailure } from './credential-failure.js';

const ENV_KEYS = ['AZURE_TENANT_ID', 'AZURE_CLIENT_ID', 'AZURE_CLIENT_SECRET', 'AZURE_CLIENT_CERTIFICATE_PATH'];

/** The real EnvironmentCredential's refusal with no variables set (offline: it fails before any request). */
async function environmentRefusal(): Promise<unknown> {
  const saved = ENV_KEYS.map((k) => [k, process.env[k]] as const);
  for (const k of ENV_KEYS) delete process.env[k];
  try {
    return await new EnvironmentCredential().getToken('https://management.azure.com/.default').catch((e) => e);
  } finally {
    for (const [k, v] of saved) if (v !== undefined) process.env[k] = v;
  }
}

describe('credentialFailure: the DefaultAzureCredential chain in two lines', () => {
  it('no method set up: one line of what happened, one hint of what to set (the missing variables named)', async () => {
    const chain = new AggregateAuthenticationError(
      [
        await environmentRefusal(),
        new CredentialUnavailableError('WorkloadIdentityCredential: is unavailable. No client id'),
        new CredentialUnavailableError('ManagedIdentityCredential: no managed identity endpoint found'),
        new CredentialUnavailableError(
          'Azure CLI could not be found. Please visit https://aka.ms/azure-cli for installation instructions',
        ),
      ],
      'DefaultAzureCredential failed to retrieve a token from the included credentials.',
    );
    expect(chain.message.split('\n').length).toBeGreaterThan(4);
    const e = credentialFailure(chain);
    expect(e.code).toBe('arm.auth');
    expect(e.message).toBe(
      'could not get an Azure token: no sign-in method is set up here (DefaultAzureCredential tried 4 methods)',
    );
    expect(e.message).not.toContain('\n');
    expect(e.hint).not.toContain('\n');
    expect(e.hint).toMatch(/^set AZURE_TENANT_ID, AZURE_CLIENT_ID.* for a service principal/);
    expect(e.hint).toContain('AZURE_FEDERATED_TOKEN_FILE');
    expect(e.hint).toContain('az login');
    expect(e.hint).toContain('--local');
  });

  it('a method that was set up and failed is reported as itself', () => {
    const e = credentialFailure(
      new Error('ClientSecretCredential authentication failed: AADSTS7000215 invalid secret'),
    );
    expect(e.message).toContain('AADSTS7000215');
  });
});
