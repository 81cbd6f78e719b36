import { Alert, Descriptions, Drawer, Empty, Grid, Spin, Typography } from 'antd';
import { fetchJob, isJobActive } from '../../api/jobs';
import type { Job } from '../../api/types';
import { formatDateTime, formatJson } from '../../format';
import { useErrorText } from '../../hooks/useErrorText';
import { usePolling } from '../../hooks/usePolling';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { jobTypeLabel } from '../../i18n/labels';
import { JobResultSummary } from './JobResultSummary';
import { JobProgress, JobStatusTag } from './jobView';

const POLL_MS = 1000;

/** One job's parameters, progress and result or error; refreshes while it runs. */
export function JobDetailDrawer({ jobId, onClose }: { jobId: string | undefined; onClose: () => void }) {
  const { t } = useI18n();
  const errorText = useErrorText();
  const screens = Grid.useBreakpoint();
  const {
    data: job,
    error,
    reload,
  } = useQuery((signal) => (jobId ? fetchJob(jobId, signal) : Promise.resolve(undefined)), [jobId]);
  const current: Job | undefined = job && job.id === jobId ? job : undefined;
  const active = current ? isJobActive(current) : false;

  usePolling(reload, active, POLL_MS);

  return (
    <Drawer
      open={jobId !== undefined}
      onClose={onClose}
      size={screens.md ? 640 : '100%'}
      title={current ? `${t('jobs.detailTitle')} · ${jobTypeLabel(t, current.type)}` : t('jobs.detailTitle')}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
      {!current ? (
        <div className="center-block">
          <Spin />
        </div>
      ) : (
        <div className="stack" data-testid="job-detail">
          <Descriptions
            size="small"
            column={1}
            bordered
            items={[
              { key: 'id', label: t('jobs.id'), children: <span className="mono">{current.id}</span> },
              { key: 'type', label: t('jobs.type'), children: `${jobTypeLabel(t, current.type)} (${current.type})` },
              { key: 'status', label: t('jobs.status'), children: <JobStatusTag status={current.status} /> },
              { key: 'progress', label: t('jobs.progress'), children: <JobProgress job={current} /> },
              { key: 'region', label: t('jobs.region'), children: <span className="mono">{current.regionCode}</span> },
              { key: 'createdBy', label: t('jobs.createdBy'), children: current.createdBy ?? '—' },
              { key: 'createdAt', label: t('jobs.createdAt'), children: formatDateTime(current.createdAt) },
              { key: 'startedAt', label: t('jobs.startedAt'), children: formatDateTime(current.startedAt) },
              { key: 'finishedAt', label: t('jobs.finishedAt'), children: formatDateTime(current.finishedAt) },
              { key: 'attempts', label: t('jobs.attempts'), children: current.attempts },
            ]}
          />
          <JobResultSummary job={current} />
          {current.error ? (
            <Alert
              type="error"
              showIcon
              title={t('jobs.error')}
              description={<pre className="json-block">{current.error}</pre>}
            />
          ) : null}
          <div>
            <Typography.Title level={5}>{t('jobs.result')}</Typography.Title>
            {current.result === null || current.result === undefined ? (
              <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('jobs.noResult')} />
            ) : (
              <pre className="json-block" data-testid="job-result">
                {formatJson(current.result)}
              </pre>
            )}
          </div>
          <div>
            <Typography.Title level={5}>{t('jobs.payload')}</Typography.Title>
            <pre className="json-block">{formatJson(current.payload ?? {})}</pre>
          </div>
        </div>
      )}
    </Drawer>
  );
}
