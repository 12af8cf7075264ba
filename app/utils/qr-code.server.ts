import QRCode from "qrcode";

/** A QR code for `url` as an SVG document string, drawn on the server so the page needs no script to show it. */
export async function qrCodeSvg(url: string): Promise<string> {
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1, color: { dark: "#2b2118", light: "#ffffff" } });
}
