"""Write a small PDF with a text layer (CID font, ToUnicode map) — enough for a PDF reader to extract
Chinese text, with no font file and no PDF library. Test data only."""

from __future__ import annotations


def text_pdf(lines: list[str]) -> bytes:
    """One page per 40 lines; every character gets a 2-byte code mapped to its Unicode value."""
    chars = sorted({ch for line in lines for ch in line})
    code = {ch: k + 1 for k, ch in enumerate(chars)}
    cmap_entries = "\n".join(f"<{code[ch]:04X}> <{ord(ch):04X}>" for ch in chars if ord(ch) <= 0xFFFF)
    cmap = ("/CIDInit /ProcSet findresource begin 12 dict begin begincmap /CMapName /Policy def "
            "1 begincodespacerange <0000> <FFFF> endcodespacerange\n"
            f"{len(chars)} beginbfchar\n{cmap_entries}\nendbfchar endcmap "
            "CMapName currentdict /CMap defineresource pop end end")
    pages = [lines[i:i + 40] for i in range(0, len(lines), 40)] or [[]]
    objects: list[bytes] = []

    def add(body: str | bytes) -> int:
        objects.append(body.encode("latin-1") if isinstance(body, str) else body)
        return len(objects)

    catalog = add("")  # filled below
    pages_obj = add("")
    font = add("")
    cid = add("<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light "
              "/CIDSystemInfo << /Registry (Adobe) /Ordering (Identity) /Supplement 0 >> >>")
    tounicode = add(_stream(cmap.encode("latin-1")))
    objects[font - 1] = (f"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /Identity-H "
                         f"/DescendantFonts [{cid} 0 R] /ToUnicode {tounicode} 0 R >>").encode("latin-1")
    kids = []
    for page in pages:
        ops = ["BT /F1 10 Tf 14 TL 40 800 Td"]
        for line in page:
            hexed = "".join(f"{code[ch]:04X}" for ch in line)
            ops.append(f"<{hexed}> Tj T*")
        ops.append("ET")
        content = add(_stream("\n".join(ops).encode("latin-1")))
        kids.append(add(f"<< /Type /Page /Parent {pages_obj} 0 R /MediaBox [0 0 595 842] "
                        f"/Resources << /Font << /F1 {font} 0 R >> >> /Contents {content} 0 R >>"))
    objects[catalog - 1] = f"<< /Type /Catalog /Pages {pages_obj} 0 R >>".encode("latin-1")
    objects[pages_obj - 1] = (f"<< /Type /Pages /Kids [{' '.join(f'{k} 0 R' for k in kids)}] "
                              f"/Count {len(kids)} >>").encode("latin-1")
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for n, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += f"{n} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{o:010d} 00000 n \n".encode() for o in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root {catalog} 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(data: bytes) -> bytes:
    return f"<< /Length {len(data)} >>\nstream\n".encode() + data + b"\nendstream"
