// A citizen's own personal data (issue 7): everything the platform holds about them, as one JSON
// document (GET /api/citizen/me/export), and their deletion on request (DELETE /api/citizen/me) —
// refused while a letter of theirs is still being handled, otherwise their cases anonymised by the
// same code path as retention (commands/retention.ts) and their citizen row deleted with its sessions.
import type { Deps } from './deps.js';
import type { CitizenActor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { addEvent, type CaseRow } from '../store/cases.js';
import { recipientIndex, vault, phoneIndex } from '../store/vault.js';
import { letterForWriter } from './citizenLetters.js';
import { iso } from '../presenters/casePresenter.js';
import { localDateString } from '../domain/calendar.js';
import { inProgressMessage, lettersInProgress, type WritersLetter } from '../domain/retention.js';
import { conflict, unauthorized } from '../http/errors.js';
import { ANONYMISE_COLUMNS, anonymiseLockedCases, deleteLockedCitizens, type CaseToAnonymise } from './retention.js';

const MESSAGES_MAX = 10_000;

/** Everything about the asking citizen: their profile unmasked, their letters as they see them, their thank-you letters, the messages sent to them. */
export async function exportCitizenData(deps: Deps, actor: CitizenActor) {
  const v = vault();
  const z = (await deps.store.query<{ phone: string; name: string; id_number: string; created_at: Date; updated_at: Date }>(
    'SELECT phone, name, id_number, created_at, updated_at FROM citizens WHERE id = $1', [actor.citizenId])).rows[0];
  if (!z) throw unauthorized('验证已失效，请重新验证身份');
  const now = deps.clock.now();
  const own = (await deps.store.query<Pick<CaseRow, 'id' | 'number' | 'status' | 'merged_into' | 'closed_at' | 'updated_at'>>(
    'SELECT id, number, status, merged_into, closed_at, updated_at FROM cases WHERE citizen_id = $1 ORDER BY received_at, id', [actor.citizenId])).rows;
  const ids = own.map((c) => Number(c.id));
  const [attachments, thanks, messages] = await Promise.all([
    deps.store.query<{ id: string; case_id: string; content_type: string; size: number; created_at: Date }>(
      'SELECT id, case_id, content_type, size, created_at FROM attachments WHERE case_id = ANY($1::bigint[]) ORDER BY created_at, id', [ids]),
    deps.store.query<{ number: string; content: string; created_at: Date }>(
      'SELECT c.number, t.content, t.created_at FROM thanks t JOIN cases c ON c.id = t.case_id WHERE t.citizen_id = $1 ORDER BY t.created_at, t.id', [actor.citizenId]),
    deps.store.query<{ channel: string; text: string; created_at: Date; number: string | null }>(
      `SELECT m.channel, m.text, m.created_at, c.number FROM messages m LEFT JOIN cases c ON c.id = m.case_id
        WHERE m.to_hash = $1 ORDER BY m.created_at, m.id LIMIT ${MESSAGES_MAX}`, [recipientIndex(actor.phone)]),
  ]);
  const letters = [];
  for (const c of own) {
    // What GET /api/letters/:number shows the writer: their words, status, the timeline with the replies.
    const letter = await letterForWriter(deps, actor, c.number);
    const followed = letter.mergedInto ? await letterForWriter(deps, actor, letter.mergedInto).catch(() => null) : null;
    letters.push({
      ...letter,
      closedAt: iso(c.closed_at),
      attachments: attachments.rows.filter((a) => Number(a.case_id) === Number(c.id))
        .map((a) => ({ id: a.id, contentType: a.content_type, size: Number(a.size), uploadedAt: iso(a.created_at), url: `/api/attachments/${a.id}` })),
      // A letter merged into another follows that case: its progress as the writer sees it.
      mergedCase: followed ? { number: followed.number, status: followed.status, statusName: followed.statusName, timeline: followed.timeline } : null,
    });
  }
  return {
    fileName: `my-data-${localDateString(now)}.json`,
    document: {
      exportedAt: iso(now),
      about: '本文件包含局长信箱保存的您的全部个人信息：身份信息、来信及办理进度与答复、感谢信、发送给您的短信等消息。请妥善保管。',
      profile: {
        name: v.open('name', z.name), phone: v.open('phone', z.phone), idNumber: v.open('id_number', z.id_number),
        verifiedFirstAt: iso(z.created_at), verifiedLastAt: iso(z.updated_at),
      },
      letters,
      thanks: thanks.rows.map((t) => ({ letterNumber: t.number, content: t.content, sentAt: iso(t.created_at) })),
      messages: messages.rows.map((m) => ({ channel: m.channel, text: m.text, sentAt: iso(m.created_at), letterNumber: m.number })),
    },
  };
}

/**
 * Forgets the asking citizen: 409 while any letter of theirs (or a case one was merged into) is still
 * being handled, with nothing changed; otherwise every case of theirs anonymised (reason 'request'),
 * then their citizen row deleted — their sessions with it, so the token they asked with dies too.
 */
export async function forgetCitizen(deps: Deps, actor: CitizenActor): Promise<{ anonymisedCases: number }> {
  return deps.store.transaction(async (tx) => {
    const z = (await tx.query<{ id: string; phone: string }>('SELECT id, phone FROM citizens WHERE id = $1 FOR UPDATE', [actor.citizenId])).rows[0];
    if (!z) throw unauthorized('验证已失效，请重新验证身份');
    // Their cases locked (an action under way finishes first), then judged: nothing is written before the refusal.
    const cols = ANONYMISE_COLUMNS.split(', ').map((c) => `c.${c}`).join(', ');
    const cases = (await tx.query<CaseToAnonymise & { number: string; status: WritersLetter['status']; survivor_status: WritersLetter['status'] | null }>(
      `SELECT ${cols}, c.number, c.status, s.status AS survivor_status
         FROM cases c LEFT JOIN cases s ON s.id = c.merged_into
        WHERE (c.citizen_id = $1 OR c.citizen_phone_hash = $2) AND c.anonymised_at IS NULL ORDER BY c.id FOR UPDATE OF c`,
      // Their letters through a channel (12345, 110, Open311) too: they came with the phone this citizen has proved is theirs.
      [actor.citizenId, phoneIndex(actor.phone)])).rows;
    const open = lettersInProgress(cases.map((c) => ({ number: c.number, status: c.status, survivorStatus: c.survivor_status })));
    if (open.length) throw conflict(inProgressMessage(open), 'letters_in_progress');
    const now = deps.clock.now();
    const anonymisedCases = await anonymiseLockedCases(tx, cases, 'request', now);
    await deleteLockedCitizens(tx, [z]);
    // The admin stream records that a deletion happened (no personal data: the citizen's row number only).
    await addEvent(tx, { caseId: null, at: now, actor, actorLabel: actorLabel(actor), action: 'citizen_deleted', data: { reason: 'request', anonymisedCases } });
    return { anonymisedCases };
  });
}
