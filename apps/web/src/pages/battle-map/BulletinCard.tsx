import { Button, Card, Input, List, Space, Typography, App } from 'antd';
import { useCallback, useState } from 'react';
import { bulletinUrl, fetchBulletins, requestBulletin } from '../../api/progress';
import { fetchJob } from '../../api/jobs';
import { useAuth } from '../../auth/AuthProvider';
import { useNotifyError } from '../../hooks/useErrorText';
import { usePolling } from '../../hooks/usePolling';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';

const POLL_MS = 1000;

/** Word bulletins of the region: generate one for a period (a background job) and download. */
export function BulletinCard({ regionCode, year }: { regionCode: string; year: number }) {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const notifyError = useNotifyError();
  const [period, setPeriod] = useState(`${year}年`);
  const [jobId, setJobId] = useState<string | null>(null);
  const { data, reload } = useQuery((signal) => fetchBulletins(signal), []);

  const poll = useCallback(async () => {
    if (!jobId) return;
    const job = await fetchJob(jobId);
    if (job.status === 'succeeded') {
      setJobId(null);
      void message.success(t('bulletin.ready'));
      await reload();
    } else if (job.status === 'failed' || job.status === 'cancelled') {
      setJobId(null);
      void message.error(t('bulletin.failed'));
    }
  }, [jobId, message, reload, t]);
  usePolling(poll, jobId !== null, POLL_MS);

  const generate = async () => {
    try {
      const job = await requestBulletin({ regionCode, period, year });
      setJobId(job.id);
    } catch (error) {
      notifyError(error);
    }
  };

  return (
    <Card size="small" title={t('bulletin.title')} className="bulletin-card">
      {can('bulletin.generate') ? (
        <Space.Compact style={{ width: '100%', marginBottom: 12 }}>
          <Input
            aria-label={t('bulletin.period')}
            placeholder={t('bulletin.period')}
            value={period}
            maxLength={40}
            onChange={(e) => setPeriod(e.target.value)}
          />
          <Button type="primary" loading={jobId !== null} disabled={!period.trim()} onClick={() => void generate()}>
            {jobId ? t('bulletin.running') : t('bulletin.generate')}
          </Button>
        </Space.Compact>
      ) : null}
      <List
        size="small"
        locale={{ emptyText: t('bulletin.empty') }}
        dataSource={data?.items ?? []}
        renderItem={(b) => (
          <List.Item
            actions={[
              <a key="download" href={bulletinUrl(b.id)} download data-testid={`bulletin-download-${b.id}`}>
                {t('bulletin.download')}
              </a>,
            ]}
          >
            <List.Item.Meta
              title={b.title}
              description={
                <Typography.Text type="secondary">
                  {b.period} · {b.createdBy} · {new Date(b.createdAt).toLocaleString()}
                </Typography.Text>
              }
            />
          </List.Item>
        )}
      />
    </Card>
  );
}
