// Keyboard and screen-reader operators go back from a wizard (Cancel, or the browser's Back) to the very control
// that opened it, not to the top of the page (WAI-ARIA Authoring Practices, "Dialog (Modal) Pattern": on close,
// focus returns to the invoking element). naive-ui's modals already do this for dialogs (vueuc's focus trap,
// returnFocusOnDeactivated); a wizard is a route, so the router does it here.
import type { Router } from 'vue-router';

/** How to find a control again once its page is rendered anew: its test id or id, else its tag, text and rank. */
interface ControlKey {
  selector: string;
  text?: string;
  index?: number;
}

const FOCUSABLE = 'button, a[href], input, select, textarea, [tabindex]:not([tabindex="-1"])';

function keyOf(element: Element | null): ControlKey | undefined {
  if (!(element instanceof HTMLElement) || element === document.body) return undefined;
  const testId = element.getAttribute('data-testid');
  if (testId) return { selector: `[data-testid="${CSS.escape(testId)}"]` };
  if (element.id) return { selector: `#${CSS.escape(element.id)}` };
  const text = element.textContent?.trim() ?? '';
  const peers = [...document.querySelectorAll<HTMLElement>(`main ${element.tagName.toLowerCase()}`)].filter((peer) => peer.textContent?.trim() === text);
  const index = peers.indexOf(element);
  return index < 0 ? undefined : { selector: `main ${element.tagName.toLowerCase()}`, text, index };
}

function find(key: ControlKey): HTMLElement | undefined {
  const matches = [...document.querySelectorAll<HTMLElement>(key.selector)];
  const candidates = key.text === undefined ? matches : matches.filter((match) => match.textContent?.trim() === key.text);
  const found = candidates[key.index ?? 0];
  if (!found) return undefined;
  return found.matches(FOCUSABLE) ? found : (found.querySelector<HTMLElement>(FOCUSABLE) ?? found);
}

/** Views load their data after the route renders: look for the control for a few seconds, then give up. */
function focusWhenRendered(key: ControlKey, deadline = performance.now() + 3_000): void {
  const element = find(key);
  if (element) {
    element.focus();
    return;
  }
  if (performance.now() < deadline) requestAnimationFrame(() => focusWhenRendered(key, deadline));
}

export function installFocusReturn(router: Router): void {
  const openers = new Map<string, ControlKey>();
  router.beforeEach((_to, from) => {
    const key = keyOf(document.activeElement);
    if (key) openers.set(from.fullPath, key);
    else openers.delete(from.fullPath);
  });
  router.afterEach((to, from, failure) => {
    if (failure) return;
    // Only going back (history's `forward` is the page just left): a fresh visit starts at the top as usual.
    const state = window.history.state as { forward?: string | null } | null;
    if (state?.forward !== from.fullPath) return;
    const key = openers.get(to.fullPath);
    if (key) focusWhenRendered(key);
  });
}
