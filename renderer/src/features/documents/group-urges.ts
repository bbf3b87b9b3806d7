// Repeated urges of one document read as one entry with a count (issue 17):
// a leader who urges three times should not push the history off the screen,
// yet every urge stays readable under the entry.

export interface Grouped<T> {
  /** The entry shown: the latest urge, or any other step as it is. */
  item: T;
  /** The urges before it, oldest first; empty for other steps. */
  earlier: T[];
}

/** Items in time order; every urge folds into one entry at the latest urge's place. */
export function groupUrges<T>(items: readonly T[], isUrge: (item: T) => boolean): Grouped<T>[] {
  const urges = items.filter(isUrge);
  const last = urges[urges.length - 1];
  const out: Grouped<T>[] = [];
  for (const item of items) {
    if (!isUrge(item)) out.push({ item, earlier: [] });
    else if (item === last) out.push({ item, earlier: urges.slice(0, -1) });
  }
  return out;
}
