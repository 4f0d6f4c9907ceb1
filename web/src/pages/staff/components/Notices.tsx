// 催办/督办 notices of the signed-in staff member's unit, and the center's early warnings (预警): a
// badge with the count of new ones and a drawer with the list. "New" is remembered in this browser
// (the API keeps no read marks).
import { useCallback, useEffect, useState } from 'react';
import { Badge, Button, Drawer, Empty, Tag } from 'antd';
import { BellOutlined } from '@ant-design/icons';
import { Link } from 'react-router-dom';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { useStaff } from '../../../session';
import { useNames } from './names';
import { LINK, Muted, noteServerTime } from './ui';

interface NoticeAlert { id: number; district: string | null; category: string | null; hotspotId: string | null; ratio: number; current: number }
interface Notice {
  id: number; caseId: number | null; number: string | null; kind: 'reminder' | 'escalation' | 'supervision' | 'alert' | string;
  limit: string; text: string; createdAt: string; alert?: NoticeAlert;
}

const KIND_STYLE: Record<string, { color: string; background: string; borderColor: string }> = {
  reminder: { color: '#5c3200', background: '#fffbe6', borderColor: '#f0b400' },
  escalation: { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' },
  supervision: { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' },
  alert: { color: '#0b4ea2', background: '#f0f5ff', borderColor: '#85a5ff' },
};

export function NoticesButton({ liveTick }: { liveTick: number }) {
  const { t, fmtDate } = useI18n();
  const { user } = useStaff();
  const names = useNames();
  const seenKey = `jsjb.staff.noticesSeen.${user?.id ?? 0}`;
  const [items, setItems] = useState<Notice[]>([]);
  const [open, setOpen] = useState(false);
  const [seen, setSeen] = useState(() => Number(localStorage.getItem(seenKey) ?? 0));
  const load = useCallback(() => {
    staffApi.get<Notice[]>('/api/notices').then((r) => { r.forEach((n) => noteServerTime(n.createdAt)); setItems(r); }).catch(() => setItems([]));
  }, []);
  useEffect(() => { load(); }, [load, liveTick]);
  const unread = items.filter((n) => n.id > seen).length;
  const openDrawer = () => {
    setOpen(true);
    const max = items.reduce((m, n) => Math.max(m, n.id), seen);
    localStorage.setItem(seenKey, String(max));
    // The badge clears when the drawer closes, so that the new ones stay marked while reading.
  };
  const close = () => { setOpen(false); setSeen(Number(localStorage.getItem(seenKey) ?? 0)); };
  const textOf = (n: Notice) => {
    if (n.alert) {
      const a = n.alert;
      const subject = a.hotspotId ? t('staff.notice.alertHotspot') : t('staff.notice.alertSubject', { district: names.districtName(a.district), category: names.categoryName(a.category) });
      return t('staff.notice.text.alert', { subject, n: a.current, ratio: a.ratio });
    }
    return t(n.kind === 'reminder' ? 'staff.notice.text.reminder' : 'staff.notice.text.breached', { number: n.number ?? '', limit: t(`limit.${n.limit}`) });
  };
  return (
    <>
      <Badge count={unread} overflowCount={99} color="#a8071a">
        <Button icon={<BellOutlined aria-hidden />} onClick={openDrawer} data-testid="notices-button"
          aria-label={t('staff.notice.buttonAria', { n: unread })}>
          {t('staff.notice.button')}
        </Button>
      </Badge>
      <Drawer open={open} onClose={close} title={t('staff.notice.title')} size={440} data-testid="notices-drawer">
        {items.length === 0 ? <Empty description={t('staff.notice.empty')} /> : (
          <ul style={{ listStyle: 'none', margin: 0, padding: 0 }}>
            {items.map((n) => (
              <li key={n.id} style={{ padding: '10px 0', borderBottom: '1px solid #f0f0f0', background: n.id > seen ? '#f6f9ff' : undefined }}>
                <div style={{ display: 'flex', gap: 8, alignItems: 'center', marginBottom: 4 }}>
                  <Tag style={KIND_STYLE[n.kind] ?? KIND_STYLE.reminder}>{t(`staff.notice.kind.${n.kind}`)}</Tag>
                  <Muted>{fmtDate(n.createdAt)}</Muted>
                  {n.id > seen && <Tag color="blue">{t('staff.notice.new')}</Tag>}
                </div>
                <div>{textOf(n)}</div>
                {n.caseId != null
                  ? <Link to={`/staff/cases/${n.caseId}`} onClick={close} style={{ color: LINK }}>{t('staff.notice.open', { number: n.number ?? '' })}</Link>
                  : <Link to="/staff/console/alerts" onClick={close} style={{ color: LINK }}>{t('staff.notice.openAlerts')}</Link>}
              </li>
            ))}
          </ul>
        )}
      </Drawer>
    </>
  );
}
