import { describe, expect, it } from 'vitest';
import { ContactTracker } from '../../../devices/touchscreen/contact-tracker.ts';
import { CornerGesture, cornerOf } from '../../../devices/touchscreen/corner-gesture.ts';
import { TouchHealth } from '../../../devices/touchscreen/touch-health.ts';
import type { Corner } from '../../../devices/touchscreen/types.ts';

const SEQ: Corner[] = ['topLeft', 'topRight', 'bottomRight', 'bottomLeft'];
const P: Record<Corner, [number, number]> = { topLeft: [0.02, 0.03], topRight: [0.98, 0.05], bottomRight: [0.95, 0.99], bottomLeft: [0.01, 0.96] };

describe('technician corner gesture', () => {
  const make = () => new CornerGesture({ sequence: SEQ, cornerSize: 0.1, windowMs: 8000 });

  it('completes on the corners in order within the window', () => {
    const g = make();
    expect(SEQ.map((c, i) => g.tap(...P[c], 1000 + i * 500))).toEqual([false, false, false, true]);
    expect(g.progress).toBe(0);
  });

  it('starts over on a tap elsewhere, on a wrong corner, and after the window', () => {
    const g = make();
    g.tap(...P.topLeft, 0);
    g.tap(...P.topRight, 100);
    g.tap(0.5, 0.5, 200); // a citizen's ordinary tap
    expect(g.tap(...P.bottomRight, 300)).toBe(false);
    expect(g.tap(...P.bottomLeft, 400)).toBe(false);

    const late = make();
    late.tap(...P.topLeft, 0);
    late.tap(...P.topRight, 1000);
    late.tap(...P.bottomRight, 2000);
    expect(late.tap(...P.bottomLeft, 8001)).toBe(false);
  });

  it('lets a wrong tap in the first corner begin a new attempt', () => {
    const g = make();
    g.tap(...P.topLeft, 0);
    g.tap(...P.topLeft, 100); // topLeft again: restart from step 1
    g.tap(...P.topRight, 200);
    g.tap(...P.bottomRight, 300);
    expect(g.tap(...P.bottomLeft, 400)).toBe(true);
  });

  it('knows the corners and the middle', () => {
    expect([cornerOf(0, 0, 0.1), cornerOf(1, 0, 0.1), cornerOf(1, 1, 0.1), cornerOf(0, 1, 0.1), cornerOf(0.5, 0.05, 0.1), cornerOf(0.11, 0.05, 0.1)]).toEqual([
      'topLeft', 'topRight', 'bottomRight', 'bottomLeft', null, null,
    ]);
  });
});

describe('contact tracker', () => {
  it('finds taps, refuses long presses and drags as taps, and lifts stale contacts', () => {
    const t = new ContactTracker({ maxTapMs: 800 });
    t.update([{ id: 1, tip: true, x: 0.5, y: 0.5 }], 0);
    expect(t.update([{ id: 1, tip: false, x: 0.5, y: 0.5 }], 100)).toMatchObject([{ kind: 'up', tap: true, durationMs: 100 }]);
    t.update([{ id: 2, tip: true, x: 0.5, y: 0.5 }], 0);
    expect(t.update([{ id: 2, tip: false, x: 0.5, y: 0.5 }], 900)).toMatchObject([{ kind: 'up', tap: false }]);
    t.update([{ id: 3, tip: true, x: 0.1, y: 0.5 }], 0);
    t.update([{ id: 3, tip: true, x: 0.6, y: 0.5 }], 50);
    expect(t.update([{ id: 3, tip: false, x: 0.6, y: 0.5 }], 100)).toMatchObject([{ kind: 'up', tap: false }]);
    t.update([{ id: 4, tip: true, x: 0.1, y: 0.5 }], 0);
    expect(t.tick(1999)).toEqual([]);
    expect(t.tick(2000)).toMatchObject([{ kind: 'up', id: 4, lost: true, tap: false }]);
    expect(t.active).toBe(0);
  });

  it('tracks at most ten fingers', () => {
    const t = new ContactTracker({ maxTapMs: 800 });
    const downs = t.update(Array.from({ length: 14 }, (_, id) => ({ id, tip: true, x: 0.5, y: 0.5 })), 0);
    expect(downs).toHaveLength(10);
    expect(t.active).toBe(10);
  });
});

describe('touch health', () => {
  const DAY = 24 * 3600 * 1000;

  it('reports a region untouched for the long period while the rest of the panel was used', () => {
    const h = new TouchHealth({ columns: 2, rows: 1, silentAfterMs: 7 * DAY, minTouchesElsewhere: 100 }, 0);
    for (let i = 0; i < 150; i++) h.touch(0.2, 0.5, i * 60_000); // only the left half
    expect(h.assess(6 * DAY).silentRegions).toEqual([]);
    const report = h.assess(7 * DAY);
    expect(report.touches).toBe(150);
    expect(report.lastTouchAt).toBe(149 * 60_000);
    expect(report.silentRegions).toEqual([{ column: 1, row: 0, lastTouchAt: null, touchesElsewhere: 150 }]);
    h.touch(0.9, 0.5, 7 * DAY + 1);
    expect(h.assess(7 * DAY + 2).silentRegions).toEqual([]);
  });

  it('does not blame a region on an idle kiosk (too few touches anywhere)', () => {
    const h = new TouchHealth({ columns: 4, rows: 3, silentAfterMs: 7 * DAY, minTouchesElsewhere: 300 }, 0);
    for (let i = 0; i < 20; i++) h.touch(0.5, 0.5, i);
    expect(h.assess(30 * DAY).silentRegions).toEqual([]);
  });
});
