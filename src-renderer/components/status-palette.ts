// The status badge colours, per theme, each meeting WCAG AA (4.5:1) text contrast on its own fill (naive-ui's
// tinted tags do not on light). `operator` is a step an operator marked done by hand: audited, and not the
// same claim as a fabric's success, so it gets its own hue (violet), apart from success's green.
export type StatusTone = 'success' | 'error' | 'warning' | 'info' | 'neutral' | 'operator';

export interface TagColors {
  color: string;
  textColor: string;
  borderColor: string;
}

export const STATUS_PALETTE: Record<'dark' | 'light', Record<StatusTone, TagColors>> = {
  dark: {
    success: { color: '#052e16', textColor: '#86efac', borderColor: '#166534' },
    error: { color: '#450a0a', textColor: '#fca5a5', borderColor: '#991b1b' },
    warning: { color: '#422006', textColor: '#fcd34d', borderColor: '#92400e' },
    info: { color: '#172554', textColor: '#93c5fd', borderColor: '#1e40af' },
    neutral: { color: '#27272a', textColor: '#e4e4e7', borderColor: '#52525b' },
    operator: { color: '#2e1065', textColor: '#d8b4fe', borderColor: '#6b21a8' },
  },
  light: {
    success: { color: '#dcfce7', textColor: '#14532d', borderColor: '#86efac' },
    error: { color: '#fee2e2', textColor: '#7f1d1d', borderColor: '#fca5a5' },
    warning: { color: '#fef3c7', textColor: '#78350f', borderColor: '#fcd34d' },
    info: { color: '#dbeafe', textColor: '#1e3a8a', borderColor: '#93c5fd' },
    neutral: { color: '#f4f4f5', textColor: '#27272a', borderColor: '#d4d4d8' },
    operator: { color: '#f3e8ff', textColor: '#581c87', borderColor: '#d8b4fe' },
  },
};
