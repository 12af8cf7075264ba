/**
 * A QR code drawn on the server (app/utils/qr-code.server.ts), shown as one image with an accessible name. The
 * SVG comes from the QR library, never from user input.
 */
export function QrCode({ svg, label, className }: { svg: string; label: string; className?: string }) {
  return <span className={className ? `qr-code ${className}` : "qr-code"} role="img" aria-label={label} dangerouslySetInnerHTML={{ __html: svg }} />;
}
