"""The solicitation summary's repeated markup written in Python: each question's bars and its
latest free-text answers (fifty a question) through the template engine were a third of the
summary page's time (issue 15, decision 310). The same markup as the template wrote."""

from django import template
from django.template.defaultfilters import linebreaksbr
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag
def answer_bars(bars) -> str:
    """A question's bars (`solicitation_summary.Bar`), unlocalised as the template had them
    (`{% localize off %}`), each followed by the template's line and indent."""
    return mark_safe(
        "".join(
            f'<div class="answer-bar"><span class="label">{conditional_escape(bar.label)}</span>'
            f'<meter min="0" max="100" value="{bar.percent}"></meter>'
            f'<span class="count">{bar.count} ({bar.percent}%)</span></div>\n    '
            for bar in bars
        )
    )


@register.simple_tag
def free_texts(texts) -> str:
    """A question's free-text answers: (delegate's name, delegation or None, text)."""
    return mark_safe(
        "".join(
            f'<li>{linebreaksbr(text, autoescape=True)} <span class="help">— '
            f"{conditional_escape(name)}"
            + (f"（{conditional_escape(delegation)}）" if delegation else "")
            + "</span></li>"
            for name, delegation, text in texts
        )
    )


def question_list(questions) -> str:
    """The published solicitation's questions as its page lists them (read-only): each
    question's text, kind, whether required, and its choices."""
    items = "".join(
        f'<li>{conditional_escape(q.text)} <span class="help">'
        f"{conditional_escape(q.get_kind_display())}{' *' if q.required else ''}"
        + (
            "：" + "、".join(conditional_escape(c) for c in q.choice_labels)
            if q.has_choices
            else ""
        )
        + "</span></li>"
        for q in questions
    )
    # The template's file ended with a line break, which the page kept.
    return mark_safe(f'<ol class="solicitation-questions">{items}</ol>\n')
