import { Alert } from 'antd';
import type { Job } from '../../api/types';
import { useI18n } from '../../i18n';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A plain-language verdict for results that carry one (audit.verify reports `{ ok, checked, broken }`). */
export function JobResultSummary({ job }: { job: Job }) {
  const { t } = useI18n();
  if (job.type !== 'audit.verify' || job.status !== 'succeeded' || !isRecord(job.result)) return null;
  const { ok, checked, broken } = job.result;
  const count = typeof checked === 'number' ? checked : 0;
  if (ok === true) {
    return <Alert type="success" showIcon title={t('jobs.verifyOk', { n: count.toLocaleString() })} />;
  }
  const at = isRecord(broken)
    ? `#${String(broken.id)}${typeof broken.reason === 'string' ? ` (${broken.reason})` : ''}`
    : JSON.stringify(broken);
  return <Alert type="error" showIcon title={t('jobs.verifyBroken', { n: count.toLocaleString(), at })} />;
}
