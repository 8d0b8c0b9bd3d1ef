import { z } from 'zod';

/** `speech` in the kiosk configuration: voice guidance; docs/configuration.md explains each key. */
export const speechConfigSchema = z.strictObject({
  /** Off: no speech at all (the keypad still moves focus and chooses). */
  enabled: z.boolean().default(true),
  /** The synthesiser; Debian package espeak-ng. */
  command: z.string().min(1).default('espeak-ng'),
  /** espeak-ng voice per UI language (`espeak-ng --voices`). */
  voices: z.strictObject({ id: z.string().min(1).default('id'), en: z.string().min(1).default('en-gb') }).prefault({}),
  /** Words per minute the speed key cycles through; the first is where a session starts. */
  rates: z.array(z.number().int().min(80).max(450)).min(1).max(5).default([150, 120, 190]),
  /** Volume steps 0..1 the volume keys move through, and where a session starts. */
  volumeSteps: z.number().int().min(2).max(20).default(10),
  startVolume: z.number().min(0.1).max(1).default(0.8),
  /** Clips are kept here by voice, speed and text; relative paths are inside `dataDir`. */
  cacheDir: z.string().min(1).default('speech-cache'),
  /** Clips kept at most; the oldest go first. */
  cacheMaxFiles: z.number().int().min(10).max(100000).default(2000),
  /** Longest text one clip may have. */
  maxTextChars: z.number().int().min(20).max(2000).default(400),
  /** One synthesis, start to last byte. */
  synthTimeoutMs: z.number().int().min(200).max(60000).default(5000),
  /** While idle, a short spoken "where the kiosk is" on a schedule; off by default. */
  locator: z
    .strictObject({
      enabled: z.boolean().default(false),
      intervalMs: z.number().int().min(10_000).max(24 * 3600_000).default(300_000),
      text: z
        .strictObject({
          id: z.string().min(1).max(300).default('Di sini ada Anjungan Dukcapil Mandiri. Colokkan headphone atau tekan tombol bantuan untuk panduan suara.'),
          en: z.string().min(1).max(300).default('Here is the Dukcapil self-service kiosk. Plug in headphones or press the help key for voice guidance.'),
        })
        .prefault({}),
    })
    .prefault({}),
});

export type SpeechConfig = z.output<typeof speechConfigSchema>;
