"""A stand-in moderation pipeline for plumbing tests: it flags marker words, nothing else.

The real detectors are tested in tests/moderation; these tests check what the service
does with a verdict, so they use verdicts that are certain.
"""

from __future__ import annotations

from chat.moderation.base import Action, Check, MessageContext, Pipeline, Span, Verdict


class MarkerCheck(Check):
    code = "marker"

    def check(self, text: str, context: MessageContext) -> Verdict:
        if "[crisis]" in text:
            return Verdict(Action.DELIVER, ("crisis",), (), 3, ("Crisis language.",))
        if "[abuse]" in text:
            return Verdict(Action.HOLD, ("abuse",), (), 3, ("Abusive language.",))
        if "[phone]" in text:
            start = text.index("[phone]")
            return Verdict(
                Action.MASK,
                ("contact_details",),
                (Span(start, start + 7, "contact_details"),),
                1,
                ("Contact details are removed.",),
            )
        return Verdict(Action.DELIVER, (), (), 0, ())


def marker_pipeline() -> Pipeline:
    return Pipeline([MarkerCheck()])
