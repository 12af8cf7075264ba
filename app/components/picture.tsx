import { srcSet, type ImageRef } from "~/utils/images";

/**
 * Responsive image: AVIF, then WebP, then JPEG, each at every width, with intrinsic width and height
 * so the layout never shifts. `sizes` must describe the rendered width.
 */
export function Picture({
  image,
  sizes,
  priority = false,
  className,
  alt,
}: {
  image: ImageRef;
  sizes: string;
  priority?: boolean;
  className?: string;
  alt?: string;
}) {
  const fallbackWidth = image.widths.find((w) => w >= 640) ?? image.widths[image.widths.length - 1]!;
  const height = Math.round((image.height / image.width) * fallbackWidth);
  return (
    <picture className={className}>
      <source type="image/avif" srcSet={srcSet(image.hash, image.widths, "avif")} sizes={sizes} />
      <source type="image/webp" srcSet={srcSet(image.hash, image.widths, "webp")} sizes={sizes} />
      <img
        src={`/images/${image.hash}/${fallbackWidth}.jpg`}
        srcSet={srcSet(image.hash, image.widths, "jpeg")}
        sizes={sizes}
        width={fallbackWidth}
        height={height}
        alt={alt ?? image.alt}
        loading={priority ? "eager" : "lazy"}
        decoding={priority ? "sync" : "async"}
        {...(priority ? { fetchpriority: "high" } : {})}
        style={{ backgroundColor: image.placeholder }}
      />
    </picture>
  );
}
