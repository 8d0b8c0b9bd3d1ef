import type { DocumentSignature, FamilyRelation, IsoDate, Person } from '../../../core/domain.ts';
import { signDocument } from '../embedded/content.ts';
import { publicOffice } from '../embedded/rows.ts';
import { simulatedOffices } from '../seed/offices-table.ts';
import { PopulationBuilder } from '../seed/population.ts';
import { addDemoPopulation } from './demo-population.ts';
import { DEMO_NUMBERS } from './demo-set.ts';

/**
 * The seal printed (as a QR) on Joko and Rina's KK from before their divorce: it verifies as
 * superseded wherever a registry answers. Built from the demo population as it stood in 2015
 * (both still KAWIN), signed by the simulated Dinas of Kabupaten Kediri.
 */
export function demoOldQr(seededOn: IsoDate): DocumentSignature {
  const office = simulatedOffices().find((o) => o.code === '3506');
  if (!office) throw new Error('bug: no simulated office 3506');
  const b = new PopulationBuilder(`demo-old-kk-${seededOn}`);
  addDemoPopulation(b, seededOn);
  const family = b.pop.families.find((f) => f.kkNumber === DEMO_NUMBERS.kkDOld);
  if (!family) throw new Error('bug: the demo has no old KK');
  const members = family.members.map((m) => {
    const p = b.pop.persons.find((x) => x.nik === m.nik) as Person;
    const married = m.relation === 'KEPALA KELUARGA' || m.relation === 'ISTRI';
    return { ...p, ...(married ? { maritalStatus: 'KAWIN' as const } : {}), relation: m.relation as FamilyRelation };
  });
  const head = members.find((m) => m.nik === family.headNik) as Person & { relation: FamilyRelation };
  const content = { type: 'kk' as const, family: { ...family, status: 'active' as const, supersededBy: null }, members, head, office: publicOffice(office), issuedOn: family.issuedOn };
  return signDocument(content, family.kkNumber, family.headNik, 1, office);
}
