import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { create, type Font } from 'fontkit';
import { projectPath } from '../../core/project-root.ts';

/** DejaVu Sans Condensed (Bitstream Vera licence, beside the files): full Latin, narrow enough for the KK tables. */
const FONT_DIR = projectPath('assets', 'fonts', 'dejavu');
export const FONT_FILES = {
  regular: join(FONT_DIR, 'DejaVuSansCondensed.ttf'),
  bold: join(FONT_DIR, 'DejaVuSansCondensed-Bold.ttf'),
} as const;

export interface DocumentFonts {
  regular: Font;
  bold: Font;
}

let loaded: DocumentFonts | undefined;

/**
 * The parsed fonts, shared by every document. Parsing a TTF costs tens of milliseconds; pdfkit takes
 * an already parsed fontkit font, keeps the glyphs it has read, and still subsets per document, so
 * each PDF embeds only the glyphs it uses.
 */
export function documentFonts(): DocumentFonts {
  loaded ??= {
    regular: create(readFileSync(FONT_FILES.regular)),
    bold: create(readFileSync(FONT_FILES.bold)),
  };
  return loaded;
}
