import { isKind, KIND_INFO, KINDS, type Kind } from '../model/kinds.js';

/**
 * The ADF Studio git layout: one folder per kind (`linkedService/`, `pipeline/`...), the factory files in
 * `factory/`, private endpoints under `managedVirtualNetwork/<vnet>/managedPrivateEndpoint/`. Folder names are
 * matched case-insensitively (Studio writes them in camel case, Windows checkouts may not keep it).
 */
export const FACTORY_FOLDER = 'factory';

/** Studio folders of kinds this build may not know yet: used only when the kind is registered. */
const EXTRA_FOLDERS: Record<string, string> = { adfcdc: 'ChangeDataCapture' };

const FOLDER_KIND = new Map<string, Kind>(
  KINDS.filter((k) => k !== 'ManagedPrivateEndpoint').map((k) => [KIND_INFO[k].studioFolder.toLowerCase(), k]),
);
for (const [folder, kind] of Object.entries(EXTRA_FOLDERS))
  if (!FOLDER_KIND.has(folder) && isKind(kind)) FOLDER_KIND.set(folder, kind);

const PE_FOLDER = KIND_INFO.ManagedPrivateEndpoint.studioFolder.toLowerCase();
const VNET_FOLDER = KIND_INFO.ManagedVirtualNetwork.studioFolder.toLowerCase();

/** The kind whose objects a Studio folder of this name holds (private endpoints excluded: see studioFileKind). */
export function kindOfStudioFolder(name: string): Kind | undefined {
  return FOLDER_KIND.get(name.toLowerCase());
}

/** Studio folder names adf-deploy does not manage yet (e.g. `adfcdc/` before change data capture is a kind). */
export function isUnmanagedStudioFolder(name: string): boolean {
  const lower = name.toLowerCase();
  return Object.hasOwn(EXTRA_FOLDERS, lower) && !FOLDER_KIND.has(lower);
}

export function isPrivateEndpointFolder(name: string): boolean {
  return name.toLowerCase() === PE_FOLDER;
}

/** Where a JSON file sits in the layout, from its folder names (the last three segments of its path). */
export type StudioFile =
  | { file: string; factory: true }
  | { file: string; factory?: false; kind: Kind; parent?: string };

/**
 * The role of a `.json` file from the folders above it: `factory/x.json`, `<kindFolder>/x.json` or
 * `managedVirtualNetwork/<vnet>/managedPrivateEndpoint/x.json`. Undefined for any other JSON file.
 */
export function studioFileKind(file: string, folders: string[]): StudioFile | undefined {
  const parent = folders.at(-1);
  const vnet = folders.at(-2);
  const vnetFolder = folders.at(-3);
  if (parent === undefined) return undefined;
  if (parent.toLowerCase() === FACTORY_FOLDER) return { file, factory: true };
  const kind = kindOfStudioFolder(parent);
  if (kind) return { file, kind };
  if (isPrivateEndpointFolder(parent) && vnetFolder?.toLowerCase() === VNET_FOLDER && vnet)
    return { file, kind: 'ManagedPrivateEndpoint', parent: vnet };
  return undefined;
}
