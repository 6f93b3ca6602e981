"""The readers, each bidding on a file's bytes. A new format is a new class in this list."""

from extract.readers.base import Probe, ReadContext, Reader
from extract.readers.docx import DocxReader
from extract.readers.html import HtmlReader
from extract.readers.image import ImageReader
from extract.readers.legacy import ConvertedReader, EncryptedOfficeReader, LegacyWordReader
from extract.readers.ofd import OfdReader
from extract.readers.pdf import PdfReader
from extract.readers.pptx import PptxReader
from extract.readers.sheets import XlsReader, XlsxReader
from extract.readers.text import TextReader

READERS: list[Reader] = [
    PdfReader(),
    DocxReader(),
    XlsxReader(),
    XlsReader(),
    LegacyWordReader(),
    EncryptedOfficeReader(),
    ConvertedReader(),
    OfdReader(),
    PptxReader(),
    ImageReader(),
    HtmlReader(),
    TextReader(),
]


def choose_reader(probe: Probe) -> Reader | None:
    """The reader with the highest bid, or None when no reader can read the file."""
    best = max(READERS, key=lambda r: r.bid(probe))
    return best if best.bid(probe) > 0 else None


__all__ = ["READERS", "Probe", "ReadContext", "Reader", "choose_reader"]
