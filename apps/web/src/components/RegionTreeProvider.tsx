import { isWithinScope, type RegionKind, type RegionLevel } from '@fupin/domain';
import { createContext, useCallback, useContext, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { fetchAllChildren, fetchRootRegion } from '../api/regions';
import type { Region, RegionChild, RegionRef } from '../api/types';
import { useI18n } from '../i18n';

/** One node, shaped for both antd Tree (key) and TreeSelect (value, label). */
export interface RegionTreeNode {
  key: string;
  value: string;
  title: ReactNode;
  /** Plain name shown in the TreeSelect box once chosen. */
  label: string;
  level: RegionLevel;
  kind: RegionKind | null;
  isLeaf: boolean;
  children?: RegionTreeNode[];
}

export interface RegionTree {
  root: Region | undefined;
  error: unknown;
  treeData: RegionTreeNode[];
  /** Loads the children of `code` once (later calls reuse them). */
  loadChildren: (code: string) => Promise<void>;
  /**
   * Loads every level from the root down to the end of `path` (the region itself included,
   * so its children show); returns the codes to expand.
   */
  expandTo: (path: readonly RegionRef[]) => Promise<string[]>;
}

function isLeaf(region: RegionChild): boolean {
  return region.level === 'village' || region.childCount === 0;
}

/** Builds the lazily loaded tree; one instance lives in <RegionTreeProvider>. */
function useRegionTreeState(): RegionTree {
  const { t } = useI18n();
  const [root, setRoot] = useState<Region | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loaded, setLoaded] = useState<ReadonlyMap<string, RegionChild[]>>(new Map());
  const pending = useRef(new Map<string, Promise<void>>());

  useEffect(() => {
    const controller = new AbortController();
    fetchRootRegion(controller.signal).then(setRoot, (caught: unknown) => {
      if (!controller.signal.aborted) setError(caught);
    });
    return () => controller.abort();
  }, []);

  const loadChildren = useCallback((code: string): Promise<void> => {
    const existing = pending.current.get(code);
    if (existing) return existing;
    const promise = fetchAllChildren(code).then(
      (items) => setLoaded((previous) => new Map(previous).set(code, items)),
      (caught: unknown) => {
        pending.current.delete(code);
        throw caught;
      },
    );
    pending.current.set(code, promise);
    return promise;
  }, []);

  const expandTo = useCallback(
    async (path: readonly RegionRef[]): Promise<string[]> => {
      if (!root) return [];
      const inside = path.filter((ref) => isWithinScope(root.code, ref.code) && ref.level !== 'village');
      const codes = inside.map((ref) => ref.code);
      for (const code of codes) await loadChildren(code);
      return codes;
    },
    [root, loadChildren],
  );

  const treeData = useMemo(() => {
    if (!root) return [];
    const poorMark = (region: RegionChild): ReactNode =>
      region.poor ? <span className="tree-poor-dot" title={t('region.poorTag')} /> : null;
    const build = (region: RegionChild): RegionTreeNode => {
      const items = loaded.get(region.code);
      return {
        key: region.code,
        value: region.code,
        label: region.name,
        level: region.level,
        kind: region.kind,
        title: (
          <span className="tree-node-title">
            {region.name}
            {poorMark(region)}
          </span>
        ),
        isLeaf: isLeaf(region),
        children: items?.map(build),
      };
    };
    return [build(root)];
  }, [root, loaded, t]);

  return useMemo(
    () => ({ root, error, treeData, loadChildren, expandTo }),
    [root, error, treeData, loadChildren, expandTo],
  );
}

const RegionTreeContext = createContext<RegionTree | undefined>(undefined);

/**
 * A region tree starting at the user's home region, loading children lazily from
 * `/api/regions/:code/children`; shared by the header switcher, the region page and pickers
 * so each level is fetched once.
 */
export function RegionTreeProvider({ children }: { children: ReactNode }) {
  const tree = useRegionTreeState();
  return <RegionTreeContext.Provider value={tree}>{children}</RegionTreeContext.Provider>;
}

/** The shared region tree of the signed-in user's scope. */
export function useRegionTree(): RegionTree {
  const tree = useContext(RegionTreeContext);
  if (!tree) throw new Error('useRegionTree must be used inside <RegionTreeProvider>');
  return tree;
}
