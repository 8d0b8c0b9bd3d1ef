import { z } from 'zod';
import { OUT_OF_SERVICE_REASONS, PRINT_FAILURE_CODES, UNAVAILABILITY } from './ports.ts';

/**
 * Why the screen says what it says. The flow only picks a code and its parameters; the UI owns
 * the wording, in Bahasa Indonesia first and English second (assets/ui/i18n.js).
 */
const only = <C extends string>(code: C) => z.strictObject({ code: z.literal(code) });
const attemptsLeft = z.number().int().min(0).nullable();
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const noticeSchema = z.discriminatedUnion('code', [
  only('cancelled'),
  only('timed_out'),
  /** Card lifted during sign-in: put it back. */
  only('card_removed'),
  /** Card lifted after sign-in: the session ends to protect the citizen. */
  only('card_removed_session'),
  only('card_unreadable'),
  only('reader_fault'),
  z.strictObject({ code: z.literal('finger_mismatch'), attemptsLeft: z.number().int().min(0) }),
  only('finger_locked'),
  z.strictObject({ code: z.literal('login_wrong_pin'), attemptsLeft }),
  z.strictObject({ code: z.literal('login_locked'), until: z.string().nullable() }),
  only('not_registered'),
  only('qr_invalid'),
  only('scanner_fault'),
  only('registry_unreachable'),
  z.strictObject({ code: z.literal('doc_wrong_pin'), attemptsLeft }),
  z.strictObject({ code: z.literal('doc_locked'), until: z.string().nullable() }),
  only('doc_already_printed'),
  only('doc_not_ready'),
  only('doc_superseded'),
  /** Reserved by a print that was never confirmed: staff are checking whether it came out. */
  z.strictObject({ code: z.literal('doc_in_review'), since: isoDate }),
  z.strictObject({ code: z.literal('doc_not_yet'), from: isoDate.nullable() }),
  z.strictObject({ code: z.literal('printer_unavailable'), reason: z.enum(UNAVAILABILITY) }),
  /** Nothing came out; the citizen keeps the right to print it. */
  z.strictObject({ code: z.literal('print_failed'), reason: z.enum(PRINT_FAILURE_CODES) }),
  /** Paper may have come out; a technician checks before it can print again. */
  z.strictObject({ code: z.literal('print_unknown'), reason: z.enum(PRINT_FAILURE_CODES), reference: z.string() }),
  z.strictObject({ code: z.literal('receipt_failed'), reference: z.string() }),
  /** The citizen said nothing came out: staff will check; `recorded` false if the report could not be stored. */
  z.strictObject({ code: z.literal('print_reported'), recorded: z.boolean() }),
  z.strictObject({ code: z.literal('out_of_service'), reason: z.enum([...OUT_OF_SERVICE_REASONS, 'nothing_printable']) }),
  only('internal_error'),
]);

export type Notice = z.infer<typeof noticeSchema>;
export type NoticeCode = Notice['code'];
