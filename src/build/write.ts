import { makeFolders } from '../core/make-folders.js';
import { readdir, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LINKED_FOLDER, PARAMETERS_FILE, TEMPLATE_FILE } from './arm-layout.js';
import type { BuiltTemplate } from './arm-template.js';
import { ARM_LIMITS, type Limits, needsLinkedTemplates, renderJson, splitLinkedTemplates } from './linked-templates.js';

export interface WrittenBuild {
  /** Paths written, relative to the output folder. */
  files: string[];
  /** Number of linked template parts (0 when the template fits ARM's limits). */
  parts: number;
}

/**
 * Write the build into `out`: ARMTemplateForFactory.json and its parameters file always, and ADF's
 * `linkedTemplates/` folder (parts, master and the master's parameters) when the template passes ARM's limits.
 */
export async function writeArmBuild(
  out: string,
  built: BuiltTemplate,
  limits: Limits = ARM_LIMITS,
): Promise<WrittenBuild> {
  const files: Array<[string, unknown]> = [
    [TEMPLATE_FILE, built.template],
    [PARAMETERS_FILE, built.parameters],
  ];
  let parts = 0;
  if (needsLinkedTemplates(built, limits)) {
    const linked = splitLinkedTemplates(built, limits);
    parts = linked.parts.length;
    linked.parts.forEach((p, i) => files.push([`${LINKED_FOLDER}/ArmTemplate_${i}.json`, p]));
    files.push([`${LINKED_FOLDER}/ArmTemplate_master.json`, linked.master]);
    files.push([`${LINKED_FOLDER}/ArmTemplateParameters_master.json`, linked.masterParameters]);
  }
  // Parts of an earlier, bigger build would be deployed with the new master: remove them first.
  const folder = path.join(out, LINKED_FOLDER);
  const old = await readdir(folder).catch(() => [] as string[]);
  for (const f of old) if (/^ArmTemplate(Parameters)?_(\d+|master)\.json$/i.test(f)) await rm(path.join(folder, f));
  for (const [rel, value] of files) {
    const file = path.join(out, rel);
    makeFolders(path.dirname(file));
    await writeFile(file, renderJson(value));
  }
  return { files: files.map(([rel]) => rel), parts };
}
