import type { ThemeConfig } from 'antd';

/** Deep red of government dashboards; gold accents. */
export const PRIMARY = '#b8312f';

/** Ant Design theme for the whole app. */
export const theme: ThemeConfig = {
  token: {
    colorPrimary: PRIMARY,
    colorLink: PRIMARY,
    colorInfo: '#1f5fa8',
    borderRadius: 6,
    fontFamily:
      "-apple-system, BlinkMacSystemFont, 'PingFang SC', 'Hiragino Sans GB', 'Microsoft YaHei', 'Noto Sans CJK SC', 'Source Han Sans SC', 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif",
  },
  components: {
    Layout: {
      siderBg: '#1f2a3a',
      headerBg: '#9e2a27',
      bodyBg: '#f3f4f6',
      headerHeight: 56,
      headerPadding: '0 16px',
      footerBg: '#f3f4f6',
    },
    Menu: {
      darkItemBg: '#1f2a3a',
      darkSubMenuItemBg: '#1a2331',
      darkItemSelectedBg: PRIMARY,
    },
    Card: { headerFontSize: 15 },
    Statistic: { contentFontSize: 26 },
  },
};
