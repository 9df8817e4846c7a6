/** Input limits applied to every imported file; above them an item is refused with a clear reason. */
export const MEDIA_LIMITS = {
  /** Decompression-bomb guard: images above this many pixels are refused before decoding. */
  maxPixels: 100_000_000,
  /** Files above this size are refused before reading. */
  maxBytes: 1024 * 1024 * 1024,
  /** Thumbnail box (pixels, longest side). */
  thumbSize: 128,
} as const;

export const IMAGE_EXTENSIONS = new Set(['.jpg', '.jpeg', '.png', '.webp', '.gif', '.tif', '.tiff', '.avif']);
export const AUDIO_EXTENSIONS = new Set(['.wav', '.wave']);
/** Audio we recognise but cannot decode yet: reported per item with a hint. */
export const AUDIO_UNSUPPORTED = new Set(['.mp3', '.flac', '.ogg', '.oga', '.opus', '.m4a', '.aac']);
