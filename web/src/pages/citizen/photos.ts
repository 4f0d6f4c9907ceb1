// Photos before upload: a large photo (> 1.5 MB) is redrawn as a JPEG whose longest side is at
// most 2048 px, so an elderly writer's 12-megapixel picture goes up quickly on a mobile network.
// Drawing on a canvas also drops the EXIF block (the server strips location data anyway).

export const MAX_PHOTOS = 9;
const SHRINK_ABOVE_BYTES = 1.5 * 1024 * 1024;
const MAX_SIDE = 2048;

interface Drawable { width: number; height: number; source: CanvasImageSource; close(): void }

async function decode(file: Blob): Promise<Drawable> {
  if (typeof createImageBitmap === 'function') {
    try {
      const bmp = await createImageBitmap(file, { imageOrientation: 'from-image' });
      return { width: bmp.width, height: bmp.height, source: bmp, close: () => bmp.close() };
    } catch { /* fall back to an <img> below */ }
  }
  const url = URL.createObjectURL(file);
  try {
    const img = new Image();
    img.decoding = 'async';
    await new Promise<void>((resolve, reject) => { img.onload = () => resolve(); img.onerror = () => reject(new Error('decode')); img.src = url; });
    return { width: img.naturalWidth, height: img.naturalHeight, source: img, close: () => URL.revokeObjectURL(url) };
  } catch (e) {
    URL.revokeObjectURL(url);
    throw e;
  }
}

/** The photo to upload: the file itself when small enough, else a downscaled JPEG (if that is smaller). */
export async function preparePhoto(file: File): Promise<{ blob: Blob; name: string }> {
  if (file.size <= SHRINK_ABOVE_BYTES) return { blob: file, name: file.name || 'photo.jpg' };
  let img: Drawable | null = null;
  try {
    img = await decode(file);
    const scale = Math.min(1, MAX_SIDE / Math.max(img.width, img.height));
    const w = Math.max(1, Math.round(img.width * scale));
    const h = Math.max(1, Math.round(img.height * scale));
    const canvas = document.createElement('canvas');
    canvas.width = w;
    canvas.height = h;
    const ctx = canvas.getContext('2d');
    if (!ctx) return { blob: file, name: file.name };
    ctx.fillStyle = '#fff'; // transparent PNG areas become white, not black, in a JPEG
    ctx.fillRect(0, 0, w, h);
    ctx.drawImage(img.source, 0, 0, w, h);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.85));
    if (!blob || blob.size >= file.size) return { blob: file, name: file.name };
    return { blob, name: (file.name || 'photo').replace(/\.[^.]*$/, '') + '.jpg' };
  } catch {
    return { blob: file, name: file.name }; // the server judges what it can read
  } finally {
    img?.close();
  }
}
