import { z } from 'zod';
import type { SnapshotFrom } from 'xstate';
import { maskNik, maskNiksIn } from '../core/nik-mask.ts';
import { DOCUMENT_MEDIA, DOCUMENT_TYPES, type DocumentListing } from '../core/domain.ts';
import { displaySchema, PLAIN_DISPLAY, type Display } from './display.ts';
import { noticeSchema } from './notices.ts';
import { INTENT_SAMPLES, INTENT_TYPES, type IntentType, type SessionIntent } from './intents.ts';
import { OUT_OF_SERVICE_REASONS, UNAVAILABILITY, type KioskStatus } from './ports.ts';
import { mediaAvailability, nothingPrintable, selectedListing } from './session/decisions.ts';
import type { SessionMachine } from './session/session-machine.ts';

/**
 * The touch UI is a projection of the session: this is everything it may show, computed from the
 * session snapshot alone. It holds only what the current screen needs (a masked NIK, the
 * citizen's name while signed in) and nothing once the session is wiped.
 */
export const SCREENS = [
  'out-of-service',
  'attract',
  'choose-method',
  'card-wait',
  'card-reading',
  'finger',
  'finger-locked',
  'reader-fault',
  'signing-in',
  'registry-down',
  'nik-pin',
  'qr-scan',
  'documents-loading',
  'documents',
  'proof',
  'confirm',
  'printing',
  'print-failed',
  'print-unknown',
  'take-document',
  'print-reported',
  'thank-you',
  'ended',
] as const;
export type Screen = (typeof SCREENS)[number];

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/);

export const documentViewSchema = z.strictObject({
  id: z.string(),
  type: z.enum(DOCUMENT_TYPES),
  media: z.enum(['a4', 'card']),
  title: z.string(),
  /** Sixteen-digit numbers (No. KK, NIK) are masked; akta numbers are shown as printed. */
  number: z.string(),
  status: z.enum(['ready', 'unavailable', 'not-yet', 'in-progress', 'in-review']),
  reason: z.enum(UNAVAILABILITY).nullable(),
  /** `not-yet`: first day it can print; `in-progress`: expected ready date. */
  date: isoDate.nullable(),
});

export const viewSchema = z.strictObject({
  screen: z.enum(SCREENS),
  language: z.enum(['id', 'en']),
  /** Large text, high contrast, within reach: the citizen's choices for this session. */
  display: displaySchema,
  notice: noticeSchema.nullable(),
  /** "Are you still there?": seconds until the session ends. */
  warning: z.strictObject({ secondsLeft: z.number().int().min(0) }).nullable(),
  signIn: z.strictObject({ ektp: z.boolean(), qr: z.boolean() }),
  citizen: z.strictObject({ name: z.string(), nik: z.string() }).nullable(),
  documents: z.array(documentViewSchema),
  selected: documentViewSchema.nullable(),
  proof: z.enum(['pin', 'qr']).nullable(),
  finger: z.strictObject({ attemptsLeft: z.number().int().min(0), failures: z.number().int().min(0) }).nullable(),
  progress: z
    .strictObject({
      phase: z.enum(['checking', 'preparing', 'sending', 'printing', 'finishing', 'receipt']),
      page: z.number().int().min(0),
      pages: z.number().int().min(0).nullable(),
    })
    .nullable(),
  result: z.strictObject({ reference: z.string(), pages: z.number().int().min(0).nullable(), receipt: z.enum(['printed', 'failed']) }).nullable(),
  outOfService: z.enum([...OUT_OF_SERVICE_REASONS, 'nothing_printable']).nullable(),
  /** Closed by opening hours: when it opens next, local time with its offset (`2026-12-07T08:00:00+07:00`). */
  opensAt: z.string().nullable(),
  /** The intents the session accepts now; the UI shows only the buttons for these. */
  actions: z.array(z.enum(INTENT_TYPES as [IntentType, ...IntentType[]])),
});

export type View = z.infer<typeof viewSchema>;
export type DocumentView = z.infer<typeof documentViewSchema>;
export type SessionSnapshot = SnapshotFrom<SessionMachine>;

const SCREEN_OF: ReadonlyArray<[string, Screen]> = [
  ['outOfService', 'out-of-service'],
  ['attract', 'attract'],
  ['identify.choose', 'choose-method'],
  ['identify.ektp.waitCard', 'card-wait'],
  ['identify.ektp.reading', 'card-reading'],
  ['identify.ektp.finger', 'finger'],
  ['identify.ektp.fingerLocked', 'finger-locked'],
  ['identify.ektp.readerFault', 'reader-fault'],
  ['identify.ektp.lookup', 'signing-in'],
  ['identify.ektp.lookupFailed', 'registry-down'],
  ['identify.nik.enter', 'nik-pin'],
  ['identify.nik.checking', 'signing-in'],
  ['identify.qr.scan', 'qr-scan'],
  ['identify.qr.checking', 'signing-in'],
  ['documents.loading', 'documents-loading'],
  ['documents.loadFailed', 'registry-down'],
  ['documents.list', 'documents'],
  ['documents.proof', 'proof'],
  ['documents.confirm', 'confirm'],
  ['printing', 'printing'],
  ['printFailed', 'print-failed'],
  ['printUnknown', 'print-unknown'],
  ['takeDocument', 'take-document'],
  ['reportingNothingOut', 'print-reported'],
  ['printReported', 'print-reported'],
  ['thankYou', 'thank-you'],
  ['ended', 'ended'],
];

/** Dotted paths of the active leaf states, e.g. `documents.list.warned`. */
export function activePaths(value: unknown, prefix = ''): string[] {
  if (typeof value === 'string') return [prefix ? `${prefix}.${value}` : value];
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value as Record<string, unknown>).flatMap(([k, v]) => activePaths(v, prefix ? `${prefix}.${k}` : k));
}

export function screenOf(snapshot: SessionSnapshot): Screen {
  const path = activePaths(snapshot.value)[0] ?? '';
  for (const [prefix, screen] of SCREEN_OF) {
    if (path === prefix || path.startsWith(`${prefix}.`)) return screen;
  }
  throw new Error(`bug: no screen for state ${path}`);
}

export function isWarned(snapshot: SessionSnapshot): boolean {
  return activePaths(snapshot.value).some((p) => p.endsWith('.warned'));
}

const maskNumber = (n: string) => (/^\d{16}$/.test(n) ? maskNik(n) : n);

export function documentView(status: KioskStatus, listing: DocumentListing): DocumentView {
  const app = listing.application;
  // Titles may carry a No. KK or NIK; the screen shows them masked like the number itself.
  const base = { id: app.id, type: app.type, media: DOCUMENT_MEDIA[app.type], title: maskNiksIn(listing.title), number: maskNumber(app.documentNumber) };
  switch (listing.kind) {
    case 'ready': {
      const media = mediaAvailability(status, listing);
      return media.ok
        ? { ...base, status: 'ready', reason: null, date: null }
        : { ...base, status: 'unavailable', reason: media.reason, date: null };
    }
    case 'not-yet':
      return { ...base, status: 'not-yet', reason: null, date: listing.printableFrom };
    case 'in-progress':
      return { ...base, status: 'in-progress', reason: null, date: listing.expectedOn };
    case 'held':
      return { ...base, status: 'in-review', reason: null, date: listing.since };
  }
}

/** Intents the runtime takes beside the session, on every screen. */
const ALWAYS: IntentType[] = ['display'];

/** Every session intent, in the schema's order, to ask the snapshot which ones it accepts now. */
const PROBES = INTENT_TYPES.filter((t) => !ALWAYS.includes(t)).map((t) => INTENT_SAMPLES[t]) as SessionIntent[];

export interface ViewTiming {
  /** Milliseconds left before an idle session ends, when the warning shows. */
  idleMsLeft: number | null;
}

export function viewOf(snapshot: SessionSnapshot, timing: ViewTiming = { idleMsLeft: null }, display: Display = PLAIN_DISPLAY): View {
  const c = snapshot.context;
  const screen = screenOf(snapshot);
  const selected = selectedListing(c);
  const outcome = c.outcome;
  return {
    screen,
    language: c.language,
    display: { ...display },
    notice: c.notice,
    warning: isWarned(snapshot) ? { secondsLeft: Math.max(0, Math.ceil((timing.idleMsLeft ?? 0) / 1000)) } : null,
    signIn: { ektp: c.kiosk.cardReader.ok, qr: c.kiosk.scanner.ok },
    citizen: c.citizen ? { name: c.citizen.person.name, nik: maskNik(c.citizen.person.nik) } : null,
    documents: c.citizen ? c.listings.map((l) => documentView(c.kiosk, l)) : [],
    selected: c.citizen && selected ? documentView(c.kiosk, selected) : null,
    proof: c.proof?.kind ?? null,
    finger: screen === 'finger' || screen === 'finger-locked' ? { attemptsLeft: Math.max(0, c.fingerAttempts - c.fingerFailures), failures: c.fingerFailures } : null,
    progress: c.progress,
    result:
      outcome && (outcome.kind === 'printed' || outcome.kind === 'unknown')
        ? { reference: outcome.ledgerId, pages: outcome.kind === 'printed' ? outcome.pages : null, receipt: outcome.receipt }
        : null,
    outOfService: screen === 'out-of-service' ? (c.kiosk.outOfService ?? (nothingPrintable(c.kiosk) ? 'nothing_printable' : null)) : null,
    opensAt: screen === 'out-of-service' && c.kiosk.outOfService === 'closed' ? (c.kiosk.opensAt ?? null) : null,
    actions: [...PROBES.filter((p) => snapshot.can(p)).map((p) => p.type), ...ALWAYS],
  };
}
