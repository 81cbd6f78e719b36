import {
  EDUCATION_LEVELS,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  IDENTIFICATION_STANDARDS,
  LABOUR_SKILLS,
  MASKED_HEALTH,
  POVERTY_CAUSES,
  RELATIONS_TO_HEAD,
  SCHOOL_STATUSES,
  SEXES,
  formatYuan,
  maskIdNumber,
  maskPhone,
  normaliseIdNumber,
  summariseIncome,
  type MemberInput,
} from '@fupin/domain';
import { Descriptions, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { HouseholdWrite } from '../../api/registry';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../i18n';
import { useEnumText } from '../registry/enumText';

interface MemberRow extends MemberInput {
  index: number;
}

/** The proposed household of an application; personal data masked for roles without `registry.personal`. */
export function ProposalSummary({ proposal, villageName }: { proposal: HouseholdWrite; villageName: string }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const enumText = useEnumText();
  const personal = can('registry.personal');
  const h = proposal.household;
  const income = proposal.income;
  const summary = income ? summariseIncome(income, h.members.length) : undefined;

  const columns: TableColumnsType<MemberRow> = [
    { key: 'name', title: t('registry.member.name'), dataIndex: 'name' },
    {
      key: 'relation',
      title: t('registry.member.relation'),
      render: (_: unknown, m) => enumText(RELATIONS_TO_HEAD, m.relation),
    },
    { key: 'sex', title: t('registry.member.sex'), render: (_: unknown, m) => enumText(SEXES, m.sex) },
    {
      key: 'idNumber',
      title: t('registry.member.idNumber'),
      render: (_: unknown, m) => {
        const id = normaliseIdNumber(m.idNumber ?? '');
        return <span className="mono">{personal ? id : maskIdNumber(id)}</span>;
      },
    },
    { key: 'birthDate', title: t('registry.member.birthDate'), render: (_: unknown, m) => m.birthDate ?? '—' },
    {
      key: 'education',
      title: t('registry.member.education'),
      render: (_: unknown, m) =>
        m.schoolStatus ? enumText(SCHOOL_STATUSES, m.schoolStatus) : enumText(EDUCATION_LEVELS, m.education),
    },
    {
      key: 'health',
      title: t('registry.member.health'),
      render: (_: unknown, m) => (personal ? enumText(HEALTH_STATUSES, m.health) : MASKED_HEALTH),
    },
    {
      key: 'labourSkill',
      title: t('registry.member.labourSkill'),
      render: (_: unknown, m) => enumText(LABOUR_SKILLS, m.labourSkill),
    },
  ];

  return (
    <>
      <Descriptions size="small" column={{ xs: 1, sm: 2, xl: 3 }} style={{ marginBottom: 16 }}>
        <Descriptions.Item label={t('ident.village')}>{villageName}</Descriptions.Item>
        <Descriptions.Item label={t('registry.group')}>{h.group ?? '—'}</Descriptions.Item>
        <Descriptions.Item label={t('registry.phone')}>
          {h.phone ? (personal ? h.phone : maskPhone(h.phone)) : '—'}
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.identificationStandard')}>
          {enumText(IDENTIFICATION_STANDARDS, h.identificationStandard)}
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.attribute')}>
          {enumText(HOUSEHOLD_ATTRIBUTES, h.attribute)}
        </Descriptions.Item>
        <Descriptions.Item label={t('registry.mainCause')}>{enumText(POVERTY_CAUSES, h.mainCause)}</Descriptions.Item>
        <Descriptions.Item label={t('registry.otherCauses')}>
          {(h.otherCauses ?? []).map((cause) => enumText(POVERTY_CAUSES, cause)).join('、') || '—'}
        </Descriptions.Item>
        {income && summary ? (
          <Descriptions.Item label={`${t('registry.income.perCapita')} (${income.year})`}>
            {summary.perCapitaFen === null ? '—' : t('registry.yuan', { amount: formatYuan(summary.perCapitaFen) })}
          </Descriptions.Item>
        ) : null}
      </Descriptions>
      <Typography.Text strong>{t('ident.case.members', { n: h.members.length })}</Typography.Text>
      <Table<MemberRow>
        rowKey="index"
        size="small"
        style={{ marginTop: 8 }}
        pagination={false}
        columns={columns}
        dataSource={h.members.map((m, index) => ({ ...m, index }))}
        scroll={{ x: 'max-content' }}
      />
    </>
  );
}
