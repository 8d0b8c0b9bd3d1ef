import type { RegionHealth, TouchHealthReport } from './types.ts';

export interface TouchHealthOptions {
  columns: number;
  rows: number;
  silentAfterMs: number;
  minTouchesElsewhere: number;
}

/**
 * Dead-zone hints for a touch panel that cannot test itself: the screen is a grid, and a cell that
 * nobody has touched for a long time while the rest of the panel took many touches is reported.
 * Memory is one counter pair per cell; nothing about where citizens touch is kept beyond that.
 */
export class TouchHealth {
  #total = 0;
  #lastTouchAt: number | null = null;
  readonly #cells: Array<{ lastAt: number | null; totalAtLast: number }>;

  constructor(
    private readonly options: TouchHealthOptions,
    /** When monitoring began: a never-touched cell counts as silent from here. */
    private readonly startedAt: number,
  ) {
    this.#cells = Array.from({ length: options.columns * options.rows }, () => ({ lastAt: null, totalAtLast: 0 }));
  }

  touch(x: number, y: number, at: number): void {
    const { columns, rows } = this.options;
    const column = Math.min(columns - 1, Math.max(0, Math.floor(x * columns)));
    const row = Math.min(rows - 1, Math.max(0, Math.floor(y * rows)));
    this.#total++;
    this.#lastTouchAt = at;
    this.#cells[row * columns + column] = { lastAt: at, totalAtLast: this.#total };
  }

  assess(at: number): TouchHealthReport {
    const { columns, silentAfterMs, minTouchesElsewhere } = this.options;
    const silentRegions: RegionHealth[] = [];
    this.#cells.forEach((cell, i) => {
      const since = cell.lastAt ?? this.startedAt;
      const touchesElsewhere = this.#total - cell.totalAtLast;
      if (at - since >= silentAfterMs && touchesElsewhere >= minTouchesElsewhere) {
        silentRegions.push({ column: i % columns, row: Math.floor(i / columns), lastTouchAt: cell.lastAt, touchesElsewhere });
      }
    });
    return { lastTouchAt: this.#lastTouchAt, touches: this.#total, silentRegions };
  }
}
