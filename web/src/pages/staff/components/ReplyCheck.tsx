// 答复质量检查 (issue 8): the reply check of a draft feedback or report — score and findings from
// POST /api/cases/:id/reply-check, run a moment after typing stops and on the "检查答复" button —
// and the check stored with a feedback or report that was sent (event data `replyCheck`), for the
// reviewer. Advice only: nothing here ever stops a reply from being sent.
import { useCallback, useEffect, useRef, useState } from 'react';
import { Alert, Button, Form, Progress, Space, Tag, Typography } from 'antd';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { errorText, Muted } from './ui';

export type ReplyKind = 'feedback' | 'report';
export interface ReplyFinding { code: string; message: string }
export interface ReplyCheckResult { score: number; findings: ReplyFinding[] }
/** What a feedback or report event keeps of its check. */
export interface StoredCheck { score: number; codes: string[] }

const DEBOUNCE_MS = 800;

/** Good from 0.8, fair from 0.6: the same bands everywhere the score shows. */
function band(score: number): { key: 'good' | 'fair' | 'poor'; color: string; background: string; stroke: string } {
  if (score >= 0.8) return { key: 'good', color: '#135200', background: '#f0f9eb', stroke: '#389e0d' };
  if (score >= 0.6) return { key: 'fair', color: '#5c3200', background: '#fffbe6', stroke: '#d48806' };
  return { key: 'poor', color: '#a8071a', background: '#fff1f0', stroke: '#cf1322' };
}

export function ScoreTag({ score }: { score: number }) {
  const { t, fmtNumber } = useI18n();
  const b = band(score);
  return (
    <Tag style={{ color: b.color, background: b.background, borderColor: 'transparent' }} data-testid="reply-check-score" data-score={score}>
      {t('staff.replyCheck.score')} {fmtNumber(Math.round(score * 100))} · {t(`staff.replyCheck.level.${b.key}`)}
    </Tag>
  );
}

/** A finding in the reader's language: the server's Chinese sentence, or the code's English label. */
function useFindingText() {
  const { t, lang } = useI18n();
  return (f: ReplyFinding) => {
    const key = `staff.replyCheck.code.${f.code}`;
    const label = t(key);
    return lang === 'zh' || label === key ? f.message : label;
  };
}

/** The check of a draft reply: debounced on `content`, and at once on the button. */
export function ReplyCheckPanel({ caseId, content, kind }: { caseId: number; content: string; kind?: ReplyKind }) {
  const { t } = useI18n();
  const text = useFindingText();
  const [result, setResult] = useState<ReplyCheckResult | null>(null);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const seq = useRef(0);
  const draft = (content ?? '').trim();

  const run = useCallback(async (value: string) => {
    if (!value) return;
    const mine = ++seq.current;
    setBusy(true);
    try {
      const r = await staffApi.post<ReplyCheckResult>(`/api/cases/${caseId}/reply-check`, { content: value, ...(kind ? { kind } : {}) });
      if (mine === seq.current) { setResult(r); setError(null); }
    } catch (e) {
      if (mine === seq.current) setError(errorText(e));
    } finally {
      if (mine === seq.current) setBusy(false);
    }
  }, [caseId, kind]);

  useEffect(() => {
    if (draft.length < 2) { seq.current++; setResult(null); setBusy(false); return; }
    const timer = setTimeout(() => { void run(draft); }, DEBOUNCE_MS);
    return () => clearTimeout(timer);
  }, [draft, run]);

  return (
    <section aria-label={t('staff.replyCheck.title')} data-testid="reply-check" style={{ margin: '-8px 0 16px', padding: '8px 12px', border: '1px solid #f0f0f0', borderRadius: 6, background: '#fafafa' }}>
      <Space wrap style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Text strong>{t('staff.replyCheck.title')}</Typography.Text>
        <Button size="small" onClick={() => run(draft)} loading={busy} disabled={draft.length < 2} data-testid="reply-check-run">
          {t('staff.replyCheck.run')}
        </Button>
      </Space>
      <div aria-live="polite" style={{ marginTop: 6 }}>
        {error && <Alert type="warning" showIcon title={error} />}
        {!error && !result && <Muted>{busy ? t('staff.replyCheck.checking') : t('staff.replyCheck.empty')}</Muted>}
        {!error && result && <>
          <Space align="center" wrap>
            <Progress type="circle" size={44} percent={Math.round(result.score * 100)} strokeColor={band(result.score).stroke}
              format={(p) => `${p}`} aria-label={`${t('staff.replyCheck.score')} ${Math.round(result.score * 100)}`} />
            <ScoreTag score={result.score} />
          </Space>
          {result.findings.length === 0
            ? <div style={{ marginTop: 4 }}><Muted>{t('staff.replyCheck.none')}</Muted></div>
            : (
              <ul style={{ margin: '6px 0 0', paddingInlineStart: 20 }} data-testid="reply-check-findings">
                {result.findings.map((f) => <li key={f.code} data-code={f.code}>{text(f)}</li>)}
              </ul>
            )}
        </>}
        <div style={{ marginTop: 4, fontSize: 12 }}><Muted>{t('staff.replyCheck.advice')}</Muted></div>
      </div>
    </section>
  );
}

/** The panel inside an action form: watches the form's content field. */
export function ReplyCheckField({ caseId, kind, field = 'content' }: { caseId: number; kind: ReplyKind; field?: string }) {
  const form = Form.useFormInstance();
  const content = Form.useWatch(field, form) as string | undefined;
  return <ReplyCheckPanel caseId={caseId} content={content ?? ''} kind={kind} />;
}

/** The check kept with a sent feedback or report: its score and what it found. */
export function StoredReplyCheck({ check }: { check: StoredCheck | null | undefined }) {
  const { t } = useI18n();
  if (!check || typeof check.score !== 'number') return null;
  const codes = Array.isArray(check.codes) ? check.codes : [];
  const label = (c: string) => { const k = `staff.replyCheck.code.${c}`; const s = t(k); return s === k ? c : s; };
  return (
    <div data-testid="stored-reply-check" style={{ marginTop: 2 }}>
      <Muted>{t('staff.replyCheck.stored')}{t('staff.common.colon')}</Muted>
      <ScoreTag score={check.score} />
      {codes.length === 0
        ? <Muted>{t('staff.replyCheck.none')}</Muted>
        : codes.map((c) => <Tag key={c} data-code={c} style={{ marginInlineEnd: 4 }}>{label(c)}</Tag>)}
    </div>
  );
}

/** Beside the closing report: the check stored with the latest report. */
export function ReportReplyCheck({ events }: { events: { action: string; data: Record<string, any> | null }[] }) {
  const last = [...events].reverse().find((e) => e.action === 'reported');
  return <StoredReplyCheck check={last?.data?.replyCheck} />;
}
