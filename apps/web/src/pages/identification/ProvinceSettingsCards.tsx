import { CalendarOutlined, SaveOutlined, SettingOutlined } from '@ant-design/icons';
import type { IdentificationSettings } from '@fupin/domain';
import { App, Button, Card, Form, InputNumber, Popconfirm, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { fetchOpenYears, openRegistryYear } from '../../api/adjustment';
import { saveIdentificationSettings } from '../../api/identification';
import { fetchJob, isJobActive } from '../../api/jobs';
import type { Job } from '../../api/types';
import { useNotifyError } from '../../hooks/useErrorText';
import { usePolling } from '../../hooks/usePolling';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { JobProgress, JobStatusTag } from '../jobs/jobView';

/** The settings form holds ratios as whole percentages. */
interface SettingsValues {
  noticeDays: number;
  townshipPercent: number;
  countyPercent: number;
}

function toValues(s: IdentificationSettings): SettingsValues {
  return {
    noticeDays: s.noticeDays,
    townshipPercent: Math.round(s.townshipSpotCheckRatio * 100),
    countyPercent: Math.round(s.countySpotCheckRatio * 100),
  };
}

/** Notice days and spot-check ratios, editable by a province administrator. */
export function IdentificationSettingsCard({
  settings,
  onSaved,
}: {
  settings: IdentificationSettings;
  onSaved: (settings: IdentificationSettings) => void;
}) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [saving, setSaving] = useState(false);

  const save = async (values: SettingsValues) => {
    setSaving(true);
    try {
      const saved = await saveIdentificationSettings({
        noticeDays: values.noticeDays,
        townshipSpotCheckRatio: values.townshipPercent / 100,
        countySpotCheckRatio: values.countyPercent / 100,
      });
      onSaved(saved);
      void message.success(t('ident.settings.saved'));
    } catch (caught) {
      notifyError(caught);
    } finally {
      setSaving(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <SettingOutlined />
          {t('ident.settings.title')}
        </Space>
      }
    >
      <Form<SettingsValues>
        layout="inline"
        initialValues={toValues(settings)}
        onFinish={(values) => void save(values)}
        data-testid="ident-settings"
      >
        <Form.Item name="noticeDays" label={t('ident.settings.noticeDays')} rules={[{ required: true }]}>
          <InputNumber<number> min={1} max={60} precision={0} suffix={t('ident.settings.days')} />
        </Form.Item>
        <Form.Item name="townshipPercent" label={t('ident.settings.townshipRatio')} rules={[{ required: true }]}>
          <InputNumber<number> min={1} max={100} precision={0} suffix="%" />
        </Form.Item>
        <Form.Item name="countyPercent" label={t('ident.settings.countyRatio')} rules={[{ required: true }]}>
          <InputNumber<number> min={1} max={100} precision={0} suffix="%" />
        </Form.Item>
        <Form.Item>
          <Button htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="ident-settings-save">
            {t('common.save')}
          </Button>
        </Form.Item>
      </Form>
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('ident.settings.hint')}
      </Typography.Paragraph>
    </Card>
  );
}

const POLL_MS = 1000;

/** Opens a registry year for the yearly adjustment and follows its carry-forward job. */
export function OpenYearCard() {
  const { t } = useI18n();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const { data, reload } = useQuery((signal) => fetchOpenYears(signal), []);
  const years = data?.items ?? [];
  const [year, setYear] = useState<number | null>(null);
  const proposed = year ?? (years[0] === undefined ? new Date().getFullYear() : years[0] + 1);
  const [opening, setOpening] = useState(false);
  const [job, setJob] = useState<Job | undefined>(undefined);

  usePolling(
    async () => {
      if (!job) return;
      try {
        setJob(await fetchJob(job.id));
      } catch (caught) {
        notifyError(caught);
      }
    },
    job !== undefined && isJobActive(job),
    POLL_MS,
  );

  const open = async () => {
    setOpening(true);
    try {
      const opened = await openRegistryYear(proposed);
      setJob(opened.job);
      setYear(null);
      void message.success(t('ident.year.started', { year: opened.year }));
      await reload();
    } catch (caught) {
      notifyError(caught);
    } finally {
      setOpening(false);
    }
  };

  return (
    <Card
      size="small"
      title={
        <Space>
          <CalendarOutlined />
          {t('ident.year.title')}
        </Space>
      }
    >
      <Space orientation="vertical" size={12} style={{ width: '100%' }}>
        <Space size={[4, 4]} wrap data-testid="open-years">
          {years.length === 0 ? (
            <Typography.Text type="secondary">{t('ident.year.none')}</Typography.Text>
          ) : (
            <>
              <Typography.Text>{t('ident.year.opened')}</Typography.Text>
              {years.map((y) => (
                <Tag key={y} color="blue">
                  {y}
                </Tag>
              ))}
            </>
          )}
        </Space>
        <Space wrap>
          <InputNumber<number> min={2014} max={2100} precision={0} value={proposed} onChange={setYear} />
          <Popconfirm
            title={t('ident.year.confirm', { year: proposed })}
            okText={t('common.ok')}
            cancelText={t('common.cancel')}
            onConfirm={() => open()}
          >
            <Button
              icon={<CalendarOutlined />}
              loading={opening}
              disabled={years.includes(proposed)}
              data-testid="open-year"
            >
              {t('ident.year.open')}
            </Button>
          </Popconfirm>
        </Space>
        {job ? (
          <Space orientation="vertical" size={4} style={{ width: '100%' }} data-testid="open-year-job">
            <Space wrap>
              {`${t('ident.year.job')} #${job.id}`}
              <JobStatusTag status={job.status} />
            </Space>
            <JobProgress job={job} />
            <Link to="/jobs">{t('ident.year.jobLink')}</Link>
          </Space>
        ) : null}
      </Space>
    </Card>
  );
}
