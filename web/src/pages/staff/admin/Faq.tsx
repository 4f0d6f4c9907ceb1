// 一问一答: the published entries and a form for a new one (public at once), and suggestions —
// questions that answered consultation letters keep asking (建议新增) — adopted into that form.
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Card, Form, Input, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { publicApi, staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { FormModal } from '../components/FormModal';
import { useNames } from '../components/names';
import { errorText, Muted } from '../components/ui';

interface Entry { id: number; question: string; answer: string; category: string | null }
interface Suggestion { question: string; answer: string; category: string | null; caseIds: number[]; size: number }
type Draft = { question: string; answer: string; category?: string };

const SUGGESTION_DAYS = 90;

function Suggestions({ items, loading, error, onAdopt }: { items: Suggestion[]; loading: boolean; error: string | null; onAdopt(s: Suggestion): void }) {
  const { t } = useI18n();
  const names = useNames();
  return (
    <Card size="small" style={{ marginBottom: 16 }} data-testid="faq-suggestions"
      title={<span>{t('staff.admin.faq.suggestions')} <Tag style={{ marginInlineStart: 6 }}>{items.length}</Tag></span>}>
      <div style={{ marginBottom: 8 }}><Muted>{t('staff.admin.faq.suggestionsHelp', { days: SUGGESTION_DAYS })}</Muted></div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 8 }} />}
      <Table<Suggestion> rowKey={(s) => s.caseIds.join(',')} size="small" loading={loading} dataSource={items} pagination={items.length > 5 ? { pageSize: 5 } : false}
        locale={{ emptyText: t('staff.admin.faq.noSuggestions') }}
        onRow={(s) => ({ 'data-testid': `faq-suggestion-${s.caseIds[0]}` } as React.HTMLAttributes<HTMLElement>)}
        columns={[
          { title: t('staff.admin.faq.question'), dataIndex: 'question', width: '28%' },
          { title: t('staff.admin.faq.answer'), render: (_, s) => <div style={{ whiteSpace: 'pre-wrap', overflowWrap: 'anywhere' }}>{s.answer}</div> },
          { title: t('staff.col.category'), width: 120, render: (_, s) => (s.category ? names.categoryName(s.category) : '—') },
          { title: t('staff.admin.faq.letters'), dataIndex: 'size', width: 90, align: 'right', render: (v: number) => <span style={{ fontVariantNumeric: 'tabular-nums' }}>{v}</span> },
          {
            title: t('staff.console.quickAction'), width: 100,
            render: (_, s) => <Button size="small" type="primary" onClick={() => onAdopt(s)} data-testid="faq-adopt">{t('staff.admin.faq.adopt')}</Button>,
          },
        ]} />
    </Card>
  );
}

export function Faq() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [items, setItems] = useState<Entry[]>([]);
  const [q, setQ] = useState('');
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [draft, setDraft] = useState<Draft | null>(null);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [sLoading, setSLoading] = useState(true);
  const [sError, setSError] = useState<string | null>(null);
  const load = useCallback(async (query: string) => {
    setLoading(true);
    try { setItems(await publicApi.get<Entry[]>(`/api/faq${query ? `?q=${encodeURIComponent(query)}` : ''}`)); setError(null); }
    catch (e) { setError(errorText(e)); } finally { setLoading(false); }
  }, []);
  const loadSuggestions = useCallback(async () => {
    setSLoading(true);
    try { setSuggestions(await staffApi.get<Suggestion[]>(`/api/faq/suggestions?days=${SUGGESTION_DAYS}`)); setSError(null); }
    catch (e) { setSError(errorText(e)); } finally { setSLoading(false); }
  }, []);
  useEffect(() => { void load(''); void loadSuggestions(); }, [load, loadSuggestions]);
  const openForm = (d: Draft | null) => { setDraft(d); setOpen(true); };
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', gap: 12, marginBottom: 12, flexWrap: 'wrap' }}>
        <Input.Search aria-label={t('staff.admin.faq.search')} placeholder={t('staff.admin.faq.search')} allowClear style={{ maxWidth: 360 }}
          value={q} onChange={(e) => setQ(e.target.value)} onSearch={(v) => load(v.trim())} enterButton={t('common.search')} />
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => openForm(null)} data-testid="create-faq">{t('staff.admin.faq.create')}</Button>
      </div>
      <div style={{ marginBottom: 12 }}><Muted>{t('staff.admin.faq.help')}</Muted></div>
      <Suggestions items={suggestions} loading={sLoading} error={sError}
        onAdopt={(s) => openForm({ question: s.question, answer: s.answer, ...(s.category ? { category: s.category } : {}) })} />
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<Entry> rowKey="id" size="middle" loading={loading} dataSource={items} pagination={{ pageSize: 20, showTotal: (n) => t('staff.list.total', { n }) }}
        columns={[
          { title: t('staff.admin.faq.question'), dataIndex: 'question', width: '30%' },
          { title: t('staff.admin.faq.answer'), render: (_, e) => <div style={{ whiteSpace: 'pre-wrap' }}>{e.answer}</div> },
          { title: t('staff.col.category'), width: 140, render: (_, e) => (e.category ? names.categoryName(e.category) : '—') },
        ]} />
      <FormModal open={open} title={t(draft ? 'staff.admin.faq.adoptTitle' : 'staff.admin.faq.create')} width={640} onClose={() => setOpen(false)}
        initialValues={draft ?? undefined}
        onSubmit={async (v: any) => {
          await staffApi.post('/api/admin/faq', { question: v.question.trim(), answer: v.answer.trim(), ...(v.category ? { category: v.category } : {}) });
          message.success(t('staff.admin.saved'));
          setOpen(false);
          void load(q.trim());
          if (draft) void loadSuggestions();
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
