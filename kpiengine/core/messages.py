"""Messages that can be said again in another language: English text that remembers how it was made.

A stage that finds a fault writes its message in English, as ever, but with
`say`: ``say("unknown indicator '{id}'{hint}", id=key, hint=...)``. The result
is a `Message`, a ``str`` (so every comparison, f-string and JSON dump of it
is the English text), that also keeps its `template` (the English message id,
with ``{name}`` placeholders) and its `args`. Reports, which make the words,
translate it with `render`: the template looked up in their catalog, the
arguments that are messages themselves (a reason inside a message, a
did-you-mean hint) rendered the same way, the values quoted from the user's
file left as they are. This stage never makes Thai words.
"""

from __future__ import annotations


class Message(str):
    """English text, with the `template` and `args` it was made from (`say`)."""

    template: str
    args: dict

    def __new__(cls, text: str = "", template: str | None = None, args: dict | None = None):
        self = super().__new__(cls, text)
        self.template = str(text) if template is None else template
        self.args = dict(args or {})
        return self

    def __reduce__(self):  # pickle and copy: the text, the template and the arguments
        return (Message, (str(self), self.template, self.args))

    def __repr__(self) -> str:
        return f"Message({str.__repr__(self)})"


def say(template: str, /, **args) -> Message:
    """The English message `template` with `args` put in (``str.format``), remembering both."""
    return Message(template.format(**args), template, args)


def reason(exc: BaseException) -> str:
    """The message an exception was raised with: the `Message` itself when it was one."""
    first = exc.args[0] if len(exc.args) == 1 else None
    return first if isinstance(first, Message) else str(exc)


def render(message, translate) -> tuple[str, bool]:
    """`message` in another language: (text, True), or (the English text, False) when it cannot be.

    `translate(template)` returns the translated template, or the template itself when it has none. A
    template without a translation, or whose translation does not format (a placeholder it lacks or
    misspells), gives the English message; arguments that are messages are rendered the same way (an
    untranslated one stays English inside its translated parent).
    """
    if not isinstance(message, Message):
        return str(message), False
    translated = translate(message.template)
    if not translated or translated == message.template:
        return str(message), False
    args = {key: render(value, translate)[0] if isinstance(value, Message) else value
            for key, value in message.args.items()}
    try:
        return translated.format(**args), True
    except (KeyError, IndexError, ValueError, AttributeError, TypeError):
        return str(message), False
