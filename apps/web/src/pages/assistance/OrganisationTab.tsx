import { PlusOutlined } from '@ant-design/icons';
import { UNIT_KINDS, UNIT_LEVELS, type UnitKind, type UnitLevel } from '@fupin/domain';
import { App, Button, Card, Form, Input, Select, Space, Switch, Table, Tag } from 'antd';
import { useState } from 'react';
import {
  createCadre,
  createUnit,
  fetchCadres,
  fetchUnits,
  rebalanceCadre,
  type CadreView,
  type UnitView,
} from '../../api/assistance';
import { useAuth } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { FormModal, UnitSelect, useAssistanceLabels } from './shared';

const PHONE = /^1\d{10}$|^0\d{2,3}-?\d{7,8}$/;

interface UnitForm {
  name: string;
  kind: UnitKind;
  level: UnitLevel;
  regionCode: string;
  phone?: string;
}

function UnitModal({ regionCode, onClose, onSaved }: { regionCode: string; onClose: () => void; onSaved: () => void }) {
  const { t } = useI18n();
  const labels = useAssistanceLabels();
  const [form] = Form.useForm<UnitForm>();
  return (
    <FormModal
      title={t('assist.org.newUnit')}
      form={form}
      write={(v: UnitForm) => createUnit({ ...v, phone: v.phone || null })}
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ regionCode, kind: 'department', level: 'county' }}
    >
      <Form.Item name="name" label={t('assist.org.name')} rules={[{ required: true, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="kind" label={t('assist.org.kind')} rules={[{ required: true }]}>
        <Select options={UNIT_KINDS.map((k) => ({ value: k, label: labels.kind(k) }))} />
      </Form.Item>
      <Form.Item name="level" label={t('assist.org.level')} rules={[{ required: true }]}>
        <Select options={UNIT_LEVELS.map((l) => ({ value: l, label: labels.level(l) }))} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('assist.region')} rules={[{ required: true }]}>
        <RegionPicker />
      </Form.Item>
      <Form.Item name="phone" label={t('assist.org.phone')} rules={[{ pattern: PHONE }]}>
        <Input />
      </Form.Item>
    </FormModal>
  );
}

interface CadreForm {
  name: string;
  phone?: string;
  unitId: string;
  position?: string;
  regionCode: string;
}

function CadreModal({
  regionCode,
  onClose,
  onSaved,
}: {
  regionCode: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<CadreForm>();
  return (
    <FormModal
      title={t('assist.org.newCadre')}
      form={form}
      write={(v: CadreForm) => createCadre({ ...v, phone: v.phone || null, position: v.position || null })}
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ regionCode }}
    >
      <Form.Item name="name" label={t('assist.org.name')} rules={[{ required: true, max: 100 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="phone" label={t('assist.org.phone')} rules={[{ pattern: PHONE }]}>
        <Input />
      </Form.Item>
      <Form.Item name="unitId" label={t('assist.org.unit')} rules={[{ required: true }]}>
        <UnitSelect regionCode={regionCode} />
      </Form.Item>
      <Form.Item name="position" label={t('assist.org.position')}>
        <Input maxLength={60} />
      </Form.Item>
      <Form.Item name="regionCode" label={t('assist.org.allowed')} rules={[{ required: true }]}>
        <RegionPicker />
      </Form.Item>
    </FormModal>
  );
}

function RebalanceModal({
  cadre,
  onClose,
  onSaved,
}: {
  cadre: CadreView;
  onClose: () => void;
  onSaved: (n: number) => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ reason: string; deactivate: boolean }>();
  return (
    <FormModal
      title={t('assist.org.rebalanceTitle', { name: cadre.name })}
      form={form}
      write={(v: { reason: string; deactivate: boolean }) => rebalanceCadre(cadre.id, v)}
      onClose={onClose}
      onSaved={(result) => onSaved(result.moved.length)}
      initialValues={{ deactivate: true }}
    >
      <Form.Item name="reason" label={t('assist.reason')} rules={[{ required: true, max: 200 }]}>
        <Input />
      </Form.Item>
      <Form.Item name="deactivate" label={t('assist.org.inactive')} valuePropName="checked">
        <Switch />
      </Form.Item>
    </FormModal>
  );
}

/** Helping units and their cadres, with the hand-over of a departing cadre's households. */
export function OrganisationTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const labels = useAssistanceLabels();
  const [modal, setModal] = useState<'unit' | 'cadre' | null>(null);
  const [leaving, setLeaving] = useState<CadreView | null>(null);
  const units = useQuery((signal) => fetchUnits({ regionCode }, signal), [regionCode]);
  const cadres = useQuery((signal) => fetchCadres({ regionCode }, signal), [regionCode]);
  if (units.error) return <ApiErrorPage error={units.error} />;
  const saved = () => {
    setModal(null);
    void message.success(t('assist.saved'));
    void units.reload();
    void cadres.reload();
  };
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Card
        size="small"
        title={t('assist.org.units')}
        extra={
          can('assistance.write') ? (
            <Button icon={<PlusOutlined />} onClick={() => setModal('unit')}>
              {t('assist.org.newUnit')}
            </Button>
          ) : null
        }
      >
        <Table<UnitView>
          size="small"
          rowKey="id"
          loading={units.loading}
          dataSource={units.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            { key: 'name', title: t('assist.org.name'), dataIndex: 'name' },
            { key: 'kind', title: t('assist.org.kind'), render: (_v, r) => labels.kind(r.kind) },
            { key: 'level', title: t('assist.org.level'), render: (_v, r) => labels.level(r.level) },
            { key: 'region', title: t('assist.region'), dataIndex: 'regionName' },
            { key: 'phone', title: t('assist.org.phone'), render: (_v, r) => r.phone ?? '—' },
          ]}
        />
      </Card>
      <Card
        size="small"
        title={t('assist.org.cadres')}
        extra={
          can('assistance.write') ? (
            <Button icon={<PlusOutlined />} onClick={() => setModal('cadre')}>
              {t('assist.org.newCadre')}
            </Button>
          ) : null
        }
      >
        <Table<CadreView>
          size="small"
          rowKey="id"
          loading={cadres.loading}
          dataSource={cadres.data?.items ?? []}
          pagination={{ pageSize: 10 }}
          columns={[
            {
              key: 'name',
              title: t('assist.org.name'),
              render: (_v, r) =>
                r.active ? (
                  r.name
                ) : (
                  <>
                    {r.name} <Tag>{t('assist.org.inactive')}</Tag>
                  </>
                ),
            },
            { key: 'phone', title: t('assist.org.phone'), render: (_v, r) => r.phone ?? '—' },
            { key: 'unit', title: t('assist.org.unit'), dataIndex: 'unitName' },
            { key: 'position', title: t('assist.org.position'), render: (_v, r) => r.position ?? '—' },
            { key: 'allowed', title: t('assist.org.allowed'), dataIndex: 'regionName' },
            { key: 'households', title: t('assist.org.households'), dataIndex: 'households' },
            {
              key: 'actions',
              title: '',
              render: (_v, r) =>
                r.active && can('assistance.pair') ? (
                  <Button size="small" onClick={() => setLeaving(r)}>
                    {t('assist.org.rebalance')}
                  </Button>
                ) : null,
            },
          ]}
        />
      </Card>
      {modal === 'unit' ? <UnitModal regionCode={regionCode} onClose={() => setModal(null)} onSaved={saved} /> : null}
      {modal === 'cadre' ? <CadreModal regionCode={regionCode} onClose={() => setModal(null)} onSaved={saved} /> : null}
      {leaving ? (
        <RebalanceModal
          cadre={leaving}
          onClose={() => setLeaving(null)}
          onSaved={(n) => {
            setLeaving(null);
            void message.success(t('assist.org.rebalanced', { n }));
            void cadres.reload();
          }}
        />
      ) : null}
    </Space>
  );
}
