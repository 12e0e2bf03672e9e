"""translator.markup: the text of HTML translated, its markup kept. A dictionary stands in for the model."""

from __future__ import annotations

import lxml.html
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from translator.markup import HtmlDocument, MarkupError, html_text, translate_html

WORDS = {
    "Click here to continue.": "Haga clic aquí para continuar.",
    "Click": "Haga clic",
    "here": "aquí",
    "to continue.": "Para continuar.",  # the model capitalises what it takes for a sentence
    "Press Save and then Close.": "Pulse Guardar y luego Cerrar.",
    "Press": "Pulse",
    "Press Save": "Pulse Save",
    "Save": "Guardar",
    "and then": "y luego",
    "Close": "Cerrar",
    "Good morning": "Buenos días",
    "My page": "Mi página",
    "Welcome": "Bienvenido",
    "The user manual": "El manual del usuario",
    "A red apple": "Una manzana roja",
    "Fish & chips <3": "Pescado y patatas <3",
}


def dictionary(texts: list[str]) -> list[str]:
    return [WORDS.get(text, f"[{text}]") for text in texts]


def test_plain_text_is_one_text_with_its_white_space_kept():
    assert translate_html("  Good morning \n", dictionary) == "  Buenos días \n"


def test_inline_tags_go_around_the_words_that_translate_their_text():
    document = HtmlDocument("<p>Click <b>here</b> to continue.</p>")
    assert document.texts == ["Click here to continue.", "Click", "here", "to continue."]
    assert document.render(dictionary(document.texts)) == "<p>Haga clic <b>aquí</b> para continuar.</p>"
    both = "<p>Press <b>Save</b> and then <i>Close</i>.</p>"
    assert translate_html(both, dictionary) == "<p>Pulse <b>Guardar</b> y luego <i>Cerrar</i>.</p>"


def test_where_an_inline_text_is_not_found_each_text_node_is_translated_in_its_place():
    # The whole sentence's translation holds no "aquí": every text node alone, the tags where they were,
    # and a node that starts in lower case keeps a lower-case start ("Para continuar." -> "para ...").
    words = {**WORDS, "Click here to continue.": "Pulse para seguir."}
    out = translate_html("<p>Click <b>here</b> to continue.</p>", lambda ts: [words[t] for t in ts])
    assert out == "<p>Haga clic <b>aquí</b> para continuar.</p>"


def test_nested_inline_markup_goes_around_its_words():
    out = translate_html("<b>Click <i>here</i></b> to continue.", dictionary)
    assert out == "<b>Haga clic <i>aquí</i></b> para continuar."


def test_blocks_line_breaks_and_images_end_a_unit():
    document = HtmlDocument("<ul><li>Save</li><li>Close<br>Press</li></ul><p>Welcome<img src=a.png>here</p>")
    assert document.texts == ["Save", "Close", "Press", "Welcome", "here"]


def test_code_scripts_and_marked_elements_are_not_translated():
    html = (
        "<p>Press <code>Save</code></p><pre>Close</pre><script>var Close = 1;</script>"
        '<p translate="no">Welcome</p><span class="brand notranslate">Save</span><!-- Close -->'
    )
    document = HtmlDocument(html)
    assert document.texts == ["Press Save", "Press"]  # inline code is a word of its sentence
    assert document.render(dictionary(document.texts)) == html.replace("Press", "Pulse")


def test_readable_attributes_are_translated_and_links_kept():
    html = (
        '<a href="https://example.com/?a=1&amp;b=2" title="The user manual">here</a>'
        '<img alt="A red apple" src=x>'
    )
    out = translate_html(html, dictionary)
    assert 'href="https://example.com/?a=1&amp;b=2"' in out
    assert 'title="El manual del usuario"' in out and 'alt="Una manzana roja"' in out and ">aquí</a>" in out


def test_character_references_are_read_and_written_back_escaped():
    document = HtmlDocument("Fish &amp; chips &lt;3")
    assert document.texts == ["Fish & chips <3"]
    assert document.render(dictionary(document.texts)) == "Pescado y patatas &lt;3"


def test_a_whole_document_keeps_its_doctype_and_translates_its_title():
    out = translate_html(
        "<!DOCTYPE html><html><head><title>My page</title></head><body><h1>Welcome</h1></body></html>",
        dictionary,
    )
    assert out.startswith("<!DOCTYPE html>")
    assert "<title>Mi página</title>" in out and "<h1>Bienvenido</h1>" in out


def test_inline_code_is_translated_with_its_sentence_and_never_changed():
    words = {"Press Ctrl+S to save.": "Pulse Ctrl+S para guardar.", "Press": "Pulse"}
    words["to save."] = "Para guardar."
    out = translate_html("<p>Press <kbd>Ctrl+S</kbd> to save.</p>", lambda texts: [words[t] for t in texts])
    assert out == "<p>Pulse <kbd>Ctrl+S</kbd> para guardar.</p>"
    # the model altered the code's text: each text node alone, the code as it was
    words["Press Ctrl+S to save."] = "Pulse Ctrl+s para guardar."
    out = translate_html("<p>Press <kbd>Ctrl+S</kbd> to save.</p>", lambda texts: [words[t] for t in texts])
    assert out == "<p>Pulse <kbd>Ctrl+S</kbd> para guardar.</p>"


def test_an_inline_number_is_found_as_written():
    words = {
        "1.2 Cylindrical projection": "1.2 Proyección cilíndrica",
        "Cylindrical projection": "Proyección",
    }
    html = "<li><span>1.2</span> <span>Cylindrical projection</span></li>"
    out = translate_html(html, lambda texts: [words[t] for t in texts])
    assert out == "<li><span>1.2</span> <span>Proyección cilíndrica</span></li>"


def test_inline_code_first_keeps_the_words_the_translation_puts_before_it():
    words = {"ls lists files": "Enumera ls archivos", "lists files": "enumera archivos"}
    out = translate_html("<p><code>ls</code> lists files</p>", lambda texts: [words[t] for t in texts])
    assert out == "<p>Enumera <code>ls</code> archivos</p>"


def test_an_empty_inline_element_stays_before_or_after_the_words():
    words = {"Welcome": "Bienvenido", "Welcome home": "Bienvenido a casa", "home": "casa"}
    out = translate_html('<h2><a id="top"></a><b>Welcome</b></h2>', lambda texts: [words[t] for t in texts])
    assert out == '<h2><a id="top"></a><b>Bienvenido</b></h2>'
    out = translate_html(
        '<p><b>Welcome</b> home<a id="end"></a></p>', lambda texts: [words[t] for t in texts]
    )
    assert out == '<p><b>Bienvenido</b> a casa<a id="end"></a></p>'


def test_a_translation_without_words_is_put_in_place():
    out = translate_html("<p>Press <b>Save</b></p>", lambda texts: ["..." for _ in texts])
    assert out == "<p><b>...</b></p>"  # "Save" gave "...", found once: the whole translation


def test_an_inline_element_inside_a_word_is_not_projected():
    words = {"Once upon a time": "Érase una vez", "O": "O", "nce upon a time": "nce upon a time"}
    out = translate_html("<p><b>O</b>nce upon a time</p>", lambda texts: [words[t] for t in texts])
    assert out == "<p><b>O</b>nce upon a time</p>"  # node by node: no "Érase" cut in two


def test_an_inline_translation_found_twice_is_not_guessed():
    words = {"Save or Save": "Guardar o Guardar", "Save": "Guardar", "or": "o"}
    out = translate_html("<b>Save</b> or <i>Save</i>", lambda texts: [words[t] for t in texts])
    assert out == "<b>Guardar</b> o <i>Guardar</i>"  # node by node: right, whichever "Guardar" is which


def test_text_without_letters_is_not_sent():
    assert HtmlDocument("<p>42</p><p>.</p><td>—</td>").texts == []
    assert HtmlDocument("<p>Press <b>Save</b>.</p>").texts == ["Press Save.", "Press", "Save"]


def test_render_again_with_other_translations():
    document = HtmlDocument("<p>Click <b>here</b> to continue.</p>")
    first = document.render(dictionary(document.texts))
    other = document.render(["Pulse aquí para seguir.", "Pulse", "aquí", "para seguir."])
    assert other == "<p>Pulse <b>aquí</b> para seguir.</p>"
    assert document.render(dictionary(document.texts)) == first


def test_empty_html_has_nothing_to_translate():
    for html in ["", "  \n"]:
        document = HtmlDocument(html)
        assert document.texts == [] and document.render([]) == html


def test_control_characters_are_refused_not_dropped():
    with pytest.raises(MarkupError, match="U\\+0001 at character 4"):
        HtmlDocument("<p>a\x01b</p>")


def test_markup_nested_too_deep_is_refused_not_cut_short():
    assert HtmlDocument("<div>" * 100 + "Welcome").texts == ["Welcome"]
    with pytest.raises(MarkupError, match="nested 700 deep; at most 100"):
        HtmlDocument("<span>" * 700 + "Welcome")


def test_translations_must_match_the_texts():
    with pytest.raises(ValueError, match="1 texts, 0 translations"):
        HtmlDocument("Welcome").render([])


def test_html_text_is_the_text_to_translate():
    assert html_text("<p>Good <b>morning</b></p><code>x = 1</code>") == "Good morning Good morning"


TAGS = ["p", "div", "b", "i", "a", "span", "li", "code", "em"]


@st.composite
def fragments(draw, depth: int = 0) -> str:
    parts = []
    for _ in range(draw(st.integers(0, 3))):
        if depth < 3 and draw(st.booleans()):
            tag = draw(st.sampled_from(TAGS))
            parts.append(f"<{tag}>{draw(fragments(depth + 1))}</{tag}>")
        else:
            parts.append(draw(st.sampled_from(["Save", " and then ", "Close", "here", ".", " ", "Welcome"])))
    return "".join(parts)


def _shape(html: str) -> list[str]:
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [element.tag for element in root.iter()]


@settings(max_examples=400, deadline=None)
@given(fragments())
def test_any_markup_comes_back_with_the_same_elements_in_the_same_order(html):
    if not html.strip():
        return
    out = translate_html(html, dictionary)
    assert _shape(out) == _shape(html)
    # the identity "translation" gives the same text back, in the same places
    same = translate_html(html, lambda texts: texts)
    assert _texts(same) == _texts(html)


def _texts(html: str) -> list[tuple[str, str]]:
    """Each element's text and tail, white space collapsed."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    return [(" ".join((e.text or "").split()), " ".join((e.tail or "").split())) for e in root.iter()]


def _garbled(texts: list[str]) -> list[str]:
    """A poor model: words reversed and cut, a word added; often nothing to find."""
    return [" ".join(reversed(t.split()[: max(1, len(t.split()) - 1)])) + " ya" for t in texts]


@settings(max_examples=400, deadline=None)
@given(fragments())
def test_any_translation_keeps_the_markup(html):
    if not html.strip():
        return
    assert _shape(translate_html(html, _garbled)) == _shape(html)


def test_a_text_found_twice_is_not_looked_for_as_a_near_match():
    # ".Save" is in "Save.Save .Save" twice: node by node, not the near match of one of its words
    html = "<b>Save.Save</b><b> .Save</b>"
    assert translate_html(html, lambda texts: texts) == html
