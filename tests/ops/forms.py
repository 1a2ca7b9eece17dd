"""Read a rendered HTML form back into POST data, as a browser would submit it."""

from __future__ import annotations

from html.parser import HTMLParser


class _FormParser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self.current: dict | None = None
        self.select: tuple[str, bool] | None = None
        self.select_first: str | None = None
        self.select_chosen = False
        self.option_value: str | None = None
        self.textarea: str | None = None

    def handle_starttag(self, tag: str, attrs: list) -> None:
        attributes = {key: value or "" for key, value in attrs}
        if tag == "form":
            self.current = {"action": attributes.get("action", ""), "data": []}
            self.forms.append(self.current)
            return
        if self.current is None:
            return
        name = attributes.get("name")
        if tag == "input" and name and "disabled" not in attributes:
            kind = attributes.get("type", "text")
            if kind in {"checkbox", "radio"}:
                if "checked" in attributes:
                    self.current["data"].append((name, attributes.get("value", "on")))
            elif kind not in {"submit", "button", "file", "reset", "image"}:
                self.current["data"].append((name, attributes.get("value", "")))
        elif tag == "select" and name and "disabled" not in attributes:
            self.select = (name, "multiple" in attributes)
            self.select_first, self.select_chosen = None, False
        elif tag == "option" and self.select:
            value = attributes.get("value", "")
            if self.select_first is None:
                self.select_first = value
            if "selected" in attributes:
                self.current["data"].append((self.select[0], value))
                self.select_chosen = True
        elif tag == "textarea" and name:
            self.textarea = name
            self.current["data"].append((name, ""))

    def handle_endtag(self, tag: str) -> None:
        if tag == "select" and self.select:
            name, multiple = self.select
            if not multiple and not self.select_chosen and self.select_first:
                self.current["data"].append((name, self.select_first))
            self.select = None
        elif tag == "textarea":
            self.textarea = None
        elif tag == "form":
            self.current = None

    def handle_data(self, data: str) -> None:
        if self.textarea and self.current is not None:
            name, value = self.current["data"][-1]
            self.current["data"][-1] = (name, value + data)


def form_data(html: str, field: str) -> tuple[str, dict[str, list[str]]]:
    """The action and the data of the first form holding ``field``.

    Values come as lists (several for a multiple select), ready for the test
    client's ``post(path, data)``.
    """
    parser = _FormParser()
    parser.feed(html)
    for form in parser.forms:
        names = [name for name, _ in form["data"]]
        if field in names:
            data: dict[str, list[str]] = {}
            for name, value in form["data"]:
                data.setdefault(name, []).append(
                    value.removeprefix("\n") if name != "csrfmiddlewaretoken" else value
                )
            return form["action"], data
    raise AssertionError(f"no form with a {field!r} field")
