// The case's audit trail (可追溯): every event with who, when, what, and the details that matter,
// all as plain text.
import { useState, type ReactNode } from 'react';
import { Button, Timeline } from 'antd';
import { Link } from 'react-router-dom';
import { useI18n } from '../../../i18n';
import { useNames } from './names';
import { LINK, Muted } from './ui';
import { StoredReplyCheck } from './ReplyCheck';

export interface CaseEvent { at: string; actor: string | null; action: string; note: string | null; data: Record<string, any> | null }

const COLOR: Record<string, string> = {
  sla_breached: 'red', returned: 'red', review_rejected: 'red', extension_rejected: 'red', reopened: 'red',
  sla_warning: '#ad6800', closed: 'green', review_approved: 'green', extension_approved: 'green', rated: 'green', thanks: 'green',
  contact_info_viewed: 'gray', merged: 'gray', merged_in: 'gray',
};

// The labels the server writes for actors that are not staff members.
const ACTOR_KEYS: Record<string, string> = { 时限监控: 'staff.event.actor.watcher', 来信人: 'staff.event.actor.citizen', 匿名: 'staff.event.actor.anonymous' };

const yesNo = (t: (k: string) => string, v: unknown) => (v === true ? t('staff.common.yes') : v === false ? t('staff.common.no') : '—');

function Details({ e }: { e: CaseEvent }) {
  const { t, fmtDate } = useI18n();
  const n = useNames();
  const d = e.data ?? {};
  const lines: ReactNode[] = [];
  let showNote = true;
  switch (e.action) {
    case 'received':
      if (d.channel) lines.push(t('staff.event.d.channel', { channel: n.channelName(d.channel) }));
      break;
    case 'dispatched':
      lines.push(t('staff.event.d.unit', { unit: n.unitName(d.unitCode, d.unitName) }));
      if (Array.isArray(d.coUnitCodes) && d.coUnitCodes.length) lines.push(t('staff.event.d.coUnits', { units: d.coUnitCodes.map((u: string) => n.unitName(u)).join(t('staff.common.listSep')) }));
      if (d.category) lines.push(t('staff.event.d.category', { category: n.categoryName(d.category) }));
      break;
    case 'signed':
      if (d.unitCode || d.unitName) lines.push(t('staff.event.d.unit', { unit: n.unitName(d.unitCode, d.unitName) }));
      break;
    case 'contacted':
      lines.push(`${t(`staff.contact.method.${d.method}`)} · ${t(`staff.contact.outcome.${d.outcome}`)}`);
      break;
    case 'feedback':
    case 'thanks':
      if (d.content) lines.push(<span style={{ whiteSpace: 'pre-wrap' }}>{String(d.content)}</span>);
      break;
    case 'returned':
      if (d.unitCode || d.unitName) lines.push(t('staff.event.d.fromUnit', { unit: n.unitName(d.unitCode, d.unitName) }));
      lines.push(t('staff.event.d.reason', { reason: d.reason ?? e.note ?? '' }));
      showNote = false;
      break;
    case 'extension_requested':
    case 'extension_rejected':
      lines.push(t('staff.event.d.days', { days: d.days ?? '?' }));
      break;
    case 'extension_approved':
      lines.push(t('staff.event.d.days', { days: d.days ?? '?' }));
      if (d.closeDue) lines.push(t('staff.event.d.closeDue', { due: fmtDate(d.closeDue) }));
      break;
    case 'reported':
      lines.push(t('staff.event.d.outcome', { outcome: t(`staff.outcome.${d.outcome}`) }));
      if (d.content) lines.push(<span style={{ whiteSpace: 'pre-wrap' }}>{String(d.content)}</span>);
      break;
    case 'callback':
      lines.push(`${t('staff.callback.reached')}${t('staff.common.colon')}${yesNo(t, d.reached)}`);
      if (d.reached) {
        lines.push(`${t('staff.callback.resolved')}${t('staff.common.colon')}${yesNo(t, d.resolved)}`);
        if (d.satisfaction) lines.push(`${t('staff.callback.satisfaction')}${t('staff.common.colon')}${t(`satisfaction.${d.satisfaction}`)}`);
      }
      break;
    case 'rated':
      lines.push(`${t('staff.callback.resolved')}${t('staff.common.colon')}${yesNo(t, d.resolved)}`);
      if (d.satisfaction) lines.push(`${t('staff.callback.satisfaction')}${t('staff.common.colon')}${t(`satisfaction.${d.satisfaction}`)}`);
      break;
    case 'merged':
      if (d.intoId) lines.push(<>{t('staff.event.d.mergedInto')} <Link to={`/staff/cases/${d.intoId}`} style={{ color: LINK }}>{String(d.intoNumber ?? d.intoId)}</Link></>);
      break;
    case 'merged_in':
      if (d.fromId) lines.push(<>{t('staff.event.d.mergedFrom')} <Link to={`/staff/cases/${d.fromId}`} style={{ color: LINK }}>{String(d.fromNumber ?? d.fromId)}</Link></>);
      break;
    case 'sla_warning':
    case 'sla_breached':
      lines.push(t(e.action === 'sla_warning' ? 'staff.event.d.slaWarning' : 'staff.event.d.slaBreached', { limit: t(`limit.${d.limit}`) }));
      if (d.due) lines.push(t('staff.event.d.due', { due: fmtDate(d.due) }));
      showNote = false;
      break;
    case 'reopened':
      if (d.round) lines.push(t('staff.event.d.round', { n: d.round }));
      break;
  }
  if ((e.action === 'feedback' || e.action === 'reported') && d.replyCheck) lines.push(<StoredReplyCheck check={d.replyCheck} />);
  if (showNote && e.note) lines.push(<span style={{ whiteSpace: 'pre-wrap' }}>{t('staff.event.d.note')}{e.note}</span>);
  if (!lines.length) return null;
  return <div style={{ marginTop: 2 }}>{lines.map((l, i) => <div key={i}>{l}</div>)}</div>;
}

export function EventTrail({ events }: { events: CaseEvent[] }) {
  const { t, fmtDate } = useI18n();
  const [newestFirst, setNewestFirst] = useState(true);
  const list = newestFirst ? [...events].reverse() : events;
  const label = (a: string) => { const k = `staff.event.${a}`; const s = t(k); return s === k ? a : s; };
  return (
    <div data-testid="event-trail">
      <div style={{ textAlign: 'right', marginBottom: 8 }}>
        <Button size="small" onClick={() => setNewestFirst((v) => !v)} aria-pressed={newestFirst}>
          {t(newestFirst ? 'staff.event.newestFirst' : 'staff.event.oldestFirst')}
        </Button>
      </div>
      <Timeline
        items={list.map((e, i) => ({
          key: `${e.at}-${i}`,
          color: COLOR[e.action] ?? 'blue',
          content: (
            <div data-action={e.action}>
              <div style={{ fontSize: 13 }}><Muted>{fmtDate(e.at)}</Muted></div>
              <strong>{label(e.action)}</strong>
              {e.actor && <span style={{ marginInlineStart: 8 }}><Muted>{ACTOR_KEYS[e.actor] ? t(ACTOR_KEYS[e.actor]) : e.actor}</Muted></span>}
              <Details e={e} />
            </div>
          ),
        }))}
      />
    </div>
  );
}
