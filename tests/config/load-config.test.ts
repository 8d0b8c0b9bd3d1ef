import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { formatProblem, loadConfig } from '../../kiosk/config/load.ts';
import { tempDir } from '../support/temp-dir.ts';

const dirs: Array<{ remove(): void }> = [];
afterEach(() => dirs.splice(0).forEach((d) => d.remove()));

function configFile(content: string): string {
  const d = tempDir('config');
  dirs.push(d);
  const file = join(d.path, 'kiosk.json');
  writeFileSync(file, content);
  return file;
}

function problems(content: string, env: NodeJS.ProcessEnv = {}): string[] {
  const r = loadConfig({ file: configFile(content), env });
  if (r.ok) throw new Error('expected the configuration to be refused');
  return r.error.map(formatProblem);
}

describe('configuration', () => {
  it('runs the simulated kiosk with no file at all', () => {
    const r = loadConfig({ env: {} });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.file).toBeNull();
    expect(r.value.config.http).toEqual({ host: '127.0.0.1', port: 8080, uiIntentsPerSecond: 10 });
    expect(r.value.config.devices.cardReader.mode).toBe('simulated');
    expect(r.value.config.devices.a4Printer.media).toBe('iso_a4_210x297mm');
    expect(r.value.config.registry.mode).toBe('embedded');
    expect(r.value.config.session.fingerprintAttempts).toBe(3);
    expect(r.value.config.fleet.mqttUrl).toBeUndefined();
  });

  it('names the key, the value and what was expected for a wrong type', () => {
    const [line, ...rest] = problems('{"http": {"port": "eighty"}}');
    expect(rest).toEqual([]);
    expect(line).toContain('http.port');
    expect(line).toContain('"eighty"');
    expect(line).toContain('expected a value of type number');
  });

  it('refuses a kecamatan code that is not six digits or lies outside the kiosk\'s region', () => {
    expect(problems(JSON.stringify({ kiosk: { regionCode: '3506', districtCode: '35061' } })).join('\n')).toMatch(/kiosk\.districtCode.*"35061".*six digits/);
    expect(problems(JSON.stringify({ kiosk: { regionCode: '3506', districtCode: '357114' } })).join('\n')).toMatch(/kiosk\.districtCode.*"357114".*start with the region code 3506/);
    const good = loadConfig({ file: configFile(JSON.stringify({ kiosk: { regionCode: '3506', districtCode: '350614' } })), env: {} });
    expect(good.ok && good.value.config.kiosk.districtCode).toBe('350614');
  });

  it('reports every problem at once, one line each', () => {
    const lines = problems(
      JSON.stringify({
        kiosk: { regionCode: '35A6', id: 'x' },
        http: { port: 70000 },
        devices: { cardReader: { mode: 'serial' }, a4Printer: { mode: 'ipp', uri: 'http://printer/a4' } },
        session: { fingerprintAttempts: 0 },
      }),
    );
    expect(lines).toHaveLength(6);
    expect(lines.find((l) => l.includes('kiosk.regionCode'))).toMatch(/"35A6".*four digits/);
    expect(lines.find((l) => l.includes('kiosk.id'))).toMatch(/"x".*letters, digits and dashes/);
    expect(lines.find((l) => l.includes('http.port'))).toMatch(/70000.*at most 65535/);
    expect(lines.find((l) => l.includes('devices.cardReader.path'))).toMatch(/\(missing\).*required when mode is "serial"/);
    expect(lines.find((l) => l.includes('devices.a4Printer.uri'))).toContain('"http://printer/a4"');
    expect(lines.find((l) => l.includes('session.fingerprintAttempts'))).toMatch(/0.*at least 1/);
  });

  it('refuses plain transports for secrets and personal data to another host, naming the key', () => {
    const lines = problems(
      JSON.stringify({
        registry: { mode: 'http', url: 'http://registry.dukcapil.example/api' },
        fleet: { mqttUrl: 'mqtt://fleet.example:1883', username: 'ADM-3506-0007', password: 'secret' },
        devices: { a4Printer: { mode: 'ipp', uri: 'ipp://192.168.1.20/ipp/print' }, cardPrinter: { mode: 'ipp', uri: 'ipp://printer.local:631/ipp/print' } },
      }),
    );
    expect(lines).toHaveLength(4);
    expect(lines.find((l) => l.includes('registry.url'))).toMatch(/needs https:\/\/ \(TLS\)/);
    expect(lines.find((l) => l.includes('fleet.mqttUrl'))).toMatch(/broker with a username or password on another host needs mqtts:\/\//);
    expect(lines.find((l) => l.includes('devices.a4Printer.uri'))).toMatch(/needs ipps:\/\//);
    expect(lines.find((l) => l.includes('devices.cardPrinter.uri'))).toMatch(/needs ipps:\/\//);
    // The same through the environment override.
    expect(problems(JSON.stringify({ fleet: { password: 'secret' } }), { ADM_MQTT_URL: 'ws://fleet.example/mqtt' }).join('\n')).toMatch(/fleet\.mqttUrl.*needs wss:\/\//);
  });

  it('allows plain transports on this machine, and a broker without credentials', () => {
    const r = loadConfig({
      file: configFile(
        JSON.stringify({
          registry: { mode: 'http', url: 'http://127.0.0.1:9090/api' },
          fleet: { mqttUrl: 'mqtt://fleet.example:1883' },
          devices: { a4Printer: { mode: 'ipp', uri: 'ipp://localhost:631/printers/a4' }, cardPrinter: { mode: 'ipp', uri: 'ipps://printer.local/ipp/print' } },
        }),
      ),
      env: {},
    });
    expect(r.ok && r.value.config.registry.url).toBe('http://127.0.0.1:9090/api');
    const local = loadConfig({ file: configFile(JSON.stringify({ fleet: { mqttUrl: 'mqtt://[::1]:1883', username: 'u', password: 'p' } })), env: {} });
    expect(local.ok).toBe(true);
  });

  it('refuses an unknown key by name, so a typo is not silently ignored', () => {
    const [line] = problems('{"devices": {"cardReadr": {"mode": "serial"}}}');
    expect(line).toContain('devices.cardReadr');
    expect(line).toContain('unknown key');
  });

  it('refuses an enum value that is not allowed and lists the allowed ones', () => {
    const [line] = problems('{"http": {"host": "0.0.0.0"}}');
    expect(line).toContain('http.host = "0.0.0.0"');
    expect(line).toContain('"127.0.0.1"');
  });

  it('checks that the inactivity warning comes before the time-out', () => {
    const [line] = problems('{"session": {"inactivityWarningMs": 90000, "inactivityTimeoutMs": 60000}}');
    expect(line).toContain('session.inactivityWarningMs = 90000');
  });

  it('says so when the file is not JSON or not there', () => {
    const [bad] = problems('{"http": ');
    expect(bad).toMatch(/expected valid JSON/);
    const missing = loadConfig({ file: '/nonexistent/adm.json', env: {} });
    expect(missing.ok).toBe(false);
    if (!missing.ok) expect(formatProblem(missing.error[0]!)).toMatch(/\/nonexistent\/adm.json.*readable JSON file \(ENOENT\)/);
  });

  it('reads ADM_CONFIG and lets ADM_DATA_DIR, ADM_PORT and ADM_MQTT_URL override the file', () => {
    const file = configFile('{"dataDir": "/var/lib/adm", "http": {"port": 9000}}');
    const r = loadConfig({ env: { ADM_CONFIG: file, ADM_DATA_DIR: '/tmp/adm', ADM_PORT: '8181', ADM_MQTT_URL: 'mqtt://127.0.0.1:1883' } });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.value.file).toBe(file);
    expect(r.value.config.dataDir).toBe('/tmp/adm');
    expect(r.value.config.http.port).toBe(8181);
    expect(r.value.config.fleet.mqttUrl).toBe('mqtt://127.0.0.1:1883');
    expect(r.value.overrides).toEqual(['ADM_DATA_DIR', 'ADM_PORT', 'ADM_MQTT_URL']);
  });

  it('names the environment variable when an override is wrong', () => {
    const r = loadConfig({ env: { ADM_PORT: 'abc', ADM_MQTT_URL: 'ftp://broker' } });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    const lines = r.error.map(formatProblem);
    expect(lines.find((l) => l.includes('http.port'))).toMatch(/"abc" \(from ADM_PORT\)/);
    expect(lines.find((l) => l.includes('fleet.mqttUrl'))).toMatch(/"ftp:\/\/broker" \(from ADM_MQTT_URL\)/);
  });
});
