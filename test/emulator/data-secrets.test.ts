import { describe, expect, it } from 'vitest';
import { handleChild } from '../../src/emulator/children.js';
import type { HandlerContext, HandlerRequest } from '../../src/emulator/context.js';
import { handleFactory } from '../../src/emulator/factories.js';
import { parseRoute } from '../../src/emulator/routes.js';
import { type Mutation, Store } from '../../src/emulator/store.js';
import { secretsOf } from '../../src/emulator/runtime/storage/secrets.js';

const F = '/subscriptions/s1/resourceGroups/rg/providers/Microsoft.DataFactory/factories/df1';
const KEY = 'c2VjcmV0LWtleS1ub3QtcmVhbA==';

function request(method: string, pathname: string, body?: Record<string, unknown>): HandlerRequest {
  return { method, pathname, query: new URLSearchParams(), headers: {}, body, origin: 'http://x' };
}

function send(ctx: HandlerContext, method: string, path: string, body?: Record<string, unknown>) {
  const route = parseRoute(path);
  if (route.t === 'factory') return handleFactory(ctx, request(method, path, body), route);
  if (route.t !== 'child') throw new Error(`unexpected route ${route.t}`);
  return handleChild(ctx, request(method, path, body), route);
}

describe('secrets for data activities', () => {
  it('the emulator keeps the clear connection string in memory, never in the journal, and forgets it on delete', () => {
    const journal: Mutation[] = [];
    const store = new Store([], { append: (m) => journal.push(...m) });
    const ctx: HandlerContext = {
      store,
      pageSize: 50,
      maxEntitiesPerFactory: 5000,
      baseUrl: () => 'http://x',
      now: () => 0,
      resourceGroups: 'auto',
      lroRetryAfterSeconds: 0,
      lroPolls: 1,
      volatile: { pending: new Map(), authKeys: new Map() },
    };
    send(ctx, 'PUT', F, { location: 'East US' });
    const cs = `DefaultEndpointsProtocol=https;AccountName=acct;AccountKey=${KEY};EndpointSuffix=core.windows.net`;
    send(ctx, 'PUT', `${F}/linkedservices/Plain`, {
      properties: { type: 'AzureBlobStorage', typeProperties: { connectionString: cs } },
    });
    send(ctx, 'PUT', `${F}/linkedservices/Secure`, {
      properties: {
        type: 'AzureBlobStorage',
        typeProperties: { sasUri: { type: 'SecureString', value: 'https://acct.blob.core.windows.net/?sv=1&sig=abc' } },
      },
    });
    const keeper = secretsOf(store);
    expect(keeper.get('DF1', 'LinkedService', 'plain', ['properties', 'typeProperties', 'connectionString'])).toBe(cs);
    expect(keeper.get('df1', 'LinkedService', 'Secure', ['properties', 'typeProperties', 'sasUri'])).toBe(
      'https://acct.blob.core.windows.net/?sv=1&sig=abc',
    );
    const journalled = JSON.stringify(journal);
    expect(journalled).not.toContain(KEY);
    expect(journalled).not.toContain('sig=abc');
    send(ctx, 'DELETE', `${F}/linkedservices/Plain`);
    expect(
      keeper.get('df1', 'LinkedService', 'Plain', ['properties', 'typeProperties', 'connectionString']),
    ).toBeUndefined();
    // Another store (another emulator) sees nothing.
    expect(secretsOf(new Store()).get('df1', 'LinkedService', 'Secure', ['properties'])).toBeUndefined();
  });
});
