import { DeleteOutlined, PlusOutlined } from '@ant-design/icons';
import {
  HOUSEHOLD_PROFILES,
  PROVINCE_CODE,
  type ExitStandards,
  type HouseholdProfile,
  type StandardOverride,
} from '@fupin/domain';
import {
  Alert,
  App,
  Button,
  Card,
  Col,
  Form,
  Input,
  InputNumber,
  Row,
  Select,
  Skeleton,
  Space,
  Switch,
  Typography,
} from 'antd';
import { useMemo } from 'react';
import { fetchStandards, saveStandards } from '../../api/exit';
import { useAuth, useCurrentUser } from '../../auth/AuthProvider';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { usePageMeta } from '../../layout/PageMeta';
import { ExitSettingsCard } from './ExitSettingsCard';
import { ExitTabs } from './ExitTabs';
import { formatMinute, useExitErrorText } from './labels';

// Shares are edited as percentages (2 for 2%) and stored as fractions (0.02).
const toPct = (v: number) => Number((v * 100).toFixed(4));
const toShare = (v: number) => Number((v / 100).toFixed(6));
const optPct = (v: number | null | undefined) => (v === null || v === undefined ? null : toPct(v));
const optShare = (v: number | null | undefined) => (v === null || v === undefined ? null : toShare(v));

interface OverrideForm {
  regionCode: string;
  note?: string;
  profile?: HouseholdProfile | null;
  villageMaxIncidence?: number | null;
  minCollectiveIncome?: number | null;
  minIncomeRatio?: number | null;
  requireSix?: boolean | null;
  countyMaxIncidence?: number | null;
}

interface StandardsForm {
  povertyLines: { year: number; yuan: number }[];
  provinceIncome: { year: number; yuan: number }[];
  profile: HouseholdProfile;
  ageMin: number;
  ageMax: number;
  villageMaxIncidence: number;
  minCollectiveIncome: number | null;
  minIncomeRatio: number | null;
  requireSix: boolean;
  countyMaxIncidence: number;
  maxWrongExit: number;
  maxMissed: number;
  minApproval: number;
  overrides: OverrideForm[];
  note?: string;
}

function toForm(s: ExitStandards): StandardsForm {
  return {
    povertyLines: s.povertyLines,
    provinceIncome: s.provinceIncome,
    profile: s.household.profile,
    ageMin: s.household.compulsoryAgeMin,
    ageMax: s.household.compulsoryAgeMax,
    villageMaxIncidence: toPct(s.village.maxIncidence),
    minCollectiveIncome: s.village.minCollectiveIncome,
    minIncomeRatio: optPct(s.village.minIncomeRatio),
    requireSix: s.village.requireSixStandards,
    countyMaxIncidence: toPct(s.county.maxIncidence),
    maxWrongExit: toPct(s.county.maxWrongExitRate),
    maxMissed: toPct(s.county.maxMissedRate),
    minApproval: toPct(s.county.minApproval),
    overrides: s.overrides.map((o) => ({
      regionCode: o.regionCode,
      note: o.note,
      profile: o.household?.profile ?? null,
      villageMaxIncidence: optPct(o.village?.maxIncidence),
      minCollectiveIncome: o.village?.minCollectiveIncome ?? null,
      minIncomeRatio: optPct(o.village?.minIncomeRatio),
      requireSix: o.village?.requireSixStandards ?? null,
      countyMaxIncidence: optPct(o.county?.maxIncidence),
    })),
  };
}

function fromForm(f: StandardsForm, original: ExitStandards): ExitStandards {
  const overrides: StandardOverride[] = f.overrides.map((o) => {
    const before = original.overrides.find((x) => x.regionCode === o.regionCode);
    const household = { ...before?.household, ...(o.profile ? { profile: o.profile } : {}) };
    if (!o.profile) delete household.profile;
    const village = { ...before?.village };
    if (o.villageMaxIncidence === null || o.villageMaxIncidence === undefined) delete village.maxIncidence;
    else village.maxIncidence = toShare(o.villageMaxIncidence);
    if (o.minCollectiveIncome === null || o.minCollectiveIncome === undefined) delete village.minCollectiveIncome;
    else village.minCollectiveIncome = o.minCollectiveIncome;
    if (o.minIncomeRatio === null || o.minIncomeRatio === undefined) delete village.minIncomeRatio;
    else village.minIncomeRatio = toShare(o.minIncomeRatio);
    if (o.requireSix === null || o.requireSix === undefined) delete village.requireSixStandards;
    else village.requireSixStandards = o.requireSix;
    const county = { ...before?.county };
    if (o.countyMaxIncidence === null || o.countyMaxIncidence === undefined) delete county.maxIncidence;
    else county.maxIncidence = toShare(o.countyMaxIncidence);
    return {
      regionCode: o.regionCode.trim(),
      ...(o.note ? { note: o.note } : {}),
      ...(Object.keys(household).length ? { household } : {}),
      ...(Object.keys(village).length ? { village } : {}),
      ...(Object.keys(county).length ? { county } : {}),
    };
  });
  return {
    povertyLines: f.povertyLines,
    provinceIncome: f.provinceIncome,
    household: { profile: f.profile, compulsoryAgeMin: f.ageMin, compulsoryAgeMax: f.ageMax },
    village: {
      maxIncidence: toShare(f.villageMaxIncidence),
      minCollectiveIncome: f.minCollectiveIncome ?? null,
      minIncomeRatio: optShare(f.minIncomeRatio),
      requireSixStandards: f.requireSix,
    },
    county: {
      maxIncidence: toShare(f.countyMaxIncidence),
      maxWrongExitRate: toShare(f.maxWrongExit),
      maxMissedRate: toShare(f.maxMissed),
      minApproval: toShare(f.minApproval),
    },
    overrides,
  };
}

function YearTable({
  name,
  label,
  disabled,
}: {
  name: 'povertyLines' | 'provinceIncome';
  label: string;
  disabled: boolean;
}) {
  const { t } = useI18n();
  return (
    <Card size="small" title={label}>
      <Form.List name={name}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((field) => (
              <Space key={field.key} align="baseline" data-testid={`std-${name}-${field.name}`}>
                <Form.Item name={[field.name, 'year']} rules={[{ required: true }]}>
                  <InputNumber min={2000} max={2100} precision={0} disabled={disabled} aria-label={t('exit.year')} />
                </Form.Item>
                <Form.Item name={[field.name, 'yuan']} rules={[{ required: true }]}>
                  <InputNumber min={1} max={1000000} disabled={disabled} style={{ width: 120 }} aria-label={label} />
                </Form.Item>
                {disabled ? null : (
                  <Button
                    icon={<DeleteOutlined />}
                    aria-label={t('exit.std.remove')}
                    onClick={() => remove(field.name)}
                  />
                )}
              </Space>
            ))}
            {disabled ? null : (
              <Button icon={<PlusOutlined />} onClick={() => add({ year: 2021, yuan: 4000 })}>
                {t('exit.std.addYear')}
              </Button>
            )}
          </>
        )}
      </Form.List>
    </Card>
  );
}

/**
 * `/exit/standards` — the exit standards and the notice days of the exit procedures; province
 * administrators edit them, everyone else reads them.
 */
export function StandardsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const user = useCurrentUser();
  const { message } = App.useApp();
  const errorText = useExitErrorText();
  const [form] = Form.useForm<StandardsForm>();
  usePageMeta([{ title: t('exit.title'), to: '/exit' }, { title: t('exit.std.title') }]);
  const { data, setData } = useQuery((signal) => fetchStandards(signal), []);
  const initial = useMemo(() => (data ? toForm(data.standards) : undefined), [data]);
  const editable = can('standards.manage') && user.regionCode === PROVINCE_CODE;
  if (!data || !initial) return <Skeleton active paragraph={{ rows: 12 }} />;

  const save = async (values: StandardsForm) => {
    try {
      const saved = await saveStandards(fromForm(values, data.standards), values.note || undefined);
      setData(saved);
      form.setFieldsValue({ ...toForm(saved.standards), note: '' });
      void message.success(t('exit.std.saved', { version: saved.version }));
    } catch (error) {
      void message.error(errorText(error));
    }
  };
  const pct = (name: keyof StandardsForm, label: string, optional = false) => (
    <Form.Item name={name} label={label} rules={optional ? [] : [{ required: true }]}>
      <InputNumber
        min={0.01}
        max={100}
        step={0.5}
        disabled={!editable}
        style={{ width: 140 }}
        data-testid={`std-${name}`}
      />
    </Form.Item>
  );

  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <ExitTabs />
      <Card
        title={
          <Typography.Title level={4} style={{ margin: 0 }} data-testid="std-title">
            {t('exit.std.title')}
          </Typography.Title>
        }
        extra={
          <Typography.Text type="secondary" data-testid="std-version">
            {t('exit.std.version', {
              version: data.version === 'default' ? t('exit.std.defaultVersion') : data.version,
            })}
            {data.savedBy ? ` · ${t('exit.std.savedBy', { who: data.savedBy, at: formatMinute(data.savedAt) })}` : ''}
          </Typography.Text>
        }
      >
        {editable ? null : <Alert type="info" showIcon className="block-alert" title={t('exit.std.readOnly')} />}
        <Form<StandardsForm> form={form} layout="vertical" initialValues={initial} onFinish={(v) => void save(v)}>
          <Row gutter={[16, 16]}>
            <Col xs={24} lg={12}>
              <YearTable name="povertyLines" label={t('exit.std.lines')} disabled={!editable} />
            </Col>
            <Col xs={24} lg={12}>
              <YearTable name="provinceIncome" label={t('exit.std.provinceIncome')} disabled={!editable} />
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('exit.std.household')}>
                <Form.Item name="profile" label={t('exit.std.profile')}>
                  <Select
                    disabled={!editable}
                    options={HOUSEHOLD_PROFILES.map((p) => ({ value: p, label: t(`exit.std.profile.${p}`) }))}
                  />
                </Form.Item>
                <Space>
                  <Form.Item name="ageMin" label={t('exit.std.ages')}>
                    <InputNumber min={3} max={20} precision={0} disabled={!editable} />
                  </Form.Item>
                  <Form.Item name="ageMax" label=" ">
                    <InputNumber min={3} max={20} precision={0} disabled={!editable} />
                  </Form.Item>
                </Space>
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('exit.std.village')}>
                {pct('villageMaxIncidence', t('exit.std.maxIncidence'))}
                <Form.Item name="minCollectiveIncome" label={t('exit.std.minCollectiveIncome')}>
                  <InputNumber
                    min={0}
                    disabled={!editable}
                    style={{ width: 160 }}
                    data-testid="std-minCollectiveIncome"
                  />
                </Form.Item>
                {pct('minIncomeRatio', t('exit.std.minIncomeRatio'), true)}
                <Form.Item name="requireSix" label={t('exit.std.requireSix')} valuePropName="checked">
                  <Switch disabled={!editable} />
                </Form.Item>
              </Card>
            </Col>
            <Col xs={24} lg={8}>
              <Card size="small" title={t('exit.std.county')}>
                {pct('countyMaxIncidence', t('exit.std.maxIncidence'))}
                {pct('maxWrongExit', t('exit.std.maxWrongExit'))}
                {pct('maxMissed', t('exit.std.maxMissed'))}
                {pct('minApproval', t('exit.std.minApproval'))}
              </Card>
            </Col>
            <Col span={24}>
              <Card size="small" title={t('exit.std.overrides')}>
                <Form.List name="overrides">
                  {(fields, { add, remove }) => (
                    <Space orientation="vertical" style={{ width: '100%' }}>
                      {fields.map((field) => (
                        <Space key={field.key} wrap align="end" data-testid={`std-override-${field.name}`}>
                          <Form.Item
                            name={[field.name, 'regionCode']}
                            label={t('exit.std.overrideRegion')}
                            rules={[{ required: true, pattern: /^(\d{2}|\d{4}|\d{6}|\d{9}|\d{12})$/ }]}
                          >
                            <Input disabled={!editable} style={{ width: 140 }} />
                          </Form.Item>
                          <Form.Item name={[field.name, 'profile']} label={t('exit.std.profile')}>
                            <Select
                              allowClear
                              disabled={!editable}
                              placeholder={t('exit.std.inherit')}
                              style={{ width: 120 }}
                              options={HOUSEHOLD_PROFILES.map((p) => ({
                                value: p,
                                label: t(`exit.std.profileShort.${p}`),
                              }))}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'villageMaxIncidence']}
                            label={`${t('exit.level.village')} ${t('exit.std.maxIncidence')}`}
                          >
                            <InputNumber
                              min={0.01}
                              max={100}
                              disabled={!editable}
                              placeholder={t('exit.std.inherit')}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'minIncomeRatio']} label={t('exit.std.incomeRatioShort')}>
                            <InputNumber
                              min={0.01}
                              max={100}
                              disabled={!editable}
                              placeholder={t('exit.std.inherit')}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'requireSix']} label={t('exit.facts.six')}>
                            <Select
                              allowClear
                              disabled={!editable}
                              placeholder={t('exit.std.inherit')}
                              style={{ width: 100 }}
                              options={[
                                { value: true, label: t('exit.std.test') },
                                { value: false, label: t('exit.std.noTest') },
                              ]}
                            />
                          </Form.Item>
                          <Form.Item
                            name={[field.name, 'countyMaxIncidence']}
                            label={`${t('exit.level.county')} ${t('exit.std.maxIncidence')}`}
                          >
                            <InputNumber
                              min={0.01}
                              max={100}
                              disabled={!editable}
                              placeholder={t('exit.std.inherit')}
                            />
                          </Form.Item>
                          <Form.Item name={[field.name, 'note']} label={t('exit.std.overrideNote')}>
                            <Input disabled={!editable} style={{ width: 280 }} maxLength={300} />
                          </Form.Item>
                          {editable ? (
                            <Form.Item>
                              <Button
                                icon={<DeleteOutlined />}
                                aria-label={t('exit.std.remove')}
                                onClick={() => remove(field.name)}
                              />
                            </Form.Item>
                          ) : null}
                        </Space>
                      ))}
                      {editable ? (
                        <Button
                          icon={<PlusOutlined />}
                          onClick={() => add({ regionCode: '' })}
                          data-testid="std-add-override"
                        >
                          {t('exit.std.addOverride')}
                        </Button>
                      ) : null}
                    </Space>
                  )}
                </Form.List>
              </Card>
            </Col>
          </Row>
          {editable ? (
            <Space align="end" style={{ marginTop: 16 }}>
              <Form.Item name="note" label={t('exit.std.note')} style={{ marginBottom: 0 }}>
                <Input maxLength={300} style={{ width: 360 }} data-testid="std-note" />
              </Form.Item>
              <Button type="primary" htmlType="submit" data-testid="std-save">
                {t('exit.std.save')}
              </Button>
            </Space>
          ) : null}
        </Form>
      </Card>
      <ExitSettingsCard editable={editable} />
    </Space>
  );
}
