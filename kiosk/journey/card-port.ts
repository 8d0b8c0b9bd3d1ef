import type { EktpReader } from '../../devices/card-reader/types.ts';
import type { CardReaderError } from '../../devices/card-reader/types.ts';
import type { CardFailure, CardPort } from '../../flows/ports.ts';
import { err, ok } from '../../core/result.ts';

/** A reader failure in the journey's words: the citizen can fix a lifted or unreadable card, not a broken reader. */
export function cardFailure(e: CardReaderError): CardFailure {
  switch (e.reason) {
    case 'cardRemoved':
    case 'noCard':
      return { code: 'card_removed', detail: e.message };
    case 'badCard':
    case 'authFailed':
    case 'unsupported':
      return { code: 'unreadable', detail: e.message };
    default:
      return { code: 'reader_fault', detail: `${e.reason}: ${e.message}` };
  }
}

export interface FingerprintReports {
  fingerprintFailure(): void;
  fingerprintSuccess(): void;
}

/**
 * The e-KTP reader for the journey. Only the NIK leaves the chip read (the name, photo and address
 * the reader hands over are dropped here, at once); fingerprints are matched on the reader and only
 * the verdict comes back. The fleet counts verdicts, never whose.
 */
export function cardPort(reader: EktpReader, reports: FingerprintReports): CardPort {
  return {
    watch(listener) {
      const present = () => listener('present');
      const removed = () => listener('removed');
      reader.on('cardPresent', present);
      reader.on('cardRemoved', removed);
      if (reader.status().media === 'present') listener('present');
      return () => {
        reader.off('cardPresent', present);
        reader.off('cardRemoved', removed);
      };
    },
    async read(op) {
      const r = await reader.readIdentity(op.signal);
      return r.ok ? ok({ nik: r.value.nik }) : err(cardFailure(r.error));
    },
    async verifyFinger(op) {
      // The reader gives up when no finger comes within its own time; the citizen is still there
      // (the journey's inactivity timer decides when they are not), so it is asked again.
      for (;;) {
        const r = await reader.verifyFingerprint('rightIndex', op.signal);
        if (!r.ok) {
          if (r.error.reason === 'attemptsExhausted') {
            reports.fingerprintFailure();
            return ok({ match: false });
          }
          return err(cardFailure(r.error));
        }
        if (r.value.result === 'timeout') {
          if (op.signal.aborted) return err({ code: 'reader_fault', detail: 'canceled' });
          continue;
        }
        const match = r.value.result === 'match';
        if (match) reports.fingerprintSuccess();
        else reports.fingerprintFailure();
        return ok({ match });
      }
    },
  };
}
