import { ReloadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Empty, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { fetchDuplicateIds, type DuplicateId } from '../../api/registry';
import { useCurrentUser } from '../../auth/AuthProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { rowTestId } from '../../components/testIds';
import { formatRegionCode } from '../../format';
import { useErrorText } from '../../hooks/useErrorText';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';

const LIMIT = 200;

/** `/households/duplicates` — ID numbers registered more than once under a region (数据比对). */
export function DuplicatesPage() {
  const { t } = useI18n();
  const user = useCurrentUser();
  const errorText = useErrorText();
  usePageMeta([{ title: t('registry.title'), to: '/households' }, { title: t('registry.dup.title') }]);
  const [regionCode, setRegionCode] = useState(user.regionCode);
  const { data, error, loading, reload } = useQuery(
    (signal) => fetchDuplicateIds({ regionCode, limit: LIMIT }, signal),
    [regionCode],
  );

  const columns: TableColumnsType<DuplicateId> = [
    {
      key: 'idNumber',
      title: t('registry.dup.idNumber'),
      render: (_: unknown, d) => <Typography.Text className="mono nowrap">{d.idNumber}</Typography.Text>,
    },
    {
      key: 'count',
      title: t('registry.dup.count'),
      align: 'right',
      render: (_: unknown, d) => <Tag color="red">{d.households.length}</Tag>,
    },
    {
      key: 'households',
      title: t('registry.dup.households'),
      render: (_: unknown, d) => (
        <Space orientation="vertical" size={2}>
          {d.households.map((h, index) => (
            <Space key={`${h.key}-${index}`} size={8} wrap>
              <Link to={`/households/${h.key}`}>{h.name}</Link>
              <Typography.Text type="secondary" className="mono">
                {h.key}
              </Typography.Text>
              <Link to={`/regions/${h.villageCode}`} className="mono">
                {formatRegionCode(h.villageCode)}
              </Link>
            </Space>
          ))}
        </Space>
      ),
    },
  ];

  const items = data?.items ?? [];
  return (
    <Card title={t('registry.dup.title')}>
      <Alert type="info" showIcon className="block-alert" title={t('registry.dup.hint')} />
      <Space wrap className="toolbar">
        <RegionPicker
          value={regionCode}
          placeholder={t('registry.filter.region')}
          style={{ width: 240 }}
          onChange={(code) => setRegionCode(code ?? user.regionCode)}
        />
        <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
          {t('common.refresh')}
        </Button>
        {items.length >= LIMIT ? (
          <Typography.Text type="secondary">{t('registry.dup.limited', { n: LIMIT })}</Typography.Text>
        ) : null}
      </Space>
      {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
      <Table<DuplicateId>
        rowKey="idNumber"
        loading={loading}
        columns={columns}
        dataSource={items}
        pagination={false}
        scroll={{ x: 'max-content' }}
        onRow={(d) => rowTestId(`duplicate-row-${d.idNumber}`)}
        locale={{ emptyText: <Empty description={t('registry.dup.empty')} /> }}
      />
    </Card>
  );
}
