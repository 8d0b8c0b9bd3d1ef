import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { makeNik, parseNik } from '../../kiosk/registry/identifiers/nik.ts';
import { parseKkNumber } from '../../kiosk/registry/identifiers/kk-number.ts';
import { makeAktaNumber, parseAktaNumber } from '../../kiosk/registry/identifiers/akta-number.ts';
import { DISTRICTS, REGENCIES, checkRegion } from '../../kiosk/registry/identifiers/regions.ts';
import { addYears, isoDate, isRealDate } from '../../kiosk/registry/identifiers/dates.ts';
import { kiaValidUntil } from '../../kiosk/registry/embedded/content.ts';

const TODAY = '2026-11-23';
const problem = (nik: string) => {
  const r = parseNik(nik, TODAY);
  return r.ok ? 'valid' : r.error.code;
};

describe('NIK', () => {
  it('decodes region, birth date, sex and serial', () => {
    const r = parseNik('3506146508879001', TODAY);
    expect(r).toEqual({
      ok: true,
      value: {
        nik: '3506146508879001',
        region: { province: { code: '35', name: 'JAWA TIMUR' }, regency: { code: '3506', name: 'KABUPATEN KEDIRI' }, district: { code: '14', name: 'PARE' } },
        birthDateRaw: '650887', birthDate: '1987-08-25', sex: 'PEREMPUAN', serial: '9001',
      },
    });
    expect(parseNik('7271012512100003', TODAY)).toMatchObject({ ok: true, value: { birthDate: '2010-12-25', sex: 'LAKI-LAKI', region: { regency: { name: 'KOTA PALU' } } } });
  });

  it('names what is wrong with a malformed NIK', () => {
    expect(problem('')).toBe('length');
    expect(problem('350614650887900')).toBe('length');
    expect(problem('35061465088790011')).toBe('length');
    expect(problem('3506146508879OO1')).toBe('not_digits');
    expect(problem('3506 1465 0887 9001')).toBe('not_digits');
    expect(problem('３５０６１４６５０８８７９００１')).toBe('not_digits'); // full-width digits
    expect(problem('3506140002879001')).toBe('bad_day'); // day 00
    expect(problem('3506143502879001')).toBe('bad_day'); // 32–40 is nobody's day
    expect(problem('3506147202879001')).toBe('bad_day'); // past 71
    expect(problem('3506143102879001')).toBe('impossible_date'); // 31 February (a man)
    expect(problem('3506147102879001')).toBe('impossible_date'); // 31 February (a woman: 31 + 40)
    expect(problem('3506146902879001')).toBe('impossible_date'); // 29 February 1987 (not a leap year)
    expect(problem('3506146902849001')).toBe('valid'); // 29 February 1984 (a leap year)
    expect(problem('3506141213879001')).toBe('impossible_date'); // month 13
    expect(problem('3506141200879001')).toBe('impossible_date'); // month 00
    expect(problem('3506146508870000')).toBe('zero_serial');
    expect(problem('2006146508879001')).toBe('unknown_province');
    expect(problem('0006146508879001')).toBe('unknown_province');
    expect(problem('3599146508879001')).toBe('unknown_regency'); // Jawa Timur has no regency 99
    expect(problem('3500146508879001')).toBe('unknown_regency');
    expect(problem('3506006508879001')).toBe('unknown_district');
    expect(problem('3506996508879001')).toBe('unknown_district'); // Kabupaten Kediri has 26 kecamatan
    expect(problem('1101016508879001')).toBe('valid'); // Aceh: no regency table loaded, 01–99 accepted
  });

  it('puts a two-digit year in the century that makes the birth date past', () => {
    expect(parseNik('3506141211260001', TODAY)).toMatchObject({ ok: true, value: { birthDate: '2026-11-12' } });
    expect(parseNik('3506142411260001', TODAY)).toMatchObject({ ok: true, value: { birthDate: '1926-11-24' } });
  });

  it('round-trips any valid person through makeNik and parseNik (property)', () => {
    const regions = Object.keys(DISTRICTS);
    fc.assert(
      fc.property(
        fc.constantFrom(...regions),
        fc.integer({ min: 1927, max: 2026 }), fc.integer({ min: 1, max: 12 }), fc.integer({ min: 1, max: 31 }),
        fc.constantFrom('LAKI-LAKI' as const, 'PEREMPUAN' as const), fc.integer({ min: 1, max: 9999 }),
        (region, y, m, d, sex, serial) => {
          fc.pre(isRealDate(y, m, d) && isoDate(y, m, d) <= TODAY);
          const nik = makeNik(region, isoDate(y, m, d), sex, serial);
          const r = parseNik(nik, TODAY);
          return r.ok && r.value.birthDate === isoDate(y, m, d) && r.value.sex === sex && r.value.region.district.code === region.slice(4);
        },
      ),
    );
  });

  it('never throws, whatever the input (property)', () => {
    fc.assert(fc.property(fc.string({ maxLength: 40 }), (s) => typeof parseNik(s, TODAY).ok === 'boolean'));
    fc.assert(fc.property(fc.stringMatching(/^\d{16}$/), (s) => {
      const r = parseNik(s, TODAY);
      return r.ok ? r.value.birthDate <= TODAY : r.error.message.length > 0;
    }));
  });
});

describe('No. KK and akta numbers', () => {
  it('decodes a No. KK and names what is wrong', () => {
    expect(parseKkNumber('3506142006099001', TODAY)).toMatchObject({ ok: true, value: { registeredOn: '2009-06-20', region: { district: { name: 'PARE' } } } });
    expect(parseKkNumber('350614200609900', TODAY)).toMatchObject({ ok: false, error: { code: 'length' } });
    expect(parseKkNumber('3506143106099001', TODAY)).toMatchObject({ ok: false, error: { code: 'impossible_date' } });
    expect(parseKkNumber('9906142006099001', TODAY)).toMatchObject({ ok: false, error: { code: 'unknown_province' } });
    expect(parseKkNumber('3506142006090000', TODAY)).toMatchObject({ ok: false, error: { code: 'zero_serial' } });
  });

  it('decodes akta numbers in the DOMAIN shapes', () => {
    expect(parseAktaNumber('3301-KM-21102020-0012', TODAY)).toMatchObject({ ok: true, value: { regencyCode: '3301', kind: 'KM', registeredOn: '2020-10-21', serial: '0012' } });
    expect(parseAktaNumber('3506-LU-15032021-0042', TODAY)).toMatchObject({ ok: true, value: { kind: 'LU' } });
    expect(parseAktaNumber('3506-LT-15032021-0042', TODAY)).toMatchObject({ ok: true, value: { kind: 'LT' } });
    expect(parseAktaNumber('3506-XX-15032021-0042', TODAY)).toMatchObject({ ok: false, error: { code: 'unknown_kind' } });
    expect(parseAktaNumber('3599-LU-15032021-0042', TODAY)).toMatchObject({ ok: false, error: { code: 'unknown_regency' } });
    expect(parseAktaNumber('3506-LU-30022021-0042', TODAY)).toMatchObject({ ok: false, error: { code: 'impossible_date' } });
    expect(parseAktaNumber('3506-LU-15032031-0042', TODAY)).toMatchObject({ ok: false, error: { code: 'future_date' } });
    expect(parseAktaNumber('3506/LU/15032021/0042', TODAY)).toMatchObject({ ok: false, error: { code: 'shape' } });
    expect(makeAktaNumber('3506', 'KM', '2026-11-05', 7)).toBe('3506-KM-05112026-0007');
  });
});

describe('region table', () => {
  it('covers every region named in DOMAIN.md', () => {
    for (const code of ['3506', '3572', '3575', '7271', '3301']) expect(REGENCIES[code], code).toBeDefined();
    expect(checkRegion('350614')).toMatchObject({ ok: true, region: { district: { name: 'PARE' } } });
    expect(checkRegion('727101')).toMatchObject({ ok: true, region: { regency: { name: 'KOTA PALU' } } });
  });

  it('computes KIA validity (day before the 5th birthday for under-fives, else before the 17th)', () => {
    expect(kiaValidUntil('2024-03-10', '2026-11-23')).toBe('2029-03-09');
    expect(kiaValidUntil('2018-04-10', '2026-11-23')).toBe('2035-04-09');
    expect(addYears('2024-02-29', 1)).toBe('2025-03-01');
  });
});
