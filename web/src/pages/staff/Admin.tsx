// 系统管理 (admin only): accounts, units, categories, the holiday calendar, FAQ, response
// templates (答复模板), and the time-limit policy and rate formulas. The tab is in the address (/staff/admin/:tab).
import { Result, Tabs } from 'antd';
import { Navigate, useNavigate, useParams } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useStaff } from '../../session';
import { PageTitle, StaffTheme } from './components/ui';
import { Users } from './admin/Users';
import { Units } from './admin/Units';
import { Categories } from './admin/Categories';
import { Calendar } from './admin/Calendar';
import { Faq } from './admin/Faq';
import { SettingEditor } from './admin/Settings';
import { Templates } from './admin/Templates';

const TABS = ['users', 'units', 'categories', 'calendar', 'faq', 'templates', 'timeLimits', 'rates'] as const;

export default function Admin() {
  return <StaffTheme><AdminPage /></StaffTheme>;
}

function AdminPage() {
  const { t } = useI18n();
  const { has } = useStaff();
  const navigate = useNavigate();
  const tab = useParams().tab;
  if (!has('admin')) return <Result status="403" title={t('staff.common.forbidden')} />;
  if (!tab || !(TABS as readonly string[]).includes(tab)) return <Navigate to="/staff/admin/users" replace />;
  const body = (k: (typeof TABS)[number]) => {
    switch (k) {
      case 'users': return <Users />;
      case 'units': return <Units />;
      case 'categories': return <Categories />;
      case 'calendar': return <Calendar />;
      case 'faq': return <Faq />;
      case 'templates': return <Templates />;
      case 'timeLimits': return <SettingEditor name="time-limits" />;
      case 'rates': return <SettingEditor name="rates" />;
    }
  };
  return (
    <div>
      <PageTitle>{t('staff.menu.admin')}</PageTitle>
      <Tabs activeKey={tab} onChange={(k) => navigate(`/staff/admin/${k}`)} destroyOnHidden
        items={TABS.map((k) => ({ key: k, label: <span data-testid={`admin-tab-${k}`}>{t(`staff.admin.tab.${k}`)}</span>, children: body(k) }))} />
    </div>
  );
}
