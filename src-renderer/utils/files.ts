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

export async function copyText(content: string): Promise<void> {
  await navigator.clipboard.writeText(content);
}
