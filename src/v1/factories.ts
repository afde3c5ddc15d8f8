import type { ArmClient } from '../arm/types.js';
import { V1_API_VERSION } from './deploy.js';

/** One factory of either generation, as `factories list` shows it. */
export interface FactoryRow {
  name: string;
  version: 'V1' | 'V2';
  resourceGroup: string;
  location: string;
  provisioningState: string;
}

const rgOf = (id: unknown) => /\/resourcegroups\/([^/]+)\//i.exec(String(id ?? ''))?.[1] ?? '';

/** V2 (`factories`, 2018-06-01) and V1 (`datafactories`, 2015-10-01) factories, every page of both. */
export async function listAllFactories(
  client: ArmClient,
  subscriptionId: string,
  resourceGroup?: string,
): Promise<FactoryRow[]> {
  const scope = `/subscriptions/${subscriptionId}${resourceGroup ? `/resourceGroups/${resourceGroup}` : ''}/providers/Microsoft.DataFactory`;
  type Raw = { name: string; id?: string; location?: string; properties?: { provisioningState?: string } };
  const [v2, v1] = await Promise.all([
    client.list<Raw>(`${scope}/factories`),
    client.list<Raw>(`${scope}/datafactories?api-version=${V1_API_VERSION}`),
  ]);
  const row =
    (version: 'V1' | 'V2') =>
    (f: Raw): FactoryRow => ({
      name: f.name,
      version,
      resourceGroup: rgOf(f.id),
      location: f.location ?? '',
      provisioningState: f.properties?.provisioningState ?? '',
    });
  return [...v2.map(row('V2')), ...v1.map(row('V1'))].sort((a, b) =>
    a.name.toLowerCase().localeCompare(b.name.toLowerCase()),
  );
}

export function renderFactoriesTable(rows: FactoryRow[]): string {
  const head = ['NAME', 'VERSION', 'RESOURCE GROUP', 'LOCATION', 'STATE'];
  const cells = rows.map((r) => [r.name, r.version, r.resourceGroup, r.location, r.provisioningState || '-']);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (r: string[]) =>
    r
      .map((c, i) => c.padEnd(widths[i]))
      .join('  ')
      .trimEnd();
  return `${[head, ...cells].map(line).join('\n')}\n${rows.length} factor${rows.length === 1 ? 'y' : 'ies'}\n`;
}
