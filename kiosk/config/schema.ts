import { z } from 'zod';
import { requireTls, requireWhenReal } from '../../core/config-rules.ts';
import { cardReaderConfigSchema } from '../../devices/card-reader/config.ts';
import { a4PrinterConfigSchema, cardPrinterConfigSchema } from '../../devices/document-printer/config.ts';
import { receiptPrinterConfigSchema } from '../../devices/receipt-printer/config.ts';
import { scannerConfigSchema } from '../../devices/scanner/config.ts';
import { touchscreenConfigSchema } from '../../devices/touchscreen/config.ts';
import { openingHoursSchema } from '../opening-hours/config.ts';
import { upsConfigSchema } from '../../devices/ups/config.ts';
import { keypadConfigSchema } from '../../devices/keypad/config.ts';
import { headphoneJackConfigSchema } from '../../devices/headphone-jack/config.ts';
import { speechConfigSchema } from '../speech/config.ts';

/**
 * The kiosk's configuration. Every key has a default that makes the simulated kiosk run with no
 * file at all; a real kiosk sets its identity, data directory and real devices. `docs/configuration.md`
 * documents each key.
 */

export const configSchema = z.strictObject({
  kiosk: z
    .strictObject({
      /** Shown on receipts and in the fleet. */
      id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]{2,40}$/, 'letters, digits and dashes, 3 to 41 characters').default('ADM-3506-SIM1'),
      /** Four-digit regency/city code of the kiosk's location. */
      regionCode: z.string().regex(/^\d{4}$/, 'four digits, e.g. 3506').default('3506'),
      /** Six-digit kecamatan (district) code, starting with the region code; fleet reports group by it. */
      districtCode: z.string().regex(/^\d{6}$/, 'six digits, the region code then the kecamatan, e.g. 350614').optional(),
      location: z.string().min(1).default('Mal Pelayanan Publik Kabupaten Kediri'),
      /** Language of the attract screen; the citizen can switch. */
      language: z.enum(['id', 'en']).default('id'),
    })
    .superRefine((k, ctx) => {
      if (k.districtCode !== undefined && !k.districtCode.startsWith(k.regionCode)) {
        ctx.addIssue({ code: 'custom', path: ['districtCode'], message: `must start with the region code ${k.regionCode}`, input: k.districtCode });
      }
    })
    .prefault({}),
  /** Journal, ledger, embedded registry and printed files. */
  dataDir: z.string().min(1).default('.adm-data'),
  http: z
    .strictObject({
      /** The UI is for the kiosk's own browser: loopback only. */
      host: z.enum(['127.0.0.1', '::1', 'localhost']).default('127.0.0.1'),
      port: z.number().int().min(0).max(65535).default(8080),
      /** Touches the UI socket accepts per second (twice as many at once); a person touches far slower. */
      uiIntentsPerSecond: z.number().int().min(1).max(1000).default(10),
    })
    .prefault({}),
  log: z
    .strictObject({
      level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
      /** Human-readable lines; `auto` means when stdout is a terminal. */
      pretty: z.union([z.boolean(), z.literal('auto')]).default('auto'),
    })
    .prefault({}),
  devices: z
    .strictObject({
      cardReader: cardReaderConfigSchema.prefault({}),
      receiptPrinter: receiptPrinterConfigSchema.prefault({}),
      a4Printer: a4PrinterConfigSchema.prefault({}),
      cardPrinter: cardPrinterConfigSchema.prefault({}),
      scanner: scannerConfigSchema.prefault({}),
      touchscreen: touchscreenConfigSchema.prefault({}),
      ups: upsConfigSchema.prefault({}),
      keypad: keypadConfigSchema.prefault({}),
      headphoneJack: headphoneJackConfigSchema.prefault({}),
    })
    .prefault({}),
  /** Voice guidance (espeak-ng) and the idle locator. */
  speech: speechConfigSchema.prefault({}),
  registry: z
    .strictObject({
      mode: z.enum(['embedded', 'http']).default('embedded'),
      /** Embedded registry file; relative paths are inside `dataDir`. */
      path: z.string().min(1).default('registry.sqlite'),
      url: z.url({ protocol: /^https?$/ }).optional(),
      timeoutMs: z.number().int().min(100).default(1500),
      /** Whole call to the central registry, retries included; past it the kiosk says the service is unavailable. */
      deadlineMs: z.number().int().min(100).max(30000).default(1800),
      /** Extra attempts for idempotent calls, after a backoff of backoffMs × 2^n with jitter. */
      retries: z.number().int().min(0).max(5).default(2),
      backoffMs: z.number().int().min(10).default(100),
      /** Failures in a row that open the circuit breaker, and how long it stays open before one probe. */
      breakerFailures: z.number().int().min(1).default(3),
      breakerCooldownMs: z.number().int().min(100).default(10000),
      /** What a first start writes into an empty embedded registry: the demo set plus this many generated families. */
      seedFamilies: z.number().int().min(0).max(100000).default(12),
      seed: z.string().min(1).default('adm-kediri'),
      /** PEM files for HTTPS to the central registry: its CA, and this kiosk's client certificate and key (mutual TLS). */
      tls: z
        .strictObject({ ca: z.string().optional(), cert: z.string().optional(), key: z.string().optional() })
        .prefault({}),
      /** Not reached for this long (its own calls and the light check): the attract screen says printing is unavailable, and the fleet is told. */
      unreachableAfterMs: z.number().int().min(1000).max(3600000).default(60000),
      /** How often the kiosk pings the registry while no citizen call has told it how the link is. */
      healthCheckMs: z.number().int().min(500).max(600000).default(15000),
    })
    .superRefine(requireWhenReal('http', 'url'))
    .superRefine(requireTls('url', 'http', 'https', 'the central registry (it carries citizens\' data)'))
    .prefault({}),
  fleet: z
    .strictObject({
      /** `mqtt://host:1883` or `mqtts://…`; nothing is published when unset. */
      mqttUrl: z.url({ protocol: /^(mqtts?|wss?)$/ }).optional(),
      username: z.string().optional(),
      password: z.string().optional(),
      telemetryIntervalMs: z.number().int().min(1000).default(60000),
      /** Ed25519 public key (SPKI DER, base64) that signs fleet commands. */
      commandPublicKey: z.string().optional(),
      /** MQTT client id; the kiosk id when unset (so broker ACLs can use `%c`). */
      clientId: z.string().min(1).max(64).optional(),
      /** PEM file of the CA that signed an `mqtts://` broker's certificate, when not a public CA. */
      caFile: z.string().min(1).optional(),
      /** MQTT keepalive: a kiosk whose network goes silent shows as lost after 1.5 times this. */
      keepaliveS: z.number().int().min(2).max(600).default(10),
      connectTimeoutMs: z.number().int().min(500).max(120000).default(10000),
      /** Reconnection backoff: exponential from min to max, with jitter. */
      reconnectMinMs: z.number().int().min(100).default(1000),
      reconnectMaxMs: z.number().int().min(1000).default(60000),
      /** Most events waiting in the outbox while the broker is unreachable; the oldest beyond are dropped and counted. */
      outboxMax: z.number().int().min(10).max(1000000).default(5000),
      /** A command older or newer than this (by the kiosk's clock) is refused. */
      commandMaxSkewMs: z.number().int().min(5000).max(3600000).default(300000),
      /** How often device, consumable and ledger conditions are checked for alerts. */
      alertCheckMs: z.number().int().min(200).default(2000),
      /** Consecutive fingerprint mismatches (across citizens) that raise an alert about the sensor. */
      fingerprintAlertAfter: z.number().int().min(2).max(100).default(8),
    })
    .refine((f) => f.reconnectMinMs <= f.reconnectMaxMs, { message: 'reconnectMinMs must not exceed reconnectMaxMs', path: ['reconnectMinMs'] })
    .superRefine(requireTls('mqttUrl', 'mqtt', 'mqtts', 'a broker with a username or password', (f) => f.username !== undefined || f.password !== undefined))
    .superRefine(requireTls('mqttUrl', 'ws', 'wss', 'a broker with a username or password', (f) => f.username !== undefined || f.password !== undefined))
    .prefault({}),
  session: z
    .strictObject({
      fingerprintAttempts: z.number().int().min(1).max(10).default(3),
      inactivityWarningMs: z.number().int().min(1000).default(45000),
      /** Includes the warning; the default leaves 20 s to answer it (WCAG 2.2.1 asks for at least 20 s). */
      inactivityTimeoutMs: z.number().int().min(2000).default(65000),
      takeDocumentTimeoutMs: z.number().int().min(1000).default(30000),
      /** How long the thank-you screen stays before the attract screen. */
      thankYouMs: z.number().int().min(1000).max(60000).default(6000),
      /** How long a "the session ended because…" screen stays before the attract screen. */
      endedNoticeMs: z.number().int().min(1000).max(60000).default(8000),
    })
    .refine((s) => s.inactivityWarningMs < s.inactivityTimeoutMs, {
      message: 'inactivityWarningMs must be less than inactivityTimeoutMs',
      path: ['inactivityWarningMs'],
    })
    .prefault({}),
  maintenance: z
    .strictObject({
      /** NIKs of technicians who may sign in with their own e-KTP. */
      technicianNiks: z.array(z.string().regex(/^\d{16}$/, 'a 16-digit NIK')).default([]),
      /** scrypt hash of the technician PIN (`adm pin-hash`); unset means PIN entry is closed. */
      technicianPinHash: z.string().optional(),
      /** How long the sign-in screen waits for a card or a PIN before the kiosk goes back to citizens. */
      signInTimeoutMs: z.number().int().min(5000).max(600000).default(120000),
      /** A signed-in technician idle this long is signed out and the kiosk returns to citizens. */
      sessionIdleMs: z.number().int().min(10000).max(3600000).default(600000),
      /** A technician session never lasts longer than this, however busy. */
      sessionMaxMs: z.number().int().min(60000).max(86400000).default(3600000),
      /** How long entering waits for a citizen's print under way to finish before it gives up. */
      enterTimeoutMs: z.number().int().min(1000).max(900000).default(300000),
      /**
       * The key that MACs the audit trail. Unset: `audit.key` in `dataDir` (a laptop). On a kiosk a
       * file outside the data directory with its own owner (install.sh: /etc/adm/audit.key,
       * root:adm-kiosk 0640), so whoever can write the database cannot also re-key the chain.
       */
      auditKeyFile: z.string().min(1).optional(),
      /** Exports (journal, logs, audit) are written here; relative paths are inside `dataDir`. */
      exportDir: z.string().min(1).default('exports'),
      /** USB drives: mounts listed in `mountsFile` under one of `roots`. */
      usb: z
        .strictObject({
          mountsFile: z.string().min(1).default('/proc/mounts'),
          roots: z.array(z.string().min(1)).default(['/media', '/run/media']),
        })
        .prefault({}),
    })
    .prefault({}),
  trust: z
    .strictObject({
      /** The trust list (office keys signed by the national root, with revocations); relative paths are inside `dataDir`. Unset: the simulated offices' list. */
      listFile: z.string().min(1).optional(),
      /** The national root's Ed25519 public key (SPKI DER, base64). Unset: the simulated root, which signs nothing real. */
      rootPublicKey: z.string().min(1).optional(),
    })
    .prefault({}),
  firmware: z
    .strictObject({
      /** How long the boot self-test waits for devices that are still `starting` before reading them as they are. */
      selfTestSettleMs: z.number().int().min(0).max(60000).default(5000),
    })
    .prefault({}),
  update: z
    .strictObject({
      /** Holds the A/B install slots and the `current` link the service runs. */
      installRoot: z.string().min(1).default('/opt/adm'),
      /** Vendor Ed25519 public keys (SPKI DER, base64; `adm bundle keygen` prints one) trusted to sign update bundles. */
      vendorKeys: z.array(z.string().min(1)).default([]),
      /** How long a new version has after the switch to report healthy before it is rolled back. */
      healthTimeoutMs: z.number().int().min(1000).max(900000).default(120000),
      /** The runtime's systemd unit. */
      unit: z.string().regex(/^[A-Za-z0-9@._-]+\.service$/, 'a systemd service name').default('adm-kiosk.service'),
    })
    .prefault({}),
  /** Opening hours in the kiosk's time zone; unset, the kiosk is always open. */
  openingHours: openingHoursSchema.optional(),
  timeouts: z
    .strictObject({
      deviceOperationMs: z.number().int().min(100).default(15000),
      printJobMs: z.number().int().min(1000).default(180000),
      shutdownMs: z.number().int().min(100).max(30000).default(4000),
    })
    .prefault({}),
});

export type KioskConfig = z.output<typeof configSchema>;
export type KioskConfigInput = z.input<typeof configSchema>;
