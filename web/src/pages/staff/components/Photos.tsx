// The letter's photos: fetched with the session (the image URLs need it), shown as
// thumbnails that are buttons; a click or Enter opens the large view.
import { useEffect, useState } from 'react';
import { Image, Spin } from 'antd';
import { fetchWithSession } from '../../../api';
import { useI18n } from '../../../i18n';
import { Muted } from './ui';

export function Photos({ attachments }: { attachments: { id: string; contentType: string; size: number }[] }) {
  const { t, fmtNumber } = useI18n();
  const [urls, setUrls] = useState<Record<string, string | 'error'>>({});
  const [open, setOpen] = useState(false);
  const [current, setCurrent] = useState(0);
  const ids = attachments.map((a) => a.id).join(',');
  useEffect(() => {
    let alive = true;
    const made: string[] = [];
    for (const a of attachments) {
      fetchWithSession(`/api/attachments/${encodeURIComponent(a.id)}`)
        .then((r) => { if (!r.ok) throw new Error(String(r.status)); return r.blob(); })
        .then((b) => {
          const u = URL.createObjectURL(b);
          made.push(u);
          if (alive) setUrls((m) => ({ ...m, [a.id]: u }));
        })
        .catch(() => { if (alive) setUrls((m) => ({ ...m, [a.id]: 'error' })); });
    }
    return () => { alive = false; made.forEach((u) => URL.revokeObjectURL(u)); };
  }, [ids]); // eslint-disable-line react-hooks/exhaustive-deps
  if (!attachments.length) return <Muted>{t('staff.case.noPhotos')}</Muted>;
  const ready = attachments.map((a) => urls[a.id]).filter((u): u is string => !!u && u !== 'error');
  return (
    <>
      <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
        {attachments.map((a, i) => {
          const u = urls[a.id];
          const label = t('staff.case.photoAlt', { n: i + 1, size: fmtNumber(Math.round(a.size / 1024)) });
          return (
            <button key={a.id} type="button" aria-label={t('staff.case.photoOpen', { n: i + 1 })} title={label} data-testid={`photo-${i}`}
              disabled={!u || u === 'error'}
              onClick={() => { setCurrent(ready.indexOf(u as string)); setOpen(true); }}
              style={{ width: 112, height: 112, padding: 0, border: '1px solid #d9d9d9', borderRadius: 6, background: '#fafafa', cursor: 'zoom-in', overflow: 'hidden', display: 'grid', placeItems: 'center' }}>
              {!u ? <Spin size="small" /> : u === 'error'
                ? <span style={{ color: '#a8071a', fontSize: 13, padding: 4 }}>{t('staff.case.photoError')}</span>
                : <img src={u} alt={label} style={{ width: '100%', height: '100%', objectFit: 'cover' }} />}
            </button>
          );
        })}
      </div>
      <Image.PreviewGroup items={ready} preview={{ open, current, onOpenChange: (v) => setOpen(v), onChange: (c) => setCurrent(c) }} />
    </>
  );
}
