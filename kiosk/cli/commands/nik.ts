import { parseArgs } from 'node:util';
import type { Command } from '../command.ts';
import { parseNik } from '../../registry/identifiers/nik.ts';
import { ageOn, isIsoDate, localDay } from '../../registry/identifiers/dates.ts';

export const nikCommand: Command = {
  name: 'nik',
  summary: 'decode a NIK (region, birth date, sex, serial) as JSON, or say what is wrong with it',
  usage: '<NIK> [--today YYYY-MM-DD]   exit 0 when valid, 1 when not, 2 on a usage error',
  async run(argv) {
    let values: { today?: string };
    let positionals: string[];
    try {
      ({ values, positionals } = parseArgs({ args: argv, options: { today: { type: 'string' } }, allowPositionals: true }));
    } catch (e) {
      process.stderr.write(`adm nik: ${(e as Error).message}\nusage: adm nik ${this.usage}\n`);
      return 2;
    }
    const today = values.today ?? localDay(new Date());
    if (positionals.length !== 1 || !isIsoDate(today)) {
      process.stderr.write(`usage: adm nik ${this.usage}\n`);
      return 2;
    }
    const parsed = parseNik(positionals[0] as string, today);
    if (!parsed.ok) {
      process.stdout.write(`${JSON.stringify({ valid: false, problem: parsed.error.code, message: parsed.error.message })}\n`);
      process.stderr.write(`adm nik: ${parsed.error.code}: ${parsed.error.message}\n`);
      return 1;
    }
    const v = parsed.value;
    process.stdout.write(`${JSON.stringify({
      valid: true,
      nik: v.nik,
      province: v.region.province,
      regency: v.region.regency,
      district: v.region.district,
      birthDate: v.birthDate,
      sex: v.sex,
      age: ageOn(v.birthDate, today),
      serial: v.serial,
    }, null, 2)}\n`);
    return 0;
  },
};
