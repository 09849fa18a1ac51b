#!/usr/bin/env python3
"""Writes the small .xlsx workbooks of tests/data/xlsx/ (unit tests of engine/ingest/xlsx_reader).

Each workbook is written part by part, as Excel lays it out ([Content_Types].xml, xl/workbook.xml,
xl/_rels/workbook.xml.rels, xl/styles.xml, xl/sharedStrings.xml, xl/worksheets/sheetN.xml), so that
each test knows exactly which cells, styles and strings it reads; some are broken on purpose.
The zip entries carry a fixed date, so running the script again gives the same bytes.

  python3 tests/data/xlsx/make_workbooks.py        (from the repository root)
"""
import pathlib
import zipfile

HERE = pathlib.Path(__file__).resolve().parent
NS = 'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' \
     'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"'
DATE = (2024, 1, 1, 0, 0, 0)


def write_zip(name, parts):
    with zipfile.ZipFile(HERE / name, "w", zipfile.ZIP_DEFLATED) as archive:
        for part, text in parts:
            info = zipfile.ZipInfo(part, DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, text.encode("utf-8") if isinstance(text, str) else text)


def workbook(sheets, strings=None, styles=None, date1904=False, sheet_xml=None):
    """sheets: [(name, rows_xml)]; strings: shared strings (each an <si> body); styles: numFmt and xf."""
    content = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' \
              '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>'
    book = f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook {NS}>' + \
           (f'<workbookPr date1904="1"/>' if date1904 else '<workbookPr/>') + '<sheets>' + \
           ''.join(f'<sheet name="{n}" sheetId="{i + 1}" r:id="rId{i + 1}"/>' for i, (n, _) in enumerate(sheets)) + \
           '</sheets></workbook>'
    rels = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' \
           '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' + \
           ''.join(f'<Relationship Id="rId{i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                   f'relationships/worksheet" Target="worksheets/sheet{i + 1}.xml"/>' for i in range(len(sheets))) + \
           '<Relationship Id="rIdS" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/' \
           'sharedStrings" Target="sharedStrings.xml"/>' \
           '<Relationship Id="rIdY" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/' \
           'styles" Target="styles.xml"/></Relationships>'
    parts = [("[Content_Types].xml", content), ("xl/workbook.xml", book), ("xl/_rels/workbook.xml.rels", rels)]
    if styles is not None:
        parts.append(("xl/styles.xml", f'<?xml version="1.0" encoding="UTF-8"?>\n<styleSheet {NS}>{styles}</styleSheet>'))
    if strings is not None:
        parts.append(("xl/sharedStrings.xml",
                      f'<?xml version="1.0" encoding="UTF-8"?>\n<sst {NS} count="{len(strings)}" uniqueCount="{len(strings)}">' +
                      ''.join(f'<si>{s}</si>' for s in strings) + '</sst>'))
    for i, (_, rows) in enumerate(sheets):
        xml = sheet_xml[i] if sheet_xml and i in sheet_xml else \
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet {NS}><dimension ref="A1:Z9"/>' \
            f'<sheetData>{rows}</sheetData></worksheet>'
        parts.append((f"xl/worksheets/sheet{i + 1}.xml", xml))
    return parts


def t(text):
    return f'<t>{text}</t>'


# Dates: style 1 is built-in format 14 (a date), style 2 the custom "dd/mm/yyyy", style 3 "0.00" (a number).
STYLES = '<numFmts count="2"><numFmt numFmtId="164" formatCode="dd/mm/yyyy"/><numFmt numFmtId="165" formatCode="0.00"/></numFmts>' \
         '<cellStyleXfs count="1"><xf numFmtId="0"/></cellStyleXfs>' \
         '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="165"/></cellXfs>'

# values.xlsx: a notes sheet first, then the values (the import goldens read it with --sheet).
#   shared strings: 0 finess, 1 annee, 2 P12, 3 P1, 4 maj, 5 080000615, 6 .c, 7 Lisez-moi, 8 "Données 2019"
VALUES_STRINGS = [t("finess"), t("annee"), t("P12"), t("P1"), t("maj"), t("080000615"), t(".c"),
                  t("Valeurs Hospi Diag 2019, recopiées à la main"), '<r><t>Données </t></r><r><t>2019</t></r>']
VALUES_ROWS = (
    '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
    '<row r="2"><c r="A2" t="s"><v>5</v></c><c r="B2"><v>2019</v></c><c r="C2" s="3"><v>37.64</v></c>'
    '<c r="D2"><v>0.953</v></c><c r="E2" s="1"><v>43646</v></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>080000037</t></is></c><c r="B3"><v>2019</v></c>'
    '<c r="C3"><v>12.5</v></c><c r="D3"><v>1.02</v></c><c r="E3" s="2"><v>43677</v></c></row>'
    '<row r="4" spans="1:5"/>'
    '<row r="5"><c r="A5" t="str"><v>080001969</v></c><c r="B5"><v>2019</v></c><c r="C5" t="s"><v>6</v></c>'
    '<c r="E5" s="1"><v>43646</v></c></row>'
)
NOTES_ROWS = '<row r="1"><c r="A1" t="s"><v>7</v></c></row><row r="2"><c r="A2" t="s"><v>8</v></c></row>'
write_zip("values.xlsx", workbook([("Lisez-moi", NOTES_ROWS), ("Données", VALUES_ROWS)], VALUES_STRINGS, STYLES))

# values_bad.xlsx: G2 has no header, D3 is not a number, C5 is outside the catalog's range.
BAD_ROWS = VALUES_ROWS.replace('<c r="D3"><v>1.02</v></c>', '<c r="D3" t="inlineStr"><is><t>1,02 env.</t></is></c>') \
                      .replace('<c r="C5" t="s"><v>6</v></c>', '<c r="C5"><v>137.5</v></c>') \
                      .replace('<c r="E2" s="1"><v>43646</v></c></row>',
                               '<c r="E2" s="1"><v>43646</v></c><c r="G2" t="inlineStr"><is><t>vu</t></is></c></row>')
write_zip("values_bad.xlsx", workbook([("Lisez-moi", NOTES_ROWS), ("Données", BAD_ROWS)], VALUES_STRINGS, STYLES))

# cells.xlsx: every kind of cell the reader knows, in one sheet "Cellules".
CELL_STRINGS = [t("texte"), '<r><rPr><b/></rPr><t>gras</t></r><r><t xml:space="preserve"> et maigre</t></r>',
                '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh>', t("a\tb\nc")]
CELL_ROWS = (
    '<row r="2"><c r="B2" t="s"><v>0</v></c><c r="C2" t="s"><v>1</v></c><c r="D2" t="s"><v>2</v></c></row>'
    '<row r="3"><c r="B3"><v>1.5E-3</v></c><c r="C3" t="b"><v>1</v></c><c r="D3" t="e"><v>#DIV/0!</v></c>'
    '<c r="F3" t="inlineStr"><is><r><t>in</t></r><r><t>line</t></r></is></c></row>'
    '<row r="4"><c s="1"><v>45351</v></c><c s="2"><v>1</v></c><c s="1"><v>61.5</v></c><c s="3"><v>43646</v></c>'
    '<c t="s"><v>3</v></c><c><f>1+1</f><v>2</v></c></row>'
)
write_zip("cells.xlsx", workbook([("Cellules", CELL_ROWS)], CELL_STRINGS, STYLES))
# dates1904.xlsx: the Mac date system (serial 0 = 1904-01-01).
write_zip("dates1904.xlsx", workbook([("Feuil1", '<row r="1"><c r="A1"><v>h</v></c></row>'
                                                '<row r="2"><c r="A2" s="1"><v>42185</v></c></row>')],
                                     [], STYLES, date1904=True))

# header_problems.xlsx: the header is on row 3 (rows 1-2 empty), C3 has no name, E3 repeats B3.
write_zip("header_problems.xlsx", workbook([("Feuil1",
    '<row r="1"/><row r="3"><c r="A3" t="inlineStr"><is><t>finess</t></is></c><c r="B3" t="inlineStr"><is><t>P12</t></is></c>'
    '<c r="D3" t="inlineStr"><is><t>P1</t></is></c><c r="E3" t="inlineStr"><is><t>P12</t></is></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>080000615</t></is></c><c r="B4"><v>1</v></c></row>')]))

# Broken on purpose.
write_zip("broken_xml.xlsx", workbook([("Feuil1", "")], sheet_xml={0: f'<worksheet {NS}><sheetData><row r="1"><c r="A1"><v>1</v></c>'}))
write_zip("bad_shared_string.xlsx", workbook([("Feuil1", '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>7</v></c></row>')],
                                             [t("finess")]))
write_zip("row_beyond_limit.xlsx", workbook([("Feuil1", '<row r="1"><c r="A1"><v>1</v></c></row>'
                                                        '<row r="1048577"><c r="A1048577"><v>2</v></c></row>')]))
LAUGHS = '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">' \
         '<!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>' \
         f'<worksheet {NS}><sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>&lol3;</t></is></c></row></sheetData></worksheet>'
write_zip("entities.xlsx", workbook([("Feuil1", "")], sheet_xml={0: LAUGHS}))
# big_part.xlsx: 2 MB of spaces inside the sheet (a few kilobytes compressed): over a 1 MB limit.
write_zip("big_part.xlsx", workbook([("Feuil1", '<row r="1"><c r="A1"><v>1</v></c></row>' + ' ' * (2 << 20))]))
write_zip("no_workbook.zip", [("mimetype", "application/vnd.oasis.opendocument.spreadsheet"), ("content.xml", "<x/>")])
(HERE / "not_a_zip.xlsx").write_text("finess;P12\n080000615;37,64\n", encoding="utf-8")
