// The holiday calendar of a year: official days off and the moved working days (调休). Working-day
// limits follow it.
import { useEffect, useState } from 'react';
import { Alert, App, Button, Card, Col, DatePicker, Empty, Input, Row, Space, Spin, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import customParseFormat from 'dayjs/plugin/customParseFormat';

import 'dayjs/locale/zh-cn';

dayjs.extend(customParseFormat);
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { errorText, Muted } from '../components/ui';

function DateList({ id, label, help, value, onChange, year, testid }: {
  id: string; label: string; help: string; value: string[]; onChange(v: string[]): void; year: number; testid: string;
}) {
  const { t } = useI18n();
  const [bulk, setBulk] = useState('');
  const [bulkError, setBulkError] = useState<string | null>(null);
  const sorted = [...value].sort();
  const add = (dates: string[]) => onChange([...new Set([...value, ...dates])].sort());
  const addBulk = () => {
    const found = bulk.match(/\d{4}-\d{2}-\d{2}/g) ?? [];
    const bad = found.filter((d) => !dayjs(d, 'YYYY-MM-DD', true).isValid() || !d.startsWith(`${year}-`));
    if (!found.length || bad.length) { setBulkError(t('staff.admin.calendar.bulkBad', { year, dates: bad.join('、') || bulk.trim() })); return; }
    setBulkError(null);
    add(found);
    setBulk('');
  };
  return (
    <Card size="small" title={label} extra={<Muted>{t('staff.admin.calendar.count', { n: value.length })}</Muted>} data-testid={testid}>
      <div style={{ marginBottom: 8 }}><Muted>{help}</Muted></div>
      <Space wrap align="center">
        <label htmlFor={id}>{t('staff.admin.calendar.add')}</label>
        <DatePicker id={id} value={null} minDate={dayjs(`${year}-01-01`)} maxDate={dayjs(`${year}-12-31`)} defaultPickerValue={sorted.length ? dayjs(sorted[sorted.length - 1]) : dayjs().year() === year ? dayjs() : dayjs(`${year}-01-01`)}
          placeholder={t('staff.admin.calendar.pick')} onChange={(d: Dayjs | null) => d && add([d.format('YYYY-MM-DD')])}
          cellRender={(cur, info) => (info.type === 'date' && dayjs.isDayjs(cur) && value.includes(cur.format('YYYY-MM-DD'))
            ? <div className="ant-picker-cell-inner" style={{ background: '#0b4ea2', color: '#fff', borderRadius: 4 }}>{(cur as Dayjs).date()}</div>
            : info.originNode)} />
      </Space>
      <div style={{ display: 'flex', gap: 8, marginTop: 8 }}>
        <Input id={`${id}-bulk`} aria-label={t('staff.admin.calendar.bulk')} placeholder={t('staff.admin.calendar.bulkPlaceholder', { year })}
          value={bulk} onChange={(e) => setBulk(e.target.value)} onPressEnter={addBulk} status={bulkError ? 'error' : undefined} data-testid={`${testid}-bulk`} />
        <Button onClick={addBulk} disabled={!bulk.trim()}>{t('staff.admin.calendar.bulkAdd')}</Button>
      </div>
      {bulkError && <div role="alert" style={{ color: '#a8071a', marginTop: 4 }}>{bulkError}</div>}
      <div style={{ marginTop: 12, minHeight: 40 }} aria-live="polite">
        {sorted.length === 0 ? <Muted>{t('staff.admin.calendar.none')}</Muted> : (
          <Space size={[4, 6]} wrap>
            {sorted.map((d) => (
              <Tag key={d} closable onClose={(e) => { e.preventDefault(); onChange(value.filter((x) => x !== d)); }}
                closeIcon={<span aria-label={t('staff.admin.calendar.remove', { date: d })}>×</span>}>
                {d}
              </Tag>
            ))}
          </Space>
        )}
      </div>
    </Card>
  );
}

export function Calendar() {
  const { t, lang } = useI18n();
  // antd's pickers name months and weekdays in dayjs's language.
  useEffect(() => { dayjs.locale(lang === 'zh' ? 'zh-cn' : 'en'); }, [lang]);
  const { message } = App.useApp();
  const [year, setYear] = useState(() => new Date().getFullYear());
  const [data, setData] = useState<{ holidays: string[]; workdays: string[] } | null>(null);
  const [loading, setLoading] = useState(false);
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [dirty, setDirty] = useState(false);

  useEffect(() => {
    let alive = true;
    setLoading(true); setError(null);
    staffApi.get<{ holidays: string[]; workdays: string[] }>(`/api/admin/calendar/${year}`)
      .then((r) => { if (alive) { setData({ holidays: r.holidays, workdays: r.workdays }); setDirty(false); } })
      .catch((e) => { if (alive) setError(errorText(e)); })
      .finally(() => { if (alive) setLoading(false); });
    return () => { alive = false; };
  }, [year]);

  const save = async () => {
    if (!data) return;
    setSaving(true); setError(null);
    try {
      await staffApi.put(`/api/admin/calendar/${year}`, data);
      message.success(t('staff.admin.saved'));
      setDirty(false);
    } catch (e) {
      setError(errorText(e));
    } finally {
      setSaving(false);
    }
  };
  const both = data ? data.holidays.filter((d) => data.workdays.includes(d)) : [];

  return (
    <div>
      <Space wrap style={{ marginBottom: 12 }} align="center">
        <label htmlFor="cal-year">{t('staff.admin.calendar.year')}</label>
        <DatePicker id="cal-year" picker="year" allowClear={false} value={dayjs(`${year}-01-01`)} onChange={(d) => d && setYear(d.year())} data-testid="calendar-year" />
        <Button type="primary" onClick={save} loading={saving} disabled={!data || both.length > 0} data-testid="calendar-save">{t('staff.admin.calendar.save', { year })}</Button>
        {dirty && <Muted>{t('staff.admin.unsaved')}</Muted>}
      </Space>
      <div style={{ marginBottom: 12 }}><Muted>{t('staff.admin.calendar.help')}</Muted></div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="form-error" />}
      {both.length > 0 && <Alert type="warning" showIcon title={t('staff.admin.calendar.conflict', { dates: both.join('、') })} style={{ marginBottom: 12 }} />}
      {loading ? <Spin /> : !data ? <Empty /> : (
        <Row gutter={16}>
          <Col xs={24} lg={12}>
            <DateList id="cal-holidays" testid="calendar-holidays" year={year} label={t('staff.admin.calendar.holidays')} help={t('staff.admin.calendar.holidaysHelp')}
              value={data.holidays} onChange={(v) => { setData({ ...data, holidays: v }); setDirty(true); }} />
          </Col>
          <Col xs={24} lg={12}>
            <DateList id="cal-workdays" testid="calendar-workdays" year={year} label={t('staff.admin.calendar.workdays')} help={t('staff.admin.calendar.workdaysHelp')}
              value={data.workdays} onChange={(v) => { setData({ ...data, workdays: v }); setDirty(true); }} />
          </Col>
        </Row>
      )}
    </div>
  );
}
