/** The hand-measured notes (bench/notes/*.md) in the order of their numbers: `10-x.md` after `9-y.md`. */
export function inNoteOrder(files: string[]): string[] {
  return files.filter((f) => f.endsWith('.md')).sort((a, b) => a.localeCompare(b, 'en', { numeric: true }));
}
