import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { decodeBiodata, encodeBiodata, type Biodata } from '../../../devices/card-reader/identity-record.ts';

const sample: Biodata = {
  nik: '3506124507900001',
  name: 'SITI AMINAH',
  birthPlace: 'KEDIRI',
  birthDate: '1990-07-05',
  sex: 'PEREMPUAN',
  bloodType: 'O',
  religion: 'ISLAM',
  maritalStatus: 'KAWIN',
  occupation: 'WIRASWASTA',
  nationality: 'WNI',
  address: { street: 'JL. MAWAR NO. 12', rt: '003', rw: '005', village: 'PARE', district: 'PARE', regency: 'KABUPATEN KEDIRI', province: 'JAWA TIMUR' },
};

describe('biodata record', () => {
  it('round-trips', () => {
    expect(decodeBiodata(encodeBiodata(sample))).toEqual({ ok: true, value: sample });
  });

  it('names the field that is wrong, not its value', () => {
    expect(decodeBiodata(encodeBiodata({ ...sample, nik: '12345' }))).toEqual({ ok: false, field: 'nik' });
    expect(decodeBiodata(encodeBiodata({ ...sample, sex: 'X' as Biodata['sex'] }))).toEqual({ ok: false, field: 'sex' });
    expect(decodeBiodata(encodeBiodata(sample).subarray(0, 30))).toMatchObject({ ok: false });
  });

  it('property: arbitrary bytes never throw', () => {
    fc.assert(fc.property(fc.uint8Array({ maxLength: 600 }), (b) => void decodeBiodata(b)), { numRuns: 500 });
  });
});
