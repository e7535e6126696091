// Saving and copying generated text. A Blob + anchor download works in the desktop window and in the web
// host's browser alike, with no file-system access granted to the renderer.
export function downloadText(fileName: string, content: string, mediaType: string): void {
  const url = URL.createObjectURL(new Blob([content], { type: `${mediaType};charset=utf-8` }));
  const anchor = document.createElement('a');
  anchor.href = url;
  anchor.download = fileName;
  anchor.rel = 'noopener';
  document.body.append(anchor);
  anchor.click();
  anchor.remove();
  // Revoked on the next turn: the download has taken its copy by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * The async clipboard API first; where it is refused (the desktop shell denies every permission request),
 * the selection-based copy that a click may always do.
 */
export async function copyText(content: string): Promise<void> {
  try {
    await navigator.clipboard.writeText(content);
    return;
  } catch {
    // Fall through to the selection-based copy.
  }
  const area = document.createElement('textarea');
  area.value = content;
  area.setAttribute('readonly', '');
  area.style.position = 'fixed';
  area.style.opacity = '0';
  document.body.append(area);
  area.select();
  const copied = document.execCommand('copy');
  area.remove();
  if (!copied) throw new Error('The clipboard is not available.');
}
