import { PlusOutlined } from '@ant-design/icons';
import { App, Button, Form, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import {
  createLeaderContact,
  createVillageLink,
  endLeaderContact,
  fetchLeaderContacts,
  fetchVillageLinks,
  type LeaderContactView,
  type VillageLinkView,
} from '../../api/assistance';
import { useAuth } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useNotifyError } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, FormError, UnitSelect } from './shared';

/** Units and enterprises linked with the region's poor villages (随州 "七联"). */
export function LinksTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ villageCode: string; kind: 'unit' | 'enterprise'; unitId: string }>();
  const kind = Form.useWatch('kind', form);
  const village = Form.useWatch('villageCode', form);
  const links = useQuery((signal) => fetchVillageLinks(regionCode, signal), [regionCode]);
  if (links.error) return <ApiErrorPage error={links.error} />;
  const save = async (v: { villageCode: string; kind: 'unit' | 'enterprise'; unitId: string }) => {
    setError(undefined);
    try {
      await createVillageLink(v);
      setOpen(false);
      void message.success(t('assist.saved'));
      void links.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can('assistance.write') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('assist.link.new')}
        </Button>
      ) : null}
      <Table<VillageLinkView>
        size="small"
        rowKey="key"
        loading={links.loading}
        dataSource={links.data?.items ?? []}
        columns={[
          { key: 'village', title: t('assist.village'), dataIndex: 'villageName' },
          {
            key: 'kind',
            title: t('assist.link.kind'),
            render: (_v, r) => t(r.kind === 'unit' ? 'assist.link.kind.unit' : 'assist.link.kind.enterprise'),
          },
          { key: 'unit', title: t('assist.org.unit'), dataIndex: 'unitName' },
          { key: 'start', title: t('assist.startOn'), dataIndex: 'startOn' },
        ]}
      />
      <Modal
        open={open}
        title={t('assist.link.new')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('assist.save')}
        destroyOnHidden
      >
        <FormError error={error} />
        <Form
          form={form}
          layout="vertical"
          initialValues={{ kind: 'unit', villageCode: regionCode.length === 12 ? regionCode : undefined }}
          onFinish={(v) => void save(v)}
        >
          <Form.Item name="villageCode" label={t('assist.village')} rules={[{ required: true }]}>
            <RegionPicker isSelectable={(n) => n.level === 'village'} />
          </Form.Item>
          <Form.Item name="kind" label={t('assist.link.kind')} rules={[{ required: true }]}>
            <Select
              options={[
                { value: 'unit', label: t('assist.link.kind.unit') },
                { value: 'enterprise', label: t('assist.link.kind.enterprise') },
              ]}
            />
          </Form.Item>
          <Form.Item name="unitId" label={t('assist.org.unit')} rules={[{ required: true }]}>
            <UnitSelect regionCode={village ?? regionCode} kind={kind === 'enterprise' ? 'enterprise' : undefined} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}

/** Leaders responsible for regions (联系点, 襄阳: 33 leaders ↔ 33 key poor townships). */
export function LeadersTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<unknown>();
  const [form] = Form.useForm<{ regionCode: string; cadreId: string }>();
  const contacts = useQuery((signal) => fetchLeaderContacts(regionCode, signal), [regionCode]);
  if (contacts.error) return <ApiErrorPage error={contacts.error} />;
  const save = async (v: { regionCode: string; cadreId: string }) => {
    setError(undefined);
    try {
      await createLeaderContact(v);
      setOpen(false);
      void message.success(t('assist.saved'));
      void contacts.reload();
    } catch (caught) {
      setError(caught);
    }
  };
  const end = async (c: LeaderContactView) => {
    try {
      await endLeaderContact(c.id);
      void contacts.reload();
    } catch (caught) {
      notifyError(caught);
    }
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can('assistance.write') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setOpen(true)}>
          {t('assist.leader.new')}
        </Button>
      ) : null}
      <Table<LeaderContactView>
        size="small"
        rowKey="id"
        loading={contacts.loading}
        dataSource={contacts.data?.items ?? []}
        columns={[
          { key: 'region', title: t('assist.region'), dataIndex: 'regionName' },
          {
            key: 'cadre',
            title: t('assist.leader.cadre'),
            render: (_v, r) => (
              <Typography.Text>{`${r.cadreName}（${r.position ?? ''}）${r.cadrePhone ?? ''}`}</Typography.Text>
            ),
          },
          { key: 'role', title: t('assist.leader.role'), dataIndex: 'role' },
          { key: 'start', title: t('assist.startOn'), dataIndex: 'startOn' },
          {
            key: 'actions',
            title: '',
            render: (_v, r) =>
              can('assistance.write') && !r.endOn ? (
                <Button size="small" onClick={() => void end(r)}>
                  {t('assist.leader.end')}
                </Button>
              ) : null,
          },
        ]}
      />
      <Modal
        open={open}
        title={t('assist.leader.new')}
        onCancel={() => setOpen(false)}
        onOk={() => form.submit()}
        okText={t('assist.save')}
        destroyOnHidden
      >
        <FormError error={error} />
        <Form form={form} layout="vertical" onFinish={(v) => void save(v)}>
          <Form.Item name="regionCode" label={t('assist.region')} rules={[{ required: true }]}>
            <RegionPicker />
          </Form.Item>
          <Form.Item name="cadreId" label={t('assist.leader.cadre')} rules={[{ required: true }]}>
            <CadreSelect regionCode={regionCode} />
          </Form.Item>
        </Form>
      </Modal>
    </Space>
  );
}
