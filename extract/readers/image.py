"""Images (JPG, PNG, TIFF, BMP, GIF, WebP): OCR of every frame. A photo without text is still evidence
(a meeting, a school building), so no text is a warning here, not an error."""

from __future__ import annotations

import warnings

from extract import ocr
from extract.builder import DocumentBuilder
from extract.errors import ReadError
from extract.layout import feed_lines, merge_fragments
from extract.model import Document
from extract.readers.base import Probe, ReadContext, Reader

_MAGIC = (b"\xff\xd8\xff", b"\x89PNG\r\n\x1a\n", b"II*\x00", b"MM\x00*", b"BM", b"GIF87a", b"GIF89a")
_MAX_PIXELS = 80_000_000
_OCR_MAX_SIDE = 2400


class ImageReader(Reader):
    name = "image"

    def bid(self, probe: Probe) -> float:
        head = probe.head
        if head.startswith(_MAGIC) or (head[:4] == b"RIFF" and head[8:12] == b"WEBP"):
            return 1.0
        return 0.0

    def read(self, probe: Probe, ctx: ReadContext) -> Document:
        from PIL import Image, ImageOps, ImageSequence, UnidentifiedImageError

        Image.MAX_IMAGE_PIXELS = _MAX_PIXELS
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                img = Image.open(probe.path)  # reads the header only
                if img.width * img.height > _MAX_PIXELS:
                    raise Image.DecompressionBombError(f"{img.width}x{img.height} pixels")
                img.load()
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ReadError("too_large", str(exc), message="图片像素过多，超出处理上限") from exc
        except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
            raise ReadError("corrupt", f"image: {exc}") from exc
        doc = Document(path=probe.name, format="image", reader=self.name)
        builder = DocumentBuilder(doc)
        dpi = float((img.info.get("dpi") or (150, 150))[0] or 150)
        for index, frame in enumerate(ImageSequence.Iterator(img)):
            if index >= ctx.max_pages:
                doc.not_read(f"图片帧数过多，仅读取前 {ctx.max_pages} 帧")
                break
            frame = ImageOps.exif_transpose(frame.convert("RGB"))
            to_points = 72.0 / dpi
            page = builder.page(index + 1, frame.width * to_points, frame.height * to_points, ocr=True)
            if not ctx.ocr:
                continue
            shrink = min(1.0, _OCR_MAX_SIDE / max(frame.size))
            if shrink < 1.0:
                frame = frame.resize((int(frame.width * shrink), int(frame.height * shrink)))
            lines = ocr.recognise_cached(
                lambda frame=frame: frame,
                f"{probe.sha256}-p{index + 1}",
                ctx.cache_dir,
                scale=shrink / to_points,
            )
            feed_lines(builder, merge_fragments(lines), page.width or 595.0, ocr=True, first_page=index == 0)
        result = builder.finish()
        if not any(p.blocks for p in result.pages):
            result.warnings.append("图片中未识别出文字（可能是现场照片）")
        return result
