/** Timings and limits of the journey, read once from configuration. */
export interface JourneySettings {
  fingerprintAttempts: number;
  /** Idle time on a screen before "are you still there?". */
  inactivityWarningMs: number;
  /** Idle time before the session ends (includes the warning). */
  inactivityTimeoutMs: number;
  takeDocumentTimeoutMs: number;
  /** How long the thank-you screen stays. */
  thankYouMs: number;
  /** How long an "the session ended because…" screen stays before the attract screen. */
  endedNoticeMs: number;
  /** Upper bound on one card read, one render, one printer submit, one receipt. */
  deviceOperationMs: number;
  /** Upper bound on one registry call, on top of the registry adapter's own time-out. */
  registryCallMs: number;
  /** Upper bound on one print job, from submit to the last page. */
  printJobMs: number;
}
