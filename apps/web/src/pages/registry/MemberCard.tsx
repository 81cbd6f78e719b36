import { DeleteOutlined } from '@ant-design/icons';
import {
  EDUCATION_LEVELS,
  ETHNICITIES,
  HEALTH_STATUSES,
  LABOUR_SKILLS,
  POLITICAL_STATUSES,
  RELATIONS_TO_HEAD,
  SCHOOL_STATUSES,
  SEXES,
  WORK_LOCATIONS,
  type EnumOption,
} from '@fupin/domain';
import { AutoComplete, Button, Card, Checkbox, Col, Form, Input, InputNumber, Row, Select, Space } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';
import { enumOptions } from './enumText';
import type { MemberValues } from './householdForm';
import { CheckedItem } from './recordChecks';

export interface MemberCardProps {
  /** Position in the list (0-based), for test IDs and field paths. */
  index: number;
  /** Form.List field name of this member. */
  name: number;
  member: MemberValues | undefined;
  onRemove?: () => void;
}

/** Column sizes of one field in the member grid. */
const CELL = { xs: 24, sm: 12, lg: 8, xxl: 6 } as const;

/** The flags a member either has or not (insurance and 低保). */
const FLAGS: { field: keyof MemberValues; label: MessageKey }[] = [
  { field: 'hasBasicMedicalInsurance', label: 'registry.member.medical' },
  { field: 'hasCriticalIllnessInsurance', label: 'registry.member.critical' },
  { field: 'hasResidentPension', label: 'registry.member.pension' },
  { field: 'receivesDibao', label: 'registry.member.dibao' },
];

/** One member's fields on the registration form (家庭成员信息). */
export function MemberCard({ index, name, member, onRemove }: MemberCardProps) {
  const { t, locale } = useI18n();
  const path = (field: keyof MemberValues) => ['members', index, field];
  const select = (field: keyof MemberValues, label: MessageKey, options: readonly EnumOption[], search = false) => (
    <Col {...CELL}>
      <CheckedItem name={[name, field]} path={path(field)} label={t(label)}>
        <Select
          allowClear
          showSearch={search ? { optionFilterProp: 'label' } : undefined}
          placeholder={t('registry.select')}
          options={enumOptions(options, locale)}
          data-testid={`member-${index}-${field}`}
        />
      </CheckedItem>
    </Col>
  );

  const title = [t('registry.form.member', { n: index + 1 }), member?.name].filter(Boolean).join(' · ');
  return (
    <Card
      size="small"
      type="inner"
      className="member-card"
      title={title}
      data-testid={`member-${index}`}
      extra={
        onRemove ? (
          <Button
            type="text"
            danger
            size="small"
            icon={<DeleteOutlined />}
            data-testid={`member-${index}-remove`}
            onClick={onRemove}
          >
            {t('registry.form.memberRemove')}
          </Button>
        ) : null
      }
    >
      <Row gutter={16}>
        {select('relation', 'registry.member.relation', RELATIONS_TO_HEAD)}
        <Col {...CELL}>
          <CheckedItem name={[name, 'name']} path={path('name')} label={t('registry.member.name')}>
            <Input maxLength={40} data-testid={`member-${index}-name`} />
          </CheckedItem>
        </Col>
        <Col {...CELL}>
          <CheckedItem
            name={[name, 'idNumber']}
            path={path('idNumber')}
            label={t('registry.member.idNumber')}
            help={t('registry.member.idHint')}
          >
            <Input maxLength={24} className="mono" autoComplete="off" data-testid={`member-${index}-idNumber`} />
          </CheckedItem>
        </Col>
        {select('sex', 'registry.member.sex', SEXES)}
        <Col {...CELL}>
          <CheckedItem
            name={[name, 'birthDate']}
            path={path('birthDate')}
            label={t('registry.member.birthDate')}
            help={t('registry.form.birthDateHint')}
          >
            <Input placeholder="YYYY-MM-DD" maxLength={10} data-testid={`member-${index}-birthDate`} />
          </CheckedItem>
        </Col>
        {select('ethnicity', 'registry.member.ethnicity', ETHNICITIES, true)}
        {select('politicalStatus', 'registry.member.politicalStatus', POLITICAL_STATUSES)}
        {select('education', 'registry.member.education', EDUCATION_LEVELS)}
        {select('schoolStatus', 'registry.member.schoolStatus', SCHOOL_STATUSES)}
        {select('health', 'registry.member.health', HEALTH_STATUSES)}
        {select('labourSkill', 'registry.member.labourSkill', LABOUR_SKILLS)}
        <Col {...CELL}>
          <CheckedItem
            name={[name, 'monthsWorked']}
            path={path('monthsWorked')}
            label={t('registry.member.monthsWorked')}
          >
            <InputNumber<number> min={0} max={12} precision={0} style={{ width: '100%' }} />
          </CheckedItem>
        </Col>
        <Col {...CELL}>
          <CheckedItem name={[name, 'workPlace']} path={path('workPlace')} label={t('registry.member.workPlace')}>
            <AutoComplete allowClear options={enumOptions(WORK_LOCATIONS, locale)} maxLength={60} />
          </CheckedItem>
        </Col>
        <Col xs={24}>
          <Form.Item label={t('registry.member.insurance')}>
            <Space wrap size={[16, 4]}>
              {FLAGS.map((flag) => (
                <Form.Item key={flag.field} name={[name, flag.field]} valuePropName="checked" noStyle>
                  <Checkbox data-testid={`member-${index}-${flag.field}`}>{t(flag.label)}</Checkbox>
                </Form.Item>
              ))}
            </Space>
          </Form.Item>
        </Col>
      </Row>
    </Card>
  );
}
