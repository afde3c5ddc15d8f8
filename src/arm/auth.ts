import type { AccessToken, TokenCredential } from '@azure/identity';
import { AdfDeployError } from '../core/errors.js';
import { credentialFailure } from './credential-failure.js';
import { authUnavailableError } from './errors.js';

export const ARM_SCOPE = 'https://management.azure.com/.default';

/** Refresh this long before expiry, so a token never expires between being read and reaching ARM. */
const REFRESH_MARGIN_MS = 5 * 60_000;

export interface TokenSource {
  /** A bearer token for ARM (cached). */
  get(signal?: AbortSignal): Promise<string>;
  /** Drop the cached token (after a 401), so the next get() asks the credential again. */
  invalidate(): void;
  /** False for a fixed token: re-asking cannot help after a 401. */
  readonly refreshable: boolean;
}

/**
 * A fixed token, or a TokenCredential's token cached until shortly before expiry (or its refreshAfter time).
 * Concurrent callers share one getToken call. Credential failures become a user error with sign-in hints; the
 * token itself never appears in any error.
 */
export function createTokenSource(options: {
  token?: string;
  credential?: TokenCredential;
  now: () => number;
}): TokenSource {
  const { token, credential, now } = options;
  if (token !== undefined) {
    return { get: async () => token, invalidate: () => undefined, refreshable: false };
  }
  if (!credential) {
    throw new AdfDeployError('arm.auth', 'no token and no Azure credential given to the ARM client', {
      fault: 'program',
    });
  }
  let cached: AccessToken | undefined;
  let pending: Promise<AccessToken> | undefined;

  const fresh = (t: AccessToken | undefined): t is AccessToken => {
    if (!t) return false;
    const refreshAt = t.refreshAfterTimestamp ?? t.expiresOnTimestamp - REFRESH_MARGIN_MS;
    return now() < refreshAt;
  };

  const fetchToken = async (signal?: AbortSignal): Promise<AccessToken> => {
    let result: AccessToken | null;
    try {
      result = await credential.getToken(ARM_SCOPE, { abortSignal: signal });
    } catch (err) {
      if (signal?.aborted) throw err;
      // A token still valid (only past its refresh time) beats failing the deploy.
      if (cached && now() < cached.expiresOnTimestamp - 30_000) return cached;
      throw credentialFailure(err);
    }
    if (!result?.token) throw authUnavailableError('the credential returned no token');
    return result;
  };

  return {
    refreshable: true,
    invalidate: () => {
      cached = undefined;
    },
    get: async (signal) => {
      if (fresh(cached)) return cached.token;
      if (!pending) {
        pending = fetchToken(signal).finally(() => {
          pending = undefined;
        });
      }
      cached = await pending;
      return cached.token;
    },
  };
}
