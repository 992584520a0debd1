"""Script conversion: the text in simplified or traditional characters, for other tools too."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal, overload

from xinwen import _core
from xinwen.errors import InvalidOptionError

__all__ = ["TARGETS", "convert"]

#: Targets of :func:`convert`.
TARGETS = ("simplified", "traditional", "mainland", "taiwan", "hongkong")

Target = Literal["simplified", "traditional", "mainland", "taiwan", "hongkong"]


@overload
def convert(texts: str, *, to: Target = "simplified") -> str: ...  # type: ignore[overload-overlap]
@overload
def convert(texts: Sequence[str], *, to: Target = "simplified") -> list[str]: ...
def convert(texts: str | Sequence[str], *, to: Target = "simplified") -> str | list[str]:
    """Convert text between simplified and traditional characters (OpenCC's tables).

    ``"simplified"`` and ``"mainland"`` give exactly the text that :func:`tokenize` counts with
    ``script="simplified"`` and ``script="mainland"`` (without the full-width folding), so a
    string converted here is segmented as xinwen segments it.

    Parameters
    ----------
    texts
        One string, or a sequence of strings (converted in parallel).
    to
        ``"simplified"``: traditional characters and phrases to simplified (OpenCC's ``t2s``;
        Taiwan's 著 stays 著, as there), and Hong Kong's variant forms too (衞→卫, 枱→台, as
        ``hk2s`` does). ``"mainland"``: also the Taiwan and Hong Kong vocabulary
        of traditional text to the mainland's (``tw2sp``: 網路→网络, 軟體→软件, 隨著→随着);
        text already simplified keeps its words (建立 and 文件 are the mainland's too, which
        ``tw2sp`` would rewrite to 创建 and 文档). ``"traditional"`` (``s2t``), ``"taiwan"``
        (``s2twp``, with Taiwan's vocabulary: 软件→軟體) and ``"hongkong"`` (``s2hk``).

    Returns
    -------
    str or list of str
        The converted text, in the shape given.

    Examples
    --------
    >>> import xinwen
    >>> xinwen.convert("台灣的網路與軟體")
    '台湾的网路与软体'
    >>> xinwen.convert("台灣的網路與軟體", to="mainland")
    '台湾的网络与软件'
    >>> xinwen.convert(["软件", "信息"], to="taiwan")
    ['軟體', '資訊']
    """
    if not isinstance(to, str) or to not in TARGETS:
        options = ", ".join(repr(t) for t in TARGETS)
        raise InvalidOptionError(f"unknown target {to!r}: expected one of {options}")
    if isinstance(texts, str):
        return _core.convert_script([texts], to)[0]
    items = list(texts)
    if not all(isinstance(t, str) for t in items):
        raise TypeError("convert takes a string or a sequence of strings")
    return _core.convert_script(items, to)
