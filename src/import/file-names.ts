/** Windows device names that cannot be file names, whatever the extension. */
const RESERVED = /^(con|prn|aux|nul|com[1-9]|lpt[1-9])$/i;
const MAX_BYTES = 200;

/**
 * A file-safe base name for an object name: characters no file system accepts become '_', trailing dots and
 * spaces go, Windows device names get a '_' prefix, and long names are cut at a character boundary.
 * Non-ASCII letters and spaces are kept: they are valid everywhere.
 */
export function safeFileBase(name: string): string {
  let s = name.replace(/[<>:"/\\|?*\u0000-\u001f]/g, '_').replace(/[. ]+$/, '');
  if (s === '' || s.startsWith('.')) s = `_${s}`;
  if (RESERVED.test(s)) s = `_${s}`;
  while (Buffer.byteLength(s, 'utf8') > MAX_BYTES) s = [...s].slice(0, -1).join('');
  return s;
}

/** Hands out file names unique within a folder, case-insensitively (macOS and Windows folders are). */
export class FileNamer {
  private readonly used = new Set<string>();

  take(folder: string, base: string, ext: string): string {
    let candidate = `${base}${ext}`;
    for (let n = 2; this.used.has(`${folder}/${candidate}`.toLowerCase()); n++) candidate = `${base}-${n}${ext}`;
    this.used.add(`${folder}/${candidate}`.toLowerCase());
    return candidate;
  }
}
