import { TreeSelect } from 'antd';
import { useMemo, type CSSProperties } from 'react';
import { useNotifyError } from '../hooks/useErrorText';
import { useI18n } from '../i18n';
import { useRegionTree, type RegionTreeNode } from './RegionTreeProvider';

export interface RegionPickerProps {
  value?: string;
  onChange?: (code: string | undefined) => void;
  placeholder?: string;
  allowClear?: boolean;
  id?: string;
  style?: CSSProperties;
  /** Regions that may be chosen (e.g. only 村委会); the others stay visible to open the tree. */
  isSelectable?: (node: RegionTreeNode) => boolean;
  'data-testid'?: string;
}

interface PickerNode extends RegionTreeNode {
  selectable: boolean;
  /** Greys out leaves that cannot be chosen; branches stay open-able. */
  disabled: boolean;
  children?: PickerNode[];
}

function markSelectable(nodes: readonly RegionTreeNode[], test: (node: RegionTreeNode) => boolean): PickerNode[] {
  return nodes.map((node) => {
    const selectable = test(node);
    return {
      ...node,
      selectable,
      disabled: !selectable && node.isLeaf,
      children: node.children ? markSelectable(node.children, test) : undefined,
    };
  });
}

/** Form control choosing one region within the user's scope (lazy tree). */
export function RegionPicker({
  value,
  onChange,
  placeholder,
  allowClear,
  id,
  style,
  isSelectable,
  ...rest
}: RegionPickerProps) {
  const { t } = useI18n();
  const notifyError = useNotifyError();
  const { treeData: tree, loadChildren } = useRegionTree();
  const treeData = useMemo(() => (isSelectable ? markSelectable(tree, isSelectable) : tree), [tree, isSelectable]);
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
