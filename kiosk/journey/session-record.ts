import type { FlowClock } from '../../flows/clock.ts';
import type { SessionEmitted } from '../../flows/session/context.ts';
import type { KioskLogger } from '../log/logger.ts';
import type { CitizenNames } from '../privacy/citizen-names.ts';

export interface SessionRecordDeps {
  log: KioskLogger;
  clock: FlowClock;
  /** The signed-in citizen's NIK and names, held by the log's redactor while the session lasts. */
  names: CitizenNames;
  /** The keyed NIK hash: a log line says which citizen without saying who. */
  subjectRef: (nik: string) => string;
  /** A print's outcome changes what the fleet reports. */
  printed: () => void;
}

/**
 * What the kiosk keeps of a citizen's session: log lines with keyed references and codes, never a
 * NIK or a name; the citizen's names in the redactor from sign-in until the session ends or crashes.
 */
export function sessionRecord(d: SessionRecordDeps): { onEmitted(e: SessionEmitted): void; onCrash(error: unknown): void } {
  let startedAt = 0;
  const end = () => {
    d.names.release();
    startedAt = 0;
  };
  return {
    onEmitted(e) {
      switch (e.type) {
        case 'journey.started':
          startedAt = d.clock.now();
          d.log.event('journey.session_started', { method: e.method });
          break;
        case 'journey.signedIn':
          d.names.signedIn(e.citizen);
          d.log.event('journey.signed_in', { method: e.method, citizen: d.subjectRef(e.citizen.person.nik) });
          break;
        case 'journey.signInFailed':
          d.log.event('journey.sign_in_failed', { method: e.method, code: e.code });
          break;
        case 'journey.printOutcome': {
          const o = e.outcome;
          d.log.event('journey.print_outcome', {
            documentType: e.documentType,
            kind: o.kind,
            ...(o.kind === 'refused' ? { code: o.error.code } : { ledgerId: o.ledgerId }),
            ...(o.kind === 'not_printed' || o.kind === 'unknown' ? { reason: o.reason } : {}),
            ...(o.kind === 'printed' || o.kind === 'unknown' ? { receipt: o.receipt } : {}),
          });
          d.printed();
          break;
        }
        case 'journey.ended':
          d.log.event('journey.session_ended', { reason: e.reason, printed: e.printed, durationMs: startedAt ? d.clock.now() - startedAt : null });
          end();
          break;
      }
    },
    onCrash(error) {
      d.log.event('journey.crashed', { error });
      // A crashed journey never says it ended: its citizen's names go now.
      end();
    },
  };
}
