import { SaveOutlined, SettingOutlined } from '@ant-design/icons';
import { EXIT_LEVELS, EXIT_NOTICE_DAYS, type ExitSettings } from '@fupin/domain';
import { App, Button, Card, Form, InputNumber, Skeleton, Space, Typography } from 'antd';
import { useState } from 'react';
import { fetchExitSettings, saveExitSettings } from '../../api/exit';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { levelLabel, useExitErrorText } from './labels';

/** The notice days of each level's exit procedure; a province administrator edits them. */
export function ExitSettingsCard({ editable }: { editable: boolean }) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const errorText = useExitErrorText();
  const { data, setData } = useQuery((signal) => fetchExitSettings(signal), []);
  const [saving, setSaving] = useState(false);

  const save = async (values: ExitSettings) => {
    setSaving(true);
    try {
      setData(await saveExitSettings(values));
      void message.success(t('exit.settings.saved'));
    } catch (error) {
      void message.error(errorText(error));
    } finally {
      setSaving(false);
    }
  };
  const range = { type: 'integer', ...EXIT_NOTICE_DAYS, message: t('exit.settings.range', EXIT_NOTICE_DAYS) } as const;

  return (
    <Card
      size="small"
      title={
        <Space>
          <SettingOutlined />
          {t('exit.settings.title')}
        </Space>
      }
    >
      {data ? (
        <Form<ExitSettings>
          layout="inline"
          initialValues={data}
          onFinish={(values) => void save(values)}
          data-testid="exit-settings"
        >
          {EXIT_LEVELS.map((level) => (
            <Form.Item
              key={level}
              name={['noticeDays', level]}
              label={levelLabel(t, level)}
              rules={[{ required: true, message: t('exit.settings.range', EXIT_NOTICE_DAYS) }, range]}
            >
              <InputNumber<number>
                min={EXIT_NOTICE_DAYS.min}
                max={EXIT_NOTICE_DAYS.max}
                precision={0}
                disabled={!editable}
                suffix={t('exit.settings.days')}
                data-testid={`exit-notice-days-${level}`}
              />
            </Form.Item>
          ))}
          {editable ? (
            <Form.Item>
              <Button htmlType="submit" icon={<SaveOutlined />} loading={saving} data-testid="exit-settings-save">
                {t('exit.settings.save')}
              </Button>
            </Form.Item>
          ) : null}
        </Form>
      ) : (
        <Skeleton active paragraph={{ rows: 1 }} />
      )}
      <Typography.Paragraph type="secondary" style={{ margin: '8px 0 0' }}>
        {t('exit.settings.hint')}
      </Typography.Paragraph>
    </Card>
  );
}
