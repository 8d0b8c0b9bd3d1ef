// The connection to the kiosk (docs/protocol.md): snapshots come down, intents go up. It
// reconnects on its own; the kiosk keeps the session, so nothing is lost while it is away.

const PROTOCOL = 1;

/**
 * `secret()` is this boot's secret once known; until then the launch token opens the first socket,
 * and the kiosk's `hello` carries the secret (`onSecret`). The token works once only.
 */
export function connect({ secret, launchToken, onSecret, onSnapshot, onStatus, onAck, onOpen, onAccess }) {
  let ws = null;
  let nextId = 1;
  let delay = 300;
  let closed = false;

  const open = () => {
    const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
    const known = secret();
    const query = known ? `k=${encodeURIComponent(known)}` : `t=${encodeURIComponent(launchToken)}`;
    ws = new WebSocket(`${scheme}://${location.host}/ws/ui?${query}`);
    ws.addEventListener('open', () => {
      delay = 300;
      onStatus(true);
    });
    ws.addEventListener('message', (e) => {
      let m;
      try {
        m = JSON.parse(e.data);
      } catch {
        return;
      }
      if (m.v !== PROTOCOL) return;
      if (m.type === 'hello' && typeof m.secret === 'string' && onSecret) onSecret(m.secret);
      else if (m.type === 'snapshot') onSnapshot(m.seq, m.view);
      else if (m.type === 'ack' && onAck) onAck(m.id, m.accepted);
      else if (m.type === 'open' && m.target === 'maintenance' && onOpen) onOpen(m.from);
      else if (m.type === 'access' && onAccess && m.event) onAccess(m.event);
    });
    ws.addEventListener('close', () => {
      onStatus(false);
      if (closed) return;
      setTimeout(open, delay);
      delay = Math.min(delay * 2, 4000);
    });
  };
  open();

  return {
    /** Sends one intent; returns its id, or null when the kiosk is not connected right now. */
    send(intent) {
      if (!ws || ws.readyState !== WebSocket.OPEN) return null;
      const id = `i${nextId++}`;
      ws.send(JSON.stringify({ v: PROTOCOL, type: 'intent', id, intent }));
      return id;
    },
    close() {
      closed = true;
      if (ws) ws.close();
    },
  };
}
