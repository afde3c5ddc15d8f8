import { randomBytes } from 'node:crypto';
import type { HandlerContext, HandlerRequest, Reply } from './context.js';
import { factoryId, getCI, isObject, newEtag } from './documents.js';
import { badRequest, factoryNotFound, methodNotAllowed } from './errors.js';
import { renderFactoryWithParameters, requireFactory } from './factories.js';
import { EmulatorError } from './http.js';
import type { FactoryPath } from './routes.js';
import { factoryKey } from './store.js';

/** The service's answer for a feature flag it does not know (EX:ExposureControl_GetFeatureValue shape). */
function featureValue(body: Record<string, unknown> | undefined): Record<string, unknown> {
  const name = getCI(body ?? {}, 'featureName').value;
  return { featureName: typeof name === 'string' ? name : '', value: 'False' };
}

function requirePost(req: HandlerRequest): void {
  if (req.method !== 'POST') throw methodNotAllowed(req.method);
}

/** `F/getGitHubAccessToken`, `F/getDataPlaneAccess`, `F/getFeatureValue`, `F/queryFeaturesValue`, `F/privateLinkResources`. */
export function handleFactoryOperation(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: FactoryPath & { op: string },
): Reply {
  const f = requireFactory(ctx, route);
  switch (route.op) {
    case 'privatelinkresources': {
      if (req.method !== 'GET') throw methodNotAllowed(req.method);
      const groupId = 'dataFactory';
      return {
        status: 200,
        body: {
          value: [
            {
              id: `${factoryId(f)}/privateLinkResources/${groupId}`,
              name: groupId,
              type: 'Microsoft.DataFactory/factories/privateLinkResources',
              properties: {
                groupId,
                requiredMembers: [groupId],
                requiredZoneNames: ['privatelink.datafactory.azure.net'],
              },
            },
          ],
        },
      };
    }
    case 'getgithubaccesstoken': {
      requirePost(req);
      const code = getCI(req.body ?? {}, 'gitHubAccessCode').value;
      if (typeof code !== 'string' || code === '') throw badRequest("'gitHubAccessCode' is required.");
      // Chosen: the emulator talks to no GitHub; a random token lets a script's flow go on.
      return { status: 200, body: { gitHubAccessToken: `gho_${randomBytes(18).toString('hex')}` } };
    }
    case 'getdataplaneaccess': {
      requirePost(req);
      return {
        status: 200,
        body: {
          policy: req.body ?? {},
          accessToken: randomBytes(32).toString('base64'),
          dataPlaneUrl: `${req.origin}${factoryId(f)}`,
        },
      };
    }
    case 'getfeaturevalue':
      requirePost(req);
      return { status: 200, body: featureValue(req.body) };
    default: {
      requirePost(req);
      const queries = getCI(req.body ?? {}, 'exposureControlRequests').value;
      const list = Array.isArray(queries) ? queries : [];
      return {
        status: 200,
        body: {
          exposureControlResponses: list.map((q) => featureValue(isObject(q) ? q : undefined)),
        },
      };
    }
  }
}

/** `/subscriptions/{sub}/providers/Microsoft.DataFactory/locations/{loc}/configureFactoryRepo | getFeatureValue`. */
export function handleLocationOperation(
  ctx: HandlerContext,
  req: HandlerRequest,
  route: { sub: string; location: string; op: string },
): Reply {
  requirePost(req);
  if (route.op === 'getfeaturevalue') return { status: 200, body: featureValue(req.body) };
  const body = req.body ?? {};
  const id = getCI(body, 'factoryResourceId').value;
  const m =
    typeof id === 'string'
      ? /^\/subscriptions\/([^/]+)\/resourceGroups\/([^/]+)\/providers\/Microsoft\.DataFactory\/factories\/([^/]+)$/i.exec(
          id,
        )
      : null;
  if (!m) throw badRequest("'factoryResourceId' must be the id of a factory.");
  const fp: FactoryPath = { sub: m[1], rg: m[2], factory: m[3] };
  const f = ctx.store.getFactory(fp.factory);
  if (!f || f.sub.toLowerCase() !== fp.sub.toLowerCase() || f.rg.toLowerCase() !== fp.rg.toLowerCase())
    throw factoryNotFound(fp.factory, fp.rg);
  const repo = getCI(body, 'repoConfiguration').value;
  const props = isObject(f.doc.properties) ? f.doc.properties : {};
  const { [getCI(props, 'repoConfiguration').key ?? 'repoConfiguration']: _old, ...rest } = props;
  const doc = { ...f.doc, properties: isObject(repo) ? { ...rest, repoConfiguration: repo } : rest };
  const entry = { ...f, doc, etag: newEtag() };
  ctx.store.commit([{ key: factoryKey(f.name), entry }]);
  return { status: 200, body: renderFactoryWithParameters(ctx, entry), committed: true };
}

/** `GET /providers/Microsoft.DataFactory/operations`: the resource provider's operations (EX:Operations_List shape). */
export function listProviderOperations(req: HandlerRequest): Reply {
  if (req.method !== 'GET') throw methodNotAllowed(req.method);
  const types: Array<[string, string]> = [
    ['factories', 'Data Factory'],
    ['factories/linkedServices', 'Linked Service'],
    ['factories/datasets', 'Dataset'],
    ['factories/pipelines', 'Pipeline'],
    ['factories/triggers', 'Trigger'],
    ['factories/dataflows', 'Data Flow'],
    ['factories/integrationRuntimes', 'Integration Runtime'],
    ['factories/credentials', 'Credential'],
    ['factories/managedVirtualNetworks', 'Managed Virtual Network'],
    ['factories/managedVirtualNetworks/managedPrivateEndpoints', 'Managed Private Endpoint'],
    ['factories/adfcdcs', 'Change Data Capture'],
    ['factories/globalParameters', 'Global Parameter'],
    ['factories/privateEndpointConnections', 'Private Endpoint Connection'],
  ];
  const value = types.flatMap(([type, resource]) =>
    (['read', 'write', 'delete'] as const).map((verb) => ({
      name: `Microsoft.DataFactory/${type}/${verb}`,
      origin: 'user,system',
      display: {
        provider: 'Microsoft Data Factory',
        resource,
        operation: `${verb === 'read' ? 'Read' : verb === 'write' ? 'Create or Update' : 'Delete'} ${resource}`,
        description: `${verb === 'read' ? 'Reads' : verb === 'write' ? 'Creates or updates' : 'Deletes'} ${resource.toLowerCase()}s.`,
      },
    })),
  );
  return { status: 200, body: { value } };
}

/** A deliberately absent operation of the spec: 501, naming it (never a misleading "type not found"). */
export function notModelled(what: string): EmulatorError {
  return new EmulatorError(
    501,
    'NotImplemented',
    `${what} are part of the Data Factory API but not of this emulator (see src/emulator/SPEC.md, operation table).`,
  );
}
