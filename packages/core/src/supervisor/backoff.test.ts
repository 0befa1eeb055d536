import { describe, expect, it } from 'vitest';
import { Backoff } from './backoff.js';

describe('Backoff', () => {
  it('doubles from the initial wait up to the ceiling', () => {
    const b = new Backoff({ initialMs: 100, maxMs: 1000, resetAfterMs: 60_000 });
    expect([1, 2, 3, 4, 5, 6].map(() => b.next(10))).toEqual([100, 200, 400, 800, 1000, 1000]);
    expect(b.count).toBe(6);
  });

  it('forgives past crashes once an instance ran long enough', () => {
    const b = new Backoff({ initialMs: 50, maxMs: 30_000, resetAfterMs: 1000 });
    b.next(0);
    b.next(0);
    expect(b.next(999)).toBe(200);
    expect(b.next(1000)).toBe(50);
    expect(b.count).toBe(1);
  });
});
