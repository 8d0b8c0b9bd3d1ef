/** Why a database could not be opened. Boot reports these and stops; the file is never replaced. */
export type StoreOpenError =
  | { code: 'too_new'; path: string; fileVersion: number; codeVersion: number; message: string }
  | { code: 'corrupt'; path: string; detail: string; message: string }
  | { code: 'unreadable'; path: string; detail: string; message: string }
  | { code: 'migration_failed'; path: string; version: number; detail: string; message: string };
