import {
  checkVillageCode,
  DANGEROUS_HOUSE_GRADES,
  FUEL_TYPES,
  formatYuan,
  HOUSEHOLD_ATTRIBUTES,
  HOUSEHOLD_STATUSES,
  IDENTIFICATION_STANDARDS,
  isAbovePovertyLine,
  POVERTY_CAUSES,
  povertyLineFor,
  RELOCATION_METHODS,
  ROAD_TYPES,
  summariseIncome,
  TRANSFER_KINDS,
  type EnumOption,
} from '@fupin/domain';
import { Alert, Checkbox, Col, Form, Input, InputNumber, Row, Select, type FormItemProps } from 'antd';
import type { RegionTreeNode } from '../../components/RegionTreeProvider';
import { RegionPicker } from '../../components/RegionPicker';
import { useI18n, type MessageKey } from '../../i18n';
import { enumOptions } from './enumText';
import { hasIncome, toIncomeInput, type FieldPath, type HouseholdFormValues } from './householdForm';
import { CheckedItem } from './recordChecks';

const CELL = { xs: 24, sm: 12, lg: 8, xxl: 6 } as const;

/** Only 村委会 can hold poor households: the domain's village-code rule, as the server applies it. */
function isVillageCommittee(node: RegionTreeNode): boolean {
  return node.level === 'village' && checkVillageCode(node.value, true).length === 0;
}

/** A yes / no / blank choice stored as a boolean (antd selects hold strings). */
function yesNoProps(): Pick<FormItemProps, 'getValueProps' | 'normalize'> {
  return {
    getValueProps: (value: unknown) => ({ value: value === true ? 'yes' : value === false ? 'no' : undefined }),
    normalize: (value: unknown) => (value === 'yes' ? true : value === 'no' ? false : undefined),
  };
}

function YesNoSelect(props: { value?: string; onChange?: (value: string | undefined) => void; id?: string }) {
  const { t } = useI18n();
  return (
    <Select
      {...props}
      allowClear
      placeholder={t('registry.select')}
      options={[
        { value: 'yes', label: t('registry.yes') },
        { value: 'no', label: t('registry.no') },
      ]}
    />
  );
}

/** Builds the grid cells of one section whose fields all live under `section`. */
function useCells(section: 'household' | 'living') {
  const { t, locale } = useI18n();
  const path = (field: string): FieldPath => [section, field];
  return {
    text: (field: string, label: MessageKey, extra?: { max?: number; help?: string; testId?: string }) => (
      <Col {...CELL} key={field}>
        <CheckedItem name={path(field)} path={path(field)} label={t(label)} help={extra?.help}>
          <Input maxLength={extra?.max ?? 40} data-testid={extra?.testId} />
        </CheckedItem>
      </Col>
    ),
    choice: (field: string, label: MessageKey, options: readonly EnumOption[], multiple = false, help?: string) => (
      <Col {...CELL} key={field}>
        <CheckedItem name={path(field)} path={path(field)} label={t(label)} help={help}>
          <Select
            allowClear
            mode={multiple ? 'multiple' : undefined}
            maxCount={multiple ? 2 : undefined}
            placeholder={t('registry.select')}
            popupMatchSelectWidth={false}
            options={enumOptions(options, locale)}
            data-testid={`${section}-${field}`}
          />
        </CheckedItem>
      </Col>
    ),
    number: (field: string, label: MessageKey, options: { min?: number; max?: number; precision?: number } = {}) => (
      <Col {...CELL} key={field}>
        <CheckedItem name={path(field)} path={path(field)} label={t(label)}>
          <InputNumber<number>
            min={options.min ?? 0}
            max={options.max}
            precision={options.precision}
            style={{ width: '100%' }}
          />
        </CheckedItem>
      </Col>
    ),
    yesNo: (field: string, label: MessageKey) => (
      <Col {...CELL} key={field}>
        <CheckedItem name={path(field)} path={path(field)} label={t(label)} {...yesNoProps()}>
          <YesNoSelect />
        </CheckedItem>
      </Col>
    ),
  };
}

export interface HouseholdSectionProps {
  /** Editing a stored household: its village is fixed (moves go through the annual adjustment). */
  villageName?: string;
}

/** 户基本信息: village, household number, contact, bank, attribute, causes, status, relocation. */
export function HouseholdSection({ villageName }: HouseholdSectionProps) {
  const { t } = useI18n();
  const cell = useCells('household');
  return (
    <Row gutter={16}>
      <Col xs={24} lg={16} xxl={12}>
        {villageName === undefined ? (
          <CheckedItem
            name={['household', 'villageCode']}
            path={['household', 'villageCode']}
            label={t('registry.form.village')}
            help={t('registry.form.villageHint')}
            required
          >
            <RegionPicker
              placeholder={t('registry.form.villageRequired')}
              isSelectable={isVillageCommittee}
              data-testid="household-village"
            />
          </CheckedItem>
        ) : (
          <>
            <Form.Item name={['household', 'villageCode']} hidden>
              <Input />
            </Form.Item>
            <Form.Item label={t('registry.form.village')} help={t('registry.form.villageFixed')}>
              <Input value={villageName} disabled />
            </Form.Item>
          </>
        )}
      </Col>
      {cell.text('group', 'registry.group', { max: 20 })}
      {cell.text('householdNumber', 'registry.householdNo', { max: 30, help: t('registry.form.householdNumberHint') })}
      {cell.text('phone', 'registry.phone', { max: 20, testId: 'household-phone' })}
      {cell.text('bankName', 'registry.bankName')}
      {cell.text('bankAccount', 'registry.bankAccount')}
      {cell.choice('identificationStandard', 'registry.identificationStandard', IDENTIFICATION_STANDARDS)}
      {cell.choice('attribute', 'registry.attribute', HOUSEHOLD_ATTRIBUTES)}
      {cell.choice('mainCause', 'registry.mainCause', POVERTY_CAUSES)}
      {cell.choice('otherCauses', 'registry.otherCauses', POVERTY_CAUSES, true, t('registry.form.otherCausesHint'))}
      {cell.choice('status', 'registry.status', HOUSEHOLD_STATUSES)}
      {cell.text('firstIdentified', 'registry.firstIdentified', {
        max: 7,
        help: t('registry.form.firstIdentifiedHint'),
      })}
      {cell.number('exitYear', 'registry.exitYear', { min: 2000, max: 2100, precision: 0 })}
      {cell.choice('relocationMethod', 'registry.relocationMethod', RELOCATION_METHODS)}
      {cell.yesNo('relocationWilling', 'registry.relocationWilling')}
    </Row>
  );
}

/** 生产生活条件. */
export function LivingSection() {
  const cell = useCells('living');
  return (
    <Row gutter={16}>
      {cell.choice('houseGrade', 'registry.living.houseGrade', DANGEROUS_HOUSE_GRADES)}
      {cell.number('houseArea', 'registry.living.houseArea', { max: 10000, precision: 2 })}
      {cell.number('farmlandMu', 'registry.living.farmlandMu', { max: 100000, precision: 2 })}
      {cell.yesNo('waterSafe', 'registry.living.waterSafe')}
      {cell.yesNo('waterDifficult', 'registry.living.waterDifficult')}
      {cell.choice('roadType', 'registry.living.roadType', ROAD_TYPES)}
      {cell.number('distanceToRoadKm', 'registry.living.distanceToRoadKm', { max: 1000, precision: 1 })}
      {cell.yesNo('sanitaryToilet', 'registry.living.sanitaryToilet')}
      {cell.choice('fuel', 'registry.living.fuel', FUEL_TYPES)}
    </Row>
  );
}

const AMOUNTS: { path: FieldPath; label: MessageKey }[] = [
  { path: ['wages'], label: 'registry.income.wages' },
  { path: ['business'], label: 'registry.income.business' },
  { path: ['property'], label: 'registry.income.property' },
  ...TRANSFER_KINDS.map((kind) => ({
    path: ['transfers', kind],
    label: `registry.income.transfer.${kind}` as const,
  })),
  { path: ['businessExpenses'], label: 'registry.income.businessExpenses' },
];

/** 家庭年收入: one year's amounts, with net and per-capita income worked out as they are typed. */
export function IncomeSection({ values, maxYear }: { values: HouseholdFormValues; maxYear: number }) {
  const { t } = useI18n();
  const size = values.members.length;
  const year = values.income.year ?? undefined;
  const summary = summariseIncome(toIncomeInput(values.income), size);
  const line = year === undefined ? undefined : povertyLineFor(year);
  const above =
    year === undefined || summary.perCapitaFen === null ? undefined : isAbovePovertyLine(summary.perCapitaFen, year);
  return (
    <>
      <Form.Item name="withIncome" valuePropName="checked">
        <Checkbox data-testid="household-with-income">{t('registry.form.withIncome')}</Checkbox>
      </Form.Item>
      {values.withIncome ? (
        <>
          <Row gutter={16}>
            <Col {...CELL}>
              <CheckedItem
                name={['income', 'year']}
                path={['income', 'year']}
                label={t('registry.income.year')}
                required
              >
                <InputNumber<number> min={2010} max={maxYear} precision={0} style={{ width: '100%' }} />
              </CheckedItem>
            </Col>
            {AMOUNTS.map((amount) => (
              <Col {...CELL} key={amount.path.join('.')}>
                <CheckedItem
                  name={['income', ...amount.path]}
                  path={['income', ...amount.path]}
                  label={t(amount.label)}
                >
                  <InputNumber<number> min={0} precision={2} style={{ width: '100%' }} />
                </CheckedItem>
              </Col>
            ))}
          </Row>
          {hasIncome(values.income) ? (
            <Alert
              type={above === false ? 'warning' : 'info'}
              showIcon
              data-testid="income-preview"
              title={t('registry.form.perCapitaPreview', {
                size,
                net: formatYuan(summary.netFen),
                perCapita: summary.perCapitaFen === null ? '—' : formatYuan(summary.perCapitaFen),
              })}
              description={
                <>
                  {t('registry.income.formula', { size })}
                  {line === undefined
                    ? null
                    : ` · ${t('registry.income.povertyLine')} ${line} · ${
                        above ? t('registry.income.above') : t('registry.income.below')
                      }`}
                </>
              }
            />
          ) : (
            <Alert type="info" showIcon data-testid="income-preview" title={t('registry.form.incomeBlank')} />
          )}
        </>
      ) : null}
    </>
  );
}
