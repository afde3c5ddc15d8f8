/** The command a command line runs: its first word that is not an option ('plan' in `adf-deploy --verbose plan .`). */
export function commandName(argv: string[]): string | undefined {
  return argv.slice(2).find((a) => !a.startsWith('-'));
}
