import { TreeSelect } from 'antd';
import type { CSSProperties } from 'react';
import { useNotifyError } from '../hooks/useErrorText';
import { useI18n } from '../i18n';
import { useRegionTree } from './RegionTreeProvider';

export interface RegionPickerProps {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: CSSProperties;
  'data-testid'?: string;
}

/** Form control choosing one region within the user's scope (lazy tree). */
export function RegionPicker({ value, onChange, placeholder, allowClear, id, style, ...rest }: RegionPickerProps) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const { treeData, loadChildren } = useRegionTree();
  return (
    <TreeSelect
      id={id}
      style={style}
      data-testid={rest['data-testid']}
      value={value}
      allowClear={allowClear}
      placeholder={placeholder ?? t('region.switcher')}
      treeData={treeData}
      treeNodeLabelProp="label"
      treeDefaultExpandedKeys={treeData.map((node) => node.key)}
      showSearch={false}
      loadData={async (node) => {
        if (typeof node.value !== 'string') return;
        try {
          await loadChildren(node.value);
        } catch (error) {
          notifyError(error);
        }
      }}
      onChange={(code: string | undefined) => onChange?.(code)}
    />
  );
}
