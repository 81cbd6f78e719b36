import { ReloadOutlined, SaveOutlined } from '@ant-design/icons';
import { Alert, Button, Space } from 'antd';
import { useState } from 'react';
import { useI18n } from '../../i18n';

export interface VersionConflictAlertProps {
  /** The version the server holds now, when it said. */
  current: number | undefined;
  /** Throws the user's input away and starts again from the stored record. */
  onReload: () => Promise<void>;
  /** Keeps the input and bases the next save on the latest version. */
  onKeep: () => Promise<void>;
}

/** "该记录已被他人修改": shown when a save met a newer version; the form keeps what the user typed. */
export function VersionConflictAlert({ current, onReload, onKeep }: VersionConflictAlertProps) {
  const { t } = useI18n();
  const [busy, setBusy] = useState<'reload' | 'keep' | undefined>(undefined);
  const run = async (which: 'reload' | 'keep', action: () => Promise<void>) => {
    setBusy(which);
    try {
      await action();
    } finally {
      setBusy(undefined);
    }
  };
  return (
    <Alert
      type="warning"
      showIcon
      className="block-alert"
      data-testid="version-conflict"
      title={t('registry.conflict.title')}
      description={
        <Space orientation="vertical" size={8}>
          <span>
            {t('registry.conflict.text', {
              version: current === undefined ? '' : t('registry.conflict.versionNow', { version: current }),
            })}
          </span>
          <Space wrap>
            <Button
              icon={<ReloadOutlined />}
              loading={busy === 'reload'}
              data-testid="version-conflict-reload"
              onClick={() => void run('reload', onReload)}
            >
              {t('registry.conflict.reload')}
            </Button>
            <Button
              icon={<SaveOutlined />}
              loading={busy === 'keep'}
              data-testid="version-conflict-keep"
              onClick={() => void run('keep', onKeep)}
            >
              {t('registry.conflict.keep')}
            </Button>
          </Space>
        </Space>
      }
    />
  );
}
