// 办理工作台: the signed-in unit's queue (center roles: every case), most urgent first, with
// live countdowns. Filters live in the address, so "back" from a case returns to the same view.
import { useEffect, useState } from 'react';
import { Alert, Button, Card, Checkbox, Form, Input, Select } from 'antd';
import { ReloadOutlined } from '@ant-design/icons';
import { useSearchParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useStaff, UNIT, CENTER } from '../../session';
import { ServerExportButton } from '../../components/ExportExcel';
import { CaseTable, STATUSES, caseQueryString, useCaseList, useLiveTick, type CaseQuery } from './components/CaseTable';
import { NoticesButton } from './components/Notices';
import { PageTitle, StaffTheme } from './components/ui';
import { useNames } from './components/names';


export default function Workbench() {
  return <StaffTheme><WorkbenchPage /></StaffTheme>;
}

function WorkbenchPage() {
  const { t } = useI18n();
  const { user, has } = useStaff();
  const names = useNames();
  const [sp, setSp] = useSearchParams();
  const isUnit = has(...UNIT) && !has(...CENTER);
  const query: CaseQuery = {
    status: sp.get('status')?.split(',').filter(Boolean) ?? [],
    category: sp.get('category') ?? undefined,
    unit: sp.get('unit') ?? undefined,
    q: sp.get('q') ?? undefined,
    phone: sp.get('phone') ?? undefined,
    overdue: sp.get('overdue') === '1',
    page: Number(sp.get('page') ?? 1) || 1,
    pageSize: Number(sp.get('pageSize') ?? 20) || 20,
  };
  const [search, setSearch] = useState(query.q ?? query.phone ?? '');
  useEffect(() => { setSearch(sp.get('q') ?? sp.get('phone') ?? ''); }, [sp]);
  // The center finds every letter of one writer by a mobile number (an audited lookup); others search the text.
  const mayFindWriter = has(...CENTER);
  const onSearch = (raw: string) => {
    const v = raw.trim().replace(/[\s-]/g, '');
    if (mayFindWriter && /^(\+?86)?1[3-9]\d{9}$/.test(v)) update({ phone: v, q: undefined });
    else update({ q: raw.trim() || undefined, phone: undefined });
  };
  const liveTick = useLiveTick();
  const list = useCaseList(query, liveTick);
  // The export takes the list's filters, without its paging: every matching case, not the page on screen.
  const exportQuery = new URLSearchParams(caseQueryString(query));
  exportQuery.delete('page');
  exportQuery.delete('pageSize');
  exportQuery.delete('phone');

  const update = (patch: Record<string, string | undefined>, keepPage = false) => {
    const next = new URLSearchParams(sp);
    for (const [k, v] of Object.entries(patch)) { if (v) next.set(k, v); else next.delete(k); }
    if (!keepPage) next.delete('page');
    setSp(next, { replace: true });
  };

  const title = isUnit
    ? t('staff.wb.titleUnit', { unit: names.unitName(user?.unitCode) })
    : t('staff.wb.titleAll');

  return (
    <div>
      <PageTitle extra={<>
        <NoticesButton liveTick={liveTick} />
        <Button icon={<ReloadOutlined aria-hidden />} onClick={() => list.reload()}>{t('staff.common.refresh')}</Button>
        <ServerExportButton path={`/api/cases/export.xlsx?${exportQuery}`} hint={t('staff.wb.exportHint')} testId="export-cases" />
      </>}>{title}</PageTitle>
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form layout="inline" style={{ rowGap: 8 }} onSubmitCapture={(e) => e.preventDefault()}>
          <Form.Item label={t('staff.filter.status')} htmlFor="wb-status">
            <Select id="wb-status" mode="multiple" allowClear style={{ minWidth: 220 }} placeholder={t('staff.filter.allStatuses')}
              value={query.status} onChange={(v: string[]) => update({ status: v.join(',') || undefined })}
              options={STATUSES.map((s) => ({ value: s, label: t(`status.${s}`) }))} maxTagCount="responsive" data-testid="filter-status" />
          </Form.Item>
          <Form.Item label={t('staff.filter.category')} htmlFor="wb-category">
            <Select id="wb-category" allowClear style={{ width: 160 }} placeholder={t('staff.filter.allCategories')}
              value={query.category} onChange={(v?: string) => update({ category: v })}
              options={names.org.categories.map((c) => ({ value: c.code, label: names.categoryName(c.code, c.name) }))} data-testid="filter-category" />
          </Form.Item>
          {!isUnit && (
            <Form.Item label={t('staff.filter.unit')} htmlFor="wb-unit">
              <Select id="wb-unit" allowClear showSearch={{ optionFilterProp: 'label' }} style={{ width: 200 }} placeholder={t('staff.filter.allUnits')}
                value={query.unit} onChange={(v?: string) => update({ unit: v })}
                options={names.units.map((u) => ({ value: u.code, label: names.unitName(u.code, u.name) }))} data-testid="filter-unit" />
            </Form.Item>
          )}
          <Form.Item>
            <Checkbox checked={query.overdue} onChange={(e) => update({ overdue: e.target.checked ? '1' : undefined })} data-testid="filter-overdue">
              {t('staff.filter.overdueOnly')}
            </Checkbox>
          </Form.Item>
          <Form.Item label={t('staff.filter.search')} htmlFor="wb-q">
            <Input.Search id="wb-q" allowClear style={{ width: 260 }} placeholder={t(mayFindWriter ? 'staff.filter.searchPlaceholderCenter' : 'staff.filter.searchPlaceholder')}
              value={search} onChange={(e) => setSearch(e.target.value)} onSearch={onSearch}
              enterButton={t('common.search')} data-testid="filter-q" />
          </Form.Item>
        </Form>
      </Card>
      {query.phone && <Alert type="info" showIcon title={t('staff.filter.byPhone', { phone: query.phone })} style={{ marginBottom: 16 }} data-testid="by-phone"
        closable={{ onClose: () => update({ phone: undefined }) }} />}
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <CaseTable items={list.items} total={list.total} loading={list.loading} page={query.page!} pageSize={query.pageSize!}
        onPage={(page, pageSize) => update({ page: String(page), pageSize: String(pageSize) }, true)}
        emptyText={t('staff.wb.empty')} />
    </div>
  );
}
