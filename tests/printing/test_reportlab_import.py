"""Printing imports ReportLab without its start-up waste (counter_app/printing/reportlab_import.py), in a fresh
process each: the paragraphs' web-address and CJK patterns are stand-ins compiled on first use that finds and splits web
addresses — alone and inside a wrapped paragraph — and mark CJK characters exactly as the compiled patterns do; Code 128 comes without
the barcode package's other symbologies, and the package imported afterwards works and has the same class."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

SCRIPT = """
import json, re
import counter_app.printing
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib import textsplit
from reportlab.platypus import paragraph

ADDRESSES = ["https://egov.kz/cms/ru/services/family/pass_onlinechild", "http://127.0.0.1:8080/a/b/",
             "ftp://user@files.example.org/x", "www.gov.kz", "not an address", "https://қазақстан.kz/а/б"]

def outcome():
    style = ParagraphStyle("narrow", fontName="Helvetica", fontSize=10, uriWasteReduce=0.3)
    text = "Портал: " + " ".join(ADDRESSES)
    para = paragraph.Paragraph(text, style)
    para.wrap(90, 1000)
    lines = [[str(word) for word in line[1]] if isinstance(line, tuple) else str(line) for line in para.blPara.lines]
    cjk = textsplit.rx.sub(r"\\1\\0 ", "漢字の行 Қазақ тілі 汉字")  # as cjkwrap (which lacks its reduce) would
    return {"pairs": [paragraph._uri_split_pairs(a) for a in ADDRESSES], "lines": lines, "cjk": cjk}

stand_in = [type(paragraph.uri_pat).__name__, type(textsplit.rx).__name__]
deferred = outcome()
paragraph.uri_pat = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
textsplit.rx = re.compile(textsplit.rx.pattern, textsplit.rx.flags)
compiled = outcome()
print(json.dumps({"stand_in": stand_in, "deferred": deferred, "compiled": compiled}))
"""


def test_the_web_address_pattern_is_compiled_on_first_use_and_works_the_same():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True, text=True)
    found = json.loads(done.stdout)
    assert found["stand_in"] == ["PatternOnFirstUse", "PatternOnFirstUse"]
    assert found["deferred"] == found["compiled"]
    assert found["compiled"]["pairs"][0]  # the address was found and split, so the pattern was used
    assert found["compiled"]["pairs"][4] is None
    assert found["compiled"]["cjk"].count("\u0000 ") == 6  # after each CJK character, so the pattern was used


BARCODES = """
import json, sys
from counter_app.printing.reportlab_import import Code128
before = sorted(name for name in sys.modules if name.startswith("reportlab.graphics"))
from reportlab.graphics import barcode
from reportlab.graphics.barcode import code128, createBarcodeDrawing
drawing = createBarcodeDrawing("Code128", value="4-20261123-0001")
print(json.dumps({"before": before, "same": code128.Code128 is Code128, "codes": sorted(barcode.getCodes()),
                  "width": drawing.width, "ours": Code128("4-20261123-0001").width}))
"""


def test_code_128_comes_alone_and_the_barcode_package_still_works_after():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run(
        [sys.executable, "-c", BARCODES], env=env, check=True, capture_output=True, text=True
    )
    found = json.loads(done.stdout)
    assert "reportlab.graphics.barcode.widgets" not in found["before"]
    assert "reportlab.graphics.barcode.code128" in found["before"]
    assert found["same"]
    assert {"Code128", "QR", "EAN13"} <= set(found["codes"])
    assert found["width"] > 0 and found["ours"] > 0
