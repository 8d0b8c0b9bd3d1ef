import { OUT_OF_SERVICE_REASONS } from './messages.ts';
import type { FleetStateStore } from '../store/fleet-state.ts';

export { OUT_OF_SERVICE_REASONS };
export type OutOfServiceReason = (typeof OUT_OF_SERVICE_REASONS)[number];

export interface ServiceSnapshot {
  /** True when no reason holds the kiosk out of service. */
  inService: boolean;
  /** Every reason that currently holds it out, in a fixed order. */
  reasons: OutOfServiceReason[];
  /** ISO time of the last change. */
  since: string;
}

export interface ServiceChange {
  reason: OutOfServiceReason;
  outOfService: boolean;
  snapshot: ServiceSnapshot;
}

/** Reasons a person set survive a restart; `no-printable-document` is worked out again at boot. */
const PERSISTED: readonly OutOfServiceReason[] = ['technician', 'fleet'];
const KEY = 'service.reasons';

/**
 * Whether the kiosk serves citizens, and why not. Several parties hold it out independently (a
 * technician, the fleet, the journey when no document type can be printed); it is back in service
 * only when none does. The journey reads `snapshot` and `subscribe`s; the fleet reports changes.
 */
export class ServiceState {
  readonly #reasons = new Set<OutOfServiceReason>();
  readonly #listeners = new Set<(change: ServiceChange) => void>();
  #since: string;

  /**
   * `onPersistError`: saving the reasons failed (a full disk). The change still holds in memory and
   * listeners hear it (out of service is the safe side); without this callback the error is thrown
   * to the caller after the listeners ran.
   */
  constructor(
    private readonly now: () => Date = () => new Date(),
    private readonly store: FleetStateStore | null = null,
    private readonly onPersistError?: (e: Error) => void,
  ) {
    this.#since = now().toISOString();
    let saved: string | null = null;
    try {
      saved = store?.get(KEY) ?? null;
    } catch (e) {
      // An unreadable store is reported; boot goes on with no saved reasons.
      onPersistError?.(e as Error);
    }
    if (saved) {
      try {
        const parsed = JSON.parse(saved) as { reasons?: unknown; since?: unknown };
        for (const r of Array.isArray(parsed.reasons) ? parsed.reasons : []) {
          if (PERSISTED.includes(r as OutOfServiceReason)) this.#reasons.add(r as OutOfServiceReason);
        }
        if (typeof parsed.since === 'string') this.#since = parsed.since;
      } catch {
        // A damaged row must not keep a kiosk out of service forever, nor crash boot.
      }
    }
  }

  get inService(): boolean {
    return this.#reasons.size === 0;
  }

  get snapshot(): ServiceSnapshot {
    return {
      inService: this.inService,
      reasons: OUT_OF_SERVICE_REASONS.filter((r) => this.#reasons.has(r)),
      since: this.#since,
    };
  }

  has(reason: OutOfServiceReason): boolean {
    return this.#reasons.has(reason);
  }

  /** Holds the kiosk out of service for `reason` (or releases it). Returns whether anything changed. */
  set(reason: OutOfServiceReason, outOfService: boolean): boolean {
    if (!OUT_OF_SERVICE_REASONS.includes(reason)) throw new Error(`bug: unknown out-of-service reason ${String(reason)}`);
    if (this.#reasons.has(reason) === outOfService) return false;
    if (outOfService) this.#reasons.add(reason);
    else this.#reasons.delete(reason);
    this.#since = this.now().toISOString();
    const snapshot = this.snapshot;
    let failure: Error | null = null;
    try {
      this.store?.set(KEY, JSON.stringify({ reasons: snapshot.reasons.filter((r) => PERSISTED.includes(r)), since: snapshot.since }));
    } catch (e) {
      failure = e as Error;
    }
    for (const l of [...this.#listeners]) l({ reason, outOfService, snapshot });
    if (failure) {
      if (this.onPersistError) this.onPersistError(failure);
      else throw failure;
    }
    return true;
  }

  /** Calls `listener` on every change; returns the unsubscribe function. */
  subscribe(listener: (change: ServiceChange) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
