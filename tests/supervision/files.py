"""Files for the evidence tests, made here: real images (Pillow), a PDF, an Excel workbook
(openpyxl) and a Word document (a zip with the parts Word writes)."""

import io
import zipfile

from openpyxl import Workbook
from PIL import Image

# EXIF tag 0x0112: orientation; 6 means "rotate 90° clockwise to view".
ORIENTATION = 0x0112


def jpeg(size=(800, 600), color=(200, 30, 30), orientation=None) -> bytes:
    image = Image.new("RGB", size, color)
    out = io.BytesIO()
    if orientation is None:
        image.save(out, "JPEG", quality=90)
    else:
        exif = Image.Exif()
        exif[ORIENTATION] = orientation
        image.save(out, "JPEG", quality=90, exif=exif.tobytes())
    return out.getvalue()


def png(size=(640, 480), mode="RGBA") -> bytes:
    image = Image.new(mode, size, (10, 120, 200, 128) if mode == "RGBA" else 1)
    out = io.BytesIO()
    image.save(out, "PNG")
    return out.getvalue()


def webp(size=(500, 500)) -> bytes:
    out = io.BytesIO()
    Image.new("RGB", size, (30, 160, 60)).save(out, "WEBP")
    return out.getvalue()


def pdf() -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
        b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
    )


def xlsx() -> bytes:
    book = Workbook()
    book.active["A1"] = "形象进度"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def docx() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><Types/>')
        archive.writestr("word/document.xml", '<?xml version="1.0"?><w:document/>')
    return out.getvalue()


def plain_zip() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as archive:
        archive.writestr("readme.txt", "not an office file")
    return out.getvalue()


def of_size(size: int, head: bytes = b"%PDF-1.4\n") -> bytes:
    return head + b"0" * (size - len(head))
