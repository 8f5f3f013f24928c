/** Indexes of the first item with each key, in order: later items with a key already seen are duplicates. */
export function firstOccurrences(keys: readonly string[]): number[] {
  const seen = new Set<string>();
  const first: number[] = [];
  keys.forEach((key, i) => {
    if (seen.has(key)) return;
    seen.add(key);
    first.push(i);
  });
  return first;
}
