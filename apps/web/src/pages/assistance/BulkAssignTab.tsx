import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Progress, Radio, Space, Tag, Typography, Upload } from 'antd';
import { useEffect, useState } from 'react';
import {
  bulkReportUrl,
  bulkTemplateUrl,
  fetchBulkImport,
  uploadBulkAssignment,
  type BulkImportView,
} from '../../api/assistance';
import { useNotifyError } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';

const DONE = new Set(['completed', 'rejected', 'failed', 'cancelled']);

/** Bulk helper assignment from a spreadsheet: upload, the job's progress, the error report. */
export function BulkAssignTab() {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const [mode, setMode] = useState<'all' | 'good'>('all');
  const [current, setCurrent] = useState<BulkImportView | null>(null);
  const [uploading, setUploading] = useState(false);

  // Polls the import until its job is over.
  useEffect(() => {
    if (!current || DONE.has(current.status)) return;
    const timer = setTimeout(() => {
      fetchBulkImport(current.id).then(setCurrent, notifyError);
    }, 1000);
    return () => clearTimeout(timer);
  }, [current, notifyError]);

  const upload = async (file: File) => {
    setUploading(true);
    try {
      setCurrent(await uploadBulkAssignment(file, mode));
    } catch (error) {
      notifyError(error);
    } finally {
      setUploading(false);
    }
  };
  const percent = current?.progress.total ? Math.round((100 * current.progress.done) / current.progress.total) : 0;
  return (
    <Space orientation="vertical" size={16} style={{ width: '100%' }}>
      <Typography.Paragraph>{t('assist.bulk.intro')}</Typography.Paragraph>
      <Space wrap>
        <Button icon={<DownloadOutlined />} href={bulkTemplateUrl}>
          {t('assist.bulk.template')}
        </Button>
        <Radio.Group value={mode} onChange={(e) => setMode(e.target.value as 'all' | 'good')}>
          <Radio value="all">{t('assist.bulk.modeAll')}</Radio>
          <Radio value="good">{t('assist.bulk.modeGood')}</Radio>
        </Radio.Group>
        <Upload
          accept=".xlsx,.csv"
          showUploadList={false}
          beforeUpload={(file) => {
            void upload(file);
            return false;
          }}
        >
          <Button type="primary" icon={<UploadOutlined />} loading={uploading} data-testid="bulk-upload">
            {t('assist.bulk.upload')}
          </Button>
        </Upload>
      </Space>
      {current ? (
        <Card
          size="small"
          title={current.fileName}
          extra={<Tag>{t(`assist.bulk.status.${current.status}`)}</Tag>}
          data-testid="bulk-status"
        >
          {current.fileError ? <Alert type="error" showIcon title={current.fileError.message} /> : null}
          <Typography.Text type="secondary">{t('assist.bulk.progress')}</Typography.Text>
          <Progress
            percent={DONE.has(current.status) ? 100 : percent}
            status={current.status === 'rejected' || current.status === 'failed' ? 'exception' : undefined}
          />
          <Typography.Paragraph>{t('assist.bulk.counts', { ...current.counts })}</Typography.Paragraph>
          {current.counts.errors > 0 ? (
            <Button icon={<DownloadOutlined />} href={bulkReportUrl(current.id)}>
              {t('assist.bulk.report')}
            </Button>
          ) : null}
        </Card>
      ) : null}
    </Space>
  );
}
