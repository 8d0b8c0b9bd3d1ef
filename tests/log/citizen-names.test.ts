import { describe, expect, it } from 'vitest';
import { CitizenNames } from '../../kiosk/privacy/citizen-names.ts';
import { Redactor } from '../../kiosk/privacy/redactor.ts';
import { sampleDocuments } from '../../kiosk/documents/sample/family.ts';
import { samplePhoto, sampleSignature } from '../../kiosk/documents/sample/images.ts';
import type { Application, DocumentListing } from '../../core/domain.ts';

describe('the journey\'s personal strings', () => {
  it('holds every name a listing shows and every household member of a claimed KK, and lets them all go at once', async () => {
    const docs = sampleDocuments({ photo: await samplePhoto(), signature: await sampleSignature() });
    const kk = docs.kk.content;
    if (kk.type !== 'kk') throw new Error('bug: sample kk');
    const redactor = new Redactor();
    const names = new CitizenNames(redactor);
    const child = kk.members.at(-1);
    if (!child) throw new Error('bug: no members');
    const app = { id: 'KIA-1', type: 'kia', subjectNik: child.nik, ownerNiks: [kk.head.nik], documentNumber: child.nik } as unknown as Application;
    const listing: DocumentListing[] = [{ kind: 'ready', application: app, title: `Kartu Identitas Anak (KIA): ${child.name}` }];
    names.listed(listing);
    expect(redactor.text(`kia for ${child.name.toLowerCase()}`)).not.toContain(child.name.toLowerCase());
    names.claimed(kk);
    const line = kk.members.map((m) => `${m.name.toLowerCase()} ${m.nik.replace(/(\d{4})/g, '$1 ')}`).join('; ');
    const out = redactor.text(line);
    for (const m of kk.members) {
      expect(out).not.toContain(m.name.toLowerCase());
      expect(out.replace(/\s/g, '')).not.toContain(m.nik);
    }
    names.release();
    expect(redactor.size).toBe(0);
    expect(names.size).toBe(0);
  });
});
