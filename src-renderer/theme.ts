import { computed } from 'vue';
import { useThemeVars, type GlobalThemeOverrides } from 'naive-ui';

// The console's one set of theme overrides. Status colours carry meaning (reachable, failed, warning), so
// each theme gets shades that keep WCAG AA contrast on its own background.
const shared: GlobalThemeOverrides['common'] = { fontSize: '14px', borderRadius: '4px' };

const dark: GlobalThemeOverrides = {
  common: {
    ...shared,
    primaryColor: '#60a5fa',
    primaryColorHover: '#93c5fd',
    primaryColorPressed: '#3b82f6',
    primaryColorSuppl: '#60a5fa',
    errorColor: '#f87171',
    warningColor: '#fbbf24',
    successColor: '#4ade80',
  },
  // naive-ui's "No data" text is too faint for AA contrast on both backgrounds.
  Empty: { textColor: '#a1a1aa', iconColor: '#a1a1aa' },
};

const light: GlobalThemeOverrides = {
  common: {
    ...shared,
    primaryColor: '#1d4ed8',
    primaryColorHover: '#2563eb',
    primaryColorPressed: '#1e40af',
    primaryColorSuppl: '#1d4ed8',
    errorColor: '#b91c1c',
    warningColor: '#92400e',
    successColor: '#15803d',
  },
  Empty: { textColor: '#52525b', iconColor: '#52525b' },
};

export function themeOverridesFor(theme: 'dark' | 'light'): GlobalThemeOverrides {
  return theme === 'dark' ? dark : light;
}

/** naive-ui draws waiting and finished step titles in its disabled colour, below WCAG contrast (axe). */
export function useReadableStepsTheme() {
  const themeVars = useThemeVars();
  return computed(() => ({
    headerTextColorWait: themeVars.value.textColor2,
    headerTextColorFinish: themeVars.value.textColor2,
    descriptionTextColorWait: themeVars.value.textColor2,
    descriptionTextColorFinish: themeVars.value.textColor2,
  }));
}
