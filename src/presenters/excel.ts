// Excel workbooks (exceljs) of the case list and of the figures: Chinese column names, times as
// real Excel dates shown as 2026年11月28日 09:30 in China time, counts with grouping, rates as %.
// The case list is streamed row by row, so 50,000 rows never sit in memory as one workbook.
import { PassThrough, type Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { CaseExportRow } from './casePresenter.js';

export const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const DATE_FORMAT = 'yyyy"年"m"月"d"日" hh:mm';
export const COUNT_FORMAT = '#,##0';
export const RATE_FORMAT = '0.0%';

const OFFSET_MS = 8 * 3600_000;
/** Excel dates have no zone: the cell carries China wall-clock time (+08:00). */
export const excelTime = (d: Date | string | null | undefined): Date | null => (d ? new Date(new Date(d).getTime() + OFFSET_MS) : null);

/** 2026年11月28日 09:30 (China time), for text such as a sheet's notes. */
export function chineseTime(d: Date, withTime = true): string {
  const x = new Date(d.getTime() + OFFSET_MS);
  const date = `${x.getUTCFullYear()}年${x.getUTCMonth() + 1}月${x.getUTCDate()}日`;
  return withTime ? `${date} ${String(x.getUTCHours()).padStart(2, '0')}:${String(x.getUTCMinutes()).padStart(2, '0')}` : date;
}

/** `attachment` with an ASCII fallback and the real name in UTF-8 (RFC 6266 / RFC 5987). */
export function contentDisposition(fileName: string, asciiFallback: string): string {
  const encoded = encodeURIComponent(fileName).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${asciiFallback.replace(/[^\x20-\x7e]|["\\]/g, '_')}"; filename*=UTF-8''${encoded}`;
}

const HEADER_FONT = { bold: true };
const HEADER_FILL = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE6F0FB' } } as const;

export const CASE_COLUMNS: { header: string; key: keyof CaseExportRow; width: number; date?: boolean }[] = [
  { header: '编号', key: 'number', width: 22 },
  { header: '渠道', key: 'channel', width: 16 },
  { header: '类型', key: 'type', width: 8 },
  { header: '类别', key: 'category', width: 12 },
  { header: '标题', key: 'title', width: 36 },
  { header: '区', key: 'district', width: 10 },
  { header: '状态', key: 'status', width: 10 },
  { header: '承办单位', key: 'unit', width: 18 },
  { header: '受理时间', key: 'receivedAt', width: 20, date: true },
  { header: '签收时间', key: 'signedAt', width: 20, date: true },
  { header: '办结时间', key: 'closedAt', width: 20, date: true },
  { header: '满意度', key: 'satisfaction', width: 10 },
  { header: '来信人', key: 'writerName', width: 10 },
  { header: '电话', key: 'writerPhone', width: 14 },
];

export interface ExportNotes { title: string; exportedBy: string; exportedAt: Date; lines: [string, string | number][] }

function addNotes(ws: ExcelJS.Worksheet, notes: ExportNotes) {
  ws.columns = [{ width: 14 }, { width: 60 }];
  ws.addRow([notes.title]).font = { bold: true, size: 13 };
  for (const [k, v] of [['导出人', notes.exportedBy], ['导出时间', chineseTime(notes.exportedAt)], ...notes.lines] as [string, string | number][]) {
    const row = ws.addRow([k, v]);
    row.getCell(1).font = HEADER_FONT;
    if (typeof v === 'number') row.getCell(2).numFmt = COUNT_FORMAT;
    row.getCell(2).alignment = { horizontal: 'left', wrapText: true };
  }
}

/** The case list as a streamed .xlsx: sheet 案件列表, then 说明 (who exported what, and when). */
export function caseListXlsx(rows: Iterable<CaseExportRow>, notes: ExportNotes): Readable {
  const out = new PassThrough();
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useStyles: true, useSharedStrings: false });
  wb.creator = '接诉即办';
  void (async () => {
    const ws = wb.addWorksheet('案件列表', { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = CASE_COLUMNS.map((c) => ({ header: c.header, key: c.key, width: c.width, style: c.date ? { numFmt: DATE_FORMAT } : {} }));
    const header = ws.getRow(1);
    header.font = HEADER_FONT;
    header.fill = HEADER_FILL;
    ws.autoFilter = { from: { row: 1, column: 1 }, to: { row: 1, column: CASE_COLUMNS.length } };
    let n = 0;
    for (const r of rows) {
      // An empty value leaves its cell empty (no empty text cell).
      ws.addRow(CASE_COLUMNS.map((c) => (c.date ? excelTime(r[c.key] as Date | null) : r[c.key] === '' ? null : r[c.key]))).commit();
      // Let the response drain now and then instead of building the whole file first.
      if (++n % 500 === 0) await new Promise((res) => setImmediate(res));
    }
    ws.commit();
    const about = wb.addWorksheet('说明');
    addNotes(about, notes);
    about.commit();
    await wb.commit();
  })().catch((e) => out.destroy(e));
  return out;
}

/** A cell of a figures sheet: a plain value (formatted by its column), or a number with its own format. */
export type FigureCell = string | number | null | { value: number | null; format: 'count' | 'rate' };

export interface FiguresSheet {
  name: string;
  columns: { header: string; width: number; format?: 'count' | 'rate' }[];
  rows: FigureCell[][];
}

const FORMATS = { count: COUNT_FORMAT, rate: RATE_FORMAT } as const;

/** A workbook of small sheets of figures (built in memory: a few hundred rows at most). A missing figure shows —. */
export async function figuresXlsx(sheets: FiguresSheet[], notes: ExportNotes): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  wb.creator = '接诉即办';
  for (const s of sheets) {
    const ws = wb.addWorksheet(s.name, { views: [{ state: 'frozen', ySplit: 1 }] });
    ws.columns = s.columns.map((c) => ({ header: c.header, width: c.width }));
    const header = ws.getRow(1);
    header.font = HEADER_FONT;
    header.fill = HEADER_FILL;
    for (const values of s.rows) {
      const cells = values.map((v) => (v !== null && typeof v === 'object' ? v : { value: v, format: undefined }));
      const row = ws.addRow(cells.map((c) => c.value ?? '—'));
      cells.forEach((c, i) => {
        const cell = row.getCell(i + 1);
        if (c.value === null) cell.alignment = { horizontal: 'right' };
        const format = c.format ?? s.columns[i]?.format;
        if (typeof c.value === 'number' && format) cell.numFmt = FORMATS[format];
      });
    }
  }
  addNotes(wb.addWorksheet('说明'), notes);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
