// The staff frame: the menu shows only what the signed-in roles may use.
import { Layout, Menu, Space, Spin, Typography, Button } from 'antd';
import { Navigate, Outlet, useLocation, useNavigate } from 'react-router-dom';
import { useI18n } from '../../i18n';
import { useStaff, CENTER, UNIT } from '../../session';
import { LangSwitch } from '../../components/LangSwitch';

export default function StaffLayout() {
  const { t } = useI18n();
  const { user, loading, logout, has } = useStaff();
  const navigate = useNavigate();
  const location = useLocation();
  if (loading) return <div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>;
  if (!user) return <Navigate to="/staff/login" replace />;
  const items = [
    has(...UNIT, ...CENTER) && { key: '/staff/workbench', label: t(has(...UNIT) ? 'staff.menu.workbench' : 'staff.menu.cases') },
    has('dispatcher', 'reviewer', 'admin') && { key: '/staff/console', label: t('staff.menu.console') },
    has('admin', 'dispatcher', 'reviewer', 'viewer', 'unit_leader') && { key: '/staff/dashboard', label: t('staff.menu.dashboard') },
    has('admin') && { key: '/staff/admin', label: t('staff.menu.admin') },
  ].filter(Boolean) as { key: string; label: string }[];
  const selected = items.find((i) => location.pathname.startsWith(i.key))?.key;
  return (
    <Layout style={{ minHeight: '100vh' }}>
      <Layout.Header style={{ display: 'flex', alignItems: 'center', gap: 24, background: '#0b3d7a' }}>
        <Typography.Text strong style={{ color: '#fff', fontSize: 17, whiteSpace: 'nowrap' }}>{t('app.title')}</Typography.Text>
        <Menu theme="dark" mode="horizontal" style={{ flex: 1, background: 'transparent', minWidth: 0 }} selectedKeys={selected ? [selected] : []}
          items={items} onClick={(e) => navigate(e.key)} data-testid="staff-menu" />
        <Space>
          <Typography.Text style={{ color: '#fff' }} data-testid="staff-user">{user.displayName}</Typography.Text>
          <span style={{ filter: 'invert(1)' }}><LangSwitch /></span>
          <Button size="small" onClick={async () => { await logout(); navigate('/staff/login'); }}>{t('common.logout')}</Button>
        </Space>
      </Layout.Header>
      <Layout.Content style={{ padding: 24 }}>
        {location.pathname === '/staff' || location.pathname === '/staff/'
          ? <Navigate to={has(...UNIT, ...CENTER) ? '/staff/workbench' : '/staff/dashboard'} replace />
          : <Outlet />}
      </Layout.Content>
    </Layout>
  );
}
