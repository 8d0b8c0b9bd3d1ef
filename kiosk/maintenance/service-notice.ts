import type { Database } from 'better-sqlite3';
import { MaintenanceSettings } from '../store/maintenance-settings.ts';
import { err, ok, type Result } from '../../core/result.ts';

/** What citizens read while a technician holds the kiosk out of service. */
export interface CitizenMessage {
  id: string;
  en: string;
}

export interface ServiceNotice {
  /** True when the technician left the kiosk out of service (it stays so after maintenance ends). */
  outOfService: boolean;
  message: CitizenMessage;
  setBy: string | null;
  setAt: string | null;
}

export const DEFAULT_MESSAGE: CitizenMessage = {
  id: 'Mohon maaf, anjungan sedang dalam perawatan. Silakan kembali lagi nanti atau hubungi petugas.',
  en: 'Sorry, this kiosk is being serviced. Please come back later or ask an officer.',
};

const KEY = 'service.notice';
export const MAX_MESSAGE = 200;

export type NoticeError = { code: 'invalid_message'; message: string };

function clean(text: string, lang: string): Result<string, NoticeError> {
  const t = text.trim().replace(/\s+/g, ' ');
  // eslint-disable-next-line no-control-regex -- control characters are exactly what is refused here
  if (/[\u0000-\u001f\u007f]/.test(text.replace(/[\n\r\t]/g, ' '))) return err({ code: 'invalid_message', message: `the ${lang} message contains a control character` });
  if (t.length > MAX_MESSAGE) return err({ code: 'invalid_message', message: `the ${lang} message is longer than ${MAX_MESSAGE} characters` });
  return ok(t);
}

/** The technician's out-of-service switch and message, in the store so a restart keeps them. */
export class ServiceNoticeStore {
  readonly #settings: MaintenanceSettings;

  constructor(
    db: Database,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.#settings = new MaintenanceSettings(db);
  }

  get(): ServiceNotice {
    const saved = this.#settings.get(KEY);
    const fallback: ServiceNotice = { outOfService: false, message: DEFAULT_MESSAGE, setBy: null, setAt: null };
    if (saved === null) return fallback;
    try {
      const v = JSON.parse(saved) as Partial<ServiceNotice>;
      return {
        outOfService: v.outOfService === true,
        message: { id: v.message?.id || DEFAULT_MESSAGE.id, en: v.message?.en || DEFAULT_MESSAGE.en },
        setBy: typeof v.setBy === 'string' ? v.setBy : null,
        setAt: typeof v.setAt === 'string' ? v.setAt : null,
      };
    } catch {
      return fallback;
    }
  }

  /** Empty texts fall back to the default message. */
  set(outOfService: boolean, message: Partial<CitizenMessage>, by: string): Result<ServiceNotice, NoticeError> {
    const id = clean(message.id ?? '', 'Indonesian');
    if (!id.ok) return id;
    const en = clean(message.en ?? '', 'English');
    if (!en.ok) return en;
    const notice: ServiceNotice = { outOfService, message: { id: id.value || DEFAULT_MESSAGE.id, en: en.value || DEFAULT_MESSAGE.en }, setBy: by, setAt: this.now().toISOString() };
    this.#settings.put(KEY, JSON.stringify(notice));
    return ok(notice);
  }
}
