"""Template code out of a page's text, its readable text kept: Liquid (Jekyll), Nunjucks (Eleventy), Hugo
shortcodes, MDX imports and JSX, and admonition fences.

A site generator runs this code when it builds the site; findit reads the sources, where it would be
noise in the index (`{% include tags.html %}`, `{{ seriesName }}`). What a reader of the built page
sees is kept: the inner text of block tags and shortcodes (`{{% callout %}}text{{% /callout %}}`), the
`text=` or `title=` of a shortcode, the title of an admonition."""

from __future__ import annotations

import re

# Comments: Nunjucks/Jinja {# #}, Liquid {% comment %}…{% endcomment %}, Hugo {{/* */}}.
_COMMENTS = re.compile(
    r"\{#.*?#\}|\{%-?\s*comment\s*-?%\}.*?\{%-?\s*endcomment\s*-?%\}|\{\{<?%?\s*/\*.*?\*/\s*[>%]?\}\}",
    re.DOTALL,
)
# Hugo shortcodes: {{< name args >}} / {{% name args %}} and their closing tags.
SHORTCODE = re.compile(r"\{\{[<%]-?\s*(?P<close>/?)\s*(?P<name>[\w./-]+)(?P<args>(?:[^}\"]|\"[^\"]*\")*?)-?[>%]\}\}")
_ARG = re.compile(r'\b(?P<key>text|title|caption|alt)\s*=\s*"(?P<value>[^"]*)"')
# Liquid and Nunjucks statements {% … %} and expressions {{ … }}, whitespace control included.
_STATEMENT = re.compile(r"\{%-?.*?-?%\}", re.DOTALL)
_EXPRESSION = re.compile(r"\{\{-?.*?-?\}\}", re.DOTALL)
# Admonitions: ":::note Titre" … ":::" (Docusaurus, VuePress, markdown-it-container), "!!! note "Titre""
# (MkDocs, content indented under it), "> [!NOTE]" (GitHub).
_FENCE = re.compile(r"^\s*:{3,}\s*\{?[\w.-]*\}?\s*(?P<title>[^:{}]*?)\s*(?:\{[^}]*\})?\s*$")
_MKDOCS = re.compile(r"^(?:!!!|\?\?\?\+?)\s*[\w-]+(?:\s+\"(?P<title>[^\"]*)\")?\s*$")
_GITHUB_ALERT = re.compile(r"^(\s*>\s*)\[!(?:NOTE|TIP|IMPORTANT|WARNING|CAUTION)\]\s*$", re.MULTILINE | re.IGNORECASE)
# MDX: ES module lines, and JSX expressions in braces.
_MDX_IMPORT = re.compile(r"^(?:import\s.+?from\s+['\"][^'\"]+['\"];?|import\s+['\"][^'\"]+['\"];?)\s*$", re.MULTILINE)
_CODE_FENCE = re.compile(r"^(\s*)(```|~~~)")


def strip_template_code(text: str, mdx: bool = False) -> str:
    """The text without template code (see the module's docstring); Markdown and HTML are left as they
    are for the Markdown reader."""
    if "{" in text:
        text = _COMMENTS.sub("", text)
        text = SHORTCODE.sub(_shortcode, text)
        text = _STATEMENT.sub("", text)
        text = _EXPRESSION.sub("", text)
    if mdx:
        text = _strip_mdx(text)
    if ":::" in text or "!!!" in text or "???" in text:
        text = _admonitions(text)
    if "[!" in text:
        text = _GITHUB_ALERT.sub(r"\1", text)
    return text


def _shortcode(match: re.Match) -> str:
    """A shortcode gives its visible text (text=, then title=, caption=, alt=); a closing one nothing."""
    if match["close"]:
        return ""
    values = {m["key"]: m["value"] for m in _ARG.finditer(match["args"] or "")}
    for key in ("text", "title", "caption", "alt"):
        if values.get(key):
            following = match.string[match.end() : match.end() + 1]
            return values[key] + (" " if following.isalnum() else "")  # "détails{{< /x >}}Gridviz"
    return ""


def _admonitions(text: str) -> str:
    out: list[str] = []
    indented = False
    in_code = False
    for line in text.split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
        if in_code:
            out.append(line)
            continue
        if indented:
            if line.startswith(("    ", "\t")) or not line.strip():
                out.append(line[4:] if line.startswith("    ") else line.lstrip("\t"))
                continue
            indented = False
        fence = _FENCE.match(line)
        if fence:
            out.append(fence["title"] or "")
            out.append("")
            continue
        mkdocs = _MKDOCS.match(line)
        if mkdocs:
            out.extend([mkdocs["title"] or "", ""])
            indented = True
            continue
        out.append(line)
    return "\n".join(out)


def _strip_mdx(text: str) -> str:
    """MDX: `import`/`export` statements and `{expressions}` removed outside code; JSX tags are left for the
    HTML reader, which keeps their inner text."""
    out: list[str] = []
    in_code = False
    export_depth = 0
    for line in text.split("\n"):
        if _CODE_FENCE.match(line):
            in_code = not in_code
            out.append(line)
            continue
        if in_code:
            out.append(line)
            continue
        if export_depth or line.startswith("export "):
            export_depth = max(0, export_depth + line.count("{") + line.count("(") - line.count("}") - line.count(")"))
            continue
        out.append(line)
    text = _MDX_IMPORT.sub("", "\n".join(out))
    return _remove_braces(text)


def _remove_braces(text: str) -> str:
    """JSX expressions `{…}` (nested braces included) removed, except inside code fences and spans."""
    out: list[str] = []
    depth = 0
    in_code = False
    for line in text.split("\n"):
        if _CODE_FENCE.match(line) and not depth:
            in_code = not in_code
            out.append(line)
            continue
        if in_code:
            out.append(line)
            continue
        kept: list[str] = []
        ticks = False
        for char in line:
            if char == "`" and not depth:
                ticks = not ticks
            if ticks:
                kept.append(char)
            elif char == "{":
                depth += 1
            elif char == "}" and depth:
                depth -= 1
            elif not depth:
                kept.append(char)
        out.append("".join(kept))
    return "\n".join(out)


def only_template_code(original: str, stripped: str) -> bool:
    """A page that was template code and markup only: nothing readable is left once it is removed."""
    return bool(original.strip()) and not re.sub(r"<[^>]*>|\s+", "", stripped)
