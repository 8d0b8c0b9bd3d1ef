import type { Bench } from './bench.ts';
import { coldStartBench } from './cold-start.ts';
import { kkRenderBench } from './kk-render.ts';
import { fleetBench } from './fleet.ts';
import { receiptRasterBench } from './receipt-raster.ts';
import { journeyBench } from './journey.ts';
import { soakBench } from './soak.ts';
import { cardReadBench } from './card-read.ts';

/** Every benchmark `npm run bench` runs, in order; each area adds its own file and a line here. */
export const benches: Bench[] = [coldStartBench, kkRenderBench, fleetBench, receiptRasterBench, cardReadBench, journeyBench, soakBench];
