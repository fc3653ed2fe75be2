import type { ApiErrorBody, ViewerLinkDto } from '@contracts';

/**
 * The remote viewer page of an event, on the server's public URL (GET /api/viewer-link/:code,
 * public): what the big screen's QR code opens and the console offers to copy. Throws the server's
 * refusal (an unknown code) or a network failure.
 */
export async function fetchViewerLink(code: string): Promise<ViewerLinkDto> {
  const response = await fetch(`/api/viewer-link/${encodeURIComponent(code)}`);
  const body = (await response.json().catch(() => null)) as ViewerLinkDto | ApiErrorBody | null;
  if (!response.ok || !body) throw Object.assign(new Error((body as ApiErrorBody | null)?.message ?? response.statusText), { body });
  return body as ViewerLinkDto;
}
