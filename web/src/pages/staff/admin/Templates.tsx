// 答复模板: the center's response templates per category, step (feedback / closing report) and
// outcome — list, create, edit, deactivate, delete — with the placeholders explained. The officer
// gets them filled for a case at the feedback and report steps (components/TemplatePicker.tsx).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Descriptions, Form, Input, Popconfirm, Select, Space, Switch, Table, Tag, Typography } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { request, staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { FormModal } from '../components/FormModal';
import { useNames } from '../components/names';
import { errorText, Muted } from '../components/ui';

export interface ReplyTemplate {
  id: number; category: string | null; kind: 'feedback' | 'report'; outcome: string | null; title: string; body: string;
  active: boolean; placeholdersUnknown: string[]; updatedAt: string;
}

const OUTCOMES = ['resolved', 'partially_resolved', 'explained', 'unresolvable'];
const PLACEHOLDERS = ['称呼', '编号', '来信日期', '单位', '类别', '办理结果', '办理情况'];
const ANY = '__any__';

function PlaceholderHelp() {
  const { t } = useI18n();
  return (
    <Alert type="info" showIcon style={{ marginBottom: 12 }} data-testid="template-placeholder-help"
      title={t('staff.templates.placeholdersTitle')}
      description={
        <div>
          <Descriptions size="small" column={1} styles={{ label: { width: 110, color: '#3a3a3a' } }}
            items={PLACEHOLDERS.map((p) => ({ key: p, label: <code>{`{${p}}`}</code>, children: t(`staff.templates.ph.${p}`) }))} />
          <div style={{ marginTop: 6 }}>{t('staff.templates.placeholdersOther')}</div>
        </div>
      } />
  );
}

export function Templates() {
  const { t, fmtDate } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [items, setItems] = useState<ReplyTemplate[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [editing, setEditing] = useState<ReplyTemplate | 'new' | null>(null);
  const [form] = Form.useForm();
  const kind = Form.useWatch('kind', form);

  const load = useCallback(async () => {
    setLoading(true);
    try { setItems(await staffApi.get<ReplyTemplate[]>('/api/admin/reply-templates')); setError(null); }
    catch (e) { setError(errorText(e)); } finally { setLoading(false); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const payload = (v: any, active: boolean) => ({
    category: v.category && v.category !== ANY ? v.category : null,
    kind: v.kind,
    outcome: v.kind === 'report' && v.outcome && v.outcome !== ANY ? v.outcome : null,
    title: v.title.trim(), body: v.body, active,
  });
  const setActive = async (x: ReplyTemplate, active: boolean) => {
    try {
      await staffApi.put(`/api/admin/reply-templates/${x.id}`, { ...payload({ ...x, category: x.category ?? ANY, outcome: x.outcome ?? ANY }, active) });
      message.success(t(active ? 'staff.templates.activated' : 'staff.templates.deactivated'));
      void load();
    } catch (e) { message.error(errorText(e)); }
  };
  const remove = async (x: ReplyTemplate) => {
    try {
      await request('staff', 'DELETE', `/api/admin/reply-templates/${x.id}`);
      message.success(t('staff.templates.deleted'));
      void load();
    } catch (e) { message.error(errorText(e)); }
  };

  const categoryOptions = [{ value: ANY, label: t('staff.templates.anyCategory') }, ...names.org.categories.map((c) => ({ value: c.code, label: names.categoryName(c.code, c.name) }))];
  const outcomeOptions = [{ value: ANY, label: t('staff.templates.anyOutcome') }, ...OUTCOMES.map((o) => ({ value: o, label: t(`staff.outcome.${o}`) }))];
  const initial = editing && editing !== 'new'
    ? { category: editing.category ?? ANY, kind: editing.kind, outcome: editing.outcome ?? ANY, title: editing.title, body: editing.body, active: editing.active }
    : { category: ANY, kind: 'feedback', outcome: ANY, active: true, body: '{称呼}：您好！您于{来信日期}反映的问题（编号{编号}），{单位}办理情况如下：{办理情况}。' };

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, marginBottom: 12, flexWrap: 'wrap' }}>
        <Muted>{t('staff.templates.help')}</Muted>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setEditing('new')} data-testid="create-template">{t('staff.templates.create')}</Button>
      </div>
      <PlaceholderHelp />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<ReplyTemplate> rowKey="id" size="middle" loading={loading} dataSource={items} data-testid="templates-table"
        pagination={{ pageSize: 20, showTotal: (n) => t('staff.list.total', { n }) }}
        onRow={(x) => ({ 'data-testid': `template-${x.id}`, style: x.active ? undefined : { opacity: 0.6 } } as React.HTMLAttributes<HTMLElement>)}
        expandable={{ expandedRowRender: (x) => <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{x.body}</div> }}
        columns={[
          { title: t('staff.templates.title'), dataIndex: 'title' },
          { title: t('staff.templates.kind'), width: 110, render: (_, x) => <Tag>{t(`staff.templates.kind.${x.kind}`)}</Tag> },
          { title: t('staff.col.category'), width: 140, render: (_, x) => (x.category ? names.categoryName(x.category) : t('staff.templates.anyCategory')) },
          { title: t('staff.report.outcome'), width: 130, render: (_, x) => (x.kind === 'report' ? (x.outcome ? t(`staff.outcome.${x.outcome}`) : t('staff.templates.anyOutcome')) : '—') },
          {
            title: t('staff.templates.state'), width: 150,
            render: (_, x) => <Space size={4} wrap>
              {x.active ? <Tag color="green">{t('staff.templates.active')}</Tag> : <Tag>{t('staff.templates.inactive')}</Tag>}
              {x.placeholdersUnknown.length > 0 && <Tag color="gold" title={x.placeholdersUnknown.map((p) => `{${p}}`).join(' ')}>{t('staff.templates.blanks', { n: x.placeholdersUnknown.length })}</Tag>}
            </Space>,
          },
          { title: t('staff.templates.updatedAt'), width: 150, render: (_, x) => fmtDate(x.updatedAt) },
          {
            title: t('staff.console.quickAction'), width: 220,
            render: (_, x) => (
              <Space size={4} wrap>
                <Button size="small" onClick={() => setEditing(x)} data-testid="template-edit">{t('staff.templates.edit')}</Button>
                <Button size="small" onClick={() => setActive(x, !x.active)} data-testid="template-toggle">{t(x.active ? 'staff.templates.deactivate' : 'staff.templates.activate')}</Button>
                <Popconfirm title={t('staff.templates.deleteConfirm')} okText={t('staff.templates.delete')} cancelText={t('common.cancel')} onConfirm={() => remove(x)}>
                  <Button size="small" danger data-testid="template-delete">{t('staff.templates.delete')}</Button>
                </Popconfirm>
              </Space>
            ),
          },
        ]} />
      <FormModal form={form} open={editing !== null} width={720} initialValues={initial}
        title={editing === 'new' ? t('staff.templates.create') : t('staff.templates.edit')}
        onClose={() => setEditing(null)}
        onSubmit={async (v: any) => {
          const body = payload(v, v.active !== false);
          if (editing === 'new') await staffApi.post('/api/admin/reply-templates', body);
          else if (editing) await staffApi.put(`/api/admin/reply-templates/${editing.id}`, body);
          message.success(t('staff.admin.saved'));
          setEditing(null);
          void load();
        }}>
        <div style={{ display: 'flex', gap: 12, flexWrap: 'wrap' }}>
          <Form.Item name="kind" label={t('staff.templates.kind')} style={{ minWidth: 160 }} rules={[{ required: true, message: t('staff.form.required', { field: t('staff.templates.kind') }) }]}>
            <Select options={(['feedback', 'report'] as const).map((k) => ({ value: k, label: t(`staff.templates.kind.${k}`) }))} data-testid="template-kind" />
          </Form.Item>
          <Form.Item name="category" label={t('staff.col.category')} style={{ minWidth: 200 }}>
            <Select showSearch={{ optionFilterProp: 'label' }} options={categoryOptions} data-testid="template-category" />
          </Form.Item>
          {kind === 'report' && (
            <Form.Item name="outcome" label={t('staff.report.outcome')} style={{ minWidth: 160 }}>
              <Select options={outcomeOptions} data-testid="template-outcome" />
            </Form.Item>
          )}
        </div>
        <Form.Item name="title" label={t('staff.templates.title')} rules={[{ required: true, whitespace: true, message: t('staff.form.required', { field: t('staff.templates.title') }) }]}>
          <Input maxLength={100} data-testid="template-title" />
        </Form.Item>
        <Form.Item name="body" label={t('staff.templates.body')} extra={t('staff.templates.bodyHelp')}
          rules={[{ required: true, whitespace: true, min: 2, message: t('staff.form.min2', { field: t('staff.templates.body') }) }]}>
          <Input.TextArea rows={8} maxLength={5000} showCount data-testid="template-body" />
        </Form.Item>
        <Form.Item name="active" label={t('staff.templates.active')} valuePropName="checked">
          <Switch />
        </Form.Item>
        <Typography.Paragraph style={{ marginBottom: 0 }}><Muted>{t('staff.templates.neverAsIs')}</Muted></Typography.Paragraph>
      </FormModal>
    </div>
  );
}
