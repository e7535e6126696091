import type { GlobalThemeOverrides } from 'naive-ui';

/** The console's one set of theme overrides: high contrast for a tired operator at night. */
export const themeOverrides: GlobalThemeOverrides = {
  common: {
    primaryColor: '#3b82f6',
    primaryColorHover: '#60a5fa',
    primaryColorPressed: '#2563eb',
    primaryColorSuppl: '#3b82f6',
    errorColor: '#ef4444',
    warningColor: '#f59e0b',
    successColor: '#22c55e',
    fontSize: '14px',
    borderRadius: '4px',
  },
};
