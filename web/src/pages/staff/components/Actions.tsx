// The case actions as small forms in a modal. The page shows only the actions the server lists
// in allowedActions; each form posts to its endpoint and shows the server's message on failure.
import { useCallback, useEffect, useRef, useState, type ReactNode } from 'react';
import { Alert, Button, Form, Input, InputNumber, Modal, Radio, Select, Space, Typography } from 'antd';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { useNames } from './names';
import { errorText, Muted } from './ui';
import type { ExtensionRequest } from './CaseTable';
import { ReplyCheckField, ReplyCheckPanel } from './ReplyCheck';
import { TemplatePicker } from './TemplatePicker';

export const ACTIONS = ['dispatch', 'sign', 'contact', 'feedback', 'return', 'requestExtension', 'decideExtension', 'report', 'review', 'callback', 'merge'] as const;
export type Action = (typeof ACTIONS)[number];

/** One key per common action; shown on its button and ignored while typing. */
export const SHORTCUTS: Partial<Record<Action, string>> = {
  dispatch: 'D', sign: 'S', contact: 'C', feedback: 'F', report: 'R', requestExtension: 'E', decideExtension: 'A', review: 'V', callback: 'B',
};

export interface CaseForActions {
  id: number; number: string; title: string; category: string | null; unitCode: string | null; coUnitCodes: string[];
  suggestion: { category: string | null; unitCode: string | null; district: string | null } | null;
  report: { outcome: string; content: string } | null;
  extensionPending: ExtensionRequest | null;
}

const OUTCOMES = ['resolved', 'partially_resolved', 'explained', 'unresolvable'];
const SATISFACTION = ['satisfied', 'basically_satisfied', 'unsatisfied'];
const RETURN_REASONS = ['territory', 'ownership', 'overlap'];

interface MergeOption { value: number; label: string }

function MergeTarget({ caseId, value, onChange, id }: { caseId: number; value?: number; onChange?: (v: number) => void; id?: string }) {
  const { t } = useI18n();
  const [options, setOptions] = useState<MergeOption[]>([]);
  const [searching, setSearching] = useState(false);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const search = (text: string) => {
    if (timer.current) clearTimeout(timer.current);
    const q = text.trim();
    if (!q) { setOptions([]); return; }
    timer.current = setTimeout(async () => {
      setSearching(true);
      try {
        const r = await staffApi.get<{ items: { id: number; number: string; title: string }[] }>(
          `/api/cases?${new URLSearchParams({ q, status: 'received,dispatched,signed,reported,reviewed', pageSize: '10' })}`);
        const found: MergeOption[] = r.items.filter((c) => c.id !== caseId).map((c) => ({ value: c.id, label: `${c.number} · ${c.title}` }));
        // A bare number may be a case id.
        if (/^\d+$/.test(q) && Number(q) !== caseId && !found.some((o) => o.value === Number(q))) {
          found.push({ value: Number(q), label: t('staff.merge.byId', { id: q }) });
        }
        setOptions(found);
      } catch {
        setOptions([]);
      } finally {
        setSearching(false);
      }
    }, 300);
  };
  return (
    <Select id={id} value={value} onChange={onChange} options={options} loading={searching} placeholder={t('staff.merge.placeholder')}
      showSearch={{ filterOption: false, onSearch: search }} notFoundContent={searching ? t('common.loading') : t('staff.merge.none')} data-testid="merge-target" />
  );
}

export function ActionDialog({ action, c, onClose, onDone }: { action: Action | null; c: CaseForActions; onClose(): void; onDone(action: Action): void }) {
  const { t } = useI18n();
  const names = useNames();
  const [form] = Form.useForm();
  const [shown, setShown] = useState<Action | null>(action);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (action) { setShown(action); setError(null); } }, [action]);
  // While closing, the last action stays on screen; while opening, the new one shows at once.
  const cur = action ?? shown;
  const reached = Form.useWatch('reached', form);
  const approve = Form.useWatch('approve', form);

  const post = (path: string, body?: unknown) => staffApi.post(`/api/cases/${c.id}/${path}`, body);
  const submit = async (v: any) => {
    if (!cur) return;
    setBusy(true); setError(null);
    try {
      switch (cur) {
        case 'dispatch': await post('dispatch', { unitCode: v.unitCode, coUnitCodes: v.coUnitCodes ?? [], ...(v.category ? { category: v.category } : {}), note: v.note ?? '' }); break;
        case 'sign': await post('sign'); break;
        case 'contact': await post('contact', { method: v.method, outcome: v.outcome, note: v.note ?? '' }); break;
        case 'feedback': await post('feedback', { content: v.content.trim() }); break;
        case 'return': await post('return', { reason: v.reason.trim() }); break;
        case 'requestExtension': await post('extension', { days: v.days, reason: v.reason.trim() }); break;
        case 'decideExtension': await post('extension/decision', { approve: v.approve, note: v.note ?? '' }); break;
        case 'report': await post('report', { outcome: v.outcome, content: v.content.trim() }); break;
        case 'review': await post('review', { approve: v.approve, note: v.note ?? '' }); break;
        case 'callback': await post('callback', v.reached
          ? { reached: true, resolved: v.resolved, satisfaction: v.satisfaction, note: v.note ?? '' }
          : { reached: false, note: v.note ?? '' }); break;
        case 'merge': await post('merge', { intoId: v.intoId }); break;
      }
      onDone(cur);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setBusy(false);
    }
  };

  const required = (label: string) => [{ required: true, message: t('staff.form.required', { field: label }) }];
  const minText = (label: string) => [...required(label), { whitespace: true, min: 2, message: t('staff.form.min2', { field: label }) }];
  const unitOptions = names.units.map((u) => ({ value: u.code, label: `${names.unitName(u.code, u.name)} (${u.code})` }));

  const initial: Record<string, unknown> = (() => {
    switch (cur) {
      case 'dispatch': return {
        unitCode: c.suggestion?.unitCode ?? c.unitCode ?? undefined,
        category: c.suggestion?.category ?? c.category ?? undefined,
        coUnitCodes: c.coUnitCodes ?? [],
      };
      case 'contact': return { method: 'phone', outcome: 'reached' };
      case 'requestExtension': return { days: 5 };
      case 'decideExtension': return { approve: true };
      case 'report': return { outcome: 'resolved' };
      case 'review': return { approve: true };
      case 'callback': return { reached: true, resolved: true, satisfaction: 'satisfied' };
      default: return {};
    }
  })();

  const fields = (() => {
    switch (cur) {
      case 'dispatch': return <>
        {c.suggestion?.unitCode && (
          <Alert type="info" showIcon style={{ marginBottom: 16 }} title={t('staff.dispatch.suggested', {
            unit: names.unitName(c.suggestion.unitCode), category: names.categoryName(c.suggestion.category),
          })} />
        )}
        <Form.Item name="unitCode" label={t('staff.dispatch.unit')} rules={required(t('staff.dispatch.unit'))}>
          <Select showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={t('staff.dispatch.unitPlaceholder')} data-testid="dispatch-unit" />
        </Form.Item>
        <Form.Item name="coUnitCodes" label={t('staff.dispatch.coUnits')} extra={t('staff.dispatch.coUnitsHelp')}
          dependencies={['unitCode']}
          rules={[({ getFieldValue }) => ({
            validator: (_, v: string[] | undefined) => (v ?? []).includes(getFieldValue('unitCode'))
              ? Promise.reject(new Error(t('staff.dispatch.coSame'))) : Promise.resolve(),
          })]}>
          <Select mode="multiple" showSearch={{ optionFilterProp: 'label' }} options={unitOptions} placeholder={t('staff.dispatch.coUnitsPlaceholder')} data-testid="dispatch-co-units" />
        </Form.Item>
        <Form.Item name="category" label={t('staff.dispatch.category')}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={names.org.categories.map((k) => ({ value: k.code, label: names.categoryName(k.code, k.name) }))} data-testid="dispatch-category" />
        </Form.Item>
        <Form.Item name="note" label={t('staff.form.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>;
      case 'sign': return <Typography.Paragraph>{t('staff.sign.confirm', { number: c.number })}</Typography.Paragraph>;
      case 'contact': return <>
        <Form.Item name="method" label={t('staff.contact.method')} rules={required(t('staff.contact.method'))}>
          <Radio.Group options={['phone', 'sms', 'visit'].map((m) => ({ value: m, label: t(`staff.contact.method.${m}`) }))} />
        </Form.Item>
        <Form.Item name="outcome" label={t('staff.contact.outcome')} rules={required(t('staff.contact.outcome'))}>
          <Radio.Group options={['reached', 'unreachable'].map((m) => ({ value: m, label: t(`staff.contact.outcome.${m}`) }))} />
        </Form.Item>
        <Form.Item name="note" label={t('staff.form.note')}>
          <Input.TextArea rows={3} maxLength={2000} showCount data-testid="contact-note" />
        </Form.Item>
      </>;
      case 'feedback': return <>
        <Typography.Paragraph><Muted>{t('staff.feedback.help')}</Muted></Typography.Paragraph>
        <TemplatePicker caseId={c.id} kind="feedback" form={form} />
        <Form.Item name="content" label={t('staff.feedback.content')} rules={minText(t('staff.feedback.content'))}>
          <Input.TextArea rows={5} maxLength={5000} showCount data-testid="feedback-content" />
        </Form.Item>
        <ReplyCheckField caseId={c.id} kind="feedback" />
      </>;
      case 'return': return <>
        <div style={{ marginBottom: 8 }} role="group" aria-label={t('staff.return.quick')}>
          <Muted>{t('staff.return.quick')}{t('staff.common.colon')}</Muted>{' '}
          <Space wrap>
            {RETURN_REASONS.map((r) => (
              <Button key={r} size="small" onClick={() => form.setFieldValue('reason', t(`staff.return.reason.${r}`))} data-testid={`return-reason-${r}`}>
                {t(`staff.return.reason.${r}`)}
              </Button>
            ))}
          </Space>
        </div>
        <Form.Item name="reason" label={t('staff.return.reason')} rules={minText(t('staff.return.reason'))}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="return-reason" />
        </Form.Item>
      </>;
      case 'requestExtension': return <>
        <Form.Item name="days" label={t('staff.extension.days')} rules={required(t('staff.extension.days'))} extra={t('staff.extension.daysHelp')}>
          <InputNumber min={1} max={60} precision={0} style={{ width: 160 }} data-testid="extension-days" />
        </Form.Item>
        <Form.Item name="reason" label={t('staff.extension.reason')} rules={minText(t('staff.extension.reason'))}>
          <Input.TextArea rows={3} maxLength={1000} showCount data-testid="extension-reason" />
        </Form.Item>
      </>;
      case 'decideExtension': return <>
        {c.extensionPending && (
          <Alert type="warning" showIcon style={{ marginBottom: 16 }} title={t('staff.extension.pendingSummary', { days: c.extensionPending.days })}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.extensionPending.reason}</span>} />
        )}
        <Form.Item name="approve" label={t('staff.decision')} rules={required(t('staff.decision'))}>
          <Radio.Group options={[{ value: true, label: t('staff.extension.approve') }, { value: false, label: t('staff.extension.reject') }]} />
        </Form.Item>
        <Form.Item name="note" label={t('staff.form.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>;
      case 'report': return <>
        <Form.Item name="outcome" label={t('staff.report.outcome')} rules={required(t('staff.report.outcome'))}>
          <Select options={OUTCOMES.map((o) => ({ value: o, label: t(`staff.outcome.${o}`) }))} data-testid="report-outcome" />
        </Form.Item>
        <TemplatePicker caseId={c.id} kind="report" form={form} />
        <Form.Item name="content" label={t('staff.report.content')} rules={minText(t('staff.report.content'))} extra={t('staff.report.help')}>
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="report-content" />
        </Form.Item>
        <ReplyCheckField caseId={c.id} kind="report" />
      </>;
      case 'review': return <>
        {c.report && (
          <Alert type="info" style={{ marginBottom: 16 }} title={`${t('staff.report.outcome')}${t('staff.common.colon')}${t(`staff.outcome.${c.report.outcome}`)}`}
            description={<span style={{ whiteSpace: 'pre-wrap' }}>{c.report.content}</span>} />
        )}
        {c.report && <ReplyCheckPanel caseId={c.id} content={c.report.content} kind="report" />}
        <Form.Item name="approve" label={t('staff.decision')} rules={required(t('staff.decision'))}>
          <Radio.Group options={[{ value: true, label: t('staff.review.approve') }, { value: false, label: t('staff.review.reject') }]} />
        </Form.Item>
        <Form.Item name="note" label={t(approve === false ? 'staff.review.rejectNote' : 'staff.form.note')}
          rules={approve === false ? minText(t('staff.review.rejectNote')) : []}>
          <Input.TextArea rows={3} maxLength={1000} data-testid="review-note" />
        </Form.Item>
      </>;
      case 'callback': return <>
        <Form.Item name="reached" label={t('staff.callback.reached')} rules={required(t('staff.callback.reached'))}>
          <Radio.Group options={[{ value: true, label: t('staff.callback.reachedYes') }, { value: false, label: t('staff.callback.reachedNo') }]} />
        </Form.Item>
        {reached !== false && <>
          <Form.Item name="resolved" label={t('staff.callback.resolved')} rules={required(t('staff.callback.resolved'))}>
            <Radio.Group options={[{ value: true, label: t('staff.common.yes') }, { value: false, label: t('staff.common.no') }]} />
          </Form.Item>
          <Form.Item name="satisfaction" label={t('staff.callback.satisfaction')} rules={required(t('staff.callback.satisfaction'))}
            extra={t('staff.callback.unsatisfiedHelp')}>
            <Radio.Group options={SATISFACTION.map((s) => ({ value: s, label: t(`satisfaction.${s}`) }))} data-testid="callback-satisfaction" />
          </Form.Item>
        </>}
        <Form.Item name="note" label={t('staff.form.note')}>
          <Input.TextArea rows={2} maxLength={1000} />
        </Form.Item>
      </>;
      case 'merge': return <>
        <Typography.Paragraph><Muted>{t('staff.merge.help')}</Muted></Typography.Paragraph>
        <Form.Item name="intoId" label={t('staff.merge.into')} rules={required(t('staff.merge.into'))}>
          <MergeTarget caseId={c.id} />
        </Form.Item>
      </>;
      default: return null;
    }
  })();

  // The defaults (e.g. the suggested unit) are set when the dialog opens, not as initialValues:
  // the page re-renders every second for its countdowns, and a form remounted then would lose them.
  useEffect(() => {
    if (!action) return;
    form.resetFields();
    if (initial) form.setFieldsValue(initial);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [action, c.id]);
  const submitRef = useRef(submit);
  submitRef.current = submit;
  // A stable wrapper, so that re-renders of the page never remount the form.
  const modalRender = useCallback((dom: ReactNode) => (
    <Form form={form} layout="vertical" onFinish={(v) => submitRef.current(v)} requiredMark scrollToFirstError>{dom}</Form>
  ), [form]);

  return (
    <Modal
      open={!!action}
      title={cur ? `${t(`staff.action.${cur}`)} · ${c.number}` : ''}
      onCancel={onClose}
      okText={cur ? t(`staff.action.${cur}.ok`) : t('common.submit')}
      cancelText={t('common.cancel')}
      confirmLoading={busy}
      okButtonProps={{ htmlType: 'submit', 'data-testid': 'modal-ok' } as any}
      destroyOnHidden
      width={cur === 'dispatch' || cur === 'report' || cur === 'review' ? 620 : 520}
      modalRender={modalRender}
    >
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="action-error" />}
      {fields}
    </Modal>
  );
}
