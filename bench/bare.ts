// Ceiling (a): what this machine's HTTP stack gives when a letter costs nothing — a bare Fastify
// route that parses the same JSON body and answers 201 with a body of the same shape.
import Fastify from 'fastify';

export async function startBare(): Promise<{ url: string; close(): Promise<void> }> {
  const app = Fastify({ logger: false, bodyLimit: 1024 * 1024 });
  let id = 0;
  app.post('/api/letters', async (req, reply) => {
    const b = req.body as { title?: unknown; content?: unknown };
    if (typeof b?.title !== 'string' || typeof b?.content !== 'string') return reply.code(400).send({ error: { code: 'invalid_input', message: 'title, content' } });
    const now = new Date().toISOString();
    id++;
    return reply.code(201).send({ id, number: `JB20260101${String(id).padStart(6, '0')}`, status: 'received', deadlines: { sign: now, contact: now, firstFeedback: now, close: now } });
  });
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}
