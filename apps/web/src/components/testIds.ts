import type { HTMLAttributes } from 'react';

/** Row props carrying a `data-testid` for browser tests (antd Table `onRow`). */
export function rowTestId(id: string): HTMLAttributes<HTMLElement> {
  const attributes: HTMLAttributes<HTMLElement> & { 'data-testid': string } = { 'data-testid': id };
  return attributes;
}
