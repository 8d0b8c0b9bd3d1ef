/**
 * What a receipt says, as blocks the ESC/POS encoder turns into bytes. The documents area builds
 * layouts (kiosk/documents/receipt); the receipt printer driver encodes and prints them.
 */
export type ReceiptBlock =
  | { kind: 'text'; text: string; align?: 'left' | 'center' | 'right'; bold?: boolean; size?: 'normal' | 'double' }
  /** Two columns on one line: label on the left, value on the right. */
  | { kind: 'pair'; left: string; right: string }
  | { kind: 'rule' }
  | { kind: 'qr'; data: string; moduleSize?: number }
  /** A PNG, converted to a 1-bit raster at the paper width. */
  | { kind: 'image'; png: Uint8Array; align?: 'left' | 'center' }
  | { kind: 'feed'; lines: number }
  | { kind: 'cut' };

export interface ReceiptLayout {
  blocks: ReceiptBlock[];
}
