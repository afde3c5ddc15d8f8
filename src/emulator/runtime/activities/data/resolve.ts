import { isObject as isRecord } from '../../../documents.js';
import { evaluateDeep, type EvaluationContext } from '../../../../expression/index.js';
import type { DataActivityRequest, EvaluatedReference } from '../../data-contract.js';
import {
  AccountError,
  accountFromConnectionString,
  accountFromDfs,
  accountFromSasUri,
  type BlobAccount,
} from '../../storage/accounts.js';
import { badConfig, DataError } from './errors.js';

const MASK = '**********';

/** A dataset with its expressions evaluated and its storage reached. */
export interface ResolvedDataset {
  name: string;
  /** Binary, DelimitedText, Json, ... */
  type: string;
  typeProperties: Record<string, unknown>;
  account: BlobAccount;
  container: string;
  /** Folder path inside the container, without leading/trailing '/'; '' for the root. */
  folderPath: string;
  fileName?: string;
  /** Schema columns declared on the dataset (`schema` / `structure`), names only. */
  schema: string[];
}

function getCI(obj: Record<string, unknown>, k: string): unknown {
  if (k in obj) return obj[k];
  const found = Object.keys(obj).find((x) => x.toLowerCase() === k.toLowerCase());
  return found === undefined ? undefined : obj[found];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

/** Parameter values: declared defaults, overridden by the reference's (already evaluated) values. */
function parameterValues(declared: unknown, given: Record<string, unknown> | undefined): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (isRecord(declared))
    for (const [k, spec] of Object.entries(declared))
      if (isRecord(spec) && 'defaultValue' in spec) out[k] = spec.defaultValue;
  return { ...out, ...(given ?? {}) };
}

function baseContext(req: DataActivityRequest): EvaluationContext {
  return { globalParameters: req.factory.globalParameters, system: req.system, now: () => new Date(req.now()) };
}

function evaluateIn(value: unknown, context: EvaluationContext, where: string): Record<string, unknown> {
  try {
    const out = evaluateDeep(value ?? {}, context);
    return isRecord(out) ? out : {};
  } catch (err) {
    throw badConfig(`${where}: ${err instanceof Error ? err.message : String(err)}`);
  }
}

/** Put clear secrets back where the emulator masked them (SecureString values, the connection string). */
function unmask(node: unknown, path: string[], lookup: (path: string[]) => string | undefined): unknown {
  if (Array.isArray(node)) return node.map((n, i) => unmask(n, [...path, String(i)], lookup));
  if (!isRecord(node)) {
    if (path[path.length - 1]?.toLowerCase() === 'connectionstring' || node === MASK) return lookup(path) ?? node;
    return node;
  }
  if (str(node.type)?.toLowerCase() === 'securestring') return lookup(path) ?? node.value;
  if (str(node.type)?.toLowerCase() === 'azurekeyvaultsecret')
    throw badConfig(
      'Azure Key Vault secret references are not resolved by the emulator: put the secret in the linked service as a SecureString for local runs.',
    );
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, unmask(v, [...path, k], lookup)]));
}

function resolveAccount(req: DataActivityRequest, ref: unknown, where: string): BlobAccount {
  if (!isRecord(ref) || typeof ref.referenceName !== 'string') throw badConfig(`${where} has no linkedServiceName.`);
  const name = ref.referenceName;
  const doc = req.factory.get('LinkedService', name);
  if (!doc || !isRecord(doc.properties)) throw badConfig(`The linked service '${name}' does not exist.`);
  const props = doc.properties;
  const type = str(props.type) ?? '';
  const lookup = (path: string[]) =>
    req.factory.secret('LinkedService', name, ['properties', 'typeProperties', ...path]);
  const clear = unmask(props.typeProperties ?? {}, [], lookup);
  const context = {
    ...baseContext(req),
    linkedService: parameterValues(props.parameters, isRecord(ref.parameters) ? ref.parameters : undefined),
  };
  const tp = evaluateIn(clear, context, `linked service '${name}'`);
  const masked = (v: unknown) => v === MASK;
  try {
    if (type === 'AzureBlobStorage' || type === 'AzureStorage') {
      const cs = str(getCI(tp, 'connectionString'));
      const sas = str(getCI(tp, 'sasUri'));
      if (cs && !masked(cs)) return accountFromConnectionString(cs, req.storage);
      if (sas && !masked(sas)) {
        const token = str(getCI(tp, 'sasToken'));
        return accountFromSasUri(sas, token && !masked(token) ? token : undefined, req.storage);
      }
      if (cs || sas)
        throw new AccountError(
          `The secret of linked service '${name}' is not known to this emulator process: apply the linked service again (secrets are kept in memory only).`,
        );
      throw new AccountError(
        `The linked service '${name}' uses an authentication the emulator does not support (only connectionString and sasUri).`,
      );
    }
    if (type === 'AzureBlobFS') {
      const url = str(getCI(tp, 'url'));
      if (!url) throw new AccountError(`The AzureBlobFS linked service '${name}' has no url.`);
      const key = str(getCI(tp, 'accountKey'));
      return accountFromDfs(url, key && !masked(key) ? key : undefined, req.storage);
    }
  } catch (err) {
    if (err instanceof AccountError) throw new DataError('UserErrorInvalidLinkedServiceConfiguration', err.message);
    throw err;
  }
  throw badConfig(
    `The linked service '${name}' is of type '${type}': the emulator's data activities support AzureBlobStorage, AzureStorage and AzureBlobFS.`,
  );
}

function trimSlashes(s: string): string {
  return s.replace(/^\/+|\/+$/g, '');
}

/** Resolve a dataset reference: evaluate `dataset()` expressions, reach its storage, read its location. */
export function resolveDataset(req: DataActivityRequest, ref: EvaluatedReference | undefined): ResolvedDataset {
  if (!ref || typeof ref.referenceName !== 'string')
    throw badConfig(`The activity '${req.activity.name}' names no dataset.`);
  const name = ref.referenceName;
  const doc = req.factory.get('Dataset', name);
  if (!doc || !isRecord(doc.properties)) throw badConfig(`The dataset '${name}' does not exist.`);
  const props = doc.properties;
  const context = { ...baseContext(req), dataset: parameterValues(props.parameters, ref.parameters) };
  const evaluated = evaluateIn(
    { tp: props.typeProperties ?? {}, ls: props.linkedServiceName },
    context,
    `dataset '${name}'`,
  );
  const tp = isRecord(evaluated.tp) ? evaluated.tp : {};
  const account = resolveAccount(req, evaluated.ls, `The dataset '${name}'`);
  const location = getCI(tp, 'location');
  if (!isRecord(location))
    throw badConfig(
      `The dataset '${name}' has no typeProperties.location: the emulator reads Blob and ADLS Gen2 locations only.`,
    );
  const locType = str(location.type) ?? '';
  if (locType !== 'AzureBlobStorageLocation' && locType !== 'AzureBlobFSLocation')
    throw badConfig(
      `The dataset '${name}' has a location of type '${locType}': the emulator supports AzureBlobStorageLocation and AzureBlobFSLocation.`,
    );
  const container = str(getCI(location, locType === 'AzureBlobFSLocation' ? 'fileSystem' : 'container'));
  if (!container)
    throw badConfig(
      `The dataset '${name}' names no ${locType === 'AzureBlobFSLocation' ? 'fileSystem' : 'container'}.`,
    );
  const fileName = str(getCI(location, 'fileName'));
  const schemaSource = props.schema ?? props.structure;
  const schema = Array.isArray(schemaSource)
    ? schemaSource.flatMap((c) => (isRecord(c) && typeof c.name === 'string' ? [c.name] : []))
    : [];
  return {
    name,
    type: str(props.type) ?? '',
    typeProperties: tp,
    account,
    container,
    folderPath: trimSlashes(str(getCI(location, 'folderPath')) ?? ''),
    fileName: fileName ? fileName : undefined,
    schema,
  };
}

export { getCI, str };
