import type { DoctorCheck } from './check.ts';
import { dataDirCheck, httpPortCheck, storeCheck, systemPackagesCheck } from './foundation-checks.ts';
import { registryCheck } from './registry-checks.ts';
import { fleetBrokerCheck, fleetCommandKeyCheck, fleetOutboxCheck } from './fleet-checks.ts';
import { hidDevicesCheck } from './hid-checks.ts';
import { a4PrinterCheck, cardPrinterCheck, printLedgerCheck } from './printer-checks.ts';
import { cardReaderCheck, receiptPrinterCheck } from './serial-checks.ts';
import { runtimeCheck } from './runtime-check.ts';
import { trustListCheck } from './trust-check.ts';
import { fileAccessCheck } from './file-access-check.ts';
import { headphoneJackCheck, keypadCheck, speechCheck } from './access-checks.ts';
import { auditTrailCheck, technicianSignInCheck, usbExportCheck } from './maintenance-checks.ts';
import { openingHoursCheck, registryLinkCheck } from './hours-and-link-checks.ts';
import { upsCheck } from './ups-check.ts';

/** Every check `adm doctor` runs, in order; each area adds its own. */
export const doctorChecks: DoctorCheck[] = [runtimeCheck, dataDirCheck, storeCheck, registryCheck, trustListCheck, httpPortCheck, systemPackagesCheck, fleetBrokerCheck, fleetCommandKeyCheck, fleetOutboxCheck, hidDevicesCheck, a4PrinterCheck, cardPrinterCheck, printLedgerCheck, cardReaderCheck, receiptPrinterCheck, technicianSignInCheck, auditTrailCheck, fileAccessCheck, usbExportCheck, openingHoursCheck, registryLinkCheck, upsCheck, keypadCheck, headphoneJackCheck, speechCheck];
