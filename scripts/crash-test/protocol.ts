import type { TracePoint } from '../../kiosk/printing/types.ts';
import type { ReconcileReport } from '../../kiosk/printing/reconcile.ts';
import type { DocumentType } from '../../core/domain.ts';

/** The IPC between the harness (the world: printers, registry, technician) and each kiosk process. */

export const TRACE_POINTS: TracePoint[] = [
  'claim:row-committed',
  'claim:registry-answered',
  'render:committed',
  'submit:intent-committed',
  'submit:accepted',
  'submit:committed',
  'watch:finished',
  'settle:committed',
  'settle:registry-told',
];

/** One document a citizen may print, with what they type at the kiosk. */
export interface Entitlement {
  applicationId: string;
  type: DocumentType;
  nik: string;
  pin: string;
}

export type ToParent =
  | { type: 'ready'; report: ReconcileReport; synced: number }
  | { type: 'next'; id: number }
  | { type: 'trace'; point: TracePoint; ledgerId: string }
  | { type: 'result'; outcome: string }
  /** Settling boot: what the paper says of one unknown row (a technician looking in the tray). */
  | { type: 'truth'; id: number; ledgerId: string }
  | { type: 'resolved'; ledgerId: string; decision: 'printed' | 'not_printed'; ok: boolean; code?: string }
  | { type: 'settled'; unknownLeft: number; pendingSync: number };

export type ToChild = { type: 'answer'; id: number; value: unknown } | { type: 'stop' };
