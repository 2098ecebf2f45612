# SPDX-License-Identifier: MIT
# Makes the workbooks the reading tests read, with openpyxl (an independent library: never
# our writer). Usage: make_workbooks.py OUTDIR [KIND...]; kinds: small (default), big,
# bench ROWS. Run it with Debian's /usr/bin/python3, which has python3-openpyxl.
import datetime
import os
import sys
import zipfile

import openpyxl
from openpyxl.styles import Font
from openpyxl.utils.datetime import CALENDAR_MAC_1904


def types_workbook(path):
    # Normal mode: strings go to the shared strings table.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "Data"
    ws.append(["id", "name", "amount", "price", "big", "active", "joined", "seen", "zip", "when"])
    ws.append([1, "Acme", 100000, 0.1, 1e20, True, datetime.date(2024, 3, 31),
               datetime.datetime(2024, 3, 31, 13, 45, 30), "00123", datetime.time(13, 45, 30)])
    ws.append([2, "Beta", 100000.0, 1 / 3, 123456789012345, False, datetime.date(1900, 1, 15),
               datetime.datetime(1999, 12, 31, 23, 59, 59), "1E5", None])
    ws.append([3, None, -0.5, 1234567.891, 0.0000001, None, None, None, "007", None])
    # A sparse row: only A5 and E5 (B..D are missing from the XML).
    ws["A5"] = 4
    ws["E5"] = 42
    # A merged area: Excel keeps the value in its top-left cell only.
    ws["A6"] = 5
    ws["B6"] = "Merged"
    ws.merge_cells("B6:C6")
    # A date in a custom day-first format.
    ws["A7"] = 6
    ws["G7"] = datetime.date(2023, 12, 1)
    ws["G7"].number_format = "dd/mm/yyyy"
    ws["A8"] = 7
    ws["D8"] = 2.5
    ws["D8"].number_format = '0.00 "days"'
    wb.save(path)


def inline_workbook(path):
    # Write-only mode: strings are inline strings.
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Inline")
    ws.append(["id", "name", "zip"])
    ws.append([1, "Acme", "00123"])
    ws.append([2, "Beta & Co <b>", "0"])
    wb.save(path)


def sheets_workbook(path):
    wb = openpyxl.Workbook()
    empty = wb.active
    empty.title = "Empty"
    empty["A1"].font = Font(bold=True)  # styled, but no value
    companies = wb.create_sheet("Companies")
    companies.append(["name", "externalId"])
    companies.append(["Acme", "A-1"])
    other = wb.create_sheet("Other")
    other.append(["title only"])
    other.append([])
    other.append(["name", "phase"])
    other.append(["Beta", "Onboarding"])
    wb.save(path)


def epoch1904_workbook(path):
    wb = openpyxl.Workbook()
    wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.title = "Mac"
    ws.append(["joined", "seen"])
    ws.append([datetime.date(2024, 3, 31), datetime.datetime(2024, 3, 31, 6, 0, 0)])
    wb.save(path)


def formula_workbook(path):
    # openpyxl stores formulas without a cached value: LibreOffice recalculates them.
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "F"
    ws.append(["name", "amount", "total", "text"])
    ws.append(["Acme", 2, "=B2*21", '="x"&A2'])
    ws.append(["Bad", 0, "=1/B3", "=A3"])
    wb.save(path)


def rich_fods(path):
    # Flat OpenDocument with a cell of styled runs: LibreOffice writes them as rich text.
    with open(path, "w", encoding="utf-8") as f:
        f.write("""<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 office:version="1.2" office:mimetype="application/vnd.oasis.opendocument.spreadsheet">
<office:automatic-styles><style:style style:name="T1" style:family="text">
<style:text-properties fo:font-weight="bold"/></style:style></office:automatic-styles>
<office:body><office:spreadsheet><table:table table:name="Rich">
<table:table-row><table:table-cell office:value-type="string"><text:p>note</text:p>
</table:table-cell></table:table-row>
<table:table-row><table:table-cell office:value-type="string"><text:p>Hello <text:span
 text:style-name="T1">bold</text:span> world</text:p></table:table-cell></table:table-row>
</table:table></office:spreadsheet></office:body></office:document>
""")


def broken_files(out):
    with open(os.path.join(out, "notzip.xlsx"), "w") as f:
        f.write("name,id\nAcme,1\n")
    whole = open(os.path.join(out, "types.xlsx"), "rb").read()
    with open(os.path.join(out, "truncated.xlsx"), "wb") as f:
        f.write(whole[: len(whole) // 2])
    # How Excel stores a password-protected workbook: an OLE2 compound file.
    with open(os.path.join(out, "encrypted.xlsx"), "wb") as f:
        f.write(bytes.fromhex("D0CF11E0A1B11AE1") + bytes(504))
    with zipfile.ZipFile(os.path.join(out, "letter.docx"), "w") as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("word/document.xml", "<document/>")
    # A workbook whose sheet XML breaks off in its fourth row.
    with zipfile.ZipFile(os.path.join(out, "types.xlsx")) as source, zipfile.ZipFile(
        os.path.join(out, "badsheet.xlsx"), "w", zipfile.ZIP_DEFLATED
    ) as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                cut = data.index(b'<row r="4"')
                data = data[: cut + 40] + b"<oops"
            target.writestr(item, data)


def big_workbook(path, rows, columns):
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("Big")
    ws.append(["col%d" % i for i in range(columns)])
    if columns == 1:
        # One long text cell per row: the most XML for the least time openpyxl takes.
        for r in range(rows):
            ws.append(["Company %07d %s" % (r + 1, "x" * 100)])
        wb.save(path)
        return
    for r in range(rows):
        row = [r + 1, "Company %d" % r, r * 0.25, "ext-%07d" % r, r % 2 == 0]
        ws.append((row * ((columns + 4) // 5))[:columns])
    wb.save(path)


def main():
    out = sys.argv[1]
    kinds = sys.argv[2:] or ["small"]
    if kinds[0] == "small":
        types_workbook(os.path.join(out, "types.xlsx"))
        inline_workbook(os.path.join(out, "inline.xlsx"))
        sheets_workbook(os.path.join(out, "sheets.xlsx"))
        epoch1904_workbook(os.path.join(out, "epoch1904.xlsx"))
        formula_workbook(os.path.join(out, "formula.xlsx"))
        rich_fods(os.path.join(out, "rich.fods"))
        broken_files(out)
    elif kinds[0] == "big":
        big_workbook(os.path.join(out, "big.xlsx"), int(kinds[1]), int(kinds[2]))
    else:
        sys.exit("unknown kind " + kinds[0])


main()
