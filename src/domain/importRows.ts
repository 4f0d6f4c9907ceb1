// Rows of a spreadsheet of historical cases (from an earlier system) → the cases that
// `importCases` takes. Pure: headers in Chinese or English, categories, units and channels by code
// or by name, times as text or spreadsheet dates (China time), satisfaction in either language.
// Each row is judged alone, so one bad row never takes its neighbours down with it.
import { formatLocalIso, isRealDate } from './calendar.js';

export type ImportField = 'externalId' | 'channel' | 'receivedAt' | 'title' | 'content' | 'address' | 'category' | 'unitCode' | 'closedAt' | 'satisfaction';

/** The columns of an import file, in the order of a template, with their Chinese names. */
export const IMPORT_FIELDS: { field: ImportField; zh: string; required: boolean; aliases: string[] }[] = [
  { field: 'externalId', zh: '外部编号', required: true, aliases: ['外部编号', '原编号', '原系统编号', '原案件编号', '来源编号', '外部id', 'externalid', 'extid'] },
  { field: 'channel', zh: '渠道', required: true, aliases: ['渠道', '来信渠道', '来源渠道', '渠道代码', 'channel'] },
  { field: 'receivedAt', zh: '受理时间', required: true, aliases: ['受理时间', '来信时间', '登记时间', 'receivedat', 'received'] },
  { field: 'title', zh: '标题', required: false, aliases: ['标题', '来信标题', '主题', 'title', 'subject'] },
  { field: 'content', zh: '内容', required: true, aliases: ['内容', '来信内容', '诉求内容', '正文', 'content', 'text', 'body'] },
  { field: 'address', zh: '地址', required: false, aliases: ['地址', '事发地址', '发生地址', 'address'] },
  { field: 'category', zh: '类别', required: true, aliases: ['类别', '诉求类别', '类别代码', '分类', 'category'] },
  { field: 'unitCode', zh: '承办单位', required: true, aliases: ['承办单位', '承办单位代码', '办理单位', '单位', '单位代码', 'unitcode', 'unit'] },
  { field: 'closedAt', zh: '办结时间', required: false, aliases: ['办结时间', '结案时间', 'closedat', 'closed'] },
  { field: 'satisfaction', zh: '满意度', required: false, aliases: ['满意度', '满意度评价', '评价', 'satisfaction'] },
];

const LIMITS: Partial<Record<ImportField, number>> = { externalId: 100, title: 200, content: 5000, address: 300 };

/** How a header is compared: no spaces, marks of a required column (*, （必填）), case or separators. */
export function normalizeHeader(h: string): string {
  return h.replace(/^\uFEFF/, '').replace(/[（(]\s*(必填|选填|可选|required|optional)\s*[)）]/gi, '')
    .replace(/[\s*＊_\-·.:：]/g, '').toLowerCase();
}

const ALIAS = new Map<string, ImportField>(IMPORT_FIELDS.flatMap((f) => f.aliases.map((a) => [normalizeHeader(a), f.field] as [string, ImportField])));

export interface HeaderMap {
  /** Column index → field. Columns that are none of ours (a reason column, notes) are left out. */
  columns: Map<number, ImportField>;
  missing: ImportField[];
  /** A field named by more than one column: which one is meant cannot be guessed. */
  duplicates: { field: ImportField; headers: string[] }[];
}

export function mapHeaders(headers: string[]): HeaderMap {
  const columns = new Map<number, ImportField>();
  const seen = new Map<ImportField, string[]>();
  headers.forEach((h, i) => {
    const f = ALIAS.get(normalizeHeader(h ?? ''));
    if (!f) return;
    seen.set(f, [...(seen.get(f) ?? []), h.trim()]);
    columns.set(i, f);
  });
  return {
    columns,
    missing: IMPORT_FIELDS.filter((f) => f.required && !seen.has(f.field)).map((f) => f.field),
    duplicates: [...seen].filter(([, hs]) => hs.length > 1).map(([field, hs]) => ({ field, headers: hs })),
  };
}

export const fieldName = (f: ImportField) => IMPORT_FIELDS.find((x) => x.field === f)!.zh;

/** A cell as read from the file: text, a number, or a spreadsheet date (its wall clock in UTC fields). */
export type RawCell = string | number | boolean | Date | null | undefined;

const OFFSET_MS = 8 * 3600_000;
const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);

/** A spreadsheet's date carries no zone: its wall clock is China time. */
const wallClockToInstant = (d: Date) => new Date(d.getTime() - OFFSET_MS);

const TIME_RE = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?(?:[T\s]*(\d{1,2})\s*[:时]\s*(\d{1,2})\s*(?:[:分]\s*(\d{1,2})(?:\.\d+)?\s*秒?)?\s*分?)?$/;

/**
 * A time of the file → an instant. Text with an offset (ISO 8601) is taken as it says; text
 * without one (2026-11-28 09:30, 2026/11/28 9:30, 2026年11月28日 09:30, a bare date) and
 * spreadsheet dates are China time (+08:00). Null when it is no real time.
 */
export function parseImportTime(v: RawCell): Date | null {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : wallClockToInstant(v);
  // A date cell that lost its format: a spreadsheet serial day number.
  if (typeof v === 'number') {
    if (!(v > 1 && v < 2958466)) return null;
    return wallClockToInstant(new Date(EXCEL_EPOCH_MS + Math.round(v * 86400_000)));
  }
  if (typeof v !== 'string') return null;
  const s = v.trim();
  if (!s) return null;
  if (/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:?\d{2})$/i.test(s)) {
    const d = new Date(s);
    return Number.isNaN(d.getTime()) ? null : d;
  }
  const m = TIME_RE.exec(s);
  if (!m) return null;
  const pad = (x: string | undefined) => String(Number(x ?? 0)).padStart(2, '0');
  const date = `${m[1]}-${pad(m[2])}-${pad(m[3])}`;
  if (!isRealDate(date)) return null;
  const [h, mi, se] = [Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0)];
  if (h > 23 || mi > 59 || se > 59) return null;
  return new Date(`${date}T${pad(m[4])}:${pad(m[5])}:${pad(m[6])}+08:00`);
}

const SATISFACTION: Record<string, 'satisfied' | 'basically_satisfied' | 'unsatisfied'> = {
  满意: 'satisfied', 非常满意: 'satisfied', satisfied: 'satisfied',
  基本满意: 'basically_satisfied', 比较满意: 'basically_satisfied', basicallysatisfied: 'basically_satisfied',
  不满意: 'unsatisfied', unsatisfied: 'unsatisfied', dissatisfied: 'unsatisfied',
};

export function parseSatisfaction(v: string): 'satisfied' | 'basically_satisfied' | 'unsatisfied' | null {
  return SATISFACTION[v.replace(/[\s_\-]/g, '').toLowerCase()] ?? null;
}

/** What the rows are checked against: the catalog's channels, categories and units (code → name). */
export interface ImportCatalog {
  channels: Map<string, { name: string }>;
  categories: Map<string, { name: string }>;
  units: Map<string, { name: string }>;
}

/** The shape `importCases` takes (commands/admin.ts ImportedCase). */
export interface HistoricalCase {
  externalId: string; channel: string; receivedAt: string; title?: string; content: string; address?: string;
  category: string; unitCode: string; closedAt?: string; satisfaction?: string;
}

export type RowResult = { ok: true; value: HistoricalCase } | { ok: false; reason: string };

/** A code, or a name that names exactly one entry; case does not matter for codes. */
function resolve(map: Map<string, { name: string }>, v: string, what: string): { code: string } | { error: string } {
  if (map.has(v)) return { code: v };
  const byCode = [...map.keys()].filter((k) => k.toLowerCase() === v.toLowerCase());
  if (byCode.length === 1) return { code: byCode[0] };
  const byName = [...map].filter(([, x]) => x.name === v).map(([k]) => k);
  if (byName.length === 1) return { code: byName[0] };
  if (byName.length > 1) return { error: `${what}名称“${v}”对应多个${what}（${byName.join('、')}），请填写代码` };
  return { error: `${what}“${v}”不存在` };
}

/** Cell text as a person reads it: a date as China wall-clock time. */
export function cellText(v: RawCell): string {
  if (v == null) return '';
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? '' : v.toISOString().slice(0, 16).replace('T', ' ');
  return String(v).trim();
}

/** Checks and maps one row (field → cell). The reason of a rejection is for people, in Chinese. */
export function mapRow(cells: Partial<Record<ImportField, RawCell>>, catalog: ImportCatalog, now: Date): RowResult {
  const text = (f: ImportField) => cellText(cells[f]);
  const fail = (reason: string): RowResult => ({ ok: false, reason });
  for (const f of IMPORT_FIELDS) {
    if (f.required && !text(f.field)) return fail(`缺少${f.zh}`);
    const max = LIMITS[f.field];
    if (max && Array.from(text(f.field)).length > max) return fail(`${f.zh}超过${max}字`);
  }
  const channel = resolve(catalog.channels, text('channel'), '渠道');
  if ('error' in channel) return fail(channel.error);
  const category = resolve(catalog.categories, text('category'), '类别');
  if ('error' in category) return fail(category.error);
  const unit = resolve(catalog.units, text('unitCode'), '承办单位');
  if ('error' in unit) return fail(unit.error);

  const received = parseImportTime(cells.receivedAt);
  if (!received) return fail(`受理时间“${text('receivedAt')}”不是有效的时间`);
  if (received.getTime() > now.getTime()) return fail(`受理时间“${text('receivedAt')}”晚于当前时间`);
  let closed: Date | null = null;
  if (text('closedAt')) {
    closed = parseImportTime(cells.closedAt);
    if (!closed) return fail(`办结时间“${text('closedAt')}”不是有效的时间`);
    if (closed < received) return fail('办结时间早于受理时间');
    if (closed.getTime() > now.getTime()) return fail(`办结时间“${text('closedAt')}”晚于当前时间`);
  }
  let satisfaction: string | undefined;
  if (text('satisfaction')) {
    const s = parseSatisfaction(text('satisfaction'));
    if (!s) return fail(`满意度“${text('satisfaction')}”无法识别（应为 满意、基本满意 或 不满意）`);
    satisfaction = s;
  }
  const value: HistoricalCase = {
    externalId: text('externalId'), channel: channel.code, receivedAt: formatLocalIso(received),
    content: text('content'), category: category.code, unitCode: unit.code,
  };
  if (text('title')) value.title = text('title');
  if (text('address')) value.address = text('address');
  if (closed) value.closedAt = formatLocalIso(closed);
  if (satisfaction) value.satisfaction = satisfaction;
  return { ok: true, value };
}

/** One CSV field: quoted when it holds a separator, a quote, a line break or edge spaces. */
export function csvField(s: string): string {
  return /[",\r\n]|^\s|\s$/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** A CSV text (UTF-8 with BOM and CRLF, so that Excel opens the Chinese right). */
export function toCsv(rows: string[][]): string {
  return '\uFEFF' + rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}
