import type { ByteChannel } from '../common/byte-channel.ts';
import { decodeCp1252 } from './codepage.ts';
import { EscPosParser, type EscPosOp } from './escpos-parser.ts';
import { FONT_H, FONT_W, qrMatrix, renderPaper, type PrintedItem } from './paper-render.ts';
import { asbFromCondition, GOOD_CONDITION, realtimeByte, type PrinterCondition } from './status-bits.ts';

/** 203 dpi thermal head: 8 dots per millimetre. */
const DOTS_PER_MM = 8;
const DEFAULT_LINE_SPACING = 30;
/** Paper fed between the head and the blade before a cut. */
const CUT_FEED_DOTS = 3 * DOTS_PER_MM * 8;
/** Ops held while the printer is stopped; more than this and the receive buffer "overflows". */
const MAX_HELD = 5000;
const MAX_RECEIPTS = 50;

export interface PrintedReceipt {
  /** The text lines as printed (code page decoded), for quick checks. */
  lines: string[];
  /** QR payloads printed, as text. */
  qrCodes: string[];
  rasters: number;
  /** Paper this receipt used, in millimetres. */
  paperMm: number;
  /** False when the printer stopped before the cut (paper out, jam). */
  cut: boolean;
  /** A PNG of the receipt, one dot per pixel. */
  png(): Promise<Buffer>;
}

export interface ReceiptSimulatorOptions {
  paperDots: 576 | 384;
  /** Roll length; 80 m by default. */
  rollMm?: number;
  /** The near-end sensor trips with this much paper left. */
  nearEndMm?: number;
  /** False for a printer without Automatic Status Back: `GS a` is ignored, only `DLE EOT` answers. */
  automaticStatusBack?: boolean;
}

/**
 * An ESC/POS thermal receipt printer on the far end of the wire. It interprets the command stream
 * (text, styles, `GS v 0` rasters, `GS ( k` QR codes, feeds, cuts), answers `DLE EOT n` at once
 * even while stopped, sends Automatic Status Back when enabled, answers `GS ( H` only once the data
 * before it has printed, counts paper, and draws what it printed. Faults: paper near end or out,
 * cover open, cutter jam; unplugging is the cable's business. It can also play a model without
 * Automatic Status Back.
 */
export class ReceiptPrinterSimulator {
  readonly #paperDots: 576 | 384;
  readonly #nearEndDots: number;
  #paperLeft: number;
  #cond: PrinterCondition = { ...GOOD_CONDITION };
  #cutterJam = false;
  #asb = 0;
  readonly #asbSupported: boolean;
  #channel: ByteChannel | null = null;
  #parser = new EscPosParser();
  #held: EscPosOp[] = [];
  #overflow = 0;
  #receipts: PrintedReceipt[] = [];
  #items: PrintedItem[] = [];
  #itemsDots = 0;
  #textLines: string[] = [];
  #qrTexts: string[] = [];
  #rasters = 0;
  // print state
  #align = 0;
  #bold = false;
  #size = 0;
  #spacing = DEFAULT_LINE_SPACING;
  #line: Array<{ text: string; bold: boolean; widthMul: number; heightMul: number }> = [];
  #lineCols = 0;
  #qr = { moduleSize: 3, ecc: 'L' as 'L' | 'M' | 'Q' | 'H', data: null as Uint8Array | null };
  #printBytes = 0;
  #stall = false;

  constructor(options: ReceiptSimulatorOptions) {
    this.#paperDots = options.paperDots;
    this.#paperLeft = (options.rollMm ?? 80_000) * DOTS_PER_MM;
    this.#nearEndDots = (options.nearEndMm ?? 2000) * DOTS_PER_MM;
    this.#asbSupported = options.automaticStatusBack ?? true;
    this.#updatePaper();
  }

  // ---- control API (tests, dev panel) ----

  /** `full` reloads a roll; `nearEnd` leaves a little; `out` empties it. */
  setPaper(state: 'full' | 'nearEnd' | 'out'): void {
    this.#paperLeft = state === 'full' ? 80_000 * DOTS_PER_MM : state === 'nearEnd' ? Math.floor(this.#nearEndDots / 2) : 0;
    this.#changed();
  }

  /** Paper left on the roll, for running out in the middle of a job. */
  setPaperLeftMm(mm: number): void {
    this.#paperLeft = Math.max(0, Math.round(mm * DOTS_PER_MM));
    this.#changed();
  }

  get paperLeftMm(): number {
    return this.#paperLeft / DOTS_PER_MM;
  }

  setCoverOpen(open: boolean): void {
    this.#cond.coverOpen = open;
    this.#changed();
  }

  /** The next cut jams the blade; `false` clears a jam (as a technician freeing the blade would). */
  setCutterJam(jam: boolean): void {
    this.#cutterJam = jam;
    if (!jam && this.#cond.cutterError) {
      this.#cond.cutterError = false;
      this.#changed();
    }
  }

  /** A busy mechanism: data is taken in but not printed (real-time queries still answer) until released. */
  setStalled(stalled: boolean): void {
    this.#stall = stalled;
    this.#changed();
  }

  condition(): Readonly<PrinterCondition> {
    return { ...this.#cond };
  }

  receipts(): readonly PrintedReceipt[] {
    return this.#receipts;
  }

  /** Bytes of print data (not real-time queries) received since start. */
  state(): { connected: boolean; printBytes: number; held: number; overflow: number; asb: boolean; pendingLines: number } {
    return {
      connected: this.#channel !== null && !this.#channel.closed,
      printBytes: this.#printBytes,
      held: this.#held.length,
      overflow: this.#overflow,
      asb: this.#asb !== 0,
      pendingLines: this.#items.length,
    };
  }

  attach(channel: ByteChannel): void {
    this.#channel = channel;
    this.#parser = new EscPosParser();
    channel.onData((chunk) => {
      for (const op of this.#parser.push(chunk)) this.#receive(op);
    });
    channel.onClose(() => {
      if (this.#channel === channel) this.#channel = null;
      this.#asb = 0; // a power cycle of the interface forgets ASB
    });
  }

  // ---- printer behaviour ----

  #send(bytes: number[]): void {
    const ch = this.#channel;
    if (ch && !ch.closed) void ch.write(Uint8Array.from(bytes));
  }

  get #stopped(): boolean {
    const c = this.#cond;
    return c.coverOpen || c.paperOut || c.cutterError || c.unrecoverable || c.mechanicalError;
  }

  #updatePaper(): void {
    this.#cond.paperOut = this.#paperLeft <= 0;
    this.#cond.paperNearEnd = this.#paperLeft < this.#nearEndDots;
    this.#cond.offline = this.#stopped;
  }

  /** Re-evaluates the condition, tells the host (ASB) on change, and resumes held work when it can. */
  #changed(): void {
    const before = asbFromCondition(this.#cond).join(',');
    this.#updatePaper();
    const after = asbFromCondition(this.#cond);
    if (this.#asb !== 0 && before !== after.join(',')) this.#send(after);
    if (!this.#stopped && !this.#stall && this.#held.length > 0) {
      const held = this.#held;
      this.#held = [];
      for (const op of held) this.#execute(op);
    }
  }

  #receive(op: EscPosOp): void {
    switch (op.op) {
      case 'realtimeStatus':
        if (op.n >= 1 && op.n <= 4) this.#send([realtimeByte(op.n as 1 | 2 | 3 | 4, this.#cond)]);
        return;
      case 'clearBuffers':
        this.#held = [];
        this.#line = [];
        this.#lineCols = 0;
        this.#send([0x37, 0x25, 0x00]);
        return;
      case 'recover':
        if (op.n === 2) this.#held = [];
        if (!this.#cutterJam) this.#cond.cutterError = false;
        this.#changed();
        return;
      case 'asb':
        if (!this.#asbSupported) return;
        this.#asb = op.n;
        if (op.n !== 0) this.#send(asbFromCondition(this.#cond));
        return;
    }
    this.#printBytes++;
    if (this.#stopped || this.#stall) {
      if (this.#held.length < MAX_HELD) this.#held.push(op);
      else this.#overflow++;
      return;
    }
    this.#execute(op);
  }

  /** Uses `dots` of paper; false (and the printer stops) when the roll runs out first. */
  #feedPaper(dots: number): boolean {
    if (this.#paperLeft >= dots) {
      this.#paperLeft -= dots;
      if (this.#paperLeft < this.#nearEndDots && !this.#cond.paperNearEnd) this.#changed();
      return true;
    }
    this.#paperLeft = 0;
    this.#changed();
    return false;
  }

  #addItem(item: PrintedItem, dots: number): boolean {
    this.#items.push(item);
    this.#itemsDots += dots;
    return this.#feedPaper(dots);
  }

  #execute(op: EscPosOp): void {
    if (this.#stopped || this.#stall) {
      if (this.#held.length < MAX_HELD) this.#held.push(op);
      return;
    }
    switch (op.op) {
      case 'init':
        this.#align = 0;
        this.#bold = false;
        this.#size = 0;
        this.#spacing = DEFAULT_LINE_SPACING;
        this.#line = [];
        this.#lineCols = 0;
        return;
      case 'text':
        return this.#text(decodeCp1252(op.bytes));
      case 'lf':
        return this.#commitLine();
      case 'align':
        this.#align = op.n;
        return;
      case 'bold':
        this.#bold = op.on;
        return;
      case 'size':
        this.#size = op.n;
        return;
      case 'printMode':
        this.#bold = (op.n & 0x08) !== 0;
        this.#size = (op.n & 0x20 ? 0x10 : 0) | (op.n & 0x10 ? 0x01 : 0);
        return;
      case 'lineSpacing':
        this.#spacing = op.dots ?? DEFAULT_LINE_SPACING;
        return;
      case 'feedLines':
        this.#commitLine(true);
        this.#addItem({ kind: 'feed', dots: op.n * this.#spacing }, op.n * this.#spacing);
        return;
      case 'feedDots':
        this.#addItem({ kind: 'feed', dots: op.n }, op.n);
        return;
      case 'raster':
        this.#commitLine(true);
        if (op.data === null) return; // larger than the buffer: dropped
        this.#rasters++;
        this.#addItem({ kind: 'raster', widthBytes: op.widthBytes, data: op.data, height: op.height }, op.height);
        return;
      case 'qrModuleSize':
        this.#qr.moduleSize = Math.max(1, Math.min(16, op.n));
        return;
      case 'qrErrorCorrection':
        this.#qr.ecc = (['L', 'M', 'Q', 'H'] as const)[op.n - 48] ?? 'L';
        return;
      case 'qrStore':
        this.#qr.data = op.data;
        return;
      case 'qrPrint': {
        const data = this.#qr.data;
        if (!data || data.length === 0) return;
        this.#commitLine(true);
        let size: number;
        try {
          size = qrMatrix(data, this.#qr.ecc).size;
        } catch {
          return; // too much data for a symbol: a printer prints nothing
        }
        // Four modules of quiet zone above and below, as the printer's own QR routine leaves.
        const dots = (size + 8) * this.#qr.moduleSize;
        this.#qrTexts.push(Buffer.from(data).toString('utf8'));
        this.#addItem({ kind: 'qr', data, moduleSize: this.#qr.moduleSize, ecc: this.#qr.ecc, align: this.#align, dots }, dots);
        return;
      }
      case 'cut':
        this.#commitLine(true);
        if (!this.#feedPaper(CUT_FEED_DOTS)) return;
        this.#items.push({ kind: 'feed', dots: CUT_FEED_DOTS });
        if (this.#cutterJam) {
          this.#cond.cutterError = true;
          this.#changed();
          return;
        }
        this.#finishReceipt(true);
        return;
      case 'processId':
        this.#send([0x37, 0x22, ...[...op.id].map((c) => c.charCodeAt(0)), 0x00]);
        return;
      default:
        return; // code page, QR model, unknown commands: nothing to draw
    }
  }

  #text(s: string): void {
    const widthMul = ((this.#size >> 4) & 0x07) + 1;
    const heightMul = (this.#size & 0x07) + 1;
    for (const ch of s) {
      // The printer wraps by itself when a line is full.
      if (this.#lineCols + widthMul > this.#paperDots / FONT_W) this.#commitLine();
      const last = this.#line[this.#line.length - 1];
      if (last && last.bold === this.#bold && last.widthMul === widthMul && last.heightMul === heightMul) last.text += ch;
      else this.#line.push({ text: ch, bold: this.#bold, widthMul, heightMul });
      this.#lineCols += widthMul;
    }
  }

  #commitLine(onlyIfPending = false): void {
    if (onlyIfPending && this.#line.length === 0) return;
    const heightMul = Math.max(1, ...this.#line.map((s) => s.heightMul));
    const dots = Math.max(this.#spacing, FONT_H * heightMul + 6);
    const segments = this.#line;
    this.#line = [];
    this.#lineCols = 0;
    this.#textLines.push(segments.map((s) => s.text).join(''));
    this.#addItem({ kind: 'line', align: this.#align, segments, dots }, dots);
  }

  #finishReceipt(cut: boolean): void {
    const items = this.#items;
    const paperDots = this.#paperDots;
    const receipt: PrintedReceipt = {
      lines: this.#textLines,
      qrCodes: this.#qrTexts,
      rasters: this.#rasters,
      paperMm: this.#itemsDots / DOTS_PER_MM + (cut ? CUT_FEED_DOTS / DOTS_PER_MM : 0),
      cut,
      png: () => renderPaper(items, paperDots),
    };
    this.#receipts.push(receipt);
    if (this.#receipts.length > MAX_RECEIPTS) this.#receipts.shift();
    this.#items = [];
    this.#itemsDots = 0;
    this.#textLines = [];
    this.#qrTexts = [];
    this.#rasters = 0;
  }

  /** What is on the paper since the last cut (a receipt cut short by paper out or a jam). */
  uncut(): PrintedReceipt {
    const items = [...this.#items];
    const paperDots = this.#paperDots;
    return {
      lines: [...this.#textLines],
      qrCodes: [...this.#qrTexts],
      rasters: this.#rasters,
      paperMm: this.#itemsDots / DOTS_PER_MM,
      cut: false,
      png: () => renderPaper(items, paperDots),
    };
  }
}
