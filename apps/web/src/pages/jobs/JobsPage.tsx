import { PlayCircleOutlined, ReloadOutlined, StopOutlined, SyncOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Empty, Popconfirm, Row, Space, Table, Typography } from 'antd';
import type { TableColumnsType } from 'antd';
import { useState } from 'react';
import { cancelJob, fetchJobTypes, fetchJobs, isJobActive, startJob } from '../../api/jobs';
import { JOB_TYPES, type Job, type JobType } from '../../api/types';
import { useAuth } from '../../auth/AuthProvider';
import { formatDateTime } from '../../format';
import { useErrorText, useNotifyError } from '../../hooks/useErrorText';
import { usePolling } from '../../hooks/usePolling';
import { useQuery } from '../../hooks/useQuery';
import { useI18n } from '../../i18n';
import { jobTypeLabel } from '../../i18n/labels';
import { usePageMeta } from '../../layout/PageMeta';
import { JobDetailDrawer } from './JobDetailDrawer';
import { JobProgress, JobStatusTag } from './jobView';
import { rowTestId } from '../../components/testIds';

const POLL_MS = 1000;
const LIST_LIMIT = 50;

/** `/jobs` — background jobs: start, watch progress (polled every second while running), cancel. */
export function JobsPage() {
  const { t } = useI18n();
  const { can } = useAuth();
  const { message } = App.useApp();
  const errorText = useErrorText();
  const notifyError = useNotifyError();
  usePageMeta([{ title: t('jobs.title') }]);
  const mayRun = can('jobs.run');
  // Which jobs this role may start is the server's call (audit.verify needs its own permission).
  const { data: types } = useQuery((signal) => fetchJobTypes(signal), []);
  const startable = JOB_TYPES.filter((type) => types?.items.some((item) => item.type === type) ?? false);

  const { data, error, loading, reload, setData } = useQuery((signal) => fetchJobs(LIST_LIMIT, signal), []);
  const jobs = data?.items ?? [];
  const running = jobs.some(isJobActive);
  const [detailId, setDetailId] = useState<string | undefined>(undefined);
  const [starting, setStarting] = useState<JobType | undefined>(undefined);
  const [cancelling, setCancelling] = useState<string | undefined>(undefined);

  usePolling(reload, running, POLL_MS);

  /** Shows a job the server just returned without waiting for the next list. */
  const upsert = (job: Job) => setData({ items: [job, ...jobs.filter((other) => other.id !== job.id)] });

  const start = async (type: JobType) => {
    setStarting(type);
    try {
      upsert(await startJob(type));
      void message.success(t('jobs.started', { type: jobTypeLabel(t, type) }));
    } catch (caught) {
      notifyError(caught);
    } finally {
      setStarting(undefined);
    }
  };

  const cancel = async (job: Job) => {
    setCancelling(job.id);
    try {
      upsert(await cancelJob(job.id));
      void message.success(t('jobs.cancelled'));
    } catch (caught) {
      notifyError(caught);
    } finally {
      setCancelling(undefined);
    }
  };

  const columns: TableColumnsType<Job> = [
    {
      key: 'type',
      title: t('jobs.type'),
      render: (_: unknown, job) => (
        <Button type="link" className="link-button" onClick={() => setDetailId(job.id)}>
          {jobTypeLabel(t, job.type)}
        </Button>
      ),
    },
    { key: 'status', title: t('jobs.status'), render: (_: unknown, job) => <JobStatusTag status={job.status} /> },
    {
      key: 'progress',
      title: t('jobs.progress'),
      width: 260,
      render: (_: unknown, job) => <JobProgress job={job} compact />,
    },
    {
      key: 'createdBy',
      title: t('jobs.createdBy'),
      responsive: ['md'],
      render: (_: unknown, job) => job.createdBy ?? '—',
    },
    {
      key: 'createdAt',
      title: t('jobs.createdAt'),
      responsive: ['lg'],
      render: (_: unknown, job) => <span className="nowrap">{formatDateTime(job.createdAt)}</span>,
    },
    {
      key: 'finishedAt',
      title: t('jobs.finishedAt'),
      responsive: ['xl'],
      render: (_: unknown, job) => <span className="nowrap">{formatDateTime(job.finishedAt)}</span>,
    },
    {
      key: 'actions',
      title: t('common.actions'),
      render: (_: unknown, job) => (
        <Space size={0}>
          <Button type="link" size="small" onClick={() => setDetailId(job.id)}>
            {t('common.detail')}
          </Button>
          {mayRun && isJobActive(job) ? (
            <Popconfirm
              title={t('jobs.confirmCancel')}
              okText={t('common.ok')}
              cancelText={t('common.cancel')}
              onConfirm={() => cancel(job)}
            >
              <Button
                type="link"
                size="small"
                danger
                icon={<StopOutlined />}
                loading={cancelling === job.id}
                data-testid={`job-cancel-${job.id}`}
              >
                {t('jobs.cancel')}
              </Button>
            </Popconfirm>
          ) : null}
        </Space>
      ),
    },
  ];

  return (
    <div className="stack">
      {startable.length > 0 ? (
        <Row gutter={[16, 16]}>
          {startable.map((type) => (
            <Col key={type} xs={24} md={12}>
              <Card size="small" className="job-start-card">
                <div className="job-start">
                  <div>
                    <Typography.Text strong>{jobTypeLabel(t, type)}</Typography.Text>
                    <div>
                      <Typography.Text type="secondary">{t(`jobs.typeHint.${type}`)}</Typography.Text>
                    </div>
                  </div>
                  <Button
                    type="primary"
                    icon={<PlayCircleOutlined />}
                    loading={starting === type}
                    data-testid={`job-start-${type}`}
                    onClick={() => void start(type)}
                  >
                    {t('jobs.start')}
                  </Button>
                </div>
              </Card>
            </Col>
          ))}
        </Row>
      ) : null}
      <Card
        title={t('jobs.title')}
        extra={
          <Space>
            {running ? (
              <Typography.Text type="secondary">
                <SyncOutlined spin /> {t('jobs.polling')}
              </Typography.Text>
            ) : null}
            <Button icon={<ReloadOutlined />} onClick={() => void reload()}>
              {t('common.refresh')}
            </Button>
          </Space>
        }
      >
        {error ? <Alert type="error" showIcon title={errorText(error)} className="block-alert" /> : null}
        <Table<Job>
          rowKey="id"
          loading={loading && !data}
          columns={columns}
          dataSource={jobs}
          pagination={false}
          scroll={{ x: 'max-content' }}
          onRow={(job) => rowTestId(`job-row-${job.id}`)}
          locale={{ emptyText: <Empty description={t('jobs.empty')} /> }}
        />
      </Card>
      <JobDetailDrawer jobId={detailId} onClose={() => setDetailId(undefined)} />
    </div>
  );
}
