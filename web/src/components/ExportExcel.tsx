// "导出Excel" for any table: builds an .xlsx in the browser. ExcelJS is loaded only when a
// person clicks, so it never weighs on the first screen.
import { useState } from 'react';
import { App, Button, Tooltip } from 'antd';
import { DownloadOutlined } from '@ant-design/icons';
import { useI18n } from '../i18n';
import { download } from '../api';

export interface ExportColumn<T> { title: string; value: (row: T) => string | number | null | undefined }

export async function exportExcel<T>(fileName: string, columns: ExportColumn<T>[], rows: T[]) {
  const { default: ExcelJS } = await import('exceljs');
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(fileName.slice(0, 31));
  ws.addRow(columns.map((c) => c.title)).font = { bold: true };
  for (const r of rows) ws.addRow(columns.map((c) => c.value(r) ?? ''));
  ws.columns.forEach((col) => { col.width = 18; });
  const buf = await wb.xlsx.writeBuffer();
  const url = URL.createObjectURL(new Blob([buf], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = `${fileName}.xlsx`;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function ExportExcelButton<T>({ fileName, columns, rows }: { fileName: string; columns: ExportColumn<T>[]; rows: T[] }) {
  const { t } = useI18n();
  return <Button icon={<DownloadOutlined />} onClick={() => exportExcel(fileName, columns, rows)} disabled={!rows.length}>{t('common.export')}</Button>;
}

/**
 * "导出Excel" made by the server (GET …/export.xlsx): every row the filters match, not just the
 * page on screen, with personal data masked as the server decides; the server records each export.
 */
export function ServerExportButton({ path, hint, testId }: { path: string; hint?: string; testId?: string }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const [busy, setBusy] = useState(false);
  const run = async () => {
    setBusy(true);
    try {
      await download('staff', path);
    } catch (e) {
      message.error(t('common.exportFailed', { message: e instanceof Error ? e.message : String(e) }));
    } finally {
      setBusy(false);
    }
  };
  const button = <Button icon={<DownloadOutlined aria-hidden />} loading={busy} onClick={run} data-testid={testId}>{t('common.export')}</Button>;
  return hint ? <Tooltip title={hint}>{button}</Tooltip> : button;
}
