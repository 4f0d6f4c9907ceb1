// The citizen's mobile frame (WeChat official-account size): a header with the title and the
// language switch, the page, and a bottom tab bar. Larger type and taller controls than the
// staff screens, with text colours that keep WCAG AA contrast.
import { Suspense, type ReactNode } from 'react';
import { Link, NavLink, Outlet, useLocation } from 'react-router-dom';
import { ConfigProvider, Spin } from 'antd';
import { BarChartOutlined, EditOutlined, InboxOutlined, QuestionCircleOutlined } from '@ant-design/icons';
import { useI18n } from '../../i18n';
import { LangSwitch } from '../../components/LangSwitch';
import './citizen.css';

export const FONT_STACK = "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'WenQuanYi Micro Hei', 'Helvetica Neue', Arial, sans-serif";

const THEME = {
  token: {
    fontFamily: FONT_STACK,
    colorPrimary: '#0b4ea2',
    fontSize: 17,
    fontSizeLG: 18,
    controlHeight: 44,
    controlHeightLG: 52,
    borderRadius: 8,
    colorText: 'rgba(0,0,0,0.88)',
    colorTextSecondary: 'rgba(0,0,0,0.68)',
    colorTextTertiary: 'rgba(0,0,0,0.62)',
    colorTextDescription: 'rgba(0,0,0,0.65)',
    colorTextPlaceholder: 'rgba(0,0,0,0.55)',
    colorTextDisabled: 'rgba(0,0,0,0.58)',
    colorError: '#c0141f',
    colorLink: '#0b4ea2',
    colorInfo: '#0b4ea2',
  },
};

interface Tab { to: string; key: string; icon: ReactNode; match: (p: string) => boolean }
const TABS: Tab[] = [
  { to: '/h5/write', key: 'citizen.tab.write', icon: <EditOutlined />, match: (p) => p.startsWith('/h5/write') || p.startsWith('/h5/done') },
  { to: '/h5/mine', key: 'citizen.tab.mine', icon: <InboxOutlined />, match: (p) => p.startsWith('/h5/mine') || p.startsWith('/h5/letters') },
  { to: '/h5/faq', key: 'citizen.tab.faq', icon: <QuestionCircleOutlined />, match: (p) => p.startsWith('/h5/faq') || p.startsWith('/h5/typical-cases') },
  { to: '/h5/stats', key: 'citizen.tab.stats', icon: <BarChartOutlined />, match: (p) => p.startsWith('/h5/stats') },
];

export default function CitizenLayout() {
  const { t } = useI18n();
  const { pathname } = useLocation();
  return (
    <ConfigProvider theme={THEME}>
      <div className="h5-frame">
        <header className="h5-header">
          <Link to="/h5/write" className="h5-title" aria-label={t('citizen.header.home')}>{t('citizen.header')}</Link>
          <LangSwitch size="large" />
        </header>
        <main className="h5-main" id="main">
          <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>}>
            <Outlet />
          </Suspense>
        </main>
        <nav className="h5-tabs" aria-label={t('citizen.tab.nav')}>
          {TABS.map((tab) => {
            const active = tab.match(pathname);
            return (
              <NavLink key={tab.to} to={tab.to} data-testid={`tab-${tab.to.slice(4)}`} className={active ? 'h5-tab h5-tab-active' : 'h5-tab'} aria-current={active ? 'page' : undefined}>
                <span className="h5-tab-icon" aria-hidden="true">{tab.icon}</span>
                <span className="h5-tab-label">{t(tab.key)}</span>
              </NavLink>
            );
          })}
        </nav>
      </div>
    </ConfigProvider>
  );
}
