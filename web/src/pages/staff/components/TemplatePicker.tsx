// 答复模板 at the feedback and report steps: the templates that fit this case (its category first),
// already filled for it; choosing one puts its text into the form's content field, where the
// officer must still fill every 【请填写…】 blank — the server refuses a reply that keeps one.
import { useEffect, useState } from 'react';
import { Alert, Button, Form, Select, Space, type FormInstance } from 'antd';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { errorText, Muted } from './ui';

interface FilledTemplate { id: number; title: string; category: string | null; outcome: string | null; filled: string; blanks: string[] }

const BLANK = /【请填写[^】]{0,40}】/;

export function TemplatePicker({ caseId, kind, form, field = 'content' }: { caseId: number; kind: 'feedback' | 'report'; form: FormInstance; field?: string }) {
  const { t } = useI18n();
  const outcome = Form.useWatch('outcome', form) as string | undefined;
  const content = Form.useWatch(field, form) as string | undefined;
  const [items, setItems] = useState<FilledTemplate[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [chosen, setChosen] = useState<number | null>(null);

  useEffect(() => {
    let live = true;
    const q = new URLSearchParams({ kind, ...(kind === 'report' && outcome ? { outcome } : {}) });
    staffApi.get<FilledTemplate[]>(`/api/cases/${caseId}/reply-templates?${q}`)
      .then((r) => { if (live) { setItems(r); setError(null); } })
      .catch((e) => { if (live) { setItems([]); setError(errorText(e)); } });
    return () => { live = false; };
  }, [caseId, kind, outcome]);

  const use = (id: number) => {
    const tpl = items?.find((x) => x.id === id);
    if (!tpl) return;
    setChosen(id);
    form.setFieldValue(field, tpl.filled);
    // Straight to the first blank, selected, so typing replaces it.
    setTimeout(() => {
      const el = document.querySelector<HTMLTextAreaElement>(`textarea#${field}, [data-testid="${kind}-content"]`);
      const at = tpl.filled.search(BLANK);
      if (el && at >= 0) { el.focus(); el.setSelectionRange(at, at + (BLANK.exec(tpl.filled)?.[0].length ?? 0)); }
    }, 0);
  };

  if (items && items.length === 0 && !error) return null;
  const leftBlanks = (content ?? '').match(new RegExp(BLANK.source, 'g')) ?? [];
  return (
    <div style={{ marginBottom: 12 }} data-testid="template-picker">
      <Space.Compact block>
        <Select<number> style={{ flex: 1 }} loading={items === null} value={chosen ?? undefined} onChange={use} placeholder={t('staff.templates.pick')}
          aria-label={t('staff.templates.pick')} data-testid="template-select"
          options={(items ?? []).map((x) => ({ value: x.id, label: `${x.title}${x.category ? '' : t('staff.templates.genericSuffix')}` }))} />
        {chosen !== null && <Button onClick={() => use(chosen)}>{t('staff.templates.reinsert')}</Button>}
      </Space.Compact>
      {error && <Alert type="warning" showIcon style={{ marginTop: 8 }} title={error} />}
      {chosen !== null && leftBlanks.length > 0 && (
        <Alert type="warning" showIcon style={{ marginTop: 8 }} data-testid="template-blanks"
          title={t('staff.templates.fillBlanks', { n: leftBlanks.length })} description={<Muted>{[...new Set(leftBlanks)].join(' ')}</Muted>} />
      )}
    </div>
  );
}
