/**
 * A QR code drawn on the server (app/utils/qr-code.server.ts), shown as one image with an accessible name. The
 * SVG comes from the QR library, never from user input.
 */
export function QrCode({ svg, label, className, text }: { svg: string; label: string; className?: string; text?: string }) {
  // data-qr-text names what the code holds (the address drawn into `svg`), for tests and for checking a printout.
  return <span className={className ? `qr-code ${className}` : "qr-code"} role="img" aria-label={label} data-qr-text={text} dangerouslySetInnerHTML={{ __html: svg }} />;
}
