import { DownloadOutlined, UploadOutlined } from '@ant-design/icons';
import { Alert, App, Button, Descriptions, Form, Modal, Progress, Radio, Space, Tag, Typography, Upload } from 'antd';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import {
  fetchImport,
  importReportUrl,
  isImportActive,
  startImport,
  type ImportMode,
  type ImportStatus,
  type ImportView,
} from '../../api/registry';
import { useErrorText } from '../../hooks/useErrorText';
import { usePolling } from '../../hooks/usePolling';
import { useI18n } from '../../i18n';

const POLL_MS = 1000;

const STATUS_COLOR: Record<ImportStatus, string> = {
  queued: 'default',
  checking: 'processing',
  applying: 'processing',
  completed: 'success',
  rejected: 'error',
  failed: 'error',
  cancelled: 'warning',
};

/** The refusal of an upload: the server's own message when it named the file problem. */
function useUploadErrorText(): (error: unknown) => string {
  const errorText = useErrorText();
  return (error) => {
    if (error instanceof ApiError && typeof error.details === 'object' && error.details !== null) {
      const message: unknown = Reflect.get(error.details, 'message');
      if (typeof message === 'string') return message;
    }
    return errorText(error);
  };
}

function ImportProgress({ view }: { view: ImportView }) {
  const { t } = useI18n();
  const { done, total } = view.progress;
  const active = isImportActive(view);
  const percent =
    view.status === 'completed'
      ? 100
      : total !== null && total > 0
        ? Math.min(99, Math.floor((done / total) * 100))
        : 0;
  const c = view.counts;
  return (
    <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="import-progress">
      <Space wrap>
        <Typography.Text strong>{view.fileName}</Typography.Text>
        <Tag color={STATUS_COLOR[view.status]} data-testid={`import-status-${view.status}`}>
          {t(`registry.transfer.status.${view.status}`)}
        </Tag>
      </Space>
      <Progress percent={percent} status={view.status === 'completed' ? 'success' : active ? 'active' : 'exception'} />
      <Descriptions
        size="small"
        column={1}
        items={[
          {
            key: 'rows',
            label: t('registry.transfer.file'),
            children: t('registry.transfer.rows', { read: c.rowsRead, total: c.rows ?? '?' }),
          },
          {
            key: 'households',
            label: t('registry.title'),
            children: t('registry.transfer.households', c.households),
          },
          {
            key: 'issues',
            label: t('registry.transfer.findings'),
            children: t('registry.transfer.issues', { errors: c.errors, warnings: c.warnings }),
          },
        ]}
      />
      {view.fileError ? <Alert type="error" showIcon title={view.fileError.message} /> : null}
      {view.status === 'completed' ? (
        <Alert type="success" showIcon title={t('registry.transfer.done', { written: c.households.written })} />
      ) : null}
      {view.status === 'rejected' && !view.fileError ? (
        <Alert type="error" showIcon title={t('registry.transfer.rejected')} />
      ) : null}
      {view.status === 'failed' ? <Alert type="error" showIcon title={t('registry.transfer.failed')} /> : null}
      {active ? <Typography.Text type="secondary">{t('registry.transfer.polling')}</Typography.Text> : null}
      {!active && c.errors + c.warnings > 0 ? (
        <Button icon={<DownloadOutlined />} href={importReportUrl(view.id)} data-testid="import-report">
          {t('registry.transfer.report')}
        </Button>
      ) : null}
    </Space>
  );
}

export interface ImportModalProps {
  open: boolean;
  onClose: () => void;
  /** Called once an import has written households, so the list can reload. */
  onImported: () => void;
}

/** Uploads a filled-in template with a mode choice, then follows the import job to its end. */
export function ImportModal({ open, onClose, onImported }: ImportModalProps) {
  const { t } = useI18n();
  const { message } = App.useApp();
  const uploadErrorText = useUploadErrorText();
  const errorText = useErrorText();
  const [file, setFile] = useState<File | undefined>(undefined);
  const [mode, setMode] = useState<ImportMode>('all');
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | undefined>(undefined);
  const [view, setView] = useState<ImportView | undefined>(undefined);

  const active = view !== undefined && isImportActive(view);
  usePolling(
    async () => {
      if (!view) return;
      try {
        const next = await fetchImport(view.id);
        setView(next);
        if (!isImportActive(next) && next.counts.households.written > 0) onImported();
      } catch (caught) {
        setError(errorText(caught));
      }
    },
    active,
    POLL_MS,
  );

  const reset = () => {
    setFile(undefined);
    setView(undefined);
    setError(undefined);
  };

  const submit = async () => {
    if (!file) {
      void message.warning(t('registry.transfer.needFile'));
      return;
    }
    setSending(true);
    setError(undefined);
    try {
      setView(await startImport(file, mode));
    } catch (caught) {
      setError(uploadErrorText(caught));
    } finally {
      setSending(false);
    }
  };

  const footer = view ? (
    <Space>
      {!active ? <Button onClick={reset}>{t('registry.transfer.another')}</Button> : null}
      <Button type="primary" onClick={onClose}>
        {t('registry.transfer.close')}
      </Button>
    </Space>
  ) : (
    <Space>
      <Button onClick={onClose}>{t('common.cancel')}</Button>
      <Button
        type="primary"
        icon={<UploadOutlined />}
        loading={sending}
        data-testid="import-start"
        onClick={() => void submit()}
      >
        {t('registry.transfer.start')}
      </Button>
    </Space>
  );

  return (
    <Modal
      open={open}
      title={t('registry.transfer.importTitle')}
      onCancel={onClose}
      footer={footer}
      afterClose={reset}
      destroyOnHidden
    >
      {error ? <Alert type="error" showIcon title={error} className="block-alert" /> : null}
      {view ? (
        <ImportProgress view={view} />
      ) : (
        <Form layout="vertical">
          <Form.Item label={t('registry.transfer.file')} extra={t('registry.transfer.fileHint')} required>
            <Upload
              accept=".xlsx,.csv"
              maxCount={1}
              fileList={file ? [{ uid: 'file', name: file.name, status: 'done' }] : []}
              beforeUpload={(chosen) => {
                setFile(chosen);
                return false;
              }}
              onRemove={() => setFile(undefined)}
            >
              <Button icon={<UploadOutlined />} data-testid="import-file">
                {t('registry.transfer.chooseFile')}
              </Button>
            </Upload>
          </Form.Item>
          <Form.Item label={t('registry.transfer.mode')}>
            <Radio.Group value={mode} onChange={(event) => setMode(event.target.value === 'good' ? 'good' : 'all')}>
              <Space orientation="vertical">
                <Radio value="all" data-testid="import-mode-all">
                  {t('registry.transfer.mode.all')}
                  <Typography.Text type="secondary"> — {t('registry.transfer.mode.allHint')}</Typography.Text>
                </Radio>
                <Radio value="good" data-testid="import-mode-good">
                  {t('registry.transfer.mode.good')}
                  <Typography.Text type="secondary"> — {t('registry.transfer.mode.goodHint')}</Typography.Text>
                </Radio>
              </Space>
            </Radio.Group>
          </Form.Item>
        </Form>
      )}
    </Modal>
  );
}
