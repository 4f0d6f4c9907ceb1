// Live updates for the browser: one LISTEN per process fans case changes out to server-sent
// event streams, each filtered to what its viewer may see. Clients then re-fetch what they show.
import type { FastifyReply } from 'fastify';
import type { Store } from '../store/db.js';
import { CASE_CHANNEL, type CaseChange } from '../store/changes.js';
import type { Actor } from '../policies/actor.js';
import { hasRole, isCenter } from '../policies/actor.js';

interface Subscriber { actor: Actor; reply: FastifyReply }

function visibleTo(a: Actor, c: CaseChange): boolean {
  if (isCenter(a)) return true;
  if (c.id == null) return false;
  if (a.kind === 'staff' && hasRole(a, 'officer', 'unit_leader') && a.unitCode) return c.unit === a.unitCode || c.co.includes(a.unitCode);
  if (a.kind === 'citizen') return c.citizen === a.citizenId;
  return false;
}

export class LiveHub {
  private subs = new Set<Subscriber>();
  private stop: (() => Promise<void>) | null = null;
  private keepAlive: NodeJS.Timeout | null = null;

  async start(store: Store) {
    this.stop = await store.listen(CASE_CHANNEL, (payload) => {
      let change: CaseChange;
      try { change = JSON.parse(payload); } catch { return; }
      for (const s of this.subs) {
        if (visibleTo(s.actor, change)) {
          s.reply.raw.write(`event: case\ndata: ${JSON.stringify({ id: change.id, number: change.number, status: change.status, kind: change.kind })}\n\n`);
        } else if (hasRole(s.actor, 'viewer')) {
          // A viewer reads figures, not cases: told that something changed, never which case.
          s.reply.raw.write(`event: case\ndata: ${JSON.stringify({ kind: 'figures' })}\n\n`);
        }
      }
    });
    // Proxies close idle streams; a comment every 15 s keeps them open.
    this.keepAlive = setInterval(() => { for (const s of this.subs) s.reply.raw.write(': keep-alive\n\n'); }, 15_000);
    this.keepAlive.unref();
  }

  subscribe(actor: Actor, reply: FastifyReply) {
    reply.hijack();
    reply.raw.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
    reply.raw.write('event: ready\ndata: {}\n\n');
    const sub = { actor, reply };
    this.subs.add(sub);
    reply.raw.on('close', () => this.subs.delete(sub));
  }

  async close() {
    if (this.keepAlive) clearInterval(this.keepAlive);
    for (const s of this.subs) s.reply.raw.end();
    this.subs.clear();
    await this.stop?.();
  }
}
