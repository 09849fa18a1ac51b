#!/usr/bin/env python3
"""Writes the two workbooks of the serve tests (an establishment's data template saved by a
spreadsheet): declaration.xlsx (080000037, ambu 2019 = 59, in cell D2) and declaration_bad.xlsx
(the same with "soixante" in D2). Inline strings only, fixed zip dates: the same bytes each run.

  python3 tests/data/serve/make_workbooks.py        (from the repository root)
"""
import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DATE = (2024, 1, 1, 0, 0, 0)


def text(ref, value):
    return f'<c r="{ref}" t="inlineStr"><is><t>{value}</t></is></c>'


def write(name, value_cell):
    rows = ('<row r="1">' + text("A1", "finess") + text("B1", "indicateur") + text("C1", "periode") +
            text("D1", "valeur") + '</row><row r="2">' + text("A2", "080000037") + text("B2", "ambu") +
            '<c r="C2"><v>2019</v></c>' + value_cell + '</row>')
    parts = [
        ("[Content_Types].xml", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'),
        ("xl/workbook.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}><sheets>'
                            '<sheet name="Valeurs" sheetId="1" r:id="rId1"/></sheets></workbook>'),
        ("xl/_rels/workbook.xml.rels", '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                                       '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                                       '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                                       'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'),
        ("xl/worksheets/sheet1.xml", f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}>'
                                     f'<sheetData>{rows}</sheetData></worksheet>'),
    ]
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, content in parts:
            info = zipfile.ZipInfo(part, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, content.encode("utf-8"))


write("declaration.xlsx", '<c r="D2"><v>59</v></c>')
write("declaration_bad.xlsx", text("D2", "soixante"))
