import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { HandlerContext } from '../context.js';
import { EmulatorError } from '../http.js';

/** ARM's limit on one template's size (a request body above 4 MB is already refused with 413). */
const MAX_TEMPLATE_BYTES = 4 * 1024 * 1024;

/**
 * A linked template: the file named by the URI's last path segment, in the folder the emulator was given
 * (EmulatorOptions.deploymentTemplates). The emulator reads nothing else (no network, no other path).
 */
export function readLinkedTemplate(ctx: HandlerContext, uri: unknown): unknown {
  const folder = ctx.deploymentTemplates;
  let file: string | undefined;
  try {
    file = decodeURIComponent(new URL(String(uri)).pathname.split('/').pop() ?? '');
  } catch {
    file = undefined;
  }
  if (!folder || !file || !/^[\w.-]+\.json$/i.test(file) || file.startsWith('.'))
    throw new EmulatorError(
      400,
      'InvalidContentLink',
      `Unable to download deployment content from '${String(uri).split('?')[0]}': the emulator reads linked templates only by file name from the folder given with deploymentTemplates.`,
    );
  let text: string;
  try {
    text = readFileSync(path.join(folder, file), 'utf8');
  } catch {
    throw new EmulatorError(
      400,
      'InvalidContentLink',
      `Unable to download deployment content from '${file}': no such file in the templates folder.`,
    );
  }
  if (Buffer.byteLength(text) > MAX_TEMPLATE_BYTES)
    throw new EmulatorError(
      400,
      'InvalidTemplate',
      `Deployment template validation failed: 'The template '${file}' is larger than the maximum of 4 MB.'`,
    );
  try {
    return JSON.parse(text);
  } catch {
    throw new EmulatorError(
      400,
      'InvalidTemplate',
      `Deployment template validation failed: 'The linked template '${file}' is not valid JSON.'`,
    );
  }
}
