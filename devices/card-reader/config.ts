import { z } from 'zod';
import { requireWhenReal } from '../../core/config-rules.ts';
import { serialDeviceSchema } from '../common/serial-config.ts';

/** `devices.cardReader` in the kiosk configuration; docs/configuration.md explains each key. */
export const cardReaderConfigSchema = serialDeviceSchema
  .extend({
    /** `pcsc`: a smart-card reader presented by pcscd (the card and the SAM in reader slots). */
    mode: z.enum(['simulated', 'serial', 'pcsc']).default('simulated'),
    pcsc: z
      .strictObject({
        /** The PC/SC reader (slot) the citizen's card goes in: the first whose name contains this. */
        cardReader: z.string().min(1).default('Virtual PCD 00 00'),
        /** The PC/SC reader (slot) holding the SAM. */
        samReader: z.string().min(1).default('Virtual PCD 00 01'),
        /** The card profile: which applet and SAM commands the reader speaks. */
        profile: z.enum(['adm-ektp-1']).default('adm-ektp-1'),
        /** Starts a private pcscd with vpcd and the virtual e-KTP and SAM (simulator use; needs root for its mount namespace). */
        virtualCard: z.boolean().default(false),
      })
      .prefault({}),
    /** How long a citizen has to place a finger. */
    fingerprintTimeoutMs: z.number().int().min(1000).max(120000).default(20000),
  })
  .superRefine(requireWhenReal('serial', 'path'));

export type CardReaderConfig = z.output<typeof cardReaderConfigSchema>;
