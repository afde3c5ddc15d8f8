import { AdfDeployError } from '../core/errors.js';
import { API_VERSION } from './types.js';

/** The endpoint without trailing slashes ('http://127.0.0.1:4000', 'https://management.azure.com'). */
export function normaliseEndpoint(endpoint: string): { base: string; origin: string } {
  let parsed: URL;
  try {
    parsed = new URL(endpoint);
  } catch {
    throw new AdfDeployError('arm.endpoint', `invalid endpoint URL '${endpoint}'`, {
      hint: 'pass a URL such as https://management.azure.com or http://127.0.0.1:4000',
    });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
    throw new AdfDeployError('arm.endpoint', `invalid endpoint URL '${endpoint}': only http and https are supported`);
  }
  return { base: `${parsed.origin}${parsed.pathname.replace(/\/+$/, '')}`, origin: parsed.origin };
}

/**
 * Append query parameters, and api-version unless the URL already carries one (nextLinks do: adding a second
 * one makes ARM answer 400). Existing query text is left byte for byte as it is ($skipToken values are opaque).
 */
export function buildUrl(url: string, query: Record<string, string> = {}): string {
  const hashless = url.split('#')[0];
  const parts: string[] = [];
  const hasApiVersion =
    /[?&]api-version=/i.test(hashless) || Object.keys(query).some((k) => k.toLowerCase() === 'api-version');
  for (const [k, v] of Object.entries(query)) parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(v)}`);
  if (!hasApiVersion) parts.push(`api-version=${API_VERSION}`);
  if (parts.length === 0) return hashless;
  const sep = hashless.includes('?') ? (hashless.endsWith('?') || hashless.endsWith('&') ? '' : '&') : '?';
  return `${hashless}${sep}${parts.join('&')}`;
}

/** The path of a URL without its query, decoded for messages ('/subscriptions/…/pipelines/Copy Données'). */
export function displayPath(url: string): string {
  const pathname = new URL(url).pathname;
  try {
    return decodeURIComponent(pathname);
  } catch {
    return pathname;
  }
}
