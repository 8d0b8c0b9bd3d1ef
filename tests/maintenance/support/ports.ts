import { createServer } from 'node:net';

/** Ports this area's tests may use. */
export const MAINTENANCE_PORTS = { from: 19100, to: 19199 } as const;

function portFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const s = createServer();
    s.once('error', () => resolve(false));
    s.listen(port, '127.0.0.1', () => s.close(() => resolve(true)));
  });
}

/** A free loopback port in this area's range. */
export async function freeMaintenancePort(): Promise<number> {
  const span = MAINTENANCE_PORTS.to - MAINTENANCE_PORTS.from + 1;
  const start = Math.floor(Math.random() * span);
  for (let i = 0; i < span; i++) {
    const port = MAINTENANCE_PORTS.from + ((start + i) % span);
    if (await portFree(port)) return port;
  }
  throw new Error(`no free port in ${MAINTENANCE_PORTS.from}-${MAINTENANCE_PORTS.to}`);
}
