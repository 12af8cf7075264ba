import { toDataURL } from "qrcode";
import { useEffect, useState } from "react";

/** A QR code drawn in the browser (no network needed), as an image with an accessible name. */
export function QrImage({ text, alt, className, size = 240 }: { text: string; alt: string; className?: string; size?: number }) {
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    let current = true;
    toDataURL(text, { margin: 1, width: size, errorCorrectionLevel: "M" })
      .then((url) => {
        if (current) setSrc(url);
      })
      .catch(() => {
        if (current) setSrc(null);
      });
    return () => {
      current = false;
    };
  }, [text, size]);
  // data-qr-text names what the code holds, for tests and for anyone checking a printout against the screen.
  return src ? (
    <img className={className} src={src} alt={alt} width={size} height={size} data-qr-text={text} />
  ) : (
    <span className={`${className ?? ""} pos-qr-pending`} role="img" aria-label={alt} data-qr-text={text} />
  );
}
