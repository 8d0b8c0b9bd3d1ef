/**
 * Plans where blocks go on pages before anything is drawn, so a page can say "Halaman 1 dari 2" and a
 * table that continues repeats its header. Nothing is clipped: a block that does not fit moves to the
 * next page, and a block taller than a whole page is refused by the caller's limits on field length.
 */

export interface FlowBlock {
  height: number;
  draw(y: number): void;
  /** Rows of a table carry that table's header, repeated at the top of a continuation page. */
  header?: FlowBlock;
  /** Keep this block on the same page as the next one (a table header with its first row). */
  keepWithNext?: boolean;
}

export interface PlacedBlock {
  block: FlowBlock;
  y: number;
}

export function planPages(
  blocks: readonly FlowBlock[],
  area: { firstTop: number; nextTop: number; bottom: number },
): PlacedBlock[][] | { tooTall: FlowBlock } {
  const pages: PlacedBlock[][] = [[]];
  let y = area.firstTop;
  let headerOnPage: FlowBlock | undefined;
  const current = (): PlacedBlock[] => pages[pages.length - 1] as PlacedBlock[];
  const newPage = (): void => {
    pages.push([]);
    y = area.nextTop;
    headerOnPage = undefined;
  };
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i] as FlowBlock;
    const next = blocks[i + 1];
    const needsHeader = block.header !== undefined && headerOnPage !== block.header;
    let needed = block.height + (needsHeader ? (block.header?.height ?? 0) : 0);
    if (block.keepWithNext && next) needed += next.height;
    if (y + needed > area.bottom && current().length > 0) newPage();
    const fresh = block.header !== undefined && headerOnPage !== block.header;
    const total = block.height + (fresh ? (block.header?.height ?? 0) : 0);
    if (y + total > area.bottom) return { tooTall: block };
    if (fresh && block.header) {
      current().push({ block: block.header, y });
      y += block.header.height;
      headerOnPage = block.header;
    }
    current().push({ block, y });
    y += block.height;
    if (block.keepWithNext && next?.header === block) headerOnPage = block;
  }
  return pages;
}
