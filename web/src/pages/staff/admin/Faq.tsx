// 一问一答: the published entries and a form for a new one (public at once).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Select, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { publicApi, staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { FormModal } from '../components/FormModal';
import { useNames } from '../components/names';
import { errorText, Muted } from '../components/ui';

interface Entry { id: number; question: string; answer: string; category: string | null }

export function Faq() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [items, setItems] = useState<Entry[]>([]);
  const [q, setQ] = useState('');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const load = useCallback(async (query: string) => {
    setLoading(true);
    try { setItems(await publicApi.get<Entry[]>(`/api/faq${query ? `?q=${encodeURIComponent(query)}` : ''}`)); setError(null); }
    catch (e) { setError(errorText(e)); } finally { setLoading(false); }
  }, []);
  useEffect(() => { void load(''); }, [load]);
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, marginBottom: 12, flexWrap: 'wrap' }}>
        <Input.Search aria-label={t('staff.admin.faq.search')} placeholder={t('staff.admin.faq.search')} allowClear style={{ maxWidth: 360 }}
          value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => load(v.trim())} enterButton={t('common.search')} />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="create-faq">{t('staff.admin.faq.create')}</Button>
      </div>
      <div style={{ marginBottom: 12 }}><Muted>{t('staff.admin.faq.help')}</Muted></div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Entry> rowKey="id" size="middle" loading={loading} dataSource={items} pagination={{ pageSize: 20, showTotal: (n) => t('staff.list.total', { n }) }}
        columns={[
          { title: t('staff.admin.faq.question'), dataIndex: 'question', width: '30%' },
          { title: t('staff.admin.faq.answer'), render: (_, e) => <div style={{ whiteSpace: 'pre-wrap' }}>{e.answer}</div> },
          { title: t('staff.col.category'), width: 140, render: (_, e) => (e.category ? names.categoryName(e.category) : '—') },
        ]} />
      <FormModal open={open} title={t('staff.admin.faq.create')} width={640} onClose={() => setOpen(false)}
        onSubmit={async (v: any) => {
          await staffApi.post('/api/admin/faq', { question: v.question.trim(), answer: v.answer.trim(), ...(v.category ? { category: v.category } : {}) });
          message.success(t('staff.admin.saved'));
          setOpen(false);
          void load(q.trim());
        }}>
        <Form.Item name="question" label={t('staff.admin.faq.question')} rules={[{ required: true, whitespace: true, min: 2, message: t('staff.form.min2', { field: t('staff.admin.faq.question') }) }]}>
          <Input.TextArea rows={2} maxLength={500} showCount data-testid="faq-question" />
        </Form.Item>
        <Form.Item name="answer" label={t('staff.admin.faq.answer')} rules={[{ required: true, whitespace: true, min: 2, message: t('staff.form.min2', { field: t('staff.admin.faq.answer') }) }]}>
          <Input.TextArea rows={6} maxLength={5000} showCount data-testid="faq-answer" />
        </Form.Item>
        <Form.Item name="category" label={t('staff.col.category')}>
          <Select allowClear options={names.org.categories.map((c) => ({ value: c.code, label: names.categoryName(c.code, c.name) }))} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
