import { Card, Empty, Spin, Tree } from 'antd';
import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router';
import type { Region } from '../../api/types';
import { useRegionTree } from '../../components/RegionTreeProvider';
import { useNotifyError } from '../../hooks/useErrorText';
import { useI18n } from '../../i18n';

/** Left-hand lazy tree of the user's scope, opened down to the region on screen. */
export function RegionSideTree({ region }: { region: Region }) {
  const { t } = useI18n();
  const navigate = useNavigate();
  const notifyError = useNotifyError();
  const { root, treeData, loadChildren, expandTo } = useRegionTree();
  const [expanded, setExpanded] = useState<string[]>([]);

  useEffect(() => {
    if (!root) return;
    void expandTo(region.path).then(
      (codes) => setExpanded((previous) => [...new Set([...previous, ...codes])]),
      (error: unknown) => notifyError(error),
    );
  }, [region.path, root, expandTo, notifyError]);

  return (
    <Card size="small" title={t('region.tree')} className="region-tree-card">
      {!root ? (
        <div className="center-block">
          <Spin />
        </div>
      ) : treeData.length === 0 ? (
        <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} />
      ) : (
        <Tree
          blockNode
          showLine
          treeData={treeData}
          selectedKeys={[region.code]}
          expandedKeys={expanded}
          onExpand={(keys) => setExpanded(keys.map(String))}
          loadData={async (node) => {
            try {
              await loadChildren(String(node.key));
            } catch (error) {
              notifyError(error);
            }
          }}
          onSelect={(keys) => {
            const [code] = keys;
            if (code !== undefined) void navigate(`/regions/${String(code)}`);
          }}
        />
      )}
    </Card>
  );
}
