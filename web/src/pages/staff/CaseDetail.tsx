// One case: the letter, photos, the writer (masked until asked, and every look is recorded), the
// time limits, the full trail, and only the actions the server allows this user now.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, App, Button, Card, Col, Descriptions, Result, Row, Space, Spin, Tag, Typography } from 'antd';
import { ArrowLeftOutlined, EyeOutlined, ReloadOutlined } from '@ant-design/icons';
import { Link, useNavigate, useParams } from 'react-router-dom';
import { ApiError, staffApi } from '../../api';
import { useI18n } from '../../i18n';
import { useLive } from '../../live';
import { ActionDialog, ACTIONS, SHORTCUTS, type Action, type CaseForActions } from './components/Actions';
import type { CaseItem } from './components/CaseTable';
import { EventTrail, type CaseEvent } from './components/EventTrail';
import { Photos } from './components/Photos';
import { SlaCards, type SlaEntry } from './components/SlaCards';
import { LevelTag, LINK, Muted, StaffTheme, PriorityTag, StatusTag, errorText, noteServerTime } from './components/ui';
import { useNames } from './components/names';
import { SimilarCard } from './components/Similar';
import { ReportReplyCheck } from './components/ReplyCheck';
import { PublishCase } from './components/PublishCase';
import { useStaff, CENTER, UNIT } from '../../session';

interface CaseFull extends CaseItem, CaseForActions {
  content: string; address: string | null; location: { lat: number; lng: number } | null; confidential: boolean;
  citizen: { name: string; phone: string }; sla: Record<string, SlaEntry | null>; events: CaseEvent[];
  evaluation: { reached: boolean | null; resolved: boolean | null; satisfaction: string | null; at: string } | null;
  mergedInto: number | null; attachments: { id: string; contentType: string; size: number }[]; allowedActions: string[];
  updatedAt: string;
}

const CONFIDENTIAL = '（保密）';

function isTyping(el: EventTarget | null): boolean {
  if (!(el instanceof HTMLElement)) return false;
  return !!el.closest('input, textarea, select, [contenteditable=""], [contenteditable="true"], [role="combobox"], [role="textbox"]');
}

export default function CaseDetail() {
  return <StaffTheme><CaseDetailPage /></StaffTheme>;
}

function CaseDetailPage() {
  const { t, fmtDate, lang } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const { has } = useStaff();
  const navigate = useNavigate();
  const id = Number(useParams().id);
  const [c, setC] = useState<CaseFull | null>(null);
  const [error, setError] = useState<{ status: number; text: string } | null>(null);
  const [loading, setLoading] = useState(true);
  const [action, setAction] = useState<Action | null>(null);
  const [signing, setSigning] = useState(false);
  const [contact, setContact] = useState<{ name: string; phone: string } | null>(null);
  const [revealing, setRevealing] = useState(false);

  const seq = useRef(0);
  const load = useCallback(async (quiet = false) => {
    const mine = ++seq.current;
    if (!quiet) setLoading(true);
    try {
      const r = await staffApi.get<CaseFull>(`/api/cases/${id}`);
      if (mine !== seq.current) return;
      noteServerTime(r.updatedAt);
      r.events.forEach((e) => noteServerTime(e.at));
      setC(r);
      setError(null);
    } catch (e) {
      if (mine === seq.current) setError({ status: e instanceof ApiError ? e.status : 0, text: errorText(e) });
    } finally {
      if (mine === seq.current) setLoading(false);
    }
  }, [id]);
  useEffect(() => { setContact(null); void load(); }, [load]);

  // Someone else changed this case (or the time-limit watcher did): show it.
  const liveTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  useLive('staff', (ch) => {
    if (ch.id !== id || liveTimer.current) return;
    liveTimer.current = setTimeout(() => { liveTimer.current = null; void load(true); }, 400);
  });
  useEffect(() => () => { if (liveTimer.current) clearTimeout(liveTimer.current); }, []);

  useEffect(() => { if (c) document.title = `${c.number} · ${t('app.title')}`; }, [c, t]);

  // A case that stopped being visible (returned or re-dispatched away from this unit) keeps its
  // last content on screen, read-only, under a notice.
  const gone = !!c && error?.status === 404;
  const allowed = gone ? [] : (c?.allowedActions ?? []).filter((a): a is Action => (ACTIONS as readonly string[]).includes(a));

  const sign = async () => {
    setSigning(true);
    try {
      await staffApi.post(`/api/cases/${id}/sign`);
      message.success(t('staff.action.done', { action: t('staff.action.sign') }));
      await load(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setSigning(false);
    }
  };
  const start = (a: Action) => { if (a === 'sign') void sign(); else setAction(a); };

  // Keyboard shortcuts for the common actions; never while typing or while a dialog is open.
  const startRef = useRef(start);
  startRef.current = start;
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.repeat || action || signing) return;
      if (isTyping(e.target) || (e.target instanceof HTMLElement && e.target.closest('[role="dialog"], .ant-image-preview, .ant-drawer'))) return;
      const key = e.key.toUpperCase();
      const a = allowed.find((x) => SHORTCUTS[x] === key);
      if (a) { e.preventDefault(); startRef.current(a); }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [allowed.join(','), action, signing]); // eslint-disable-line react-hooks/exhaustive-deps

  const reveal = async () => {
    setRevealing(true);
    try {
      setContact(await staffApi.get<{ name: string; phone: string }>(`/api/cases/${id}/contact-info`));
      void load(true);
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setRevealing(false);
    }
  };

  if (loading && !c) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (error && !c) {
    return (
      <Result status={error.status === 404 ? '404' : error.status === 403 ? '403' : 'error'}
        title={error.status === 404 ? t('staff.case.notFound') : t('staff.case.loadFailed')} subTitle={error.status === 404 ? undefined : error.text}
        extra={<Button type="primary" onClick={() => navigate('/staff/workbench')}>{t('staff.case.backToList')}</Button>} />
    );
  }
  if (!c) return null;

  const writerHidden = c.citizen.phone === CONFIDENTIAL || c.citizen.name === CONFIDENTIAL;

  return (
    <div>
      {/* Header */}
      <div style={{ display: 'flex', alignItems: 'flex-start', gap: 12, marginBottom: 12 }}>
        <Button icon={<ArrowLeftOutlined aria-hidden />} onClick={() => (window.history.length > 1 ? navigate(-1) : navigate('/staff/workbench'))}>
          {t('common.back')}
        </Button>
        <div style={{ flex: 1, minWidth: 0 }}>
          <Typography.Title level={3} style={{ margin: 0, overflowWrap: 'anywhere' }} data-testid="case-title">{c.title}</Typography.Title>
          <Space wrap size={[8, 4]} style={{ marginTop: 6 }}>
            <span style={{ fontVariantNumeric: 'tabular-nums' }} data-testid="case-number">{c.number}</span>
            <StatusTag status={c.status} />
            <LevelTag level={c.level} />
            <PriorityTag priority={c.priority} />
            {c.confidential && <Tag style={{ color: '#531dab', background: '#f4ecfb', borderColor: '#b37feb' }}>{t('staff.case.confidential')}</Tag>}
            {c.extensionPending && <Tag style={{ color: '#5c3200', background: '#fffbe6', borderColor: '#f0b400' }}>{t('staff.tag.extensionPending')}</Tag>}
          </Space>
        </div>
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => load(true)}>{t('staff.common.refresh')}</Button>
      </div>

      {/* Actions */}
      <Card size="small" style={{ marginBottom: 16 }} title={t('staff.case.actions')}>
        {allowed.length === 0 ? <Muted>{t('staff.case.noActions')}</Muted> : (
          <Space wrap>
            {allowed.map((a) => {
              const key = SHORTCUTS[a];
              const primary = ['dispatch', 'sign', 'report', 'review', 'callback'].includes(a);
              return (
                <Button key={a} type={primary ? 'primary' : 'default'} danger={a === 'return'} data-testid={`action-${a}`}
                  loading={a === 'sign' && signing} onClick={() => start(a)} aria-keyshortcuts={key}
                  title={key ? t('staff.case.shortcut', { key }) : undefined}>
                  {t(`staff.action.${a}`)}
                  {key && <kbd style={{ marginInlineStart: 6, fontSize: 12, padding: '0 5px', border: '1px solid currentColor', borderRadius: 3, opacity: 0.9, fontFamily: 'inherit' }}>{key}</kbd>}
                </Button>
              );
            })}
          </Space>
        )}
        {allowed.some((a) => SHORTCUTS[a]) && <div style={{ marginTop: 8, fontSize: 13 }}><Muted>{t('staff.case.shortcutHelp')}</Muted></div>}
      </Card>

      {gone && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="case-gone" title={t('staff.case.gone')}
          action={<Button size="small" onClick={() => navigate('/staff/workbench')}>{t('staff.case.backToList')}</Button>} />
      )}
      {error && !gone && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={error.text} />}
      {c.mergedInto && (
        <Alert type="info" showIcon style={{ marginBottom: 16 }}
          title={<>{t('staff.case.mergedInto')} <Link to={`/staff/cases/${c.mergedInto}`} style={{ color: LINK }}>{t('staff.case.openCase', { id: c.mergedInto })}</Link></>} />
      )}
      {c.extensionPending && (
        <Alert type="warning" showIcon style={{ marginBottom: 16 }} data-testid="extension-pending"
          title={t('staff.extension.pendingSummary', { days: c.extensionPending.days })}
          description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.extensionPending.reason}</span>} />
      )}

      {/* Time limits */}
      <Typography.Title level={5} style={{ marginTop: 0 }}>{t('staff.sla.title')}</Typography.Title>
      <div style={{ marginBottom: 16 }}><SlaCards sla={c.sla} /></div>

      <Row gutter={16}>
        <Col xs={24} xl={15}>
          <Card title={t('staff.case.letter')} style={{ marginBottom: 16 }}>
            <Descriptions size="small" column={2} bordered styles={{ label: { width: lang === 'en' ? 140 : 100, color: '#3a3a3a' } }}
              items={[
                { key: 'number', label: t('staff.col.number'), children: c.number },
                { key: 'received', label: t('staff.col.receivedAt'), children: fmtDate(c.receivedAt) },
                { key: 'category', label: t('staff.col.category'), children: names.categoryName(c.category, c.categoryName) },
                { key: 'type', label: t('staff.case.type'), children: names.typeName(c.type) },
                { key: 'channel', label: t('staff.case.channel'), children: names.channelName(c.channel) },
                { key: 'district', label: t('staff.col.district'), children: names.districtName(c.district) },
                { key: 'unit', label: t('staff.case.mainUnit'), children: names.unitName(c.unitCode, c.unitName) },
                { key: 'co', label: t('staff.case.coUnits'), children: c.coUnitCodes?.length ? c.coUnitCodes.map((u) => names.unitName(u)).join(t('staff.common.listSep')) : '—' },
                { key: 'address', label: t('staff.case.address'), span: 2, children: c.address || '—' },
                ...(c.location ? [{ key: 'loc', label: t('staff.case.location'), span: 2, children: `${c.location.lat.toFixed(5)}, ${c.location.lng.toFixed(5)}` }] : []),
              ]} />
            <Typography.Title level={5} style={{ marginTop: 16 }}>{t('staff.case.content')}</Typography.Title>
            <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere', lineHeight: 1.8, background: '#fafafa', border: '1px solid #f0f0f0', borderRadius: 6, padding: 12 }}
              data-testid="case-content">{c.content}</div>
          </Card>
          <Card title={t('staff.case.photos', { n: c.attachments.length })} style={{ marginBottom: 16 }}>
            <Photos attachments={c.attachments} />
          </Card>
          {has(...CENTER, ...UNIT) && (
            <SimilarCard caseId={c.id} canMerge={allowed.includes('merge')} onMerged={() => load(true)} />
          )}
          {c.report && (
            <Card title={t('staff.case.report')} style={{ marginBottom: 16 }} data-testid="case-report">
              <p style={{ marginTop: 0 }}><strong>{t('staff.report.outcome')}{t('staff.common.colon')}</strong>{t(`staff.outcome.${c.report.outcome}`)}</p>
              <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{c.report.content}</div>
              <ReportReplyCheck events={c.events} />
            </Card>
          )}
          {c.evaluation && (
            <Card title={t('staff.case.evaluation')} style={{ marginBottom: 16 }}>
              <Descriptions size="small" column={2} styles={{ label: { color: '#3a3a3a' } }} items={[
                { key: 'reached', label: t('staff.callback.reached'), children: c.evaluation.reached == null ? '—' : t(c.evaluation.reached ? 'staff.common.yes' : 'staff.common.no') },
                { key: 'resolved', label: t('staff.callback.resolved'), children: c.evaluation.resolved == null ? '—' : t(c.evaluation.resolved ? 'staff.common.yes' : 'staff.common.no') },
                { key: 'sat', label: t('staff.callback.satisfaction'), children: c.evaluation.satisfaction ? t(`satisfaction.${c.evaluation.satisfaction}`) : '—' },
                { key: 'at', label: t('staff.case.evaluatedAt'), children: fmtDate(c.evaluation.at) },
              ]} />
            </Card>
          )}
          {has('dispatcher') && c.status === 'closed' && !gone && <PublishCase caseId={c.id} onChanged={() => load(true)} />}
        </Col>
        <Col xs={24} xl={9}>
          <Card title={t('staff.case.writer')} style={{ marginBottom: 16 }}>
            {writerHidden ? <Alert type="warning" showIcon title={t('staff.case.writerConfidential')} /> : (
              <>
                <Descriptions size="small" column={1} styles={{ label: { color: '#3a3a3a' } }} items={[
                  { key: 'name', label: t('staff.case.writerName'), children: contact?.name ?? c.citizen.name ?? '—' },
                  { key: 'phone', label: t('staff.case.writerPhone'), children: <span data-testid="writer-phone" style={{ fontVariantNumeric: 'tabular-nums' }}>{contact?.phone ?? (c.citizen.phone || '—')}</span> },
                ]} />
                {contact ? (
                  <Alert type="info" showIcon title={t('staff.case.revealedRecorded')} style={{ marginTop: 8 }} data-testid="phone-recorded" />
                ) : (
                  <>
                    <Button icon={<EyeOutlined aria-hidden />} onClick={reveal} loading={revealing} data-testid="show-phone" style={{ marginTop: 8 }}>
                      {t('staff.case.showPhone')}
                    </Button>
                    <div style={{ marginTop: 6, fontSize: 13 }}><Muted>{t('staff.case.showPhoneHelp')}</Muted></div>
                  </>
                )}
              </>
            )}
          </Card>
          {c.suggestion && (
            <Card title={t('staff.case.suggestion')} style={{ marginBottom: 16 }} data-testid="suggestion">
              <Descriptions size="small" column={1} styles={{ label: { color: '#3a3a3a' } }} items={[
                { key: 'cat', label: t('staff.col.category'), children: names.categoryName(c.suggestion.category) },
                { key: 'district', label: t('staff.col.district'), children: names.districtName(c.suggestion.district) },
                { key: 'unit', label: t('staff.case.suggestedUnit'), children: c.suggestion.unitCode ? names.unitName(c.suggestion.unitCode) : t('staff.case.noSuggestedUnit') },
              ]} />
              {allowed.includes('dispatch') && c.suggestion.unitCode && (
                <Button type="primary" ghost style={{ marginTop: 8 }} onClick={() => setAction('dispatch')} data-testid="dispatch-as-suggested">
                  {t('staff.console.dispatchSuggested')}
                </Button>
              )}
            </Card>
          )}
          <Card title={t('staff.case.trail', { n: c.events.length })} style={{ marginBottom: 16 }}>
            <EventTrail events={c.events} />
          </Card>
        </Col>
      </Row>

      <ActionDialog action={action} c={c} onClose={() => setAction(null)}
        onDone={async (a) => {
          setAction(null);
          message.success(t('staff.action.done', { action: t(`staff.action.${a}`) }));
          await load(true);
        }} />
    </div>
  );
}
