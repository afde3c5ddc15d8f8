import { AnonymousCredential, BlobServiceClient, StorageSharedKeyCredential } from '@azure/storage-blob';
import type { StorageAccess } from '../data-contract.js';

/** Azurite's well-known development account (public: https://learn.microsoft.com/azure/storage/common/storage-use-azurite). */
export const DEV_ACCOUNT = 'devstoreaccount1';
export const DEV_ACCOUNT_KEY =
  'Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==';

export function developmentConnectionString(blobEndpoint: string): string {
  return `DefaultEndpointsProtocol=http;AccountName=${DEV_ACCOUNT};AccountKey=${DEV_ACCOUNT_KEY};BlobEndpoint=${blobEndpoint};`;
}

/** A resolved storage account: the SDK client and what to say about it in messages (never a key). */
export interface BlobAccount {
  service: BlobServiceClient;
  /** The blob endpoint without credentials, for messages. */
  endpoint: string;
  /** True when it is an emulator on this machine. */
  local: boolean;
}

/** Why an account cannot be reached: the caller turns it into the activity's error. */
export class AccountError extends Error {}

/** Parse `A=1;B=2` (values may hold '='). Keys are case-insensitive: stored lower-case. */
export function parseConnectionString(cs: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const part of cs.split(';')) {
    const i = part.indexOf('=');
    if (i <= 0) continue;
    out.set(part.slice(0, i).trim().toLowerCase(), part.slice(i + 1).trim());
  }
  return out;
}

function isLoopbackUrl(url: string): boolean {
  try {
    const host = new URL(url).hostname;
    return host === 'localhost' || host === '[::1]' || host === '::1' || /^127\./.test(host);
  } catch {
    return false;
  }
}

function devEndpoint(access: StorageAccess, what: string): string {
  if (!access.developmentBlobEndpoint)
    throw new AccountError(
      `${what} points at the development storage account, but no Azurite is running: run with --local, or start 'adf-deploy emulator --storage'.`,
    );
  return access.developmentBlobEndpoint;
}

function devAccount(endpoint: string): BlobAccount {
  const cred = new StorageSharedKeyCredential(DEV_ACCOUNT, DEV_ACCOUNT_KEY);
  return { service: new BlobServiceClient(endpoint, cred), endpoint, local: true };
}

function checkReal(endpoint: string, access: StorageAccess): boolean {
  const local = isLoopbackUrl(endpoint);
  if (!local && !access.allowRealStorage)
    throw new AccountError(
      `The linked service points at real Azure Storage (${endpoint}); the emulator only touches it when you opt in with --allow-real-storage.`,
    );
  return local;
}

/**
 * A connection string to an account. `UseDevelopmentStorage=true` and any devstoreaccount1 string go to the running
 * Azurite (chosen: the port written in the manifest is Azurite's conventional 10000; the project's Azurite runs on a
 * free port, so the account name, not the port, decides).
 */
export function accountFromConnectionString(cs: string, access: StorageAccess): BlobAccount {
  const kv = parseConnectionString(cs);
  if (kv.get('usedevelopmentstorage')?.toLowerCase() === 'true')
    return devAccount(devEndpoint(access, 'UseDevelopmentStorage=true'));
  const name = kv.get('accountname');
  if (name === DEV_ACCOUNT) {
    const endpoint = access.developmentBlobEndpoint ?? kv.get('blobendpoint');
    if (!endpoint) throw new AccountError('The devstoreaccount1 connection string has no BlobEndpoint.');
    checkReal(endpoint, access);
    return devAccount(endpoint.replace(/\/+$/, ''));
  }
  const protocol = kv.get('defaultendpointsprotocol') ?? 'https';
  const endpoint = (
    kv.get('blobendpoint') ??
    (name ? `${protocol}://${name}.blob.${kv.get('endpointsuffix') ?? 'core.windows.net'}` : '')
  ).replace(/\/+$/, '');
  if (!endpoint)
    throw new AccountError(
      'The connection string names neither AccountName nor BlobEndpoint (nor UseDevelopmentStorage=true).',
    );
  const local = checkReal(endpoint, access);
  const key = kv.get('accountkey');
  const sas = kv.get('sharedaccesssignature');
  if (key && name)
    return { service: new BlobServiceClient(endpoint, new StorageSharedKeyCredential(name, key)), endpoint, local };
  if (sas)
    return {
      service: new BlobServiceClient(`${endpoint}?${sas.replace(/^\?/, '')}`, new AnonymousCredential()),
      endpoint,
      local,
    };
  throw new AccountError(
    'The connection string holds no AccountKey and no SharedAccessSignature (if the emulator restarted, apply the linked service again: secrets are kept in memory only).',
  );
}

/** A SAS URI (account-level: https://acct.blob.core.windows.net/?sv=...), optionally with a separate sasToken. */
export function accountFromSasUri(uri: string, token: string | undefined, access: StorageAccess): BlobAccount {
  let url: URL;
  try {
    url = new URL(uri);
  } catch {
    throw new AccountError('The sasUri is not a valid URI.');
  }
  if (token) url.search = token.replace(/^\?/, '');
  const base = `${url.origin}${url.pathname}`.replace(/\/+$/, '');
  let endpoint = base;
  if (isLoopbackUrl(base) && url.pathname.replace(/\/+$/, '') === `/${DEV_ACCOUNT}` && access.developmentBlobEndpoint)
    endpoint = access.developmentBlobEndpoint;
  const local = checkReal(endpoint, access);
  if (!url.search)
    throw new AccountError(
      'The SAS URI has no token (if the emulator restarted, apply the linked service again: secrets are kept in memory only).',
    );
  return { service: new BlobServiceClient(`${endpoint}${url.search}`, new AnonymousCredential()), endpoint, local };
}

/** ADLS Gen2 (AzureBlobFS): served through the blob API of the same account (`.dfs.` -> `.blob.`), key auth. */
export function accountFromDfs(dfsUrl: string, accountKey: string | undefined, access: StorageAccess): BlobAccount {
  let url: URL;
  try {
    url = new URL(dfsUrl);
  } catch {
    throw new AccountError('The AzureBlobFS url is not a valid URI.');
  }
  if (isLoopbackUrl(dfsUrl)) {
    const endpoint = access.developmentBlobEndpoint ?? `${url.origin}/${DEV_ACCOUNT}`;
    return devAccount(endpoint);
  }
  const name = url.hostname.split('.')[0];
  const endpoint = `${url.protocol}//${url.hostname.replace('.dfs.', '.blob.')}`;
  const local = checkReal(endpoint, access);
  if (!accountKey)
    throw new AccountError('The AzureBlobFS linked service has no accountKey: only key authentication is supported.');
  return {
    service: new BlobServiceClient(endpoint, new StorageSharedKeyCredential(name, accountKey)),
    endpoint,
    local,
  };
}
