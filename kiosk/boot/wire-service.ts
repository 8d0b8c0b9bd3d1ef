import type { BootContext } from './context.ts';
import type { DeviceBoard } from '../../devices/common/device-board.ts';
import { ServiceState } from '../fleet/service-state.ts';
import { FleetStateStore } from '../store/fleet-state.ts';
import { printableDocuments } from '../firmware/self-test.ts';

/**
 * Whether the kiosk serves citizens, and why not: the journey reads it; the registry link, the
 * opening hours, the power, technicians and the fleet set it. It exists with or without a broker.
 * Out of service while no document type can be printed, checked on the fleet's alert timer.
 */
export function wireService(ctx: BootContext, devices: DeviceBoard): ServiceState {
  const { config, log } = ctx;
  const service = new ServiceState(ctx.now, new FleetStateStore(ctx.store.db), (e) => log.event('fleet.step_failed', { step: 'service-persist', error: e.message }));
  const checkPrintable = () => {
    const summaries = devices.summaries();
    if (summaries.length > 0) service.set('no-printable-document', printableDocuments(summaries).printable.length === 0);
  };
  let timer: NodeJS.Timeout | undefined;
  ctx.lifecycle.add('service-state', {
    start: () => {
      timer = setInterval(checkPrintable, config.fleet.alertCheckMs).unref();
    },
    stop: () => clearInterval(timer),
  });
  return service;
}
