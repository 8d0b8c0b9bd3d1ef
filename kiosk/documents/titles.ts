import type { DocumentType } from '../../core/domain.ts';

/** What each document is called, as printed and as `adm verify` names it (Bahasa Indonesia, then English). */
export const DOCUMENT_TITLES: Record<DocumentType, { id: string; en: string }> = {
  kk: { id: 'Kartu Keluarga', en: 'Family card' },
  ktp: { id: 'Kartu Tanda Penduduk Elektronik (KTP-el)', en: 'Electronic identity card' },
  kia: { id: 'Kartu Identitas Anak (KIA)', en: 'Child identity card' },
  'akta-lahir': { id: 'Kutipan Akta Kelahiran', en: 'Birth certificate' },
  'akta-mati': { id: 'Kutipan Akta Kematian', en: 'Death certificate' },
};
