// Staff accounts: the list and a form to open a new one (roles and unit).
import { useCallback, useEffect, useState } from 'react';
import { Alert, App, Button, Form, Input, Select, Table, Tag } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { staffApi } from '../../../api';
import { useI18n, zhCollator } from '../../../i18n';
import { FormModal } from '../components/FormModal';
import { useNames } from '../components/names';
import { errorText, Muted } from '../components/ui';

interface User { id: number; username: string; displayName: string; unitCode: string | null; roles: string[]; active: boolean; createdAt: string }
export const ROLES = ['admin', 'dispatcher', 'reviewer', 'officer', 'unit_leader', 'viewer'];
const CENTER_ONLY = ['dispatcher', 'reviewer'];
const UNIT_ROLES = ['officer', 'unit_leader'];

export function Users() {
  const { t, fmtDate } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [users, setUsers] = useState<User[]>([]);
  const [loading, setLoading] = useState(true);
  const [error, setError] = useState<string | null>(null);
  const [open, setOpen] = useState(false);
  const [form] = Form.useForm();
  const roles: string[] = Form.useWatch('roles', form) ?? [];
  const load = useCallback(async () => {
    setLoading(true);
    try { setUsers(await staffApi.get<User[]>('/api/admin/users')); setError(null); } catch (e) { setError(errorText(e)); } finally { setLoading(false); }
  }, []);
  useEffect(() => { void load(); }, [load]);

  const centerUnits = names.units.filter((u) => u.kind === 'center');
  const unitOptions = [...names.units]
    .sort((a, b) => zhCollator.compare(a.name, b.name))
    .map((u) => ({ value: u.code, label: `${names.unitName(u.code, u.name)} (${u.code})` }));

  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }}>
        <Muted>{t('staff.admin.users.help')}</Muted>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="create-user">{t('staff.admin.users.create')}</Button>
      </div>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} />}
      <Table<User> rowKey="id" size="middle" loading={loading} dataSource={users} pagination={{ pageSize: 20, showTotal: (n) => t('staff.list.total', { n }) }}
        columns={[
          { title: t('staff.admin.users.username'), dataIndex: 'username' },
          { title: t('staff.admin.users.displayName'), dataIndex: 'displayName' },
          { title: t('staff.admin.users.unit'), render: (_, u) => (u.unitCode ? names.unitName(u.unitCode) : '—') },
          { title: t('staff.admin.users.roles'), render: (_, u) => u.roles.map((r) => <Tag key={r}>{t(`staff.role.${r}`)}</Tag>) },
          { title: t('staff.admin.users.active'), width: 90, render: (_, u) => t(u.active ? 'staff.common.yes' : 'staff.common.no') },
          { title: t('staff.admin.createdAt'), width: 160, render: (_, u) => fmtDate(u.createdAt) },
        ]} />
      <FormModal open={open} form={form} title={t('staff.admin.users.create')} onClose={() => setOpen(false)}
        onSubmit={async (v: any) => {
          await staffApi.post('/api/admin/users', { username: v.username.trim(), password: v.password, displayName: v.displayName.trim(), unitCode: v.unitCode ?? null, roles: v.roles });
          message.success(t('staff.admin.saved'));
          setOpen(false);
          void load();
        }}>
        <Form.Item name="username" label={t('staff.admin.users.username')} extra={t('staff.admin.users.usernameHelp')}
          rules={[{ required: true, message: t('staff.form.required', { field: t('staff.admin.users.username') }) },
            { pattern: /^[A-Za-z0-9_.-]{2,64}$/, message: t('staff.admin.users.usernameHelp') }]}>
          <Input autoComplete="off" data-testid="user-username" />
        </Form.Item>
        <Form.Item name="displayName" label={t('staff.admin.users.displayName')} rules={[{ required: true, whitespace: true, message: t('staff.form.required', { field: t('staff.admin.users.displayName') }) }]}>
          <Input maxLength={64} data-testid="user-display-name" />
        </Form.Item>
        <Form.Item name="password" label={t('staff.admin.users.password')} extra={t('staff.admin.users.passwordHelp')}
          rules={[{ required: true, message: t('staff.form.required', { field: t('staff.admin.users.password') }) }, { min: 10, message: t('staff.admin.users.passwordShort') }]}>
          <Input.Password autoComplete="new-password" data-testid="user-password" />
        </Form.Item>
        <Form.Item name="roles" label={t('staff.admin.users.roles')} rules={[{ required: true, message: t('staff.form.required', { field: t('staff.admin.users.roles') }) }]}>
          <Select mode="multiple" data-testid="user-roles" options={ROLES.map((r) => ({ value: r, label: t(`staff.role.${r}`) }))}
            onChange={(v: string[]) => {
              if (v.some((r) => CENTER_ONLY.includes(r)) && !form.getFieldValue('unitCode') && centerUnits[0]) form.setFieldValue('unitCode', centerUnits[0].code);
            }} />
        </Form.Item>
        <Form.Item name="unitCode" label={t('staff.admin.users.unit')} dependencies={['roles']}
          extra={roles.some((r) => CENTER_ONLY.includes(r)) ? t('staff.admin.users.centerHelp') : roles.some((r) => UNIT_ROLES.includes(r)) ? t('staff.admin.users.unitHelp') : undefined}
          rules={[({ getFieldValue }) => ({
            validator: (_, v) => ((getFieldValue('roles') ?? []).some((r: string) => UNIT_ROLES.includes(r)) && !v
              ? Promise.reject(new Error(t('staff.admin.users.unitRequired'))) : Promise.resolve()),
          })]}>
          <Select allowClear showSearch={{ optionFilterProp: 'label' }} options={unitOptions} data-testid="user-unit" />
        </Form.Item>
      </FormModal>
    </div>
  );
}
