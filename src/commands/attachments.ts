// Photos (拍一拍): judged by their bytes, never by their name; re-encoded so that no metadata
// (GPS position, camera serial) survives; stored in the database so that a backup holds them.
import { randomUUID } from 'node:crypto';
import sharp from 'sharp';
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import { notFound, unsupportedMedia } from '../http/errors.js';
import { caseScope } from '../store/cases.js';
import { Params } from '../store/sql.js';

export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;
const ACCEPTED: Record<string, string> = { jpeg: 'image/jpeg', png: 'image/png', webp: 'image/webp' };

export async function storeAttachment(deps: Deps, actor: Actor, bytes: Buffer) {
  let format: string | undefined;
  try {
    format = (await sharp(bytes).metadata()).format;
  } catch {
    format = undefined;
  }
  const contentType = format ? ACCEPTED[format] : undefined;
  if (!contentType) throw unsupportedMedia('只接受 JPEG、PNG 或 WebP 格式的图片');
  let out: { data: Buffer; info: { width: number; height: number } };
  try {
    // rotate() applies the EXIF orientation before the metadata (and with it the location) is dropped.
    out = await sharp(bytes).rotate().toFormat(format as 'jpeg' | 'png' | 'webp').toBuffer({ resolveWithObject: true });
  } catch {
    throw unsupportedMedia('图片已损坏，无法读取');
  }
  const id = randomUUID();
  const uploaderId = actor.kind === 'citizen' ? actor.citizenId : actor.kind === 'staff' ? actor.userId : 0;
  await deps.store.query(
    `INSERT INTO attachments (id, uploader_kind, uploader_id, content_type, size, width, height, data, created_at)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
    [id, actor.kind, uploaderId, contentType, out.data.length, out.info.width, out.info.height, out.data, deps.clock.now()]);
  return { id, contentType, size: out.data.length };
}

/** The bytes of a photo, for whoever may see its case, or its uploader before it joins a case. */
export async function readAttachment(deps: Deps, actor: Actor, id: string) {
  if (!/^[0-9a-f-]{36}$/i.test(id)) throw notFound('附件');
  const p = new Params();
  const idp = p.add(id);
  const kind = p.add(actor.kind);
  const who = p.add(actor.kind === 'citizen' ? actor.citizenId : actor.kind === 'staff' ? actor.userId : -1);
  const r = await deps.store.query<{ content_type: string; data: Buffer }>(
    `SELECT a.content_type, a.data FROM attachments a LEFT JOIN cases c ON c.id = a.case_id
      WHERE a.id = ${idp} AND ((a.uploader_kind = ${kind} AND a.uploader_id = ${who})
        OR (c.id IS NOT NULL AND ${caseScope(actor, p)})
        OR (c.id IS NOT NULL AND ${kind} = 'citizen' AND c.citizen_id = ${who}))`, p.values);
  if (!r.rows[0]) throw notFound('附件');
  return { contentType: r.rows[0].content_type, data: Buffer.from(r.rows[0].data) };
}
