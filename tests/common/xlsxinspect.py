#!/usr/bin/python3
# SPDX-License-Identifier: MIT
"""Prints what an .xlsx holds as JSON, read with openpyxl (a library independent of the
writer under test): every sheet's state, frozen panes, column widths, data validations
(from the sheet XML, whose defaults openpyxl 3.0 reads wrongly) and cells with their type
(text, number, bool, date), value, number format, bold, font colour and comment."""
import datetime
import json
import posixpath
import sys
import xml.etree.ElementTree as ET
import zipfile

try:
    import openpyxl
except ImportError:
    sys.stderr.write("openpyxl is missing: install python3-openpyxl (scripts/deps does)\n")
    sys.exit(3)

MAIN = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
REL = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
PKG = "{http://schemas.openxmlformats.org/package/2006/relationships}"


def sheet_files(path):
    """Sheet name -> its XML part inside the zip."""
    with zipfile.ZipFile(path) as archive:
        workbook = ET.fromstring(archive.read("xl/workbook.xml"))
        rels = ET.fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        targets = {r.get("Id"): r.get("Target") for r in rels.iter(PKG + "Relationship")}
        files = {}
        for sheet in workbook.iter(MAIN + "sheet"):
            target = targets[sheet.get(REL + "id")]
            files[sheet.get("name")] = posixpath.normpath(
                target.lstrip("/") if target.startswith("/") else "xl/" + target)
        return files


def validations(path, part):
    with zipfile.ZipFile(path) as archive:
        root = ET.fromstring(archive.read(part))
    result = []
    for dv in root.iter(MAIN + "dataValidation"):
        formula = dv.find(MAIN + "formula1")
        result.append({
            "sqref": dv.get("sqref"),
            "type": dv.get("type"),
            "formula1": formula.text if formula is not None else None,
            "showError": dv.get("showErrorMessage") == "1",
            "prompt": dv.get("prompt"),
        })
    return result


def cell_json(cell):
    value = cell.value
    if value is None:
        return None
    if isinstance(value, bool):
        kind = "bool"
    elif isinstance(value, (datetime.datetime, datetime.date)):
        kind = "date"
        value = value.isoformat()
    elif isinstance(value, (int, float)):
        kind = "number"
    else:
        kind = "text"
        value = str(value)
    color = None
    if cell.font is not None and cell.font.color is not None and cell.font.color.type == "rgb":
        color = cell.font.color.rgb
    return {
        "type": kind,
        "value": value,
        "format": cell.number_format,
        "bold": bool(cell.font.b) if cell.font is not None else False,
        "color": color,
        "comment": cell.comment.text if cell.comment is not None else None,
    }


def main():
    path = sys.argv[1]
    parts = sheet_files(path)
    workbook = openpyxl.load_workbook(path)
    sheets = []
    for sheet in workbook.worksheets:
        widths = {}
        for letter, dimension in sheet.column_dimensions.items():
            if dimension.customWidth and dimension.width:
                widths[letter] = dimension.width
        sheets.append({
            "name": sheet.title,
            "state": sheet.sheet_state,
            "freeze": sheet.freeze_panes,
            "widths": widths,
            "validations": validations(path, parts[sheet.title]),
            "rows": [[cell_json(cell) for cell in row] for row in sheet.iter_rows()],
        })
    json.dump({"sheets": sheets}, sys.stdout)


main()
