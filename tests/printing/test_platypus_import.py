"""Printing imports ReportLab's paragraphs with their web-address pattern compiled only on first use
(counter_app/printing/platypus_import.py): in a fresh process the pattern is the stand-in, and it finds and
splits web addresses — alone and inside a wrapped paragraph — exactly as the compiled pattern does."""

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
from reportlab.platypus import paragraph

ADDRESSES = ["https://egov.kz/cms/ru/services/family/pass_onlinechild", "http://127.0.0.1:8080/a/b/",
             "ftp://user@files.example.org/x", "www.gov.kz", "not an address", "https://қазақстан.kz/а/б"]

def outcome():
    style = ParagraphStyle("narrow", fontName="Helvetica", fontSize=10, uriWasteReduce=0.3)
    text = "Портал: " + " ".join(ADDRESSES)
    para = paragraph.Paragraph(text, style)
    para.wrap(90, 1000)
    lines = [[str(word) for word in line[1]] if isinstance(line, tuple) else str(line) for line in para.blPara.lines]
    return {"pairs": [paragraph._uri_split_pairs(a) for a in ADDRESSES], "lines": lines}

stand_in = type(paragraph.uri_pat).__name__
deferred = outcome()
paragraph.uri_pat = re.compile(paragraph.uri_pat.pattern, paragraph.uri_pat.flags)
compiled = outcome()
print(json.dumps({"stand_in": stand_in, "deferred": deferred, "compiled": compiled}))
"""


def test_the_web_address_pattern_is_compiled_on_first_use_and_works_the_same():
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    done = subprocess.run([sys.executable, "-c", SCRIPT], env=env, check=True, capture_output=True, text=True)
    found = json.loads(done.stdout)
    assert found["stand_in"] == "PatternOnFirstUse"
    assert found["deferred"] == found["compiled"]
    assert found["compiled"]["pairs"][0]  # the address was found and split, so the pattern was used
    assert found["compiled"]["pairs"][4] is None
