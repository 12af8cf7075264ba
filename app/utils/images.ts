/** Shared by server and browser: how processed image files are named and addressed. */
export const IMAGE_WIDTHS = [320, 640, 960, 1280] as const;
export const IMAGE_FORMATS = ["avif", "webp", "jpeg"] as const;
export type ImageFormat = (typeof IMAGE_FORMATS)[number];

export const extensionFor: Record<ImageFormat, string> = { avif: "avif", webp: "webp", jpeg: "jpg" };
export const contentTypeFor: Record<string, string> = {
  avif: "image/avif",
  webp: "image/webp",
  jpg: "image/jpeg",
  png: "image/png",
};

export function imageKey(hash: string, width: number, format: ImageFormat) {
  return `${hash.slice(0, 2)}/${hash}/${width}.${extensionFor[format]}`;
}

export function imageUrl(hash: string, width: number, format: ImageFormat) {
  return `/images/${hash}/${width}.${extensionFor[format]}`;
}

export function srcSet(hash: string, widths: readonly number[], format: ImageFormat) {
  return widths.map((w) => `${imageUrl(hash, w, format)} ${w}w`).join(", ");
}

export type ImageRef = {
  hash: string;
  width: number;
  height: number;
  widths: number[];
  alt: string;
  placeholder: string;
};
