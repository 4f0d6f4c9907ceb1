// 写信: 点一点 (appeal type + category) → 写一写 (title, content, address, location) → 拍一拍
// (photos), with matching FAQ answers shown before sending. The draft lives in sessionStorage so a
// reload loses nothing, and its one Idempotency-Key makes a double tap or a retry send one letter.
import { useCallback, useEffect, useMemo, useRef, useState, type Dispatch, type MutableRefObject, type SetStateAction } from 'react';
import { useNavigate } from 'react-router-dom';
import { Alert, Button, Collapse, Form, Input, Spin, Steps } from 'antd';
import { AimOutlined, CameraOutlined, CheckCircleFilled, CloseOutlined, SendOutlined } from '@ant-design/icons';
import { citizenApi, fetchWithSession, publicApi } from '../../api';
import { useI18n } from '../../i18n';
import { DEADLINES_KEY, PageTitle, RequireCitizen, useApiError, useServerName, uuid, type Deadlines } from './shared';
import { MAX_PHOTOS, preparePhoto } from './photos';

const DRAFT_KEY = 'jsjb.citizenDraft';
const UNSURE = '__unsure__';
const CONTENT_MIN = 10;
const CONTENT_MAX = 5000;
const TITLE_MAX = 100;

interface Org { categories: { code: string; name: string; examples: string }[]; appealTypes: { code: string; name: string }[] }
interface Draft {
  key: string; // Idempotency-Key of this draft
  step: number;
  type: string | null;
  category: string | null; // a category code, UNSURE, or null (not chosen yet)
  title: string;
  content: string;
  address: string;
  location: { lat: number; lng: number } | null;
  photos: { id: string; name: string }[];
}
interface Upload { key: string; name: string; url: string | null; id?: string; state: 'uploading' | 'done' | 'error'; error?: string }
interface FaqHit { id: number; question: string; answer: string; score: number }

function newDraft(): Draft {
  return { key: uuid(), step: 0, type: null, category: null, title: '', content: '', address: '', location: null, photos: [] };
}
function loadDraft(): Draft {
  try {
    const d = JSON.parse(sessionStorage.getItem(DRAFT_KEY) ?? 'null');
    if (d && typeof d.key === 'string') return { ...newDraft(), ...d };
  } catch { /* a broken draft is replaced */ }
  return newDraft();
}
const charCount = (s: string) => [...s].length;

export default function Write() {
  return <RequireCitizen><WriteInner /></RequireCitizen>;
}

function WriteInner() {
  const { t } = useI18n();
  const navigate = useNavigate();
  const onError = useApiError();
  const serverName = useServerName();

  const [draft, setDraft] = useState<Draft>(loadDraft);
  const [org, setOrg] = useState<Org | null>(null);
  const [orgError, setOrgError] = useState<string | null>(null);
  const [stepError, setStepError] = useState<string | null>(null);
  const [sendError, setSendError] = useState<string | null>(null);
  const [sending, setSending] = useState(false);
  const sendingRef = useRef(false);
  const headingRef = useRef<HTMLHeadingElement>(null);
  const firstRender = useRef(true);

  // Uploads in this page's life (previews from local object URLs); restored ones load from the server.
  const [uploads, setUploads] = useState<Upload[]>(() => draft.photos.map((p) => ({ key: p.id, id: p.id, name: p.name, url: null, state: 'done' as const })));

  const patch = useCallback((p: Partial<Draft>) => setDraft((d) => ({ ...d, ...p })), []);

  useEffect(() => { sessionStorage.setItem(DRAFT_KEY, JSON.stringify(draft)); }, [draft]);
  useEffect(() => {
    const done = uploads.filter((u) => u.state === 'done' && u.id).map((u) => ({ id: u.id!, name: u.name }));
    setDraft((d) => (JSON.stringify(d.photos) === JSON.stringify(done) ? d : { ...d, photos: done }));
  }, [uploads]);
  const urlsRef = useRef<string[]>([]);
  useEffect(() => () => urlsRef.current.forEach((u) => URL.revokeObjectURL(u)), []);

  const loadOrg = useCallback(() => {
    setOrgError(null);
    publicApi.get<Org>('/api/public/organisation').then(setOrg).catch((e) => setOrgError(onError(e)));
  }, [onError]);
  useEffect(loadOrg, [loadOrg]);

  useEffect(() => {
    if (firstRender.current) { firstRender.current = false; return; }
    window.scrollTo(0, 0);
    headingRef.current?.focus();
  }, [draft.step]);

  const goTo = (step: number) => { setStepError(null); setSendError(null); patch({ step }); };

  const next = () => {
    if (draft.step === 0) {
      if (!draft.type) return setStepError(t('citizen.write.needType'));
      if (!draft.category) return setStepError(t('citizen.write.needCategory'));
    }
    if (draft.step === 1) {
      if (!draft.title.trim()) return setStepError(t('citizen.write.needTitle'));
      if (draft.content.trim().length < CONTENT_MIN) return setStepError(t('citizen.write.contentShort', { min: CONTENT_MIN }));
      if (charCount(draft.content) > CONTENT_MAX) return setStepError(t('citizen.write.contentLong', { max: CONTENT_MAX }));
    }
    goTo(draft.step + 1);
  };

  const send = async () => {
    if (sendingRef.current) return; // a double tap: the first one is already on its way
    if (uploads.some((u) => u.state === 'uploading')) return setSendError(t('citizen.write.waitUploads'));
    sendingRef.current = true;
    setSending(true);
    setSendError(null);
    const body: Record<string, unknown> = {
      type: draft.type,
      title: draft.title.trim(),
      content: draft.content,
      channel: /MicroMessenger/i.test(navigator.userAgent) ? 'wechat' : 'mailbox_web',
    };
    if (draft.category && draft.category !== UNSURE) body.category = draft.category;
    if (draft.address.trim()) body.address = draft.address.trim();
    if (draft.location) body.location = draft.location;
    const ids = uploads.filter((u) => u.state === 'done' && u.id).map((u) => u.id!);
    if (ids.length) body.attachmentIds = ids;
    try {
      const r = await citizenApi.post<{ number: string; deadlines: Deadlines }>('/api/letters', body, { 'Idempotency-Key': draft.key });
      sessionStorage.setItem(DEADLINES_KEY(r.number), JSON.stringify(r.deadlines ?? {}));
      sessionStorage.removeItem(DRAFT_KEY);
      navigate(`/h5/done/${encodeURIComponent(r.number)}`, { state: { deadlines: r.deadlines }, replace: true });
    } catch (e) {
      setSendError(onError(e));
    } finally {
      sendingRef.current = false;
      setSending(false);
    }
  };

  const steps = [t('citizen.write.step1'), t('citizen.write.step2'), t('citizen.write.step3')];
  const categoryName = (code: string | null) => {
    if (!code) return '';
    if (code === UNSURE) return t('citizen.write.unsure');
    const c = org?.categories.find((x) => x.code === code);
    return c ? serverName(`citizen.category.${c.code}`, c.name) : code;
  };
  const typeName = (code: string | null) => {
    const a = org?.appealTypes.find((x) => x.code === code);
    return a ? serverName(`citizen.type.${a.code}`, a.name) : code ?? '';
  };

  return (
    <div>
      <PageTitle>{t('citizen.write.title')}</PageTitle>
      <Steps
        current={draft.step}
        responsive={false}
        titlePlacement="vertical"
        size="small"
        aria-label={t('citizen.write.progress')}
        onChange={(s) => { if (s < draft.step) goTo(s); }}
        items={steps.map((title, i) => ({ title, disabled: i > draft.step }))}
        style={{ marginBottom: 16 }}
      />
      <h2 ref={headingRef} tabIndex={-1} className="h5-visually-hidden">{t('citizen.write.stepHeading', { n: draft.step + 1, name: steps[draft.step] })}</h2>

      {draft.step === 0 && (
        org ? (
          <>
            <section className="h5-section" aria-labelledby="w-type-h">
              <h3 id="w-type-h" className="h5-section-title">{t('citizen.write.typeQ')}</h3>
              <div className="h5-type-grid" role="group" aria-labelledby="w-type-h">
                {org.appealTypes.map((a) => (
                  <button key={a.code} type="button" className="h5-card-button" data-testid={`type-${a.code}`}
                    aria-pressed={draft.type === a.code} onClick={() => { patch({ type: a.code }); setStepError(null); }}>
                    {serverName(`citizen.type.${a.code}`, a.name)}
                  </button>
                ))}
              </div>
            </section>
            <section className="h5-section" aria-labelledby="w-cat-h">
              <h3 id="w-cat-h" className="h5-section-title">{t('citizen.write.categoryQ')}</h3>
              <div className="h5-cat-list" role="group" aria-labelledby="w-cat-h">
                {org.categories.map((c) => (
                  <button key={c.code} type="button" className="h5-card-button" data-testid={`category-${c.code}`}
                    aria-pressed={draft.category === c.code} onClick={() => { patch({ category: c.code }); setStepError(null); }}>
                    <span className="h5-card-name">
                      <span>{serverName(`citizen.category.${c.code}`, c.name)}</span>
                      {draft.category === c.code && <CheckCircleFilled aria-hidden="true" style={{ color: '#0b4ea2' }} />}
                    </span>
                    {c.examples && <span className="h5-card-examples">{serverName(`citizen.category.${c.code}.examples`, c.examples)}</span>}
                  </button>
                ))}
                <button type="button" className="h5-card-button" data-testid="category-unsure"
                  aria-pressed={draft.category === UNSURE} onClick={() => { patch({ category: UNSURE }); setStepError(null); }}>
                  <span className="h5-card-name">
                    <span>{t('citizen.write.unsure')}</span>
                    {draft.category === UNSURE && <CheckCircleFilled aria-hidden="true" style={{ color: '#0b4ea2' }} />}
                  </span>
                  <span className="h5-card-examples">{t('citizen.write.unsureHint')}</span>
                </button>
              </div>
              {draft.category === 'police_conduct' && (
                <Alert type="info" showIcon style={{ marginTop: 12 }} title={t('citizen.write.confidential')} />
              )}
            </section>
          </>
        ) : orgError ? (
          <Alert type="error" showIcon title={orgError} action={<Button onClick={loadOrg}>{t('citizen.retry')}</Button>} />
        ) : (
          <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>
        )
      )}

      {draft.step === 1 && (
        <div className="h5-section">
          <p className="h5-muted" style={{ marginTop: 0 }}>
            {t('citizen.write.chosen', { type: typeName(draft.type), category: categoryName(draft.category) })}
          </p>
          <Form layout="vertical" requiredMark={false} component="div">
            <Form.Item label={t('citizen.write.titleLabel')} htmlFor="w-title" extra={t('citizen.write.titleHint')}>
              <Input id="w-title" data-testid="title" size="large" maxLength={TITLE_MAX} showCount value={draft.title}
                placeholder={t('citizen.write.titlePh')} onChange={(e) => patch({ title: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('citizen.write.contentLabel')} htmlFor="w-content"
              extra={<ContentCount text={draft.content} />}>
              <Input.TextArea id="w-content" data-testid="content" value={draft.content} autoSize={{ minRows: 6, maxRows: 16 }}
                placeholder={t('citizen.write.contentPh')} aria-describedby="w-content-count"
                onChange={(e) => patch({ content: e.target.value })} />
            </Form.Item>
            <Form.Item label={t('citizen.write.addressLabel')} htmlFor="w-address" extra={t('citizen.write.addressHint')}>
              <Input id="w-address" data-testid="address" size="large" maxLength={300} value={draft.address}
                placeholder={t('citizen.write.addressPh')} onChange={(e) => patch({ address: e.target.value })} />
            </Form.Item>
            <LocationField value={draft.location} onChange={(location) => patch({ location })} />
          </Form>
        </div>
      )}

      {draft.step === 2 && (
        <>
          <PhotoField uploads={uploads} setUploads={setUploads} urlsRef={urlsRef} onError={onError} />
          <FaqMatches title={draft.title.trim()} content={draft.content.trim()} />
          <SimilarReported title={draft.title.trim()} content={draft.content.trim()} address={draft.address?.trim() ?? ''} />
          <section className="h5-section" aria-labelledby="w-review-h">
            <h3 id="w-review-h" className="h5-section-title">{t('citizen.write.review')}</h3>
            <dl style={{ margin: 0 }}>
              <ReviewRow label={t('citizen.write.reviewType')} value={`${typeName(draft.type)} · ${categoryName(draft.category)}`} />
              <ReviewRow label={t('citizen.write.titleLabel')} value={draft.title.trim()} />
              {draft.address.trim() && <ReviewRow label={t('citizen.write.reviewAddress')} value={draft.address.trim()} />}
              <ReviewRow label={t('citizen.write.photosLabel')} value={t('citizen.write.photoCount', { n: uploads.filter((u) => u.state === 'done').length })} />
            </dl>
          </section>
        </>
      )}

      {stepError && <Alert type="error" showIcon title={stepError} style={{ marginBottom: 12 }} role="alert" data-testid="step-error" />}
      {sendError && <Alert type="error" showIcon title={sendError} style={{ marginBottom: 12 }} role="alert" data-testid="send-error" />}

      <div style={{ display: 'flex', gap: 10, marginTop: 8 }}>
        {draft.step > 0 && (
          <Button size="large" data-testid="prev-step" onClick={() => goTo(draft.step - 1)} style={{ flex: 1 }} disabled={sending}>
            {t('citizen.write.prev')}
          </Button>
        )}
        {draft.step < 2 ? (
          <Button type="primary" size="large" data-testid="next-step" onClick={next} style={{ flex: 2 }} disabled={draft.step === 0 && !org}>
            {t('citizen.write.next')}
          </Button>
        ) : (
          <Button type="primary" size="large" data-testid="send-letter" icon={<SendOutlined aria-hidden="true" />} onClick={send} loading={sending}
            disabled={uploads.some((u) => u.state === 'uploading')} style={{ flex: 2 }}>
            {t('citizen.write.send')}
          </Button>
        )}
      </div>
      <p className="h5-muted" style={{ marginTop: 14, textAlign: 'center' }}>{t('citizen.write.promise')}</p>
    </div>
  );
}

function ReviewRow({ label, value }: { label: string; value: string }) {
  return (
    <div style={{ display: 'flex', gap: 10, padding: '4px 0' }}>
      <dt style={{ flex: 'none', minWidth: 64, color: '#555', fontSize: 15 }}>{label}</dt>
      <dd style={{ margin: 0, minWidth: 0 }} className="h5-pre">{value}</dd>
    </div>
  );
}

function ContentCount({ text }: { text: string }) {
  const { t } = useI18n();
  const n = charCount(text);
  const short = text.trim().length < CONTENT_MIN;
  const long = n > CONTENT_MAX;
  return (
    <span id="w-content-count" data-testid="content-count" aria-live="polite" style={{ color: short || long ? '#a8071a' : '#1f5c0a', fontSize: 15 }}>
      {t('citizen.write.count', { n, max: CONTENT_MAX })}
      {short && ` · ${t('citizen.write.countShort', { min: CONTENT_MIN })}`}
      {long && ` · ${t('citizen.write.countLong', { over: n - CONTENT_MAX })}`}
    </span>
  );
}

function LocationField({ value, onChange }: { value: Draft['location']; onChange(v: Draft['location']): void }) {
  const { t, fmtNumber } = useI18n();
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState<string | null>(null);
  const locate = () => {
    setErr(null);
    if (!('geolocation' in navigator)) { setErr(t('citizen.write.geoUnsupported')); return; }
    setBusy(true);
    navigator.geolocation.getCurrentPosition(
      (pos) => { setBusy(false); onChange({ lat: Math.round(pos.coords.latitude * 1e6) / 1e6, lng: Math.round(pos.coords.longitude * 1e6) / 1e6 }); },
      (e) => { setBusy(false); setErr(e.code === e.PERMISSION_DENIED ? t('citizen.write.geoDenied') : t('citizen.write.geoFailed')); },
      { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 },
    );
  };
  return (
    <div>
      {value ? (
        <div style={{ display: 'flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }} data-testid="location-set">
          <span style={{ color: '#1f5c0a' }}><AimOutlined aria-hidden="true" /> {t('citizen.write.geoSet', { lat: fmtNumber(value.lat), lng: fmtNumber(value.lng) })}</span>
          <Button size="large" onClick={() => onChange(null)} data-testid="location-clear">{t('citizen.write.geoClear')}</Button>
        </div>
      ) : (
        <Button size="large" block icon={<AimOutlined aria-hidden="true" />} loading={busy} onClick={locate} data-testid="use-location">
          {t('citizen.write.geoUse')}
        </Button>
      )}
      {err && <Alert type="warning" showIcon title={err} style={{ marginTop: 8 }} role="alert" />}
    </div>
  );
}

function PhotoField({ uploads, setUploads, urlsRef, onError }: {
  uploads: Upload[]; setUploads: Dispatch<SetStateAction<Upload[]>>;
  urlsRef: MutableRefObject<string[]>; onError: (e: unknown) => string | null;
}) {
  const { t } = useI18n();
  const inputRef = useRef<HTMLInputElement>(null);
  const room = MAX_PHOTOS - uploads.length;
  const [notice, setNotice] = useState<string | null>(null);

  const add = async (files: FileList | null) => {
    if (!files?.length) return;
    setNotice(null);
    const list = [...files];
    const chosen = list.slice(0, Math.max(0, room));
    if (list.length > chosen.length) setNotice(t('citizen.write.photoMax', { max: MAX_PHOTOS }));
    const items = chosen.map((f) => {
      const url = URL.createObjectURL(f);
      urlsRef.current.push(url);
      return { key: uuid(), name: f.name, url, state: 'uploading' as const, file: f };
    });
    setUploads((u) => [...u, ...items.map(({ file: _f, ...rest }) => rest)]);
    await Promise.all(items.map(async (item) => {
      try {
        const { blob, name } = await preparePhoto(item.file);
        const fd = new FormData();
        fd.append('file', blob, name);
        const r = await citizenApi.post<{ id: string }>('/api/attachments', fd);
        setUploads((u) => u.map((x) => (x.key === item.key ? { ...x, id: r.id, state: 'done' } : x)));
      } catch (e) {
        const msg = onError(e);
        setUploads((u) => u.map((x) => (x.key === item.key ? { ...x, state: 'error', error: msg ?? '' } : x)));
      }
    }));
  };

  const remove = (key: string) => setUploads((u) => {
    const gone = u.find((x) => x.key === key);
    if (gone?.url) URL.revokeObjectURL(gone.url);
    return u.filter((x) => x.key !== key);
  });

  const failed = uploads.filter((u) => u.state === 'error');
  return (
    <section className="h5-section" aria-labelledby="w-photo-h">
      <h3 id="w-photo-h" className="h5-section-title">{t('citizen.write.photoTitle')}</h3>
      <p className="h5-muted" style={{ marginTop: -4 }}>{t('citizen.write.photoHint', { max: MAX_PHOTOS })}</p>
      <ul className="h5-photos" style={{ listStyle: 'none', padding: 0, margin: 0 }} data-testid="photo-list">
        {uploads.map((u, i) => (
          <li key={u.key} className="h5-photo" data-testid="photo-item" data-state={u.state}>
            {u.url ? <img src={u.url} alt={t('citizen.write.photoAlt', { n: i + 1 })} /> : u.id ? <AuthImage id={u.id} alt={t('citizen.write.photoAlt', { n: i + 1 })} /> : null}
            {u.state !== 'done' && (
              <span className="h5-photo-state" role="status">{u.state === 'uploading' ? t('citizen.write.uploading') : t('citizen.write.uploadFailed')}</span>
            )}
            <button type="button" className="h5-photo-remove" data-testid={`photo-remove-${i}`} aria-label={t('citizen.write.photoRemove', { n: i + 1 })} onClick={() => remove(u.key)}>
              <CloseOutlined aria-hidden="true" />
            </button>
          </li>
        ))}
        {room > 0 && (
          <li>
            <button type="button" className="h5-photo-add" onClick={() => inputRef.current?.click()} data-testid="photo-add">
              <CameraOutlined aria-hidden="true" style={{ fontSize: 28 }} />
              <span>{t('citizen.write.photoAdd')}</span>
              <span style={{ fontSize: 14 }}>{uploads.length}/{MAX_PHOTOS}</span>
            </button>
          </li>
        )}
      </ul>
      <input ref={inputRef} type="file" accept="image/jpeg,image/png,image/webp" multiple className="h5-visually-hidden" tabIndex={-1}
        aria-label={t('citizen.write.photoAdd')} data-testid="photo-input"
        onChange={(e) => { void add(e.target.files); e.target.value = ''; }} />
      {notice && <Alert type="warning" showIcon title={notice} style={{ marginTop: 10 }} role="alert" />}
      {failed.map((f) => (
        <Alert key={f.key} type="error" showIcon style={{ marginTop: 10 }} role="alert"
          title={t('citizen.write.photoError', { name: f.name })} description={f.error} />
      ))}
    </section>
  );
}

/** An uploaded photo read back with the citizen's session (after a reload, when no local copy is left). */
function AuthImage({ id, alt }: { id: string; alt: string }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let url: string | null = null;
    let live = true;
    fetchWithSession(`/api/attachments/${encodeURIComponent(id)}`)
      .then((r) => (r.ok ? r.blob() : null))
      .then((b) => { if (b && live) { url = URL.createObjectURL(b); setSrc(url); } })
      .catch(() => undefined);
    return () => { live = false; if (url) URL.revokeObjectURL(url); };
  }, [id]);
  return src ? <img src={src} alt={alt} /> : <span className="h5-visually-hidden">{alt}</span>;
}

interface SimilarHit { own: boolean; number?: string; title?: string; status: string; receivedAt: string; categoryName: string | null; category: string | null }

/** 是否已有人反映？ — open letters like this one. Other writers' letters come only as category,
 * district, status and date (the server never sends their words); the writer's own come with number. */
function SimilarReported({ title, content, address }: { title: string; content: string; address: string }) {
  const { t, fmtDate } = useI18n();
  const serverName = useServerName();
  const [hits, setHits] = useState<SimilarHit[]>([]);
  useEffect(() => {
    let live = true;
    if (content.length < 5) { setHits([]); return; }
    citizenApi.post<{ similar: SimilarHit[] }>('/api/letters/check', { title, content: content.slice(0, 5000), ...(address ? { address } : {}) })
      .then((r) => { if (live) setHits(r.similar); })
      .catch(() => { if (live) setHits([]); });
    return () => { live = false; };
  }, [title, content, address]);
  if (!hits.length) return null;
  return (
    <section className="h5-section" aria-labelledby="w-sim-h" data-testid="similar-reported">
      <h3 id="w-sim-h" className="h5-section-title">{t('citizen.write.similarTitle')}</h3>
      <p className="h5-muted" style={{ marginTop: -4 }}>{t('citizen.write.similarHint')}</p>
      <ul style={{ paddingLeft: 18, margin: 0 }}>
        {hits.map((h, i) => (
          <li key={i} style={{ marginBottom: 6 }}>
            {h.own && h.number
              ? t('citizen.write.similarOwn', { number: h.number })
              : t('citizen.write.similarOther', { category: h.category ? serverName(`citizen.category.${h.category}`, h.categoryName ?? h.category) : '—', date: fmtDate(h.receivedAt, false) })}
            {' · '}{t(`status.${h.status}`)}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** 是否已有答案？ — the top three FAQ entries that match what the writer has written. The FAQ
 * search scores by the share of the query found in an entry, so a long query matches little: the
 * title alone is asked too, and the two answers merged. */
function FaqMatches({ title, content }: { title: string; content: string }) {
  const { t } = useI18n();
  const [hits, setHits] = useState<FaqHit[] | null>(null);
  const queries = useMemo(() => [...new Set([`${title} ${content.slice(0, 60)}`.trim().slice(0, 200), title.slice(0, 200)])].filter(Boolean), [title, content]);
  useEffect(() => {
    let live = true;
    setHits(null);
    Promise.all(queries.map((q) => publicApi.get<FaqHit[]>(`/api/faq?q=${encodeURIComponent(q)}`).catch(() => [] as FaqHit[])))
      .then((lists) => {
        const best = new Map<number, FaqHit>();
        for (const h of lists.flat()) if (!best.has(h.id) || best.get(h.id)!.score < h.score) best.set(h.id, h);
        if (live) setHits([...best.values()].sort((a, b) => b.score - a.score).slice(0, 3));
      });
    return () => { live = false; };
  }, [queries]);
  if (!hits || hits.length === 0) return null;
  return (
    <section className="h5-section" aria-labelledby="w-faq-h" data-testid="faq-matches">
      <h3 id="w-faq-h" className="h5-section-title">{t('citizen.write.faqTitle')}</h3>
      <p className="h5-muted" style={{ marginTop: -4 }}>{t('citizen.write.faqHint')}</p>
      <Collapse
        items={hits.map((h) => ({
          key: String(h.id),
          label: h.question,
          children: <div className="h5-pre">{h.answer}</div>,
        }))}
      />
    </section>
  );
}
