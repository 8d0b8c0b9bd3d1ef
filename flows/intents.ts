import { z } from 'zod';
import { DISPLAY_SETTINGS } from './display.ts';

/**
 * What a citizen can ask for from the touch UI. Each intent is also the session event of the
 * same shape, so the server validates and forwards it without translation. Bounds are tight on
 * purpose: a NIK is 16 digits, PINs are 4 to 8 digits, ids are short.
 */
const simple = <T extends string>(type: T) => z.strictObject({ type: z.literal(type) });

export const intentSchema = z.discriminatedUnion('type', [
  simple('start'),
  z.strictObject({ type: z.literal('method'), method: z.enum(['ektp', 'nik', 'qr']) }),
  z.strictObject({ type: z.literal('submitLogin'), nik: z.string().regex(/^\d{16}$/), pin: z.string().regex(/^\d{4,8}$/) }),
  z.strictObject({ type: z.literal('choose'), applicationId: z.string().min(1).max(64) }),
  z.strictObject({ type: z.literal('submitPin'), pin: z.string().regex(/^\d{4,8}$/) }),
  simple('confirm'),
  simple('back'),
  simple('cancel'),
  simple('retry'),
  simple('useNik'),
  simple('finish'),
  simple('another'),
  /** On the take-document screen: "Dokumen tidak keluar" — the printer said done, nothing reached the citizen. */
  simple('nothingCameOut'),
  simple('dismiss'),
  /** Any touch on the screen: restarts the inactivity count. */
  simple('activity'),
  z.strictObject({ type: z.literal('language'), language: z.enum(['id', 'en']) }),
  /** Large text, high contrast, within reach: kept by the runtime beside the session (flows/display.ts), not a session event. */
  z.strictObject({ type: z.literal('display'), setting: z.enum(DISPLAY_SETTINGS), on: z.boolean() }),
]);

export type Intent = z.infer<typeof intentSchema>;
/** The intents that are session events. */
export type SessionIntent = Exclude<Intent, { type: 'display' }>;
export type IntentType = Intent['type'];
export const INTENT_TYPES = intentSchema.options.map((o) => o.shape.type.value) as IntentType[];

/**
 * One sample of every intent, to ask a snapshot which ones it accepts now. Keyed by type, so an
 * intent added to the schema cannot be forgotten here.
 */
export const INTENT_SAMPLES: { [K in IntentType]: Extract<Intent, { type: K }> } = {
  start: { type: 'start' },
  method: { type: 'method', method: 'nik' },
  submitLogin: { type: 'submitLogin', nik: '0000000000000000', pin: '000000' },
  choose: { type: 'choose', applicationId: '-' },
  submitPin: { type: 'submitPin', pin: '000000' },
  confirm: { type: 'confirm' },
  back: { type: 'back' },
  cancel: { type: 'cancel' },
  retry: { type: 'retry' },
  useNik: { type: 'useNik' },
  finish: { type: 'finish' },
  another: { type: 'another' },
  nothingCameOut: { type: 'nothingCameOut' },
  dismiss: { type: 'dismiss' },
  activity: { type: 'activity' },
  language: { type: 'language', language: 'en' },
  display: { type: 'display', setting: 'largeText', on: true },
};
