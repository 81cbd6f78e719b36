import { Progress, Tag } from 'antd';
import type { Job, JobStatus } from '../../api/types';
import { useI18n } from '../../i18n';
import { jobStatusLabel } from '../../i18n/labels';

const STATUS_COLOR: Record<JobStatus, string> = {
  queued: 'default',
  running: 'processing',
  succeeded: 'success',
  failed: 'error',
  cancelled: 'warning',
};

/** 排队中 / 运行中 / 已完成 / 失败 / 已取消. */
export function JobStatusTag({ status }: { status: JobStatus }) {
  const { t } = useI18n();
  return (
    <Tag color={STATUS_COLOR[status]} data-testid={`job-status-${status}`}>
      {jobStatusLabel(t, status)}
    </Tag>
  );
}

function progressStatus(status: JobStatus): 'success' | 'exception' | 'active' | 'normal' {
  switch (status) {
    case 'succeeded':
      return 'success';
    case 'failed':
      return 'exception';
    case 'running':
      return 'active';
    case 'queued':
    case 'cancelled':
      return 'normal';
  }
}

/** Done / total as a bar; a job whose total is not known yet shows 0, a finished one 100. */
export function JobProgress({ job, compact = false }: { job: Job; compact?: boolean }) {
  const { done, total } = job.progress;
  const percent =
    total !== null && total > 0
      ? Math.min(100, Math.floor((done / total) * 100))
      : job.status === 'succeeded'
        ? 100
        : 0;
  return (
    <div className={compact ? 'job-progress job-progress-compact' : 'job-progress'}>
      <Progress percent={percent} status={progressStatus(job.status)} size="small" />
      <span className="job-progress-count">
        {done.toLocaleString()} / {total === null ? '?' : total.toLocaleString()}
      </span>
    </div>
  );
}
