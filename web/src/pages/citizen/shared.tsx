// Pieces shared by the citizen (写信人) screens: the sign-in guard, error wording, the status tag
// with AA-contrast colours, and small helpers.
import { useCallback, useEffect, useState, type ReactNode } from 'react';
import { Navigate, useLocation, useNavigate } from 'react-router-dom';
import { Spin, Tag, Typography } from 'antd';
import { ApiError, session } from '../../api';
import { useI18n, type Lang } from '../../i18n';

/** Where to send a writer who is not (or no longer) verified, keeping the page they wanted. */
export function verifyPath(next: string) {
  return `/h5/verify?next=${encodeURIComponent(next)}`;
}

/** Only our own citizen pages are accepted as `next`, so the link cannot send anyone elsewhere. */
export function safeNext(next: string | null): string {
  return next && /^\/h5\/(?!verify)[\w\-/?=&%.]*$/.test(next) ? next : '/h5/write';
}

/** Renders its children only for a verified writer (asked of the server once); anyone else goes to /h5/verify?next=…. */
export function RequireCitizen({ children }: { children: ReactNode }) {
  const loc = useLocation();
  const { t } = useI18n();
  const [state, setState] = useState<'asking' | 'yes' | 'no'>(session.present() ? 'asking' : 'no');
  useEffect(() => {
    let live = true;
    if (state === 'asking') void session.me().then((m) => { if (live) setState(m?.kind === 'citizen' ? 'yes' : 'no'); });
    return () => { live = false; };
  }, [state]);
  if (state === 'no') return <Navigate to={verifyPath(loc.pathname + loc.search)} replace />;
  if (state === 'asking') return <div style={{ padding: 40, textAlign: 'center' }}><Spin aria-label={t('citizen.loading')} /></div>;
  return <>{children}</>;
}

/** Turns an API failure into words for the writer; a 401 (token gone or expired) goes to verification. */
export function useApiError() {
  const { t, lang } = useI18n();
  const navigate = useNavigate();
  const loc = useLocation();
  return useCallback((e: unknown): string | null => {
    if (e instanceof ApiError && e.status === 401) {
      session.forget();
      navigate(verifyPath(loc.pathname + loc.search), { replace: true });
      return null;
    }
    return errorText(t, lang, e);
  }, [t, lang, navigate, loc.pathname, loc.search]);
}

/** The server's own message (in Chinese); in English mode a short English lead goes before it. */
export function errorText(t: (k: string) => string, lang: Lang, e: unknown): string {
  if (e instanceof ApiError) {
    if (lang === 'zh') return e.message;
    const key = `citizen.err.${e.status}`;
    const lead = t(key);
    return lead === key ? `${t('citizen.err.generic')} (${e.message})` : `${lead} (${e.message})`;
  }
  return t('citizen.err.network');
}

// Text and background pairs chosen for at least 4.5:1 contrast.
const STATUS_COLORS: Record<string, [string, string]> = {
  received: ['#0b4ea2', '#e8f0fb'],
  dispatched: ['#0b4ea2', '#e8f0fb'],
  signed: ['#7a4100', '#fff1d6'],
  reported: ['#1f5c0a', '#e9f6e0'],
  reviewed: ['#1f5c0a', '#e9f6e0'],
  closed: ['#3a3a3a', '#eeeeee'],
  merged: ['#4b1d96', '#f1eafd'],
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const [fg, bg] = STATUS_COLORS[status] ?? ['#3a3a3a', '#eeeeee'];
  const key = `status.${status}`;
  const label = t(key) === key ? status : t(key);
  return (
    <Tag data-testid="status-tag" style={{ color: fg, background: bg, borderColor: fg, fontSize: 15, lineHeight: '24px', padding: '0 10px', marginInlineEnd: 0 }}>
      {label}
    </Tag>
  );
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 8, margin: '4px 0 16px' }}>
      <Typography.Title level={1} style={{ fontSize: 24, margin: 0, lineHeight: 1.3 }}>{children}</Typography.Title>
      {extra}
    </div>
  );
}

/** A random UUID (v4) — also where crypto.randomUUID is missing (plain-HTTP pages in some WebViews). */
export function uuid(): string {
  if (typeof crypto !== 'undefined' && typeof crypto.randomUUID === 'function') {
    try { return crypto.randomUUID(); } catch { /* not a secure context */ }
  }
  const b = new Uint8Array(16);
  crypto.getRandomValues(b);
  b[6] = (b[6] & 0x0f) | 0x40;
  b[8] = (b[8] & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

/** A name sent by the server in Chinese (category, appeal type): English from the dictionary when there is one. */
export function useServerName() {
  const { t, lang } = useI18n();
  return useCallback((key: string, serverText: string) => {
    if (lang === 'zh') return serverText;
    const v = t(key);
    return v === key ? serverText : v;
  }, [t, lang]);
}

/** Deadlines of a sent letter, kept so that the Done page survives a reload. */
export const DEADLINES_KEY = (number: string) => `jsjb.letterDeadlines.${number}`;
export interface Deadlines { sign?: string; contact?: string; firstFeedback?: string; close?: string }
