import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export interface TestPki {
  ca: Buffer;
  serverCert: Buffer;
  serverKey: Buffer;
  clientCert: Buffer;
  clientKey: Buffer;
  /** A client certificate from a CA the server does not trust. */
  strangerCert: Buffer;
  strangerKey: Buffer;
  dir: string;
}

/** A throwaway CA with a server certificate for 127.0.0.1 and client certificates, made with openssl. */
export function makePki(dir: string): TestPki {
  const run = (...args: string[]) => execFileSync('openssl', args, { cwd: dir, stdio: ['ignore', 'ignore', 'pipe'] });
  const ec = ['-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes'];
  run('req', '-x509', ...ec, '-keyout', 'ca.key', '-out', 'ca.pem', '-days', '2', '-subj', '/CN=ADM test registry CA');
  run('req', '-x509', ...ec, '-keyout', 'stranger-ca.key', '-out', 'stranger-ca.pem', '-days', '2', '-subj', '/CN=Someone else');
  writeFileSync(join(dir, 'server.ext'), 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  writeFileSync(join(dir, 'client.ext'), 'extendedKeyUsage=clientAuth\n');
  const leaf = (name: string, ca: string, ext: string) => {
    run('req', ...ec, '-keyout', `${name}.key`, '-out', `${name}.csr`, '-subj', `/CN=${name}`);
    run('x509', '-req', '-in', `${name}.csr`, '-CA', `${ca}.pem`, '-CAkey', `${ca}.key`, '-CAcreateserial', '-out', `${name}.pem`, '-days', '2', '-extfile', ext);
  };
  leaf('server', 'ca', 'server.ext');
  leaf('kiosk', 'ca', 'client.ext');
  leaf('stranger', 'stranger-ca', 'client.ext');
  const f = (n: string) => readFileSync(join(dir, n));
  return {
    dir, ca: f('ca.pem'), serverCert: f('server.pem'), serverKey: f('server.key'), clientCert: f('kiosk.pem'), clientKey: f('kiosk.key'),
    strangerCert: f('stranger.pem'), strangerKey: f('stranger.key'),
  };
}
