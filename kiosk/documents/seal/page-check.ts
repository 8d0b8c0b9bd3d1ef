import type { Result } from '../../../core/result.ts';
import { pdfText, type ToolError } from '../preview.ts';
import { rowsMissingFromText } from './compare-text.ts';
import type { SealPayload } from './payload.ts';
import { sealRows, type SealRow } from './rows.ts';

/** The sealed rows a PDF's pages do not print as sealed (a changed name, date, address…). */
export async function pageDiffersFromSeal(pdfPath: string, payload: SealPayload, signal?: AbortSignal): Promise<Result<SealRow[], ToolError>> {
  const text = await pdfText(pdfPath, signal);
  if (!text.ok) return text;
  return { ok: true, value: rowsMissingFromText(sealRows(payload), text.value) };
}
