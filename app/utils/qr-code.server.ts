
/** A QR code for `url` as an SVG document string, drawn on the server so the page needs no script to show it. */
export async function qrCodeSvg(url: string): Promise<string> {
  // Loaded with the first code drawn, not with the server.
  const { default: QRCode } = await import("qrcode");
  return QRCode.toString(url, { type: "svg", errorCorrectionLevel: "M", margin: 1, color: { dark: "#2b2118", light: "#ffffff" } });
}
