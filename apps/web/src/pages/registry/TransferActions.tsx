import { DownloadOutlined, FileExcelOutlined, UploadOutlined } from '@ant-design/icons';
import { Button, Space, Tooltip } from 'antd';
import { useState } from 'react';
import { householdExportUrl, IMPORT_TEMPLATE_URL } from '../../api/registry';
import { useAuth } from '../../auth/AuthProvider';
import { useI18n } from '../../i18n';
import type { HouseholdFilters } from './householdFilters';
import { ImportModal } from './ImportModal';

export interface TransferActionsProps {
  /** The list's current filters: the export takes the same households. */
  filters: HouseholdFilters;
  onImported: () => void;
}

/** 下载导入模板 / 导入 / 导出台账, each shown only to roles that may use it. */
export function TransferActions({ filters, onImported }: TransferActionsProps) {
  const { t } = useI18n();
  const { can } = useAuth();
  const [importing, setImporting] = useState(false);
  return (
    <Space wrap>
      {can('registry.import') ? (
        <>
          <Button icon={<FileExcelOutlined />} href={IMPORT_TEMPLATE_URL} data-testid="households-template">
            {t('registry.transfer.template')}
          </Button>
          <Button icon={<UploadOutlined />} data-testid="households-import" onClick={() => setImporting(true)}>
            {t('registry.transfer.import')}
          </Button>
          <ImportModal open={importing} onClose={() => setImporting(false)} onImported={onImported} />
        </>
      ) : null}
      {can('registry.export') ? (
        <Tooltip title={t('registry.transfer.exportHint')}>
          <Button icon={<DownloadOutlined />} href={householdExportUrl(filters)} data-testid="households-export">
            {t('registry.transfer.export')}
          </Button>
        </Tooltip>
      ) : null}
    </Space>
  );
}
