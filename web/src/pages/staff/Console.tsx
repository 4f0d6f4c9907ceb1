// 中心调度台: the center's queues — triage (待派单), extension requests (延期审批), reports to
// review (待审核), callbacks (待回访) and late cases (超时督办). Each tab is a queue like the
// workbench; the tabs follow the roles. Then the analysis tabs: hot issues, early warnings, 专项.
import { useEffect, useMemo, useState } from 'react';
import { Alert, App, Badge, Button, Popconfirm, Result, Space, Tabs, Tooltip } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { ReloadOutlined } from '@ant-design/icons';
import { Navigate, useNavigate, useParams, useSearchParams } from 'react-router-dom';
import { staffApi } from '../../api';
import { useI18n } from '../../i18n';
import { useStaff } from '../../session';
import { ExportExcelButton } from '../../components/ExportExcel';
import { CaseTable, caseQueryString, useCaseExportColumns, useCaseList, useLiveTick, type CaseItem, type CaseQuery } from './components/CaseTable';
import { NoticesButton } from './components/Notices';
import { PageTitle, StaffTheme, errorText, Muted, todayStamp } from './components/ui';
import { useNames } from './components/names';
import { Hotspots } from './components/Hotspots';
import { Alerts } from './components/Alerts';
import { Campaigns } from './components/Campaigns';

type TabKey = 'triage' | 'extensions' | 'review' | 'callback' | 'overdue';
type AnalysisKey = 'hotspots' | 'alerts' | 'campaigns';
// Analysis tabs: not queues of cases but groups and early warnings (no count badge).
const ANALYSIS: { key: AnalysisKey; roles: string[] }[] = [
  { key: 'hotspots', roles: ['dispatcher', 'reviewer', 'admin'] },
  { key: 'alerts', roles: ['dispatcher', 'reviewer', 'admin'] },
  { key: 'campaigns', roles: ['dispatcher', 'reviewer', 'admin'] },
];
const TABS: { key: TabKey; roles: string[]; query: CaseQuery }[] = [
  { key: 'triage', roles: ['dispatcher', 'admin'], query: { status: ['received'] } },
  { key: 'extensions', roles: ['dispatcher', 'admin'], query: { extension: 'pending' } },
  { key: 'review', roles: ['reviewer', 'admin'], query: { status: ['reported'] } },
  { key: 'callback', roles: ['reviewer', 'admin'], query: { status: ['reviewed'] } },
  { key: 'overdue', roles: ['dispatcher', 'reviewer', 'admin'], query: { overdue: true } },
];

interface Suggestion { category: string | null; unitCode: string | null; district: string | null }

/** The router's suggestion for each case on the page (the list does not carry it). */
function useSuggestions(items: CaseItem[], enabled: boolean) {
  const [map, setMap] = useState<Record<number, Suggestion | null | 'loading'>>({});
  const ids = items.map((i) => i.id).join(',');
  useEffect(() => {
    if (!enabled) return;
    let alive = true;
    for (const it of items) {
      setMap((m) => (it.id in m ? m : { ...m, [it.id]: 'loading' }));
      staffApi.get<{ suggestion: Suggestion | null; status: string }>(`/api/cases/${it.id}`)
        .then((r) => { if (alive) setMap((m) => ({ ...m, [it.id]: r.suggestion })); })
        .catch(() => { if (alive) setMap((m) => ({ ...m, [it.id]: null })); });
    }
    return () => { alive = false; };
  }, [ids, enabled]); // eslint-disable-line react-hooks/exhaustive-deps
  return map;
}

function Queue({ tab, liveTick, onChanged }: { tab: (typeof TABS)[number]; liveTick: number; onChanged(): void }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const { has } = useStaff();
  const names = useNames();
  const [sp, setSp] = useSearchParams();
  const page = Number(sp.get('page') ?? 1) || 1;
  const pageSize = Number(sp.get('pageSize') ?? 20) || 20;
  const list = useCaseList({ ...tab.query, page, pageSize }, liveTick);
  const exportColumns = useCaseExportColumns();
  const suggestions = useSuggestions(list.items, tab.key === 'triage');
  const [busy, setBusy] = useState<number | null>(null);
  const dispatcher = has('dispatcher');

  const act = async (id: number, path: string, body: unknown, doneKey: string) => {
    setBusy(id);
    try {
      await staffApi.post(`/api/cases/${id}/${path}`, body);
      message.success(t(doneKey));
      await list.reload(true);
      onChanged();
    } catch (e) {
      message.error(errorText(e));
    } finally {
      setBusy(null);
    }
  };

  const stop = { onClick: (e: React.MouseEvent) => e.stopPropagation() };
  let extra: ColumnsType<CaseItem> = [];
  if (tab.key === 'triage') {
    extra = [
      {
        title: t('staff.console.suggestedUnit'), width: 170,
        render: (_, r) => {
          const s = suggestions[r.id];
          if (s === 'loading' || s === undefined) return <Muted>{t('common.loading')}</Muted>;
          if (!s?.unitCode) return <Muted>{t('staff.case.noSuggestedUnit')}</Muted>;
          return <span data-testid={`suggested-unit-${r.id}`}>{names.unitName(s.unitCode)}</span>;
        },
      },
      {
        title: t('staff.console.quickAction'), width: 150,
        render: (_, r) => {
          const s = suggestions[r.id];
          const ok = dispatcher && s && s !== 'loading' && s.unitCode;
          const btn = (
            <Button size="small" type="primary" disabled={!ok} loading={busy === r.id} data-testid={`dispatch-suggested-${r.id}`}
              onClick={(e) => { e.stopPropagation(); if (ok) void act(r.id, 'dispatch', { unitCode: s.unitCode, ...(s.category ? { category: s.category } : {}) }, 'staff.console.dispatched'); }}>
              {t('staff.console.dispatchSuggested')}
            </Button>
          );
          return dispatcher ? btn : <Tooltip title={t('staff.console.dispatcherOnly')}><span {...stop}>{btn}</span></Tooltip>;
        },
      },
    ];
  }
  if (tab.key === 'extensions') {
    extra = [
      {
        title: t('staff.console.extensionRequest'), width: 200, ellipsis: true,
        render: (_, r) => r.extensionPending
          ? <span title={r.extensionPending.reason}>{t('staff.extension.daysShort', { days: r.extensionPending.days })} · {r.extensionPending.reason}</span>
          : '—',
      },
      {
        title: t('staff.console.quickAction'), width: 160,
        render: (_, r) => dispatcher ? (
          <Space size={4} {...stop}>
            <Popconfirm title={t('staff.console.approveConfirm', { days: r.extensionPending?.days ?? '' })} okText={t('staff.extension.approve')} cancelText={t('common.cancel')}
              onConfirm={() => act(r.id, 'extension/decision', { approve: true }, 'staff.console.approved')}>
              <Button size="small" type="primary" loading={busy === r.id} data-testid={`approve-extension-${r.id}`}>{t('staff.extension.approve')}</Button>
            </Popconfirm>
            <Popconfirm title={t('staff.console.rejectConfirm')} okText={t('staff.extension.reject')} cancelText={t('common.cancel')} okButtonProps={{ danger: true }}
              onConfirm={() => act(r.id, 'extension/decision', { approve: false }, 'staff.console.rejected')}>
              <Button size="small" danger data-testid={`reject-extension-${r.id}`}>{t('staff.extension.reject')}</Button>
            </Popconfirm>
          </Space>
        ) : <Muted>{t('staff.console.dispatcherOnly')}</Muted>,
      },
    ];
  }

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', alignItems: 'center', marginBottom: 12, gap: 12, flexWrap: 'wrap' }}>
        <Muted>{t(`staff.console.help.${tab.key}`)}</Muted>
        <Space>
          <Button icon={<ReloadOutlined aria-hidden />} onClick={() => { void list.reload(); onChanged(); }}>{t('staff.common.refresh')}</Button>
          <ExportExcelButton fileName={`${t(`staff.console.tab.${tab.key}`)}-${todayStamp()}`} columns={exportColumns} rows={list.items} />
        </Space>
      </div>
      {list.error && <Alert type="error" showIcon title={list.error} style={{ marginBottom: 16 }} />}
      <CaseTable items={list.items} total={list.total} loading={list.loading} page={page} pageSize={pageSize}
        onPage={(p, ps) => { const n = new URLSearchParams(sp); n.set('page', String(p)); n.set('pageSize', String(ps)); setSp(n, { replace: true }); }}
        extraColumns={extra} emptyText={t(`staff.console.empty.${tab.key}`)}
        hide={tab.key === 'triage' ? ['unit', 'status'] : tab.key === 'extensions' ? ['status', 'district', 'receivedAt'] : undefined} />
    </div>
  );
}

export default function Console() {
  return <StaffTheme><ConsolePage /></StaffTheme>;
}

function ConsolePage() {
  const { t } = useI18n();
  const { has } = useStaff();
  const navigate = useNavigate();
  const params = useParams();
  const tabs = TABS.filter((x) => has(...x.roles));
  const liveTick = useLiveTick();
  const [counts, setCounts] = useState<Record<string, number>>({});
  const [countTick, setCountTick] = useState(0);
  const tabKeys = tabs.map((x) => x.key).join(',');
  useEffect(() => {
    let alive = true;
    for (const tab of tabs) {
      staffApi.get<{ total: number }>(`/api/cases?${caseQueryString({ ...tab.query, page: 1, pageSize: 1 })}`)
        .then((r) => { if (alive) setCounts((c) => ({ ...c, [tab.key]: r.total })); })
        .catch(() => {});
    }
    return () => { alive = false; };
  }, [tabKeys, liveTick, countTick]); // eslint-disable-line react-hooks/exhaustive-deps
  const analysis = ANALYSIS.filter((x) => has(...x.roles));
  const allKeys: string[] = [...tabs.map((x) => x.key), ...analysis.map((x) => x.key)];
  const current = useMemo(() => allKeys.find((k) => k === params.tab), [allKeys.join(','), params.tab]); // eslint-disable-line react-hooks/exhaustive-deps

  if (!allKeys.length) return <Result status="403" title={t('staff.common.forbidden')} />;
  if (!current) return <Navigate to={`/staff/console/${allKeys[0]}`} replace />;

  return (
    <div>
      <PageTitle extra={<NoticesButton liveTick={liveTick} />}>{t('staff.menu.console')}</PageTitle>
      <Tabs
        activeKey={current}
        onChange={(k) => navigate(`/staff/console/${k}`)}
        destroyOnHidden
        items={tabs.map((x) => ({
          key: x.key as string,
          label: (
            <span data-testid={`console-tab-${x.key}`}>
              {t(`staff.console.tab.${x.key}`)}
              {counts[x.key] !== undefined && (
                <Badge count={counts[x.key]} showZero overflowCount={999} style={{ marginInlineStart: 6, ...(x.key === 'overdue' && counts[x.key] ? { background: '#a8071a' } : { background: '#595959' }) }}
                  aria-label={t('staff.list.total', { n: counts[x.key] })} />
              )}
            </span>
          ),
          children: <Queue tab={x} liveTick={liveTick} onChanged={() => setCountTick((n) => n + 1)} />,
        })).concat(analysis.map((x) => ({
          key: x.key,
          label: <span data-testid={`console-tab-${x.key}`}>{t(`staff.console.tab.${x.key}`)}</span>,
          children: x.key === 'hotspots' ? <Hotspots /> : x.key === 'alerts' ? <Alerts /> : <Campaigns />,
        })))}
      />
    </div>
  );
}
