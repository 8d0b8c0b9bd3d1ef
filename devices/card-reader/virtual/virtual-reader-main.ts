/**
 * The virtual PC/SC reader's own process (started by `VirtualReaderProcess`). A card must answer
 * pcscd while the kiosk's thread may sit in a synchronous PC/SC call, as a real card does; in the
 * kiosk's own process it could not, so it lives here and takes its orders over the IPC channel.
 */
import type { Person } from '../../../core/domain.ts';
import { VirtualPcscReader } from './virtual-reader.ts';
import type { ChildMessage, ParentMessage } from './virtual-reader-process.ts';

const send = (m: ChildMessage) => process.send?.(m);
let reader: VirtualPcscReader | null = null;
const people = new Map<string, Person>();

process.on('message', (raw) => {
  const m = raw as ParentMessage;
  if (m.op === 'start') {
    reader = new VirtualPcscReader({
      port: m.port,
      lookup: (nik) => people.get(nik),
      fingerDelayMs: m.fingerDelayMs,
      master: m.master,
      ...(m.trace ? { trace: (slot, direction, bytes) => send({ op: 'trace', slot, direction, bytes }) } : {}),
      onChange: () => reader && send({ op: 'state', state: reader.state() }),
    });
    send({ op: 'state', state: reader.state() });
    return;
  }
  if (!reader) return;
  switch (m.op) {
    case 'tapCard':
      people.set(m.person.nik, m.person);
      reader.tapCard(m.person.nik, m.uid);
      break;
    case 'tapForeignCard':
      reader.tapForeignCard();
      break;
    case 'removeCard':
      reader.removeCard();
      break;
    case 'nextFinger':
      reader.nextFinger(m.quality, m.times);
      break;
    case 'setFaults':
      reader.setFaults(m.faults);
      break;
    case 'removeSam':
      reader.removeSam();
      break;
    case 'insertSam':
      reader.insertSam();
      break;
    case 'reset':
      reader.reset();
      break;
    case 'close':
      reader.close();
      process.disconnect?.();
      return;
  }
  send({ op: 'state', state: reader.state() });
});
process.on('disconnect', () => {
  reader?.close();
  process.exit(0);
});
