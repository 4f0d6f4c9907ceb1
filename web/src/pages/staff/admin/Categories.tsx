// Appeal categories (诉求类别): the list and a form for a new one with its route.
import { useState } from 'react';
import { Alert, App, AutoComplete, Button, Form, Input, Switch, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { FormModal } from '../components/FormModal';
import { invalidateReference, type Organisation } from '../components/data';
import { useNames } from '../components/names';
import { Muted } from '../components/ui';
import { CodeAndNameFields } from './Units';

type Category = Organisation['categories'][number];

export function Categories() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [open, setOpen] = useState(false);
  const districtRoutes = [...new Set(names.units.filter((u) => u.kind === 'district' && u.district)
    .map((u) => u.code.replace(u.district!, '{district}')))].filter((r) => r.includes('{district}'));
  const routeOptions = [
    ...districtRoutes.map((r) => ({ value: r, label: t('staff.admin.categories.districtRoute', { route: r }) })),
    ...names.units.filter((u) => u.kind !== 'district').map((u) => ({ value: u.code, label: `${u.code} · ${names.unitName(u.code, u.name)}` })),
  ];
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }}>
        <Muted>{t('staff.admin.categories.help')}</Muted>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="create-category">{t('staff.admin.categories.create')}</Button>
      </div>
      <Alert type="info" showIcon style={{ marginBottom: 12 }} title={t('staff.admin.categories.routeNote')} />
      <Table<Category> rowKey="code" size="middle" dataSource={names.org.categories} pagination={false}
        columns={[
          { title: t('staff.admin.code'), dataIndex: 'code', width: 180 },
          { title: t('staff.admin.name'), width: 180, render: (_, c) => names.categoryName(c.code, c.name) },
          { title: t('staff.admin.categories.examples'), dataIndex: 'examples' },
        ]} />
      <FormModal open={open} title={t('staff.admin.categories.create')} onClose={() => setOpen(false)} initialValues={{ confidential: false }}
        onSubmit={async (v: any) => {
          await staffApi.post('/api/admin/categories', {
            code: v.code.trim(), name: v.name.trim(), routeTo: v.routeTo.trim(), confidential: !!v.confidential, ...(v.examples ? { examples: v.examples } : {}),
          });
          message.success(t('staff.admin.saved'));
          setOpen(false);
          invalidateReference();
        }}>
        <CodeAndNameFields testIdPrefix="category" />
        <Form.Item name="routeTo" label={t('staff.admin.categories.routeTo')} extra={t('staff.admin.categories.routeToHelp')}
          rules={[{ required: true, message: t('staff.form.required', { field: t('staff.admin.categories.routeTo') }) },
            { pattern: /^[A-Za-z0-9_{}-]{1,64}$/, message: t('staff.admin.codeHelp') }]}>
          <AutoComplete options={routeOptions} showSearch={{ filterOption: (input, o) => String(o?.label ?? '').toLowerCase().includes(input.toLowerCase()) }} data-testid="category-route" />
        </Form.Item>
        <Form.Item name="confidential" label={t('staff.admin.categories.confidential')} valuePropName="checked" extra={t('staff.admin.categories.confidentialHelp')}>
          <Switch />
        </Form.Item>
        <Form.Item name="examples" label={t('staff.admin.categories.examples')}>
          <Input.TextArea rows={2} maxLength={500} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
