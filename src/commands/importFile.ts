// `npm run import -- FILE`: historical cases from an .xlsx or .csv file, through importCases in
// batches. Each row is checked first (domain/importRows.ts), so a bad row is reported alone and
// its batch still goes in; should the store still refuse a batch, it is halved until the row is found.
import { readFile } from 'node:fs/promises';
import { Readable } from 'node:stream';
import path from 'node:path';
import ExcelJS from 'exceljs';
import type { Deps } from './deps.js';
import type { Actor } from '../policies/actor.js';
import { actorLabel } from '../policies/actor.js';
import { importCases } from './admin.js';
import { addEvent } from '../store/cases.js';
import { AppError } from '../http/errors.js';
import {
  mapHeaders, mapRow, cellText, fieldName, toCsv, IMPORT_FIELDS,
  type HistoricalCase, type ImportField, type RawCell,
} from '../domain/importRows.js';

export class ImportFileError extends Error {}

export interface SheetRow { rowNumber: number; cells: RawCell[] }
export interface SheetData { headers: string[]; headerRow: number; rows: SheetRow[] }

/** An exceljs cell value as text, number, boolean or date: rich text, formulas and links flattened. */
function plainValue(v: ExcelJS.CellValue): RawCell {
  if (v == null) return null;
  if (v instanceof Date || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  const o = v as unknown as Record<string, any>;
  if (Array.isArray(o.richText)) return o.richText.map((r: { text: string }) => r.text).join('');
  if ('result' in o) return plainValue(o.result);
  if ('text' in o) return plainValue(o.text);
  if ('error' in o) return null;
  return String(v);
}

/** CSV in UTF-8 (with or without BOM); a file that is not UTF-8 is read as GB 18030 (what Excel saves as "CSV" in China). */
function decodeCsv(buf: Buffer): string {
  let text: string;
  try { text = new TextDecoder('utf-8', { fatal: true }).decode(buf); } catch { text = new TextDecoder('gb18030').decode(buf); }
  return text.replace(/^\uFEFF/, '');
}

const isEmpty = (cells: RawCell[]) => cells.every((c) => cellText(c) === '');

/** The first worksheet with data; its header row is the first of its first ten rows that names at least three of our columns. */
export async function readCaseFile(file: string): Promise<SheetData> {
  const ext = path.extname(file).toLowerCase();
  if (ext !== '.xlsx' && ext !== '.csv') throw new ImportFileError(`不支持的文件类型“${ext || '（无扩展名）'}”：请使用 .xlsx 或 .csv`);
  let buf: Buffer;
  try { buf = await readFile(file); } catch (e: any) { throw new ImportFileError(`无法读取文件 ${file}：${e.code === 'ENOENT' ? '文件不存在' : e.message}`); }
  const wb = new ExcelJS.Workbook();
  let ws: ExcelJS.Worksheet | undefined;
  try {
    if (ext === '.csv') {
      // Every field stays text: an external number like 000123 keeps its zeros, times are parsed by our rules.
      ws = await wb.csv.read(Readable.from([decodeCsv(buf)]), { map: (v: unknown) => v } as any);
    } else {
      await wb.xlsx.load(buf as any);
      ws = wb.worksheets.find((s) => s.actualRowCount > 0) ?? wb.worksheets[0];
    }
  } catch (e: any) {
    throw new ImportFileError(`无法解析文件 ${file}：${e.message}`);
  }
  if (!ws) throw new ImportFileError('文件中没有工作表');
  const all: SheetRow[] = [];
  ws.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const values = row.values as ExcelJS.CellValue[]; // 1-based; [0] is empty
    all.push({ rowNumber, cells: Array.from({ length: Math.max(0, values.length - 1) }, (_, i) => plainValue(values[i + 1])) });
  });
  const header = all.slice(0, 10).find((r) => mapHeaders(r.cells.map(cellText)).columns.size >= 3) ?? all[0];
  if (!header) return { headers: [], headerRow: 1, rows: [] };
  return {
    headers: header.cells.map(cellText),
    headerRow: header.rowNumber,
    rows: all.filter((r) => r.rowNumber > header.rowNumber && !isEmpty(r.cells)),
  };
}

export interface RejectedRow { rowNumber: number; reason: string; cells: RawCell[] }
export interface ImportReport { file: string; rows: number; imported: number; skipped: number; rejected: RejectedRow[] }
export interface ImportOptions { batchSize?: number; onProgress?: (done: number, total: number) => void }

/** The message of the store's refusal without the "cases[3].channel：" that only makes sense in the API. */
const reasonOf = (e: AppError) => e.message.replace(/^cases\[\d+\]\.\w+：/, '');

/** The header's columns; a header that misses a required column, or names one twice, is fatal. */
export function checkHeaders(sheet: SheetData) {
  const map = mapHeaders(sheet.headers);
  if (!sheet.rows.length) return map;
  if (map.missing.length) {
    throw new ImportFileError(`第${sheet.headerRow}行的表头缺少必需的列：${map.missing.map(fieldName).join('、')}`
      + `（可用中文或英文列名：${IMPORT_FIELDS.map((f) => `${f.zh}/${f.field}`).join('、')}）`);
  }
  if (map.duplicates.length) {
    throw new ImportFileError(`表头中有多列对应同一项：${map.duplicates.map((d) => `${fieldName(d.field)}（${d.headers.join('、')}）`).join('；')}`);
  }
  return map;
}

/** Reads a file and imports its rows (see importSheet). */
export async function importFile(deps: Deps, actor: Actor, file: string, opts: ImportOptions = {}): Promise<ImportReport> {
  return importSheet(deps, actor, await readCaseFile(file), path.basename(file), opts);
}

/**
 * Imports the rows of a read file. A row that fails its checks is rejected with its reason and
 * the others are imported; the import as a whole is an audited event.
 */
export async function importSheet(deps: Deps, actor: Actor, sheet: SheetData, fileName: string, opts: ImportOptions = {}): Promise<ImportReport> {
  const map = checkHeaders(sheet);
  const batchSize = Math.max(1, opts.batchSize ?? 500);
  const report: ImportReport = { file: fileName, rows: sheet.rows.length, imported: 0, skipped: 0, rejected: [] };
  if (!sheet.rows.length) return report;

  const catalog = await deps.catalog.get();
  const now = deps.clock.now();
  const valid: { row: SheetRow; value: HistoricalCase }[] = [];
  for (const row of sheet.rows) {
    const cells: Partial<Record<ImportField, RawCell>> = {};
    for (const [i, f] of map.columns) cells[f] = row.cells[i];
    const r = mapRow(cells, catalog, now);
    if (r.ok) valid.push({ row, value: r.value });
    else report.rejected.push({ rowNumber: row.rowNumber, reason: r.reason, cells: row.cells });
  }
  let done = report.rejected.length;
  opts.onProgress?.(done, report.rows);

  // A refused batch is halved until the refused row stands alone; anything but a refusal is fatal.
  const run = async (batch: typeof valid): Promise<void> => {
    try {
      const r = await importCases(deps, actor, batch.map((b) => b.value));
      report.imported += r.imported;
      report.skipped += r.skipped;
      done += batch.length;
      opts.onProgress?.(done, report.rows);
    } catch (e) {
      if (!(e instanceof AppError) || e.status !== 400) throw e;
      if (batch.length === 1) {
        report.rejected.push({ rowNumber: batch[0].row.rowNumber, reason: reasonOf(e), cells: batch[0].row.cells });
        opts.onProgress?.(++done, report.rows);
        return;
      }
      const half = Math.ceil(batch.length / 2);
      await run(batch.slice(0, half));
      await run(batch.slice(half));
    }
  };
  for (let i = 0; i < valid.length; i += batchSize) await run(valid.slice(i, i + batchSize));

  report.rejected.sort((a, b) => a.rowNumber - b.rowNumber);
  await addEvent(deps.store, {
    caseId: null, at: deps.clock.now(), actor, actorLabel: actorLabel(actor), action: 'cases_imported',
    data: { file: fileName, rows: report.rows, imported: report.imported, skipped: report.skipped, rejected: report.rejected.length },
  });
  return report;
}

/** The rejected rows as they were in the file, with a reason column: fix them there and import that file again. */
export function rejectedCsv(headers: string[], rejected: RejectedRow[]): string {
  const width = Math.max(headers.length, ...rejected.map((r) => r.cells.length));
  const pad = (xs: string[]) => [...xs, ...Array(Math.max(0, width - xs.length)).fill('')];
  return toCsv([
    [...pad(headers), '行号', '原因'],
    ...rejected.map((r) => [...pad(r.cells.map(cellText)), String(r.rowNumber), r.reason]),
  ]);
}
