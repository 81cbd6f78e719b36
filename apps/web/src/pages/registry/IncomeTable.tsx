import {
  fenToYuan,
  isAbovePovertyLine,
  povertyLineFor,
  totalTransfersFen,
  TRANSFER_KINDS,
  yuanToFen,
} from '@fupin/domain';
import { Descriptions, Empty, Space, Table, Tag } from 'antd';
import type { TableColumnsType } from 'antd';
import type { IncomeView } from '../../api/registry';
import { useI18n } from '../../i18n';
import { formatAmount } from './enumText';

/** 收入: each recorded year with net and per-capita income against that year's poverty line. */
export function IncomeTable({ incomes }: { incomes: IncomeView[] }) {
  const { t } = useI18n();
  const money = (value: number) => <span className="nowrap">{formatAmount(value)}</span>;
  const columns: TableColumnsType<IncomeView> = [
    { key: 'year', title: t('registry.income.year'), dataIndex: 'year' },
    { key: 'wages', title: t('registry.income.wages'), align: 'right', render: (_: unknown, i) => money(i.wages) },
    {
      key: 'business',
      title: t('registry.income.business'),
      align: 'right',
      render: (_: unknown, i) => money(i.business),
    },
    {
      key: 'property',
      title: t('registry.income.property'),
      align: 'right',
      render: (_: unknown, i) => money(i.property),
    },
    {
      key: 'transfers',
      title: t('registry.income.transfers'),
      align: 'right',
      render: (_: unknown, i) => money(fenToYuan(totalTransfersFen(i.transfers))),
    },
    {
      key: 'expenses',
      title: t('registry.income.businessExpenses'),
      align: 'right',
      render: (_: unknown, i) => money(i.businessExpenses),
    },
    {
      key: 'net',
      title: t('registry.income.netIncome'),
      align: 'right',
      render: (_: unknown, i) => <strong>{money(i.netIncome)}</strong>,
    },
    {
      key: 'perCapita',
      title: t('registry.income.perCapita'),
      align: 'right',
      render: (_: unknown, i) => <strong>{i.perCapita === null ? '—' : money(i.perCapita)}</strong>,
    },
    {
      key: 'line',
      title: t('registry.income.povertyLine'),
      align: 'right',
      render: (_: unknown, i) => {
        const line = povertyLineFor(i.year);
        if (line === undefined) return '—';
        const above = i.perCapita !== null && isAbovePovertyLine(yuanToFen(i.perCapita), i.year) === true;
        return (
          <Space size={4}>
            {money(line)}
            <Tag color={above ? 'green' : 'red'}>{above ? t('registry.income.above') : t('registry.income.below')}</Tag>
          </Space>
        );
      },
    },
  ];
  if (incomes.length === 0) return <Empty description={t('registry.income.empty')} />;
  return (
    <Table<IncomeView>
      rowKey="year"
      size="small"
      columns={columns}
      dataSource={incomes}
      pagination={false}
      scroll={{ x: 'max-content' }}
      expandable={{
        expandedRowRender: (i) => (
          <Descriptions
            size="small"
            column={{ xs: 1, md: 3 }}
            items={TRANSFER_KINDS.map((kind) => ({
              key: kind,
              label: t(`registry.income.transfer.${kind}`),
              children: money(i.transfers[kind]),
            }))}
          />
        ),
      }}
    />
  );
}
