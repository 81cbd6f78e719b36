import { PlusOutlined } from '@ant-design/icons';
import { App, Button, DatePicker, Form, Input, Space, Table, Tag } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useState } from 'react';
import {
  appointFirstSecretary,
  endFirstSecretary,
  fetchFirstSecretaries,
  type FirstSecretaryView,
} from '../../api/assistance';
import { useAuth } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { ApiErrorPage } from '../errors/ErrorPage';
import { CadreSelect, FormModal } from './shared';

function AppointModal({
  regionCode,
  onClose,
  onSaved,
}: {
  regionCode: string;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ villageCode: string; cadreId: string; startOn: Dayjs }>();
  const village = Form.useWatch('villageCode', form);
  return (
    <FormModal
      title={t('assist.fs.new')}
      form={form}
      write={(v: { villageCode: string; cadreId: string; startOn: Dayjs }) =>
        appointFirstSecretary({
          villageCode: v.villageCode,
          cadreId: v.cadreId,
          startOn: v.startOn.format('YYYY-MM-DD'),
        })
      }
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ startOn: dayjs(), villageCode: regionCode.length === 12 ? regionCode : undefined }}
    >
      <Form.Item name="villageCode" label={t('assist.village')} rules={[{ required: true }]}>
        <RegionPicker isSelectable={(n) => n.level === 'village'} />
      </Form.Item>
      <Form.Item name="cadreId" label={t('assist.fs.cadre')} rules={[{ required: true }]}>
        <CadreSelect regionCode={village ?? regionCode} />
      </Form.Item>
      <Form.Item name="startOn" label={t('assist.startOn')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
    </FormModal>
  );
}

function EndModal({
  secretary,
  onClose,
  onSaved,
}: {
  secretary: FirstSecretaryView;
  onClose: () => void;
  onSaved: () => void;
}) {
  const { t } = useI18n();
  const [form] = Form.useForm<{ endedOn: Dayjs; reason?: string }>();
  return (
    <FormModal
      title={`${t('assist.fs.end')}：${secretary.cadreName}`}
      form={form}
      write={(v: { endedOn: Dayjs; reason?: string }) =>
        endFirstSecretary(secretary.key, { endedOn: v.endedOn.format('YYYY-MM-DD'), reason: v.reason })
      }
      onClose={onClose}
      onSaved={onSaved}
      initialValues={{ endedOn: dayjs() }}
    >
      <Form.Item name="endedOn" label={t('assist.endOn')} rules={[{ required: true }]}>
        <DatePicker />
      </Form.Item>
      <Form.Item name="reason" label={t('assist.reason')} extra={t('assist.fs.endEarly')}>
        <Input maxLength={200} />
      </Form.Item>
    </FormModal>
  );
}

/** First secretaries (第一书记) of the region's villages, with the planned end of their tenure. */
export function SecretariesTab({ regionCode }: { regionCode: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const [appointing, setAppointing] = useState(false);
  const [ending, setEnding] = useState<FirstSecretaryView | null>(null);
  const { data, error, loading, reload } = useQuery(
    (signal) => fetchFirstSecretaries(regionCode, signal),
    [regionCode],
  );
  if (error) return <ApiErrorPage error={error} />;
  const saved = () => {
    setAppointing(false);
    setEnding(null);
    void message.success(t('assist.saved'));
    void reload();
  };
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }}>
      {can('assistance.write') ? (
        <Button type="primary" icon={<PlusOutlined />} onClick={() => setAppointing(true)}>
          {t('assist.fs.new')}
        </Button>
      ) : null}
      <Table<FirstSecretaryView>
        size="small"
        rowKey="key"
        loading={loading}
        dataSource={data?.items ?? []}
        columns={[
          { key: 'village', title: t('assist.village'), dataIndex: 'villageName' },
          { key: 'cadre', title: t('assist.fs.cadre'), render: (_v, r) => `${r.cadreName} ${r.cadrePhone ?? ''}` },
          { key: 'unit', title: t('assist.org.unit'), dataIndex: 'unitName' },
          { key: 'start', title: t('assist.startOn'), dataIndex: 'startOn' },
          { key: 'planned', title: t('assist.fs.planned'), dataIndex: 'plannedEndOn' },
          {
            key: 'status',
            title: '',
            render: (_v, r) =>
              r.endedOn ? <Tag>{r.endedOn}</Tag> : <Tag color="green">{t('assist.status.active')}</Tag>,
          },
          {
            key: 'actions',
            title: '',
            render: (_v, r) =>
              !r.endedOn && can('assistance.write') ? (
                <Button size="small" onClick={() => setEnding(r)}>
                  {t('assist.fs.end')}
                </Button>
              ) : null,
          },
        ]}
      />
      {appointing ? (
        <AppointModal regionCode={regionCode} onClose={() => setAppointing(false)} onSaved={saved} />
      ) : null}
      {ending ? <EndModal secretary={ending} onClose={() => setEnding(null)} onSaved={saved} /> : null}
    </Space>
  );
}
