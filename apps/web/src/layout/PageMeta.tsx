import { createContext, useContext, useEffect, useMemo, useState, type ReactNode } from 'react';
import type { RegionRef } from '../api/types';

/** One breadcrumb; `to` makes it a link. */
export interface Crumb {
  title: string;
  to?: string;
}

/** The region a page shows, with its path from the root. */
export interface CurrentRegion extends RegionRef {
  path: RegionRef[];
}

interface PageMeta {
  crumbs: Crumb[];
  /** The region the page shows, so the header switcher can display it. */
  region: CurrentRegion | null;
}

interface PageMetaContextValue extends PageMeta {
  set: (meta: PageMeta) => void;
}

const EMPTY: PageMeta = { crumbs: [], region: null };
const PageMetaContext = createContext<PageMetaContextValue | undefined>(undefined);

/** Lets the page inside the shell tell the shell its breadcrumbs and region. */
export function PageMetaProvider({ children }: { children: ReactNode }) {
  const [meta, setMeta] = useState<PageMeta>(EMPTY);
  const value = useMemo(() => ({ ...meta, set: setMeta }), [meta]);
  return <PageMetaContext.Provider value={value}>{children}</PageMetaContext.Provider>;
}

function usePageMetaContext(): PageMetaContextValue {
  const value = useContext(PageMetaContext);
  if (!value) throw new Error('page meta is only available inside the app shell');
  return value;
}

/** What the shell shows for the current page (breadcrumbs, region). */
export function useShellMeta(): PageMeta {
  const { crumbs, region } = usePageMetaContext();
  return { crumbs, region };
}

/** Declares the current page's breadcrumbs (after 首页) and region. */
export function usePageMeta(crumbs: Crumb[], region: CurrentRegion | null = null): void {
  const { set } = usePageMetaContext();
  // Compare by content: callers build new arrays on every render.
  const key = JSON.stringify([crumbs, region]);
  useEffect(() => {
    set({ crumbs, region });
    // `key` stands for crumbs and region.
  }, [key, set]);
  useEffect(() => () => set(EMPTY), [set]);
}
