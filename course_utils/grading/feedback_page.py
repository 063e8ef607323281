"""The feedback page's exporter: nbgrader's feedback template, made readable offline and on a narrow screen.

nbgrader's template loads MathJax from a CDN to draw the formulas, so without a network a student reads raw TeX;
here every formula of a markdown cell becomes MathML, which browsers draw themselves, and the page loads nothing.
Output and error blocks wrap their long lines (quiz explanations, check messages) and figures shrink to the page's
width, instead of hiding behind a sideways scroll bar.
"""
import html
import re

from bs4 import BeautifulSoup, Comment
from jinja2 import pass_context
from latex2mathml.commands import FUNCTIONS
from latex2mathml.converter import convert
from nbconvert.exporters import HTMLExporter
from nbconvert.filters.markdown_mistune import IPythonRenderer, MarkdownWithMath

PAGE_CSS = """
div.output_area pre { white-space: pre-wrap; word-break: normal; overflow-wrap: anywhere; }
div.output_area img { max-width: 100%; height: auto; }
math { font-size: 1.1em; }
math[display="block"] { margin: 0.5em 0; }
code.unrendered-math { color: #a94442; }
"""
# HTML needs no namespace on <math>, and nbconvert's heading anchors (add_anchor, through ElementTree) would turn
# latex2mathml's into an ns0: prefix on every tag of a formula in a heading, which browsers don't draw.
MATHML_NAMESPACE = ' xmlns="http://www.w3.org/1998/Math/MathML"'
# latex2mathml writes \log, \exp, ... as a bare <mi>, which browsers set flush against what follows ("loga");
# TeX puts a thin space there.
FUNCTION_NAME = re.compile("<mi>({})</mi>".format("|".join(name.lstrip("\\") for name in FUNCTIONS)))


class MathMLRenderer(IPythonRenderer):
    """nbconvert's markdown renderer with each formula as MathML (a formula latex2mathml can't read stays TeX)."""

    def __init__(self, *args, log, **kwargs):
        super().__init__(*args, **kwargs)
        self.log = log

    def inline_math(self, body):
        return self._mathml(body, "inline", f"${body}$")

    def block_math(self, body):
        return self._mathml(body, "block", f"$${body}$$")

    def _mathml(self, tex, display, written):
        try:
            mathml = convert(tex, display=display).replace(MATHML_NAMESPACE, "", 1)
        except Exception as error:  # latex2mathml raises a different class for each kind of mistake
            self.log.warning("Formula %r left as TeX on the feedback page: %s", written, type(error).__name__)
            return f'<code class="unrendered-math">{html.escape(written)}</code>'
        return FUNCTION_NAME.sub(r'<mi>\1</mi><mspace width="0.1667em" />', mathml)


class FeedbackExporter(HTMLExporter):
    """HTMLExporter for `nbgrader generate_feedback` (c.GenerateFeedback.exporter_class)."""

    @pass_context
    def markdown2html(self, context, source):
        """HTMLExporter.markdown2html with MathMLRenderer in place of IPythonRenderer."""
        cell = context.get("cell", {})
        renderer = MathMLRenderer(escape=False, attachments=cell.get("attachments", {}), embed_images=self.embed_images,
                                  path=context.get("resources", {}).get("metadata", {}).get("path", ""),
                                  anchor_link_text=self.anchor_link_text,
                                  exclude_anchor_links=self.exclude_anchor_links, log=self.log, **self.lexer_options)
        return MarkdownWithMath(renderer=renderer).render(source)

    def from_notebook_node(self, nb, resources=None, **kw):
        page, resources = super().from_notebook_node(nb, resources, **kw)
        soup = BeautifulSoup(page, features="html.parser")
        # nbgrader's template calls nbconvert's mathjax() macro: the CDN script, its configuration and comments.
        for script in soup.find_all("script"):
            if "mathjax" in (script.get("src", "") + script.get("type", "")).lower():
                script.decompose()
        for comment in soup.find_all(string=lambda text: isinstance(text, Comment) and "mathjax" in text.lower()):
            comment.extract()
        style = soup.new_tag("style", type="text/css")
        style.string = PAGE_CSS
        soup.head.append(style)
        return str(soup), resources
