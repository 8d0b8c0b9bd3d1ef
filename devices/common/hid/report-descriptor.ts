import { err, ok, type Result } from '../../../core/result.ts';

/**
 * A HID report descriptor parser (USB HID 1.11 §6.2.2): short items, global state with push/pop,
 * local usages and usage ranges, collections, and input/output/feature main items. It yields the
 * bit position of every data field so drivers read any vendor's report layout instead of assuming one.
 * Bounded on every axis: a hostile or corrupt descriptor gives a typed error, never a throw or a hang.
 */

export type ReportKind = 'input' | 'output' | 'feature';

export interface CollectionRef {
  /** Running number, unique within the descriptor: fields of one finger share it. */
  index: number;
  /** 0 physical, 1 application, 2 logical, 3 report, … */
  type: number;
  usagePage: number;
  usage: number;
}

export interface ReportField {
  kind: ReportKind;
  /** 0 when the device uses no report IDs. */
  reportId: number;
  /** Offset in the report payload, i.e. after the report ID byte when there is one. */
  bitOffset: number;
  bitSize: number;
  /** Variable fields: the usage of this field. Array fields: the first selectable usage. */
  usagePage: number;
  usage: number;
  /** Array fields: the selectable usages as inclusive ranges of full 32-bit usages (page << 16 | id). */
  arrayUsages: Array<[number, number]> | null;
  logicalMin: number;
  logicalMax: number;
  /** From the outermost collection inward. */
  collections: CollectionRef[];
}

export interface ApplicationCollection {
  index: number;
  usagePage: number;
  usage: number;
  /** Report IDs of the input reports inside it (0 when the device uses none). */
  inputReportIds: number[];
}

export interface ReportDescriptor {
  fields: ReportField[];
  applications: ApplicationCollection[];
  usesReportIds: boolean;
  /** Payload length in bytes (without the report ID byte) per `kind:reportId`. */
  reportBytes: Map<string, number>;
}

export type DescriptorErrorCode =
  | 'tooLong'
  | 'truncated'
  | 'unbalancedCollection'
  | 'stackOverflow'
  | 'popWithoutPush'
  | 'badReportId'
  | 'reportTooLong'
  | 'tooManyFields';

export interface DescriptorError {
  code: DescriptorErrorCode;
  /** Byte offset of the offending item. */
  offset: number;
  detail: string;
}

/** Linux's HID_MAX_DESCRIPTOR_SIZE. */
export const MAX_DESCRIPTOR_BYTES = 4096;
/** Larger than any report hidraw hands out (HID_MAX_BUFFER_SIZE is 16 KiB). */
const MAX_REPORT_BITS = 16384 * 8;
const MAX_FIELDS = 8192;
const MAX_STACK = 16;
const MAX_COLLECTION_DEPTH = 32;
const MAX_LOCAL_USAGES = 1024;

interface GlobalState {
  usagePage: number;
  logicalMin: number;
  logicalMax: number;
  /** The same item read unsigned, for the quirk below. */
  logicalMaxUnsigned: number;
  reportSize: number;
  reportCount: number;
  reportId: number;
}

export const reportKey = (kind: ReportKind, reportId: number): string => `${kind}:${reportId}`;

export function parseReportDescriptor(bytes: Uint8Array): Result<ReportDescriptor, DescriptorError> {
  if (bytes.length > MAX_DESCRIPTOR_BYTES) {
    return err({ code: 'tooLong', offset: MAX_DESCRIPTOR_BYTES, detail: `${bytes.length} bytes, at most ${MAX_DESCRIPTOR_BYTES}` });
  }
  let global: GlobalState = { usagePage: 0, logicalMin: 0, logicalMax: 0, logicalMaxUnsigned: 0, reportSize: 0, reportCount: 0, reportId: 0 };
  const stack: GlobalState[] = [];
  // Local state: usages as inclusive ranges; a bare usage is a range of one. Pages resolved at the main item.
  let usages: Array<{ min: number; max: number; extended: boolean }> = [];
  let usageMin: { value: number; extended: boolean } | null = null;
  const collections: CollectionRef[] = [];
  let collectionCount = 0;
  const fields: ReportField[] = [];
  const applications: ApplicationCollection[] = [];
  const bitCursor = new Map<string, number>();
  let usesReportIds = false;

  let pos = 0;
  while (pos < bytes.length) {
    const offset = pos;
    const prefix = bytes[pos]!;
    if (prefix === 0xfe) {
      // Long item: skipped, as every host does (none are defined).
      const size = bytes[pos + 1];
      if (size === undefined || pos + 3 + size > bytes.length) return err({ code: 'truncated', offset, detail: 'long item past the end' });
      pos += 3 + size;
      continue;
    }
    const sizeCode = prefix & 3;
    const size = sizeCode === 3 ? 4 : sizeCode;
    const type = (prefix >> 2) & 3;
    const tag = prefix >> 4;
    if (pos + 1 + size > bytes.length) return err({ code: 'truncated', offset, detail: `item 0x${prefix.toString(16)} needs ${size} data bytes` });
    let unsigned = 0;
    for (let i = 0; i < size; i++) unsigned += bytes[pos + 1 + i]! * 2 ** (8 * i);
    const signed = size > 0 && unsigned >= 2 ** (8 * size - 1) ? unsigned - 2 ** (8 * size) : unsigned;
    pos += 1 + size;

    if (type === 1) {
      // Global items
      switch (tag) {
        case 0x0: global.usagePage = unsigned & 0xffff; break;
        case 0x1: global.logicalMin = signed; break;
        case 0x2: global.logicalMax = signed; global.logicalMaxUnsigned = unsigned; break;
        case 0x7: global.reportSize = unsigned; break;
        case 0x8:
          if (unsigned === 0 || unsigned > 255) return err({ code: 'badReportId', offset, detail: `report ID ${unsigned} (1..255 allowed)` });
          global.reportId = unsigned;
          usesReportIds = true;
          break;
        case 0x9: global.reportCount = unsigned; break;
        case 0xa:
          if (stack.length >= MAX_STACK) return err({ code: 'stackOverflow', offset, detail: `more than ${MAX_STACK} pushes` });
          stack.push({ ...global });
          break;
        case 0xb: {
          const popped = stack.pop();
          if (!popped) return err({ code: 'popWithoutPush', offset, detail: 'pop with an empty stack' });
          global = popped;
          break;
        }
        default: break; // physical min/max, unit, exponent: not needed to locate fields
      }
      continue;
    }
    if (type === 2) {
      // Local items
      if (tag === 0x0 || tag === 0x1 || tag === 0x2) {
        if (usages.length >= MAX_LOCAL_USAGES) return err({ code: 'tooManyFields', offset, detail: `more than ${MAX_LOCAL_USAGES} usages before one main item` });
      }
      if (tag === 0x0) usages.push({ min: unsigned, max: unsigned, extended: size === 4 });
      else if (tag === 0x1) usageMin = { value: unsigned, extended: size === 4 };
      else if (tag === 0x2 && usageMin) {
        const lo = usageMin.value;
        usages.push({ min: Math.min(lo, unsigned), max: Math.max(lo, unsigned), extended: usageMin.extended || size === 4 });
        usageMin = null;
      }
      continue;
    }
    if (type === 0) {
      // Main items
      const full = (u: number, extended: boolean) => (extended ? u : global.usagePage * 0x10000 + (u & 0xffff));
      if (tag === 0xa) {
        if (collections.length >= MAX_COLLECTION_DEPTH) return err({ code: 'stackOverflow', offset, detail: `collections nested deeper than ${MAX_COLLECTION_DEPTH}` });
        const first = usages[0];
        const u = first ? full(first.min, first.extended) : 0;
        const ref: CollectionRef = { index: collectionCount++, type: unsigned, usagePage: Math.floor(u / 0x10000), usage: u & 0xffff };
        collections.push(ref);
        if (unsigned === 1 && collections.length === 1) applications.push({ index: ref.index, usagePage: ref.usagePage, usage: ref.usage, inputReportIds: [] });
      } else if (tag === 0xc) {
        if (collections.length === 0) return err({ code: 'unbalancedCollection', offset, detail: 'end collection without a collection' });
        collections.pop();
      } else if (tag === 0x8 || tag === 0x9 || tag === 0xb) {
        const kind: ReportKind = tag === 0x8 ? 'input' : tag === 0x9 ? 'output' : 'feature';
        const key = reportKey(kind, global.reportId);
        const start = bitCursor.get(key) ?? 0;
        const total = global.reportSize * global.reportCount;
        if (start + total > MAX_REPORT_BITS) return err({ code: 'reportTooLong', offset, detail: `${kind} report ${global.reportId} longer than ${MAX_REPORT_BITS / 8} bytes` });
        bitCursor.set(key, start + total);
        if (kind === 'input') {
          const app = applications.at(-1);
          if (app && collections[0]?.index === app.index && !app.inputReportIds.includes(global.reportId)) app.inputReportIds.push(global.reportId);
        }
        const constant = (unsigned & 1) === 1;
        const variable = (unsigned & 2) === 2;
        const dataField = !constant && global.reportSize >= 1 && global.reportSize <= 32 && total > 0;
        if (dataField) {
          if (fields.length + global.reportCount > MAX_FIELDS) return err({ code: 'tooManyFields', offset, detail: `more than ${MAX_FIELDS} fields` });
          // Logical maximum written as a negative number with a non-negative minimum means an unsigned maximum (a common firmware quirk).
          const logicalMax = global.logicalMax < global.logicalMin && global.logicalMin >= 0 ? global.logicalMaxUnsigned : global.logicalMax;
          const ranges = usages.map((r) => [full(r.min, r.extended), full(r.max, r.extended)] as [number, number]);
          const path = [...collections];
          for (let i = 0; i < global.reportCount; i++) {
            let usage: number;
            if (variable) {
              usage = variableUsage(ranges, i);
            } else {
              usage = ranges[0]?.[0] ?? 0;
            }
            fields.push({
              kind,
              reportId: global.reportId,
              bitOffset: start + i * global.reportSize,
              bitSize: global.reportSize,
              usagePage: Math.floor(usage / 0x10000),
              usage: usage & 0xffff,
              arrayUsages: variable ? null : ranges,
              logicalMin: global.logicalMin,
              logicalMax,
              collections: path,
            });
          }
        }
      }
      usages = [];
      usageMin = null;
      continue;
    }
    // type 3 is reserved: skip the item like Linux does.
  }
  if (collections.length > 0) return err({ code: 'unbalancedCollection', offset: bytes.length, detail: `${collections.length} collection(s) not closed` });
  const reportBytes = new Map<string, number>();
  for (const [key, bits] of bitCursor) reportBytes.set(key, Math.ceil(bits / 8));
  return ok({ fields, applications, usesReportIds, reportBytes });
}

/** The i-th usage of a variable main item: ranges expanded in order, the last one repeating. */
function variableUsage(ranges: Array<[number, number]>, i: number): number {
  let left = i;
  for (const [lo, hi] of ranges) {
    const n = hi - lo + 1;
    if (left < n) return lo + left;
    left -= n;
  }
  const last = ranges.at(-1);
  return last ? last[1] : 0;
}
