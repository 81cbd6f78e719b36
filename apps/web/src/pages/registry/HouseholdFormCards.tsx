import { PlusOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Form, Space } from 'antd';
import type { ReactNode } from 'react';
import { useI18n } from '../../i18n';
import { newMember, type HouseholdFormValues } from './householdForm';
import { HouseholdSection, IncomeSection, LivingSection } from './HouseholdFormSections';
import { MemberCard } from './MemberCard';
import { IssueProvider, MemberListIssues } from './recordChecks';
import type { HouseholdFormState } from './useHouseholdForm';

const SECTION_STYLE = { marginBottom: 16 } as const;
/** The API takes at most 30 members per household. */
const MAX_MEMBERS = 30;

export interface HouseholdFormCardsProps {
  state: HouseholdFormState;
  /** Editing a stored household: its village, shown but fixed. */
  villageName?: string;
  /** Latest income year that may be entered. */
  maxYear: number;
  /** Show every finding from the start (a stored record being edited). */
  showAll?: boolean;
  /** Shown above the first card (conflict notices and the like). */
  header?: ReactNode;
  /** Shown after the last card (the save bar). */
  footer?: ReactNode;
  'data-testid'?: string;
}

/** The registration form: household, members, living conditions and income, with live checks. */
export function HouseholdFormCards({
  state,
  villageName,
  maxYear,
  showAll = false,
  header,
  footer,
  ...rest
}: HouseholdFormCardsProps) {
  const { t } = useI18n();
  const { form, initial, values, checks, errors, submitted, sync, onValuesChange } = state;
  return (
    <Form<HouseholdFormValues>
      form={form}
      layout="vertical"
      autoComplete="off"
      initialValues={initial}
      onValuesChange={onValuesChange}
      data-testid={rest['data-testid']}
    >
      <IssueProvider value={{ issuesAt: checks.issuesAt, showAll: submitted || showAll }}>
        {header}
        {submitted && errors.length > 0 ? (
          <Alert
            type="error"
            showIcon
            className="block-alert"
            data-testid="household-errors"
            title={t('registry.form.fixErrors', { n: errors.length })}
          />
        ) : null}
        <Card title={t('registry.form.household')} style={SECTION_STYLE}>
          <HouseholdSection villageName={villageName} />
        </Card>
        <Card title={`${t('registry.form.members')} (${values.members.length})`} style={SECTION_STYLE}>
          <MemberListIssues />
          <Form.List name="members">
            {(fields, { add, remove }) => (
              <Space orientation="vertical" size={16} style={{ width: '100%' }}>
                {fields.map((field, index) => (
                  <MemberCard
                    key={field.key}
                    index={index}
                    name={field.name}
                    member={values.members[index]}
                    onRemove={
                      fields.length > 1
                        ? () => {
                            remove(field.name);
                            sync();
                          }
                        : undefined
                    }
                  />
                ))}
                <Button
                  type="dashed"
                  block
                  icon={<PlusOutlined />}
                  data-testid="member-add"
                  disabled={fields.length >= MAX_MEMBERS}
                  onClick={() => {
                    add(newMember());
                    sync();
                  }}
                >
                  {t('registry.form.memberAdd')}
                </Button>
              </Space>
            )}
          </Form.List>
        </Card>
        <Card title={t('registry.form.living')} style={SECTION_STYLE}>
          <LivingSection />
        </Card>
        <Card title={t('registry.form.income')} style={SECTION_STYLE}>
          <IncomeSection values={values} maxYear={maxYear} />
        </Card>
        {footer}
      </IssueProvider>
    </Form>
  );
}
