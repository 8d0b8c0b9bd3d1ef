import { cpSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { EventEmitter } from 'node:events';
import { afterAll, describe, expect, it } from 'vitest';
import { classifyNodeHidLoadError, loadNodeHid, type LoadedNodeHid, type NodeHidModule } from '../../../../devices/common/hid/node-hid-loader.ts';
import { lazyNodeHidTransport, NodeHidTransport, readDescriptor } from '../../../../devices/common/hid/node-hid-transport.ts';
import { tempDir } from '../../../support/temp-dir.ts';

const tmp = tempDir('hid-loader');
afterAll(() => tmp.remove());

const nodeHidDir = join(import.meta.dirname, '../../../../node_modules/node-hid');

/**
 * A copy of the installed node-hid whose native bindings ask the dynamic linker for a libusb that
 * does not exist: exactly what happens on a machine without the libusb-1.0-0 package.
 */
function nodeHidWithoutLibusb(): string {
  const root = join(tmp.path, 'no-libusb');
  const target = join(root, 'node_modules', 'node-hid');
  mkdirSync(target, { recursive: true });
  cpSync(nodeHidDir, target, { recursive: true, dereference: true, filter: (src) => !src.includes(`${join('node-hid', 'hidapi')}`) && !src.endsWith('.gyp') });
  // node-hid finds its prebuild through pkg-prebuilds, installed beside it.
  cpSync(join(nodeHidDir, '..', 'pkg-prebuilds'), join(root, 'node_modules', 'pkg-prebuilds'), { recursive: true, dereference: true });
  const needle = Buffer.from('libusb-1.0.so.0');
  const renamed = Buffer.from('libusb-9.9.so.0'); // same length: the ELF string table keeps its layout
  let patched = 0;
  for (const dir of readdirSync(join(target, 'prebuilds')).filter((d) => d.includes('linux'))) {
    const file = join(target, 'prebuilds', dir, 'node-napi-v4.node');
    const bytes = readFileSync(file);
    let at = bytes.indexOf(needle);
    while (at >= 0) {
      renamed.copy(bytes, at);
      patched++;
      at = bytes.indexOf(needle, at + 1);
    }
    writeFileSync(file, bytes);
  }
  if (patched === 0) throw new Error('no libusb reference found in the node-hid prebuilds');
  writeFileSync(join(root, 'index.cjs'), '');
  return root;
}

describe('node-hid loaded lazily', () => {
  it('loads the installed node-hid and its binding here (libusb-1.0-0 is installed)', async () => {
    const loaded = await loadNodeHid();
    expect(loaded.ok).toBe(true);
    if (!loaded.ok) return;
    expect(loaded.value.hidapiVersion).toMatch(/^\d+\.\d+/);
    const listed = await new NodeHidTransport(loaded.value).list(new AbortController().signal);
    expect(listed.ok).toBe(true);
  });

  it.runIf(process.platform === 'linux' && ['x64', 'arm64', 'arm'].includes(process.arch))(
    'names a missing libusb when the native binding cannot load it, instead of throwing',
    async () => {
      const root = nodeHidWithoutLibusb();
      const requireThere = createRequire(join(root, 'index.cjs'));
      const loaded = await loadNodeHid(async () => requireThere('node-hid'));
      expect(loaded).toMatchObject({ ok: false, error: { code: 'unavailable', reason: 'libusb-missing' } });
      if (!loaded.ok) expect(loaded.error.detail).toContain('libusb-9.9.so.0: cannot open shared object file');
    },
  );

  it('names a missing node-hid package (it is an optional dependency)', async () => {
    const empty = join(tmp.path, 'empty');
    mkdirSync(empty, { recursive: true });
    writeFileSync(join(empty, 'index.cjs'), '');
    const requireThere = createRequire(join(empty, 'index.cjs'));
    // Resolution from an empty folder still climbs to parents; block it with a folder of our own name.
    const loaded = await loadNodeHid(async () => requireThere(join(empty, 'node_modules', 'node-hid')));
    expect(loaded).toMatchObject({ ok: false, error: { code: 'unavailable', reason: 'node-hid-missing' } });
  });

  it.each([
    [Object.assign(new Error("Cannot find package 'node-hid' imported from /opt/adm/x.js"), { code: 'ERR_MODULE_NOT_FOUND' }), 'node-hid-missing'],
    [Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' }), 'libusb-missing'],
    [Object.assign(new Error('libudev.so.1: cannot open shared object file: No such file or directory'), { code: 'ERR_DLOPEN_FAILED' }), 'libudev-missing'],
    [new Error('No native build was found for platform=linux arch=riscv64 runtime=node abi=115'), 'binding-missing'],
    [Object.assign(new Error("Cannot find module 'pkg-prebuilds/bindings'\nRequire stack:\n- /opt/adm/node_modules/node-hid/nodehid.js"), { code: 'MODULE_NOT_FOUND' }), 'binding-failed'],
    [new Error('something else entirely'), 'binding-failed'],
  ])('classifies %s', (error, reason) => {
    expect(classifyNodeHidLoadError(error)).toBe(reason);
  });

  it('fails softly on a module without node-hid 3 API, and on a binding that throws when first used', async () => {
    expect(await loadNodeHid(async () => ({ devices: () => [] }))).toMatchObject({ ok: false, error: { reason: 'binding-failed' } });
    const throwing = {
      devicesAsync: async () => [],
      HIDAsync: { open: async () => ({}) },
      getHidapiVersion: () => {
        throw Object.assign(new Error('libusb-1.0.so.0: cannot open shared object file'), { code: 'ERR_DLOPEN_FAILED' });
      },
    };
    expect(await loadNodeHid(async () => ({ default: throwing }))).toMatchObject({ ok: false, error: { reason: 'libusb-missing' } });
  });

  it('retries the loader after a failure and keeps the transport once it loads', async () => {
    let calls = 0;
    const fake = fakeNodeHid([]);
    const source = lazyNodeHidTransport(async () => {
      calls++;
      return calls === 1 ? { ok: false, error: { code: 'unavailable', reason: 'libusb-missing', detail: 'x' } } : { ok: true, value: fake };
    });
    expect((await source()).ok).toBe(false);
    expect((await source()).ok).toBe(true);
    expect((await source()).ok).toBe(true);
    expect(calls).toBe(2);
  });
});

/** node-hid's documented async API shape, backed by event emitters: for the adapter's mapping only. */
function fakeNodeHid(devices: Awaited<ReturnType<NodeHidModule['devicesAsync']>>, openError?: Error): LoadedNodeHid & { last: EventEmitter | null } {
  const state: { last: EventEmitter | null } = { last: null };
  const hid: NodeHidModule = {
    devicesAsync: async () => devices,
    HIDAsync: {
      open: async () => {
        if (openError) throw openError;
        const e = Object.assign(new EventEmitter(), { close: async () => undefined });
        state.last = e;
        return e;
      },
    },
    getHidapiVersion: () => '0.15.0',
  };
  return Object.assign(state, { hid, hidapiVersion: '0.15.0' });
}

describe('node-hid transport adapter', () => {
  const signal = new AbortController().signal;

  it('lists devices with a path, reads the descriptor from sysfs, and passes reports and read errors on', async () => {
    const sysfs = join(tmp.path, 'sysfs');
    mkdirSync(join(sysfs, 'hidraw3', 'device'), { recursive: true });
    writeFileSync(join(sysfs, 'hidraw3', 'device', 'report_descriptor'), Uint8Array.from([0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0xc0]));
    const fake = fakeNodeHid([
      { vendorId: 0x0c2e, productId: 0x0b8f, path: '/dev/hidraw3', usagePage: 0x8c, usage: 2, interface: 0, product: 'Voyager' },
      { vendorId: 1, productId: 2, interface: 0 },
    ]);
    const transport = new NodeHidTransport(fake, sysfs);
    const listed = await transport.list(signal);
    expect(listed.ok && listed.value.map((d) => d.path)).toEqual(['/dev/hidraw3']);
    const opened = await transport.open(listed.ok ? listed.value[0]! : ({} as never), signal);
    if (!opened.ok) throw new Error('open failed');
    expect([...opened.value.reportDescriptor!]).toEqual([0x05, 0x8c, 0x09, 0x02, 0xa1, 0x01, 0xc0]);
    const reports: number[][] = [];
    const lost: string[] = [];
    opened.value.onReport((r) => reports.push([...r]));
    opened.value.onLost((d) => lost.push(d));
    fake.last!.emit('data', Buffer.from([2, 1, 0x41]));
    fake.last!.emit('error', new Error('could not read from HID device'));
    expect(reports).toEqual([[2, 1, 0x41]]);
    expect(lost).toEqual(['could not read from HID device']);
  });

  it('turns an open failure into a typed error', async () => {
    const fake = fakeNodeHid([], new Error('cannot open device with path /dev/hidraw99'));
    const r = await new NodeHidTransport(fake).open({ vendorId: 1, productId: 2, path: '/dev/hidraw99' }, signal);
    expect(r).toMatchObject({ ok: false, error: { code: 'openFailed', path: '/dev/hidraw99' } });
  });

  it('has no descriptor for non-hidraw paths (libusb backend)', () => {
    expect(readDescriptor('/sys/class/hidraw', '1-1.4:1.0')).toBeNull();
    expect(readDescriptor(join(tmp.path, 'nowhere'), '/dev/hidraw0')).toBeNull();
  });
});
