import { EnvironmentOutlined } from '@ant-design/icons';
import { TreeSelect } from 'antd';
import { useEffect, useState, type ReactNode } from 'react';
import { useNavigate } from 'react-router';
import { useRegionTree } from '../components/RegionTreeProvider';
import { useNotifyError } from '../hooks/useErrorText';
import { useI18n } from '../i18n';
import { useShellMeta } from './PageMeta';

/** Header region picker: the user's scope as a lazy tree; choosing a region opens its page. */
export function RegionSwitcher({ compact }: { compact: boolean }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { root, treeData, loadChildren, expandTo } = useRegionTree();
  const { region } = useShellMeta();
  const [expanded, setExpanded] = useState<string[]>([]);

  // Open the tree down to the region on screen, so it shows where the user is.
  useEffect(() => {
    if (!region || !root) return;
    void expandTo(region.path).then(
      (codes) => setExpanded((previous) => [...new Set([...previous, ...codes])]),
      () => undefined,
    );
  }, [region, root, expandTo]);

  return (
    <TreeSelect
      className="region-switcher"
      data-testid="region-switcher"
      style={{ width: compact ? 150 : 260 }}
      popupMatchSelectWidth={compact ? 260 : 320}
      prefix={<EnvironmentOutlined />}
      placeholder={t('region.switcher')}
      aria-label={t('region.switcher')}
      treeData={treeData}
      treeNodeLabelProp="label"
      labelInValue
      value={region ? { value: region.code, label: region.name } : undefined}
      treeExpandedKeys={expanded}
      onTreeExpand={(keys) => setExpanded(keys.map(String))}
      loadData={async (node) => {
        if (typeof node.value !== 'string') return;
        try {
          await loadChildren(node.value);
        } catch (error) {
          notifyError(error);
        }
      }}
      onChange={(choice: { value: string; label: ReactNode } | undefined) => {
        if (choice) void navigate(`/regions/${choice.value}`);
      }}
    />
  );
}
