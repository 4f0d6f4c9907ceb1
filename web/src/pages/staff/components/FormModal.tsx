// A form in a modal: Enter or the OK button submits, the server's message shows on failure.
import { useEffect, useState, type ReactNode } from 'react';
import { Alert, Form, Modal, type FormInstance } from 'antd';
import { useI18n } from '../../../i18n';
import { errorText } from './ui';

export function FormModal<T extends object>({ open, title, okText, onClose, onSubmit, initialValues, width = 560, children, form: external }: {
  open: boolean; title: ReactNode; okText?: string; onClose(): void; onSubmit(values: T): Promise<void>;
  initialValues?: Partial<T>; width?: number; children: ReactNode; form?: FormInstance<T>;
}) {
  const { t } = useI18n();
  const [own] = Form.useForm<T>();
  const form = external ?? own;
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  useEffect(() => { if (open) setError(null); }, [open]);
  return (
    <Modal open={open} title={title} onCancel={onClose} okText={okText ?? t('common.submit')} cancelText={t('common.cancel')} width={width}
      confirmLoading={busy} destroyOnHidden okButtonProps={{ htmlType: 'submit', 'data-testid': 'modal-ok' } as any}
      modalRender={(dom) => (
        <Form form={form} layout="vertical" clearOnDestroy initialValues={initialValues} scrollToFirstError
          onFinish={async (v) => {
            setBusy(true); setError(null);
            try { await onSubmit(v as T); } catch (e) { setError(errorText(e)); } finally { setBusy(false); }
          }}>
          {dom}
        </Form>
      )}>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 16 }} data-testid="form-error" />}
      {children}
    </Modal>
  );
}
