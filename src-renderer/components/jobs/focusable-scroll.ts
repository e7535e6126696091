// naive-ui's virtual tables scroll inside a div that cannot take focus, so a keyboard user cannot scroll them
// (axe: scrollable-region-focusable). This directive makes each such region a named tab stop.
import type { Directive } from 'vue';

const SCROLLERS = '.v-vl, .n-data-table-base-table-body';

function apply(root: HTMLElement, label: string): void {
  for (const region of root.querySelectorAll<HTMLElement>(SCROLLERS)) {
    if (region.getAttribute('tabindex') === null) region.setAttribute('tabindex', '0');
    if (!region.getAttribute('aria-label')) region.setAttribute('aria-label', label);
    if (!region.getAttribute('role')) region.setAttribute('role', 'region');
  }
}

export const vFocusableScroll: Directive<HTMLElement, string> = {
  mounted: (element, binding) => apply(element, binding.value),
  updated: (element, binding) => apply(element, binding.value),
};
