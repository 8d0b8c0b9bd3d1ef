import type { Bench } from './bench.ts';
import { coldStartBench } from './cold-start.ts';
import { kkRenderBench } from './kk-render.ts';
import { sealBench } from './seal.ts';
import { fleetBench } from './fleet.ts';
import { fleetHeadroomBench, fleetStormBench } from './fleet-scale.ts';
import { receiptRasterBench } from './receipt-raster.ts';
import { journeyBench } from './journey.ts';
import { soakBench } from './soak.ts';
import { redactionBench } from './redaction.ts';
import { cardReadBench } from './card-read.ts';
import { openingHoursBench } from './opening-hours.ts';
import { speechLatencyBench } from './speech-latency.ts';

/** Every benchmark `npm run bench` runs, in order; each area adds its own file and a line here. */
export const benches: Bench[] = [coldStartBench, sealBench, kkRenderBench, fleetBench, fleetStormBench, fleetHeadroomBench, receiptRasterBench, redactionBench, cardReadBench, journeyBench, soakBench, openingHoursBench, speechLatencyBench];
