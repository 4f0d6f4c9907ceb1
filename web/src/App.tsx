// Routes of the four audiences. Each area loads lazily, so a citizen's phone never downloads the
// dashboard's charts.
import { lazy, Suspense } from 'react';
import { BrowserRouter, Navigate, Route, Routes } from 'react-router-dom';
import { App as AntApp, ConfigProvider, Spin } from 'antd';
import zhCN from 'antd/locale/zh_CN';
import enUS from 'antd/locale/en_US';
import { I18nProvider, useI18n } from './i18n';
import { StaffSessionProvider } from './session';
import { Landing } from './pages/Landing';

const CitizenLayout = lazy(() => import('./pages/citizen/CitizenLayout'));
const Verify = lazy(() => import('./pages/citizen/Verify'));
const Write = lazy(() => import('./pages/citizen/Write'));
const Done = lazy(() => import('./pages/citizen/Done'));
const Mine = lazy(() => import('./pages/citizen/Mine'));
const Letter = lazy(() => import('./pages/citizen/Letter'));
const Faq = lazy(() => import('./pages/citizen/Faq'));
const PublicStats = lazy(() => import('./pages/citizen/PublicStats'));
const TypicalCases = lazy(() => import('./pages/citizen/TypicalCases'));

const StaffLogin = lazy(() => import('./pages/staff/Login'));
const StaffLayout = lazy(() => import('./pages/staff/StaffLayout'));
const Workbench = lazy(() => import('./pages/staff/Workbench'));
const CaseDetail = lazy(() => import('./pages/staff/CaseDetail'));
const Console = lazy(() => import('./pages/staff/Console'));
const Admin = lazy(() => import('./pages/staff/Admin'));
const Dashboard = lazy(() => import('./pages/dashboard/Dashboard'));

function Themed() {
  const { lang } = useI18n();
  return (
    <ConfigProvider locale={lang === 'zh' ? zhCN : enUS} theme={{ token: { colorPrimary: '#0b4ea2', fontSize: 15, borderRadius: 6 } }}>
      <AntApp>
        <BrowserRouter>
          <Suspense fallback={<div style={{ padding: 48, textAlign: 'center' }}><Spin /></div>}>
            <Routes>
              <Route path="/" element={<Landing />} />
              <Route path="/h5" element={<CitizenLayout />}>
                <Route index element={<Navigate to="write" replace />} />
                <Route path="verify" element={<Verify />} />
                <Route path="write" element={<Write />} />
                <Route path="done/:number" element={<Done />} />
                <Route path="mine" element={<Mine />} />
                <Route path="letters/:number" element={<Letter />} />
                <Route path="faq" element={<Faq />} />
                <Route path="typical-cases" element={<TypicalCases />} />
                <Route path="stats" element={<PublicStats />} />
              </Route>
              <Route path="/staff/login" element={<StaffSessionProvider><StaffLogin /></StaffSessionProvider>} />
              <Route path="/staff" element={<StaffSessionProvider><StaffLayout /></StaffSessionProvider>}>
                <Route index element={<Navigate to="workbench" replace />} />
                <Route path="workbench" element={<Workbench />} />
                <Route path="cases/:id" element={<CaseDetail />} />
                <Route path="console/:tab?" element={<Console />} />
                <Route path="admin/:tab?" element={<Admin />} />
                <Route path="dashboard" element={<Dashboard />} />
              </Route>
              <Route path="*" element={<Navigate to="/" replace />} />
            </Routes>
          </Suspense>
        </BrowserRouter>
      </AntApp>
    </ConfigProvider>
  );
}

export function App() {
  return <I18nProvider><Themed /></I18nProvider>;
}
