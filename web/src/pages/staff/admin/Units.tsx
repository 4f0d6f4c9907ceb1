// Units (单位): the list and a form for a new one.
import { useState } from 'react';
import { App, Button, Form, Input, Select, Table } from 'antd';
import { PlusOutlined } from '@ant-design/icons';
import { staffApi } from '../../../api';
import { useI18n } from '../../../i18n';
import { FormModal } from '../components/FormModal';
import { invalidateReference, type Unit } from '../components/data';
import { useNames } from '../components/names';
import { Muted } from '../components/ui';

const KINDS = ['center', 'city', 'district'];
export const CODE_RE = /^[A-Za-z0-9_-]{1,64}$/;

/** The code and name of a new unit or category: the same two fields and rules on both forms. */
export function CodeAndNameFields({ testIdPrefix }: { testIdPrefix: string }) {
  const { t } = useI18n();
  return (
    <>
      <Form.Item name="code" label={t('staff.admin.code')} extra={t('staff.admin.codeHelp')}
        rules={[{ required: true, message: t('staff.form.required', { field: t('staff.admin.code') }) }, { pattern: CODE_RE, message: t('staff.admin.codeHelp') }]}>
        <Input data-testid={`${testIdPrefix}-code`} />
      </Form.Item>
      <Form.Item name="name" label={t('staff.admin.name')} rules={[{ required: true, whitespace: true, message: t('staff.form.required', { field: t('staff.admin.name') }) }]}>
        <Input maxLength={64} data-testid={`${testIdPrefix}-name`} />
      </Form.Item>
    </>
  );
}

export function Units() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const names = useNames();
  const [open, setOpen] = useState(false);
  return (
    <div>
      <div style={{ display: 'flex', justifyContent: 'space-between', marginBottom: 12 }}>
        <Muted>{t('staff.admin.units.help')}</Muted>
        <Button type="primary" icon={<PlusOutlined aria-hidden />} onClick={() => setOpen(true)} data-testid="create-unit">{t('staff.admin.units.create')}</Button>
      </div>
      <Table<Unit> rowKey="code" size="middle" dataSource={names.units} pagination={{ pageSize: 50, showTotal: (n) => t('staff.list.total', { n }) }}
        columns={[
          { title: t('staff.admin.code'), dataIndex: 'code', width: 200 },
          { title: t('staff.admin.name'), render: (_, u) => names.unitName(u.code, u.name) },
          { title: t('staff.admin.units.kind'), width: 140, render: (_, u) => t(`staff.unitKind.${u.kind}`) },
          { title: t('staff.col.district'), width: 140, render: (_, u) => (u.district ? names.districtName(u.district) : '—') },
        ]} />
      <FormModal open={open} title={t('staff.admin.units.create')} onClose={() => setOpen(false)} initialValues={{ kind: 'district' }}
        onSubmit={async (v: any) => {
          await staffApi.post('/api/admin/units', { code: v.code.trim(), name: v.name.trim(), kind: v.kind, ...(v.district ? { district: v.district } : {}) });
          message.success(t('staff.admin.saved'));
          setOpen(false);
          invalidateReference();
        }}>
        <CodeAndNameFields testIdPrefix="unit" />
        <Form.Item name="kind" label={t('staff.admin.units.kind')} rules={[{ required: true }]}>
          <Select options={KINDS.map((k) => ({ value: k, label: t(`staff.unitKind.${k}`) }))} />
        </Form.Item>
        <Form.Item name="district" label={t('staff.col.district')}>
          <Select allowClear options={names.org.districts.map((d) => ({ value: d.code, label: names.districtName(d.code) }))} />
        </Form.Item>
      </FormModal>
    </div>
  );
}
