// Small pieces the staff screens share: level and status tags (text and icon, never colour
// alone), the one-second ticker behind every countdown, and the error text of a failed call.
import { useSyncExternalStore, type ReactNode } from 'react';
import { ConfigProvider, Tag, Typography } from 'antd';
import { CheckCircleOutlined, ExclamationCircleOutlined, CloseCircleOutlined, ThunderboltOutlined } from '@ant-design/icons';
import { useI18n } from '../../../i18n';
import { ApiError } from '../../../api';

/** Link colour with AA contrast on white (the theme's default link blue is too light). */
export const LINK = '#0b4ea2';

export type Level = 'green' | 'yellow' | 'red';

// Dark text on a pale ground: every pair passes WCAG AA (≥ 4.5:1).
const LEVEL_STYLE: Record<Level, { color: string; background: string; borderColor: string; icon: ReactNode }> = {
  green: { color: '#135200', background: '#f0f9eb', borderColor: '#95de64', icon: <CheckCircleOutlined aria-hidden /> },
  yellow: { color: '#5c3200', background: '#fffbe6', borderColor: '#f0b400', icon: <ExclamationCircleOutlined aria-hidden /> },
  red: { color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875', icon: <CloseCircleOutlined aria-hidden /> },
};

export function LevelTag({ level }: { level: string | null | undefined }) {
  const { t } = useI18n();
  if (!level || !(level in LEVEL_STYLE)) return null;
  const s = LEVEL_STYLE[level as Level];
  return <Tag icon={s.icon} style={{ color: s.color, background: s.background, borderColor: s.borderColor, marginInlineEnd: 4 }} data-level={level}>{t(`level.${level}`)}</Tag>;
}

const STATUS_STYLE: Record<string, { color: string; background: string }> = {
  received: { color: '#0b4ea2', background: '#e6f0fb' },
  dispatched: { color: '#531dab', background: '#f4ecfb' },
  signed: { color: '#00474f', background: '#e6f7f7' },
  reported: { color: '#5c3200', background: '#fff7e0' },
  reviewed: { color: '#135200', background: '#eef8e8' },
  closed: { color: '#3a3a3a', background: '#f0f0f0' },
  merged: { color: '#3a3a3a', background: '#f0f0f0' },
};

export function StatusTag({ status }: { status: string }) {
  const { t } = useI18n();
  const s = STATUS_STYLE[status] ?? STATUS_STYLE.closed;
  return <Tag style={{ color: s.color, background: s.background, borderColor: 'transparent' }}>{t(`status.${status}`)}</Tag>;
}

export function PriorityTag({ priority }: { priority: string | null | undefined }) {
  const { t } = useI18n();
  if (!priority || priority === 'normal') return null;
  return <Tag icon={<ThunderboltOutlined aria-hidden />} style={{ color: '#a8071a', background: '#fff1f0', borderColor: '#ff7875' }}>{t(`staff.priority.${priority}`)}</Tag>;
}

// ---- the clock ---------------------------------------------------------------------------
// One interval for the whole page; each countdown subscribes and re-renders once a second.
let offsetMs = 0;
const subscribers = new Set<() => void>();
let timer: ReturnType<typeof setInterval> | null = null;
let tick = Date.now();

/** The server's clock may run ahead (test clock): a response that tells "now" aligns ours with it. */
export function alignClock(serverNow: string | null | undefined) {
  if (!serverNow) return;
  const ms = Date.parse(serverNow);
  if (!Number.isNaN(ms)) offsetMs = ms - Date.now();
}

/**
 * Without a "now" from the server, every server timestamp is a lower bound of the server's clock:
 * an event stamped later than our clock means the server (or its test clock) runs ahead.
 */
export function noteServerTime(ts: string | null | undefined) {
  if (!ts) return;
  const ms = Date.parse(ts);
  if (!Number.isNaN(ms) && ms > Date.now() + offsetMs) offsetMs = ms - Date.now();
}

function subscribe(cb: () => void) {
  subscribers.add(cb);
  if (!timer) timer = setInterval(() => { tick = Date.now(); for (const s of subscribers) s(); }, 1000);
  return () => {
    subscribers.delete(cb);
    if (!subscribers.size && timer) { clearInterval(timer); timer = null; }
  };
}

export function useNow(): number {
  return useSyncExternalStore(subscribe, () => tick) + offsetMs;
}

const pad = (n: number) => String(n).padStart(2, '0');

export function formatSpan(ms: number, t: (k: string, p?: Record<string, string | number>) => string): string {
  let s = Math.floor(Math.abs(ms) / 1000);
  const d = Math.floor(s / 86400); s -= d * 86400;
  const h = Math.floor(s / 3600); s -= h * 3600;
  const m = Math.floor(s / 60); s -= m * 60;
  const hms = `${pad(h)}:${pad(m)}:${pad(s)}`;
  return d ? `${t('staff.countdown.days', { n: d })} ${hms}` : hms;
}

/**
 * "剩余 03:12:09" or "已超时 00:05:40", re-rendered every second. `breached` is the server's word:
 * when our clock lags the server's (a test clock), a limit the server calls breached never shows
 * time left.
 */
export function Countdown({ due, breached }: { due: string | null | undefined; breached?: boolean }) {
  const { t } = useI18n();
  const now = useNow();
  if (!due) return <span style={{ color: '#595959' }}>—</span>;
  const left = Date.parse(due) - now;
  if (breached && left >= 0) {
    return <span style={{ whiteSpace: 'nowrap', color: '#a8071a', fontWeight: 600 }}>{t('staff.countdown.overdue')}</span>;
  }
  const text = formatSpan(left, t);
  return left >= 0
    ? <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>{t('staff.countdown.left', { time: text })}</span>
    : <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap', color: '#a8071a', fontWeight: 600 }}>{t('staff.countdown.over', { time: text })}</span>;
}

/** Today in China Standard Time as YYYY-MM-DD (for file names). */
export function todayStamp(): string {
  return new Intl.DateTimeFormat('sv-SE', { timeZone: 'Asia/Shanghai' }).format(new Date());
}

export function errorText(e: unknown): string {
  if (e instanceof ApiError) return e.message;
  if (e instanceof Error) return e.message;
  return String(e);
}

export function PageTitle({ children, extra }: { children: ReactNode; extra?: ReactNode }) {
  return (
    <div style={{ display: 'flex', alignItems: 'center', justifyContent: 'space-between', gap: 16, marginBottom: 16, flexWrap: 'wrap' }}>
      <Typography.Title level={3} style={{ margin: 0 }}>{children}</Typography.Title>
      {extra && <div style={{ display: 'flex', gap: 8, alignItems: 'center', flexWrap: 'wrap' }}>{extra}</div>}
    </div>
  );
}

/**
 * The staff pages' contrast: antd's secondary, description and placeholder greys and its link
 * blue fall under WCAG AA on white; these darker ones pass.
 */
const AA_TOKENS = {
  colorTextSecondary: '#595959', colorTextDescription: '#595959', colorTextTertiary: '#595959',
  colorTextPlaceholder: '#767676', colorLink: LINK, colorLinkHover: '#1765c1', colorLinkActive: '#083b7a',
};
export function StaffTheme({ children }: { children: ReactNode }) {
  return <ConfigProvider theme={{ token: AA_TOKENS }}>{children}</ConfigProvider>;
}

/** Secondary text dark enough for AA contrast (antd's secondary grey is not). */
export function Muted({ children }: { children: ReactNode }) {
  return <span style={{ color: '#595959' }}>{children}</span>;
}
