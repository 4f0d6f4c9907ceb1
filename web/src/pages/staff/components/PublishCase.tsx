// 发布典型案例 (dispatchers, closed cases): whether the writer consented, the anonymised text the
// public would read (editable), the second pass's findings, publishing and withdrawing.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Popconfirm, Space, Tag, Typography } from 'antd';
import { request, staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { FormModal } from './FormModal';
import { errorText, Muted } from './ui';

interface Preview {
  caseId: number; number: string; closed: boolean; consent: boolean;
  published: { id: number; title: string; publishedAt: string } | null;
  text: string; findings: { kind: string; sample: string }[];
  obstacles: { code: string; message: string }[]; canPublish: boolean;
}

/** The anonymised letter's title (first line of the draft), not the writer's own title, which may name them. */
const anonymisedTitle = (text: string) => text.split('\n')[0].replace(/^【来信】/, '').slice(0, 100);

export function PublishCase({ caseId, onChanged }: { caseId: number; onChanged(): void }) {
  const { t, fmtDate } = useI18n();
  const { message } = App.useApp();
  const [p, setP] = useState<Preview | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);

  const load = useCallback(async () => {
    try { setP(await staffApi.get<Preview>(`/api/cases/${caseId}/publication`)); setError(null); }
    catch (e) { setError(errorText(e)); }
  }, [caseId]);
  useEffect(() => { void load(); }, [load]);

  const withdraw = async () => {
    if (!p?.published) return;
    try {
      await request('staff', 'DELETE', `/api/typical-cases/${p.published.id}`);
      message.success(t('staff.publish.withdrawn'));
      await load();
      onChanged();
    } catch (e) { message.error(errorText(e)); }
  };

  return (
    <Card title={t('staff.publish.title')} style={{ marginBottom: 16 }} data-testid="publish-card">
      {error && <Alert type="error" showIcon title={error} />}
      {p && (
        <>
          <Space wrap style={{ marginBottom: 8 }}>
            {p.consent ? <Tag color="green" data-testid="publish-consent">{t('staff.publish.consentYes')}</Tag> : <Tag data-testid="publish-consent">{t('staff.publish.consentNo')}</Tag>}
            {p.published && <Tag color="blue">{t('staff.publish.publishedAt', { at: fmtDate(p.published.publishedAt) })}</Tag>}
          </Space>
          {p.published ? (
            <>
              <Typography.Paragraph style={{ marginBottom: 8 }}><strong>{p.published.title}</strong></Typography.Paragraph>
              <Popconfirm title={t('staff.publish.withdrawConfirm')} okText={t('staff.publish.withdraw')} cancelText={t('common.cancel')} onConfirm={withdraw}>
                <Button danger data-testid="publish-withdraw">{t('staff.publish.withdraw')}</Button>
              </Popconfirm>
            </>
          ) : p.canPublish ? (
            <>
              <div style={{ marginBottom: 8 }}><Muted>{t('staff.publish.help')}</Muted></div>
              <Button type="primary" onClick={() => setOpen(true)} data-testid="publish-open">{t('staff.publish.action')}</Button>
            </>
          ) : (
            <Alert type="info" showIcon title={p.obstacles.map((o) => o.message).join('；')} data-testid="publish-obstacles" />
          )}
          <FormModal open={open} width={720} title={t('staff.publish.action')} okText={t('staff.publish.confirm')} onClose={() => setOpen(false)}
            initialValues={{ title: anonymisedTitle(p.text), text: p.text }}
            onSubmit={async (v: any) => {
              const edited = v.text.trim() !== p.text.trim();
              await staffApi.post(`/api/cases/${caseId}/publish`, { title: v.title.trim(), ...(edited ? { text: v.text.trim() } : {}) });
              message.success(t('staff.publish.done'));
              setOpen(false);
              await load();
              onChanged();
            }}>
            <Alert type="warning" showIcon style={{ marginBottom: 12 }} title={t('staff.publish.checkNote')} />
            {p.findings.length > 0 && (
              <Alert type="error" showIcon style={{ marginBottom: 12 }} title={t('staff.publish.findings')}
                description={p.findings.map((f) => f.sample).join('、')} />
            )}
            <Form.Item name="title" label={t('staff.publish.titleLabel')} extra={t('staff.publish.titleHelp')}
              rules={[{ required: true, whitespace: true, min: 2, message: t('staff.form.min2', { field: t('staff.publish.titleLabel') }) }]}>
              <Input maxLength={100} showCount data-testid="publish-title" />
            </Form.Item>
            <Form.Item name="text" label={t('staff.publish.preview')} extra={t('staff.publish.previewHelp')}
              rules={[{ required: true, whitespace: true, message: t('staff.form.required', { field: t('staff.publish.preview') }) }]}>
              <Input.TextArea rows={12} maxLength={8000} data-testid="publish-text" />
            </Form.Item>
          </FormModal>
        </>
      )}
    </Card>
  );
}
