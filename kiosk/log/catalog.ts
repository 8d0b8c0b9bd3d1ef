import { kioskEvents } from './events/kiosk.ts';
import { storeEvents } from './events/store.ts';
import { registryEvents } from './events/registry.ts';
import { firmwareEvents } from './events/firmware.ts';
import { documentPrinterEvents } from './events/document-printer.ts';
import { printingEvents } from './events/printing.ts';
import { documentsEvents } from './events/documents.ts';
import { fleetEvents } from './events/fleet.ts';
import { wsEvents } from './events/ws.ts';
import { journeyEvents } from './events/journey.ts';
import { hidDeviceEvents } from './events/hid-devices.ts';
import { serialDeviceEvents } from './events/serial-devices.ts';
import { maintenanceEvents } from './events/maintenance.ts';
import { openingHoursEvents } from './events/opening-hours.ts';
import { powerEvents } from './events/power.ts';
import { accessibilityEvents } from './events/accessibility.ts';
import type { LogEventSpec } from './events/define.ts';

/**
 * The one catalog of log events. Each area keeps its events in `events/<area>.ts`;
 * this file joins them, and `tests/log/catalog.test.ts` checks that names are unique,
 * dotted and documented.
 */
/** Every section, so a test can check that no name appears in two of them (a spread would hide it). */
export const logSections = [kioskEvents, storeEvents, firmwareEvents, registryEvents, documentPrinterEvents, printingEvents, documentsEvents, fleetEvents, wsEvents, journeyEvents, hidDeviceEvents, serialDeviceEvents, maintenanceEvents, openingHoursEvents, powerEvents, accessibilityEvents] as const;

export const logCatalog = {
  ...documentsEvents,
  ...kioskEvents,
  ...storeEvents,
  ...registryEvents,
  ...firmwareEvents,
  ...documentPrinterEvents,
  ...printingEvents,
  ...fleetEvents,
  ...wsEvents,
  ...journeyEvents,
  ...hidDeviceEvents,
  ...serialDeviceEvents,
  ...maintenanceEvents,
  ...openingHoursEvents,
  ...powerEvents,
  ...accessibilityEvents,
} satisfies Record<string, LogEventSpec>;

export type LogEventName = keyof typeof logCatalog;
