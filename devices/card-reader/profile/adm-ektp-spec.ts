/**
 * The `adm-ektp-1` card profile's numbers (docs/devices/card-reader.md, "Card profile adm-ektp-1"):
 * application identifiers, file identifiers and the proprietary SAM instructions. Shared by the
 * kiosk's profile and the virtual card and SAM that implement it.
 */
export const CARD_AID = Uint8Array.from([0xf0, 0x41, 0x44, 0x4d, 0x45, 0x4b, 0x54, 0x50, 0x01]); // F0 "ADMEKTP" 01
export const SAM_AID = Uint8Array.from([0xf0, 0x41, 0x44, 0x4d, 0x53, 0x41, 0x4d, 0x01]); // F0 "ADMSAM" 01

export const FID = { biodata: 0x0101, photo: 0x0102, signature: 0x0103, fingerprints: 0x0104 } as const;

/** Interindustry instructions (ISO 7816-4). */
export const INS = {
  select: 0xa4,
  readBinary: 0xb0,
  getChallenge: 0x84,
  mutualAuthenticate: 0x82,
  verifyBiometric: 0x21,
} as const;

/** Proprietary SAM instructions, class 0x80. */
export const SAM_INS = {
  authInit: 0x82,
  authFinish: 0x84,
  unwrap: 0x86,
  startCapture: 0x88,
  pollCapture: 0x8a,
  cancelCapture: 0x8c,
} as const;

/** First byte of the SAM's capture poll answer. */
export const CAPTURE = { waiting: 0x00, fingerOn: 0x01, sampleReady: 0x02, noFinger: 0x03, poorQuality: 0x04 } as const;

/** First byte of the card's (unwrapped) biometric verdict. */
export const VERDICT = { match: 0x00, noMatch: 0x01 } as const;

export const FINGER_REF = { rightThumb: 0x01, rightIndex: 0x02 } as const;

export const SERIAL_LEN = 8;
export const CHALLENGE_LEN = 8;
export const AUTH_LEN = 16;
export const MAC_LEN = 8;
/** Plain bytes per READ BINARY, an extended-length APDU: a photo comes in a handful of them. */
export const READ_CHUNK = 4096;
