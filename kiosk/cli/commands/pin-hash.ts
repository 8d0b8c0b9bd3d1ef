import type { Command } from '../command.ts';
import { hashPin } from '../../maintenance/pin-hash.ts';

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8').trim();
}

export const pinHashCommand: Command = {
  name: 'pin-hash',
  summary: 'hash a technician PIN read from standard input, for maintenance.technicianPinHash',
  usage: '< pin.txt',
  async run() {
    const pin = await readStdin();
    if (!/^\d{6,12}$/.test(pin)) {
      process.stderr.write('adm pin-hash: a technician PIN is 6 to 12 digits\n');
      return 2;
    }
    process.stdout.write(`${await hashPin(pin)}\n`);
    return 0;
  },
};
