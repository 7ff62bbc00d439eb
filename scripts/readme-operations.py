#!/usr/bin/env python3
"""Pastes the operation list that ReadmeOperationListTest printed (in its surefire report) into README.md.
Run the test first: ./cognate test -pl cognate-server -Dtest=ReadmeOperationListTest"""
import pathlib, sys
root = pathlib.Path(__file__).resolve().parent.parent
report = (root / "cognate-server/target/surefire-reports/dev.cognate.admin.ReadmeOperationListTest.txt").read_text()
begin = "<!-- operations: generated from the dispatcher, ReadmeOperationListTest prints it -->"
end = "<!-- end of operations -->"
if begin not in report:
    sys.exit("the report has no list: the README already matches, or the test has not run")
block = report[report.index(begin):report.index(end) + len(end)]
readme = root / "README.md"
text = readme.read_text()
readme.write_text(text[:text.index(begin)] + block + text[text.index(end) + len(end):])
print("README.md updated")
