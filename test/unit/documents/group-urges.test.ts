// Repeated urges read as one entry with a count, at the latest urge's place, the earlier ones kept under it.
import { describe, expect, it } from 'vitest';
import { groupUrges } from '../../../renderer/src/features/documents/group-urges';

type Step = { seq: number; action: string };
const step = (seq: number, action: string): Step => ({ seq, action });
const isUrge = (s: Step) => s.action === 'urge';

describe('grouping repeated urges', () => {
  it('folds three urges into one entry at the latest, keeping the others in order and every other step as it is', () => {
    const trace = [step(1, 'register'), step(2, 'urge'), step(3, 'assign'), step(4, 'urge'), step(5, 'comment'), step(6, 'urge'), step(7, 'start')];
    const g = groupUrges(trace, isUrge);
    expect(g.map((e) => e.item.seq)).toEqual([1, 3, 5, 6, 7]);
    expect(g.find((e) => e.item.seq === 6)!.earlier.map((e) => e.seq)).toEqual([2, 4]);
    expect(g.filter((e) => e.item.seq !== 6).every((e) => e.earlier.length === 0)).toBe(true);
  });

  it('leaves a single urge, and a history without urges, unchanged', () => {
    const one = [step(1, 'assign'), step(2, 'urge')];
    expect(groupUrges(one, isUrge)).toEqual([
      { item: one[0], earlier: [] },
      { item: one[1], earlier: [] },
    ]);
    expect(groupUrges([step(1, 'assign')], isUrge)).toHaveLength(1);
    expect(groupUrges([], isUrge)).toEqual([]);
  });
});
