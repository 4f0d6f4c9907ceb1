// A channel's side of the hub, for tests: a webhook receiver that records what the bureau sends
// back, and requests signed the way a channel signs them.
import { createServer, type IncomingMessage, type Server } from 'node:http';
import { sign } from '../../src/jobs/outbox.js';

export const SECRET = 'channel-secret-12345-test';

/** A channel's receiver: records every delivery; `answer` decides the status of each. */
export class Receiver {
  server!: Server;
  url = '';
  got: { id: string; body: any; raw: string; ts: string; sig: string }[] = [];
  answer: (n: number) => number | 'hang' = () => 200;
  private hung: (() => void)[] = [];
  async start() {
    this.server = createServer((req: IncomingMessage, res) => {
      let raw = '';
      req.on('data', (c) => { raw += c; });
      req.on('end', () => {
        const n = this.got.length;
        this.got.push({ id: String(req.headers['x-delivery-id']), body: JSON.parse(raw), raw, ts: String(req.headers['x-timestamp']), sig: String(req.headers['x-signature']) });
        const a = this.answer(n);
        if (a === 'hang') { this.hung.push(() => { res.statusCode = 200; res.end(); }); return; }
        res.statusCode = a;
        res.end();
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.server.address() as any).port}/hook`;
  }
  release() { for (const f of this.hung.splice(0)) f(); }
  async stop() { this.release(); this.server.closeAllConnections(); await new Promise((r) => this.server.close(r)); }
  delivered() { return this.got; }
}

export function signed(body: unknown, secret = SECRET, ts = Math.floor(Date.now() / 1000)) {
  const raw = JSON.stringify(body);
  return { raw, headers: { 'content-type': 'application/json', 'x-timestamp': String(ts), 'x-signature': sign(secret, String(ts), raw) } };
}

