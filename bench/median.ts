/** The item of median `value` (the upper one of an even count); the runs of a bench row are few and odd. */
export function medianBy<T>(items: T[], value: (item: T) => number): T {
  return [...items].sort((a, b) => value(a) - value(b))[Math.floor(items.length / 2)];
}
