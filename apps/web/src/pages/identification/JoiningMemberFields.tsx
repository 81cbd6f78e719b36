import {
  EDUCATION_LEVELS,
  HEALTH_STATUSES,
  LABOUR_SKILLS,
  RELATIONS_TO_HEAD,
  SCHOOL_STATUSES,
  SEXES,
  type EducationLevel,
  type EnumOption,
  type HealthStatus,
  type Issue,
  type LabourSkill,
  type MemberInput,
  type RelationToHead,
  type SchoolStatus,
  type Sex,
} from '@fupin/domain';
import { Col, Form, Input, Row, Select } from 'antd';
import { useI18n, type MessageKey } from '../../i18n';
import { enumOptions } from '../registry/enumText';

/** A joining member as the small form holds it. */
export interface JoiningMemberValues {
  relation?: RelationToHead;
  name?: string;
  idNumber?: string;
  sex?: Sex;
  birthDate?: string;
  education?: EducationLevel;
  schoolStatus?: SchoolStatus;
  health?: HealthStatus;
  labourSkill?: LabourSkill;
}

/** What the API receives for the joining member. */
export function toMemberInput(m: JoiningMemberValues): MemberInput {
  const text = (value: string | undefined) => (value?.trim() ? value.trim() : null);
  return {
    name: m.name?.trim() ?? '',
    relation: m.relation ?? null,
    idNumber: text(m.idNumber),
    sex: m.sex ?? null,
    birthDate: text(m.birthDate),
    education: m.education ?? null,
    schoolStatus: m.schoolStatus ?? null,
    health: m.health ?? null,
    labourSkill: m.labourSkill ?? null,
  };
}

const CELL = { xs: 24, sm: 12 } as const;

/** A newcomer is never the head: the head stays until they leave and a successor is named. */
const JOINING_RELATIONS = RELATIONS_TO_HEAD.filter((option) => option.value !== '户主');

/**
 * The fields of a member joining a household (birth, marriage, move), under `member` in the
 * adjustment form; `issues` are the domain's member checks, shown on a field once it was touched
 * (all of them with `showAll`, after a submit).
 */
export function JoiningMemberFields({ issues, showAll }: { issues: readonly Issue[]; showAll: boolean }) {
  const { t, locale } = useI18n();
  const form = Form.useFormInstance();
  const itemProps = (field: keyof JoiningMemberValues) => {
    const shown = showAll || form.isFieldTouched(['member', field]);
    const mine = shown ? issues.filter((issue) => issue.field === field) : [];
    if (mine.length === 0) return {};
    return {
      validateStatus: mine.some((issue) => issue.severity === 'error') ? ('error' as const) : ('warning' as const),
      help: mine.map((issue) => issue.message[locale]).join('；'),
    };
  };
  const select = (field: keyof JoiningMemberValues, label: MessageKey, options: readonly EnumOption[]) => (
    <Col {...CELL}>
      <Form.Item name={['member', field]} label={t(label)} {...itemProps(field)}>
        <Select
          allowClear
          placeholder={t('registry.select')}
          options={enumOptions(options, locale)}
          data-testid={`adjust-member-${field}`}
        />
      </Form.Item>
    </Col>
  );
  return (
    <Row gutter={12}>
      {select('relation', 'registry.member.relation', JOINING_RELATIONS)}
      <Col {...CELL}>
        <Form.Item name={['member', 'name']} label={t('registry.member.name')} {...itemProps('name')}>
          <Input maxLength={40} data-testid="adjust-member-name" />
        </Form.Item>
      </Col>
      <Col xs={24}>
        <Form.Item
          name={['member', 'idNumber']}
          label={t('registry.member.idNumber')}
          extra={t('registry.member.idHint')}
          {...itemProps('idNumber')}
        >
          <Input maxLength={20} className="mono" data-testid="adjust-member-idNumber" />
        </Form.Item>
      </Col>
      {select('sex', 'registry.member.sex', SEXES)}
      <Col {...CELL}>
        <Form.Item name={['member', 'birthDate']} label={t('registry.member.birthDate')} {...itemProps('birthDate')}>
          <Input placeholder="YYYY-MM-DD" maxLength={10} data-testid="adjust-member-birthDate" />
        </Form.Item>
      </Col>
      {select('education', 'registry.member.education', EDUCATION_LEVELS)}
      {select('schoolStatus', 'registry.member.schoolStatus', SCHOOL_STATUSES)}
      {select('health', 'registry.member.health', HEALTH_STATUSES)}
      {select('labourSkill', 'registry.member.labourSkill', LABOUR_SKILLS)}
    </Row>
  );
}
