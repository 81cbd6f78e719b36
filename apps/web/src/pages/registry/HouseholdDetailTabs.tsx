import {
  DANGEROUS_HOUSE_GRADES,
  EDUCATION_LEVELS,
  ETHNICITIES,
  FUEL_TYPES,
  HEALTH_STATUSES,
  HOUSEHOLD_ATTRIBUTES,
  IDENTIFICATION_STANDARDS,
  LABOUR_SKILLS,
  POLITICAL_STATUSES,
  POVERTY_CAUSES,
  RELATIONS_TO_HEAD,
  RELOCATION_METHODS,
  ROAD_TYPES,
  SCHOOL_STATUSES,
  SEXES,
  WORK_LOCATIONS,
  isDangerousHouseGrade,
  isUnsafeHouseGrade,
} from '@fupin/domain';
import { Descriptions, Space, Table, Tag, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import type { HouseholdDetail, MemberView } from '../../api/registry';
import { formatPath, formatRegionCode } from '../../format';
import { useI18n } from '../../i18n';
import { useEnumText, useYesNo } from './enumText';
import { PerCapitaIncome, StatusTag } from './HouseholdTags';

/** A recorded text, or — when it is missing or blank. */
function orDash(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === '' ? '—' : value;
}

/** 基本情况: the household's facts from the national form. */
export function HouseholdFacts({ household: h }: { household: HouseholdDetail }) {
  const { t } = useI18n();
  const enumText = useEnumText();
  const yesNo = useYesNo();
  const latest = h.incomes[0];
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        {
          key: 'householdNo',
          label: t('registry.householdNo'),
          children: <span className="mono">{h.householdNo}</span>,
        },
        { key: 'head', label: t('registry.head'), children: h.headName },
        { key: 'size', label: t('registry.size'), children: h.size },
        {
          key: 'path',
          label: t('registry.regionPath'),
          span: 'filled',
          children: (
            <Space wrap size={4}>
              <span>{formatPath(h.path)}</span>
              <Typography.Text type="secondary" className="mono">
                {formatRegionCode(h.villageCode)}
              </Typography.Text>
            </Space>
          ),
        },
        { key: 'group', label: t('registry.group'), children: orDash(h.group) },
        { key: 'phone', label: t('registry.phone'), children: <span className="mono">{orDash(h.phone)}</span> },
        { key: 'bankName', label: t('registry.bankName'), children: orDash(h.bankName) },
        {
          key: 'bankAccount',
          label: t('registry.bankAccount'),
          children: <span className="mono">{orDash(h.bankAccount)}</span>,
        },
        {
          key: 'standard',
          label: t('registry.identificationStandard'),
          children: enumText(IDENTIFICATION_STANDARDS, h.identificationStandard),
        },
        { key: 'attribute', label: t('registry.attribute'), children: enumText(HOUSEHOLD_ATTRIBUTES, h.attribute) },
        { key: 'mainCause', label: t('registry.mainCause'), children: enumText(POVERTY_CAUSES, h.mainCause) },
        {
          key: 'otherCauses',
          label: t('registry.otherCauses'),
          children: h.otherCauses.length ? h.otherCauses.map((c) => enumText(POVERTY_CAUSES, c)).join('、') : '—',
        },
        { key: 'status', label: t('registry.status'), children: <StatusTag status={h.status} /> },
        { key: 'firstIdentified', label: t('registry.firstIdentified'), children: orDash(h.firstIdentified) },
        { key: 'exitYear', label: t('registry.exitYear'), children: h.exitYear ?? '—' },
        {
          key: 'relocationMethod',
          label: t('registry.relocationMethod'),
          children: enumText(RELOCATION_METHODS, h.relocationMethod),
        },
        { key: 'relocationWilling', label: t('registry.relocationWilling'), children: yesNo(h.relocationWilling) },
        {
          key: 'income',
          label: t('registry.perCapitaIncome'),
          children: <PerCapitaIncome amount={h.perCapitaIncome} year={h.incomeYear ?? latest?.year ?? null} />,
        },
        { key: 'version', label: t('registry.version'), children: h.version },
      ]}
    />
  );
}

/** 家庭成员: one row per member, personal data as the server sent it (masked or not). */
export function MembersTable({ members }: { members: MemberView[] }) {
  const { t } = useI18n();
  const enumText = useEnumText();
  const yesNo = useYesNo();
  const columns: TableColumnsType<MemberView> = [
    {
      key: 'relation',
      title: t('registry.member.relation'),
      render: (_: unknown, m) => (
        <Tag color={m.relation === '户主' ? 'red' : 'default'}>{enumText(RELATIONS_TO_HEAD, m.relation)}</Tag>
      ),
    },
    { key: 'name', title: t('registry.member.name'), render: (_: unknown, m) => <strong>{m.name}</strong> },
    { key: 'sex', title: t('registry.member.sex'), render: (_: unknown, m) => enumText(SEXES, m.sex) },
    {
      key: 'idNumber',
      title: t('registry.member.idNumber'),
      render: (_: unknown, m) => (
        <Space orientation="vertical" size={0}>
          <span className="mono nowrap">{m.idNumber}</span>
          {m.disabilityCert ? (
            <Typography.Text type="secondary" className="mono nowrap" title={t('registry.member.disabilityCert')}>
              {m.disabilityCert}
            </Typography.Text>
          ) : null}
        </Space>
      ),
    },
    {
      key: 'birthDate',
      title: t('registry.member.birthDate'),
      render: (_: unknown, m) => <span className="nowrap">{orDash(m.birthDate)}</span>,
    },
    {
      key: 'ethnicity',
      title: t('registry.member.ethnicity'),
      responsive: ['lg'],
      render: (_: unknown, m) => enumText(ETHNICITIES, m.ethnicity),
    },
    {
      key: 'political',
      title: t('registry.member.politicalStatus'),
      responsive: ['xl'],
      render: (_: unknown, m) => enumText(POLITICAL_STATUSES, m.politicalStatus),
    },
    {
      key: 'education',
      title: `${t('registry.member.education')} / ${t('registry.member.schoolStatus')}`,
      render: (_: unknown, m) =>
        m.schoolStatus ? (
          <Tag color="blue">{enumText(SCHOOL_STATUSES, m.schoolStatus)}</Tag>
        ) : (
          enumText(EDUCATION_LEVELS, m.education)
        ),
    },
    {
      key: 'health',
      title: t('registry.member.health'),
      render: (_: unknown, m) => enumText(HEALTH_STATUSES, m.health),
    },
    {
      key: 'labourSkill',
      title: t('registry.member.labourSkill'),
      render: (_: unknown, m) => enumText(LABOUR_SKILLS, m.labourSkill),
    },
    {
      key: 'work',
      title: t('registry.member.workPlace'),
      responsive: ['md'],
      render: (_: unknown, m) =>
        m.workPlace ? `${enumText(WORK_LOCATIONS, m.workPlace)} · ${m.monthsWorked ?? 0}` : '—',
    },
    {
      key: 'coverage',
      title: t('registry.member.insurance'),
      responsive: ['md'],
      render: (_: unknown, m) => (
        <Space size={[0, 4]} wrap>
          {m.hasBasicMedicalInsurance ? <Tag color="green">{t('registry.member.medical')}</Tag> : null}
          {m.hasCriticalIllnessInsurance ? <Tag color="green">{t('registry.member.critical')}</Tag> : null}
          {m.hasResidentPension ? <Tag color="green">{t('registry.member.pension')}</Tag> : null}
        </Space>
      ),
    },
    { key: 'dibao', title: t('registry.member.dibao'), render: (_: unknown, m) => yesNo(m.receivesDibao) },
  ];
  return (
    <Table<MemberView>
      rowKey="id"
      size="small"
      columns={columns}
      dataSource={members}
      pagination={false}
      scroll={{ x: 'max-content' }}
      data-testid="members-table"
    />
  );
}

/** 生产生活条件: land, water, housing, road, toilet, fuel. */
export function LivingFacts({ household: h }: { household: HouseholdDetail }) {
  const { t } = useI18n();
  const enumText = useEnumText();
  const yesNo = useYesNo();
  const l = h.living;
  const grade = l.houseGrade ?? null;
  const number = (value: number | null | undefined) => (value === null || value === undefined ? '—' : value);
  return (
    <Descriptions
      bordered
      size="small"
      column={{ xs: 1, md: 2, xl: 3 }}
      items={[
        {
          key: 'houseGrade',
          label: t('registry.living.houseGrade'),
          children:
            grade === null ? (
              '—'
            ) : (
              <Space size={4}>
                {enumText(DANGEROUS_HOUSE_GRADES, grade)}
                {isDangerousHouseGrade(grade) && isUnsafeHouseGrade(grade) ? (
                  <Tag color="red">{t('registry.living.unsafe')}</Tag>
                ) : null}
              </Space>
            ),
        },
        { key: 'houseArea', label: t('registry.living.houseArea'), children: number(l.houseArea) },
        { key: 'farmlandMu', label: t('registry.living.farmlandMu'), children: number(l.farmlandMu) },
        { key: 'waterSafe', label: t('registry.living.waterSafe'), children: yesNo(l.waterSafe) },
        { key: 'waterDifficult', label: t('registry.living.waterDifficult'), children: yesNo(l.waterDifficult) },
        { key: 'roadType', label: t('registry.living.roadType'), children: enumText(ROAD_TYPES, l.roadType) },
        {
          key: 'distance',
          label: t('registry.living.distanceToRoadKm'),
          children: number(l.distanceToRoadKm),
        },
        { key: 'toilet', label: t('registry.living.sanitaryToilet'), children: yesNo(l.sanitaryToilet) },
        { key: 'fuel', label: t('registry.living.fuel'), children: enumText(FUEL_TYPES, l.fuel) },
      ]}
    />
  );
}
