/**
 * Colour and terminal decisions in one place, from the environment (https://no-color.org, FORCE_COLOR as Node
 * and most CLIs read it): FORCE_COLOR=0 or NO_COLOR (any non-empty value) or TERM=dumb turn colour off;
 * FORCE_COLOR=1..3 (or empty) turns it on even without a terminal; otherwise colour follows the terminal.
 */
export function wantsColor(env: Record<string, string | undefined>, isTTY: boolean): boolean {
  const force = env.FORCE_COLOR;
  if (force !== undefined) return force !== '0' && force.toLowerCase() !== 'false';
  if (env.NO_COLOR) return false;
  if (env.TERM === 'dumb') return false;
  return isTTY;
}

/**
 * A terminal that reports zero columns (some CI pseudo-terminals, a detached tmux) cannot host a live view: line
 * output is used instead of redrawing a tree one character wide.
 */
export function usableTerminal(stream: { isTTY?: boolean; columns?: number }): boolean {
  return Boolean(stream.isTTY) && (stream.columns === undefined || stream.columns > 0);
}
