// The progress bar: redrawn in place on a terminal, a final newline, failures counted; silent otherwise.
import { describe, expect, it } from 'vitest';
import { Progress } from './progress.js';

function capture() {
  const err: string[] = [];
  return { io: { out: () => undefined, err: (t: string) => void err.push(t) }, err };
}

describe('Progress', () => {
  it('draws done/total with a bar, and a newline at the end', () => {
    const { io, err } = capture();
    const p = new Progress(io, 4, 'creating', true);
    p.tick(true);
    p.tick(false);
    p.tick(true);
    p.tick(true);
    const last = err.at(-2) ?? '';
    // 4 of 4 done: the 30-character bar is full.
    expect(last).toBe(`\rcreating [${'#'.repeat(30)}] 4/4, 1 failed`);
    expect(err.at(-1)).toBe('\n');
    expect(err[0]).toMatch(/^\rcreating \[#{8}\.{22}\] 1\/4$/);
  });

  it('writes nothing when disabled (not a terminal, or --json)', () => {
    const { io, err } = capture();
    const p = new Progress(io, 2, 'creating', false);
    p.tick(true);
    p.tick(true);
    expect(err).toEqual([]);
  });
});
