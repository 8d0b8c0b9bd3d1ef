/** ESC/POS command bytes the encoder, the driver and the simulator share (Epson TM-T88 family). */
export const ESC = 0x1b;
export const GS = 0x1d;
export const DLE = 0x10;
export const LF = 0x0a;
export const EOT = 0x04;
export const ENQ = 0x05;
export const DC4 = 0x14;

export const cmd = {
  init: () => [ESC, 0x40],
  codePage: (n: number) => [ESC, 0x74, n],
  align: (a: 'left' | 'center' | 'right') => [ESC, 0x61, a === 'left' ? 0 : a === 'center' ? 1 : 2],
  bold: (on: boolean) => [ESC, 0x45, on ? 1 : 0],
  /** GS ! n: width and height multipliers (0 = ×1, 0x11 = ×2 both). */
  size: (double: boolean) => [GS, 0x21, double ? 0x11 : 0x00],
  feedLines: (n: number) => [ESC, 0x64, Math.max(0, Math.min(255, n))],
  /** GS V 66 n: feed to the cutter and cut partially. */
  cut: () => [GS, 0x56, 66, 0],
  /** GS a n: Automatic Status Back for online/offline, errors and the paper sensor. */
  asb: (n: number) => [GS, 0x61, n],
  realtimeStatus: (n: 1 | 2 | 3 | 4) => [DLE, EOT, n],
  /** GS ( H fn 48: answer `37 22 d1..d4 00` once everything before has printed. */
  processId: (id: string) => [GS, 0x28, 0x48, 6, 0, 0x30, 0x30, ...[...id].map((c) => c.charCodeAt(0))],
  /** DLE DC4 fn 8: clear the receive and print buffers; answers `37 25 00`. */
  clearBuffers: () => [DLE, DC4, 8, 1, 3, 20, 1, 6, 2, 8],
  /** DLE ENQ 1/2: recover from a recoverable error and go on (1) or clear the buffers (2). */
  recover: (clear: boolean) => [DLE, ENQ, clear ? 2 : 1],
  qrModel2: () => [GS, 0x28, 0x6b, 4, 0, 0x31, 0x41, 0x32, 0x00],
  qrModuleSize: (n: number) => [GS, 0x28, 0x6b, 3, 0, 0x31, 0x43, Math.max(1, Math.min(16, n))],
  /** 48 L, 49 M, 50 Q, 51 H. */
  qrErrorCorrection: (level: 48 | 49 | 50 | 51) => [GS, 0x28, 0x6b, 3, 0, 0x31, 0x45, level],
  qrStore: (data: Uint8Array) => {
    const n = data.length + 3;
    return [GS, 0x28, 0x6b, n & 0xff, n >> 8, 0x31, 0x50, 0x30, ...data];
  },
  qrPrint: () => [GS, 0x28, 0x6b, 3, 0, 0x31, 0x51, 0x30],
} as const;

/** ASB enable mask: online/offline (bit 1), errors (bit 2), roll paper sensor (bit 3). */
export const ASB_MASK = 0x0e;
/** Largest QR payload for model 2 (byte mode, level L). */
export const QR_MAX_BYTES = 2953;
