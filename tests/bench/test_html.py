"""python -m bench html: pages translated as the command line does, with what markup.py placed."""

from __future__ import annotations

from bench.html import main


def test_a_page_gets_its_row_and_its_translation(tmp_path, model_dir, capsys):
    page = tmp_path / "page.html"
    page.write_text("<h1>the lord</h1><p>god and <b>the earth</b></p><pre>x</pre>", encoding="utf-8")
    out_dir = tmp_path / "out"
    code = main(["--model", str(model_dir), "--decode", "greedy", "--out-dir", str(out_dir), str(page)])
    assert code == 0
    table = capsys.readouterr().out
    row = next(line for line in table.splitlines() if line.startswith("| `page.html`"))
    cells = [cell.strip() for cell in row.strip("|").split("|")]
    # characters; texts: the heading, the paragraph whole and its two nodes; one unit with an inline element
    assert cells[1:4] == [str(len(page.read_text(encoding="utf-8"))), "4", "1"]
    assert cells[4] in ("0", "1")
    translated = (out_dir / "page.html").read_text(encoding="utf-8")
    assert translated.startswith("<h1>") and translated.endswith("</p><pre>x</pre>")


def test_an_unreadable_page_is_a_message(tmp_path, model_dir, capsys):
    code = main(["--model", str(model_dir), str(tmp_path / "absent.html")])
    assert code == 2 and "absent.html: cannot read it" in capsys.readouterr().err
