"""A small rule engine over normalised text, shared by the language checks.

A :class:`Rule` is a regular expression over :attr:`Normalized.text` plus the context filters
that decide whether a match means what it seems to: a negation just before it ("I would
never ..."), distancing in the same clause ("used to", "years ago"), or a media/third-party
frame ("the article about ...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .lexicon import wordset
from .normalize import Normalized

#: Up to ``n`` further words, never crossing clause punctuation.
GAP = r"(?: [a-z0-9]+){{0,{n}}}"


def gap(n: int) -> str:
    """Regex fragment: up to ``n`` words between two parts of a rule, within one clause."""
    return GAP.format(n=n)


def words(spec: str) -> str:
    """Regex alternation of the ``|``-separated phrases in ``spec``, longest first."""
    options = sorted((p.strip() for p in spec.split("|") if p.strip()), key=len, reverse=True)
    # The trailing guard keeps "to" from matching the start of "tomorrow".
    return "(?:" + "|".join(options) + ")(?![a-z0-9])"


@dataclass(frozen=True, slots=True)
class Rule:
    """One pattern and the filters that apply to its matches.

    ``negatable``: a negation immediately before the match cancels it.
    ``distancable``: a past/recovery frame in the same clause cancels it, unless the clause
    also says it is happening again now.
    ``media``: a news, fiction or awareness frame anywhere in the message cancels it.
    ``addressed``: a clause about "you" with no first-person word cancels it (a mentor
    asking "have you felt suicidal?" is good practice, not a crisis).
    ``reported``: a reporting verb just before ("he said kys to me") cancels it.
    ``benign``: a pattern for an ordinary context that cancels the match when found in the
    same clause ("cut myself *shaving*", "bought rope *for the tent*").
    ``self_subject``: another person named as the subject earlier in the clause cancels it
    ("my brother bought a rifle"); a dropped subject ("bought a gun") counts as the sender.
    ``animate``: a device named as the subject ("my phone's at 2%, about to die") cancels it,
    unless "I" is named after the device ("my phone broke and i want to die").
    ``ordinary``: a pattern for an ordinary setting that cancels the match when found anywhere
    in the message ("we picked the date ... *the wedding*", "won't see the snow, *off to spain*").
    ``gate``: words of which at least one must occur in the message for the pattern to be
    tried at all (a plain substring search, cheap next to the pattern).
    A named group ``x`` in the pattern narrows the reported range to that group.
    """

    name: str
    pattern: re.Pattern[str]
    negatable: bool = True
    distancable: bool = True
    media: bool = False
    addressed: bool = False
    reported: bool = False
    severity: int = 3
    benign: re.Pattern[str] | None = None
    self_subject: bool = False
    animate: bool = False
    ordinary: re.Pattern[str] | None = None
    gate: re.Pattern[str] | None = None


def rule(
    name: str,
    pattern: str,
    *,
    negatable: bool = True,
    distancable: bool = True,
    media: bool = False,
    addressed: bool = False,
    reported: bool = False,
    severity: int = 3,
    benign: str | None = None,
    self_subject: bool = False,
    animate: bool = False,
    ordinary: str | None = None,
    gate: str | None = None,
) -> Rule:
    """Compile a rule; ``pattern`` (and ``benign``, ``ordinary``) are wrapped in word boundaries."""
    return Rule(
        name=name,
        pattern=re.compile(r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])"),
        negatable=negatable,
        distancable=distancable,
        media=media,
        addressed=addressed,
        reported=reported,
        severity=severity,
        benign=re.compile(r"(?<![a-z0-9])(?:" + benign + r")(?![a-z0-9])") if benign else None,
        self_subject=self_subject,
        animate=animate,
        ordinary=re.compile(r"(?<![a-z0-9])(?:" + ordinary + r")(?![a-z0-9])") if ordinary else None,
        gate=re.compile(gate) if gate else None,
    )


@dataclass(frozen=True, slots=True)
class Hit:
    """A rule match that survived its filters, with its range in the original text."""

    rule: str
    start: int
    end: int
    severity: int


_NEGATIONS = wordset(
    "not never dont didnt doesnt wont wouldnt havent hasnt hadnt isnt arent wasnt werent no nor nothing"
)
# Words that may sit between a negation and what it negates ("not really going to ...").
_FILLER = wordset(
    """
    i im am really even ever actually just want to going plan planning would will be have had
    feel feeling think thinking about been currently all so honestly literally do could should
    ever gonna trying try am is it that ok okay intention intentions plans urge urges desire of
    thoughts having any
    """
)
_DISTANCING = re.compile(
    r"\b(?:used to|(?:years?|months?|weeks?|a while|long time) ago|when i was|back (?:then|when|in)|"
    r"in the past|as a (?:kid|child|teen|teenager)|(?:clean|free|sober) (?:for|since|of|from)|"
    r"(?:ages|years|months|a (?:long )?while|a long time|forever) since (?:i|my) (?:last |first )?"
    r"(?:wanted|thought|tried|attempted|cut|self|hurt|harmed|did|od|overdosed|relapse|"
    r"was (?:in hospital|admitted|sectioned|discharged|on the (?:unit|ward)))|"
    r"since i (?:stopped|quit|gave up) (?:self harming|cutting|sh|hurting myself|harming myself)|"
    r"at (?:1[0-9]|[2-9][0-9]) (?:i|we) (?:tried|attempted|was|had|wanted|took|overdosed|cut|self harmed)|"
    r"(?:for|during|through|throughout) (?:most of |all of |much of )?(?:uni|university|college|school|"
    r"sixth form|my teens|my twenties|my marriage)|when (?:she|he|they) (?:was|were)|"
    r"(?:my|her|his|their) (?:suicidal|self harm|sh|self harming) (?:past|history|years)|from [0-9]{4}|"
    r"(?:[0-9]+|one|two|three|four|five|six|a) (?:years?|months?|weeks?|days?) (?:clean|free|sober)|"
    r"since (?:i|my) last|since [0-9]{4}|my last|old|former|survived|recovered|recovery|"
    r"in [0-9]{4}|anniversary|last year|a few years|couple of years|as a teenager|"
    r"(?:quieter|easier|rarer|fewer|less often|less) these days|looking back(?: on| at)?|"
    r"(?:i )?remember (?:feeling|being|wanting|thinking))\b"
)
#: A milestone: "1000 days without hurting myself", "three years without self harm". Its "today"
#: is the day of the milestone, not a recent act.
_MILESTONE = re.compile(
    r"\b(?:[0-9]+|one|two|three|four|five|six|seven|eight|nine|ten|a|a few|several) (?:days?|weeks?|months?|years?) "
    r"(?:without|free of|free from|clean of|clean from|(?:self harm|sh|cutting|harm) (?:free|clean))\b"
)
#: A milestone broken later in the message.
_MILESTONE_BROKEN = re.compile(
    r"\b(?:tonight|last night|yesterday|this (?:morning|evening|afternoon)|again|relaps\w*|did it|"
    r"(?:broke|broken|lost|ruined|ended) (?:it|the streak|my streak)|(?:its|it s|streak s|streak is) (?:gone|over)|"
    r"(?:a few|few|a couple of|couple of|[0-9]+|two|three) (?:days|hours) ago)\b"
)
#: The day or week of the milestone ("3 years clean from self harm this week").
_TODAY = re.compile(r"\b(?:today|this week)\b")
#: A recovery statement anywhere in the message ("... but i've been free of it since 2019",
#: "..., now i'm 26 and thriving", "... but therapy really helped").
_RECOVERED = re.compile(
    r"\b(?:(?:clean|free|sober) (?:for|since|of|from)|thriving|recovered|in recovery|"
    r"therapy (?:really |has |has really )?(?:helped|helps)|(?:much |so much |a lot )?better (?:now|these days)|"
    r"in a (?:much |far |way )?better place|doing (?:so much |much |a lot |way )?better)\b"
)
#: A clause told in the past ("i tried to take my life at 19", "i self harmed for years").
_PAST_TOLD = re.compile(r"\b(?:tried|attempted|had|was|were|did|felt|overdosed|harmed|went through|for years)\b")
_RECENT = re.compile(
    r"\b(?:again|last night|tonight|today|yesterday|this (?:morning|evening|afternoon|week)|right now|now|"
    r"relaps\w*|lately|recently|still|keep|keeps|started|starting|"
    # "back" is recent ("the thoughts are back"), but not "back then", "back in uni" or "looking back".
    r"(?<!looking )(?<!look )(?<!looked )back(?! (?:then|when|in (?:uni|university|school|college|sixth form|"
    r"high school|year [0-9]+|the day|my teens|my twenties|[0-9]{4})\b)))\b"
)
_MEDIA = re.compile(
    r"\b(?:article|news|documentary|film|movie|show|episode|series|season|book|novel|character|song|"
    r"story|stories|prevention|awareness|training|research|statistics|stats|rates?|campaign|charity|"
    r"squad|celebrity|singer|actor|actress|game|podcast|lecture|class|essay|assembly|assemblies|"
    r"headline|report|history|died by|died of|death of|(?:a|the) talk (?:about|on)|storyline|soap|plot|leaflets?|"
    r"the difference between|asking for training|mentor question|tips (?:for|on) explaining)\b"
)
_SECOND_PERSON = re.compile(r"\b(?:you|your|youre|yourself|youve|youd)\b")
_FIRST_PERSON = re.compile(r"\b(?:i|im|ive|id|ill|me|my|myself|mine)\b")
_CLAUSE_BREAK = re.compile(r" [.,] | but | and then ")


def clause_of(norm_text: str, start: int, end: int) -> str:
    """The clause of ``norm_text`` containing ``[start, end)``."""
    return clause_span(norm_text, start, end)[1]


def clause_span(norm_text: str, start: int, end: int) -> tuple[int, str]:
    """Start offset and text of the clause of ``norm_text`` containing ``[start, end)``."""
    # Clauses are short: look back a bounded distance instead of rescanning from the start.
    window = max(0, start - 300)
    left = window
    for m in _CLAUSE_BREAK.finditer(norm_text, window, start):
        left = m.end()
    right_match = _CLAUSE_BREAK.search(norm_text, end)
    right = right_match.start() if right_match else len(norm_text)
    return left, norm_text[left:right]


#: Thoughts denied right before the words: "i haven't thought about hurting myself" (but not
#: "i never thought i would want to ...", where the negation is about something else).
_THOUGHT_DENIED = re.compile(
    r"(?:^|\s)(?:never|not|havent|hasnt|hadnt|didnt|dont|no)(?: really| even| ever| actually| honestly| once)? "
    r"(?:thought|thinking) (?:about|of) $"
)


def is_negated(norm_text: str, start: int) -> bool:
    """Whether a negation governs the words starting at ``start`` ("I'm not going to ...")."""
    if _THOUGHT_DENIED.search(norm_text, max(0, start - 60), start):
        return True
    before = norm_text[max(0, start - 80) : start].split()
    for word in reversed(before[-6:]):
        if word in _NEGATIONS:
            return True
        if word not in _FILLER:
            return False
    return False


#: A negation that a later "until now" takes back ("never thought about it until tonight").
_UNTIL_NOW = re.compile(
    r" (?:until|till|til|up until) (?:now|tonight|today|recently|lately|this (?:week|month|year))\b"
)


def is_distanced(clause: str, after: str = "") -> bool:
    """Whether ``clause`` frames its content as past/recovered and not as happening again; a
    milestone is also undone by anything recent in ``after``, the rest of the message ("9 months
    free and it's gone. did it tonight")."""
    if _MILESTONE.search(clause):
        return not (_RECENT.search(_TODAY.sub(" ", clause)) or _MILESTONE_BROKEN.search(after))
    return bool(_DISTANCING.search(clause)) and not _RECENT.search(clause)


#: Recent enough to be the crisis itself, even in a recovery story ("tried last week").
_RECENT_PAST = re.compile(
    r"\b(?:last (?:week|night|month|weekend)|yesterday|(?:a few|few|a couple of|couple of|[0-9]+|two|three) days ago|"
    r"this (?:week|month|morning|evening|afternoon))\b"
)
#: An intention in the present beside the story ("... i'm doing better but i want to take them").
_STILL_INTENT = re.compile(
    r"\b(?:want|wanna|going to|gonna|plan|planning|ready to|about to|tonight|wish|urge|urges|cant stop|"
    r"keep thinking|thinking about|thinking of)\b"
)


def is_recovery_story(norm_text: str, clause: str) -> bool:
    """Whether a clause told in the past sits in a message whose other clauses say the sender has
    recovered, with nothing else in it saying it is happening again or recently ("i tried to take
    my life at 19, now i'm 26 and thriving"; not "... i was doing better but the urge is back",
    "... last week", "... but i want to take them")."""
    if not _PAST_TOLD.search(clause):
        return False
    parts = _CLAUSE_BREAK.split(norm_text)
    recovered = [p for p in parts if _RECOVERED.search(p)]
    if not recovered:
        return False
    rest = " . ".join(p for p in parts if not _RECOVERED.search(p))
    return not (_RECENT.search(rest) or _STILL_INTENT.search(rest) or _RECENT_PAST.search(norm_text))


#: The next sentence dates what was said: "... i wanted to die every day? that was a year ago".
_DATED_AFTER = re.compile(
    r" [.,] (?:and |but )?(?:that|it|this)(?: was| s| is)(?: like| about| over| nearly| almost)? "
    r"(?:[0-9]+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|a couple of|several|many) "
    r"(?:years?|months?) ago\b|"
    r" [.,] (?:and |but )?(?:that|it|this) was (?:all )?(?:before i (?:met|found|joined|got)|back (?:when|in))\b"
)
#: An urge that was met with something else and passed: "i wanted to cut tonight but i used the
#: ice cube thing instead and the urge went down".
_INSTEAD = re.compile(
    r"\b(?:instead|used (?:my|the|a) (?:skills?|tipp|ice|distraction|grounding|breathing)|tipp|urge surfing|"
    r"held (?:ice|an ice)|squeezed ice|ice cubes?|elastic band|grounding|breathing exercise)\b"
)
_URGE_PASSED = re.compile(
    r"\b(?:(?:urge|urges|feeling|it)(?: has| had)? (?:went|gone|passed|eased|faded|settled|died)(?: down| away| off)?|"
    r"(?:im|i am|i feel|feeling|i felt) (?:ok|okay|fine|safe|better|calmer|steadier)(?: now| today| again)?"
    r"(?= ?(?:$|[.,]))|"
    r"(?:im|i am) (?:ok|okay|fine|safe) (?:now|today)|didnt (?:do it|act on it|go through with it)|"
    r"it (?:worked|helped|passed)|(?:and )?then (?:it )?(?:faded|passed|went away|eased)|"
    r"(?:heads?|minds?)(?: is| was| feels| felt)? (?:clearer|calmer|quieter))\b"
)
#: An act of harm told after the urge: what was done instead was itself harm.
_ACT_DONE = re.compile(
    r"\b(?:cut|burned|burnt|scratched|hit|punched|took|swallowed|overdosed|starved|purged) "
    r"(?:myself|my (?:arm|arms|wrist|wrists|leg|legs|thigh|thighs|skin|hand|hands|stomach)|them|the pills|"
    r"the tablets)\b|\bdid it anyway\b"
)
_STILL_WANTING = re.compile(r"\b(?:still (?:want|wanna|feel like|thinking)|but now|cant stop|back again)\b")
#: What passed must have been an urge, not an act: "i cut instead of texting you" is still an act.
_URGE_WORDS = re.compile(
    r"\b(?:urge|urges|want|wanted|wanting|wanna|tempted|close to|nearly|almost|felt like|pull|craving)\b"
)


def is_dated_after(norm_text: str, end: int) -> bool:
    """Whether the sentence after ``end`` says it was long ago (and nothing in it is recent)."""
    match = _DATED_AFTER.search(norm_text, end, end + 80)
    if match is None or norm_text.count(" . ", end, match.start()) > 0:
        return False
    rest = norm_text[match.end() :]
    return not (_RECENT.search(rest) or _STILL_WANTING.search(rest))


def is_urge_passed(norm_text: str, start: int, end: int) -> bool:
    """Whether the words at ``[start, end)`` are an urge that was met with something else and passed."""
    if not _URGE_WORDS.search(norm_text, max(0, start - 40), end):
        return False
    rest = norm_text[end:]
    if _ACT_DONE.search(rest):  # "... so i burned myself instead, it helped" is an act
        return False
    return bool(_INSTEAD.search(rest) and _URGE_PASSED.search(rest)) and not _STILL_WANTING.search(rest)


_REPORTING = wordset(
    "said says say told tells tell called calls wrote texted posted messaged heard yelled shouted screamed"
)


def is_reported(norm_text: str, start: int) -> bool:
    """Whether the words at ``start`` are quoted from someone else ("he told me to ...")."""
    before = norm_text[max(0, start - 60) : start].split()[-5:]
    return any(word in _REPORTING for word in before) and "." not in before


#: A question put to someone ("my GP asked if i'd thought about ending my life", "i asked my friend
#: straight out if she was thinking of suicide") ...
_ASKED = re.compile(r"\b(?:asked|asks|ask|asking|questioned|checked)(?: [a-z]+){0,4} (?:if|whether|about)\b")
#: ... and answered no ("... and i honestly said no", "she said no and we talked for ages").
_ANSWERED_NO = re.compile(
    r"\b(?:i|she|he|they|we)(?: [a-z]+){0,2} (?:said|say|says|answered|replied|told (?:him|her|them|the [a-z]+))"
    r"(?: that)? (?:no|nope|not any ?more|not really|not for (?:a (?:long )?(?:time|while)|ages|years|months)|"
    r"years ago|never|i (?:havent|hadnt|dont|didnt|wasnt)|"
    r"(?:she|he|they) (?:hasnt|hadnt|doesnt|didnt|wasnt|isnt))\b|"
    # a bare answer: "... ending things. no, just overwhelmed", "... i haven't, and i was glad she asked"
    r" [.,] (?:no|nope|nah)(?= [.,]| just| only|$)|"
    r" [.,] (?:and )?(?:i )?(?:said|answered|replied) (?:no|nope)\b|\b(?:ticked|circled|put|answered) no\b|"
    r"\b(?:it was|its|was)(?: honestly| genuinely| a clear| an honest)* (?:a )?no\b|"
    r" [.,] (?:honestly |and honestly )?(?:i (?:dont|havent|hadnt|didnt|wasnt)|im not|i am not|i have not|i do not)"
    r"(?= [.,]| and (?:never|i was|meant)| just|$)"
)
#: A screening form answered with no risk ("scored zero on the better off dead question").
_SCREENED_NO = re.compile(
    r"\b(?:scored|ticked|answered|put|circled) (?:a )?(?:zero|0|no|never|not at all) (?:on|for|to)\b"
)
#: ... unless the answer is taken back ("i said no but i lied").
_ANSWER_TAKEN_BACK = re.compile(r"\b(?:but|lied|lying|wasnt true|not true|wasnt honest|actually i (?:have|do))\b")


def _last_match(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """The last match of ``pattern`` in ``text``."""
    last = None
    for match in pattern.finditer(text):
        last = match
    return last


def is_asked_and_denied(norm_text: str, start: int, end: int) -> bool:
    """Whether the words at ``[start, end)`` are the content of a question someone was asked, in
    the same sentence, and the answer no follows within the next sentence."""
    before = norm_text[max(0, start - 120) : start]
    screened = _last_match(_SCREENED_NO, before)
    if screened and len(before) - screened.end() <= 40 and not _CLAUSE_BREAK.search(before, screened.end()):
        return True
    asked = _last_match(_ASKED, before)
    if asked is None or " . " in before[asked.end() :]:
        return False
    answer = _ANSWERED_NO.search(norm_text, end, end + 120)
    if answer is None or norm_text.count(" . ", end, answer.start()) > 1:
        return False
    return not _ANSWER_TAKEN_BACK.search(norm_text, answer.end())


def is_addressed(clause: str) -> bool:
    """Whether ``clause`` is about the other person only ("are you feeling suicidal?")."""
    return bool(_SECOND_PERSON.search(clause)) and not _FIRST_PERSON.search(clause)


#: Someone other than the sender as the subject of a clause.
_OTHER_SUBJECT = re.compile(
    r"\b(?:he|she|they|hes|shes|theyre|theyve|theyd|hed|shed|we|someone|somebody|people|everyone|"
    r"(?:my|his|her|their|our|a) (?:\w+ )?(?:brother|sister|dad|father|mum|mother|parents?|friend|mate|"
    r"uncle|aunt|auntie|cousin|neighbou?r|boyfriend|girlfriend|partner|husband|wife|son|daughter|"
    r"flatmate|roommate|housemate|grandad|granddad|grandpa|nan|gran|grandma|colleague|boss|kids?|family))\b"
)
#: Inanimate things that "die", "are dead" or "are dying" in everyday speech.
_DEVICE = re.compile(
    r"\b(?:phone|phones|battery|batteries|charge|laptop|computer|pc|charger|headphones|earphones|earbuds|"
    r"airpods|wifi|internet|connection|signal|sim|character|plant|plants|flowers|succulent|tamagotchi|"
    r"controller|console|ps5|xbox|ipad|kindle|watch|fitbit|camera|speaker|mic|torch|remote|engine|"
    r"server|car|cars)\b"
)


def has_other_subject(norm_text: str, clause_start: int, start: int) -> bool:
    """Whether the clause names someone other than the sender before ``start``."""
    before = norm_text[clause_start:start]
    return bool(_OTHER_SUBJECT.search(before)) and not _FIRST_PERSON.search(before)


_SUBJECT_I = re.compile(r"\b(?:i|im|ive|id|ill)\b")


def has_inanimate_subject(norm_text: str, clause_start: int, start: int) -> bool:
    """Whether a device is what "dies" here: it is named after the last "i" before the match.

    The previous clause counts too, because chat drops repeated subjects ("my phone's at 2%,
    about to die"); "my phone broke and i want to die" keeps the sender as the subject.
    """
    window_start = max(0, clause_start - 120)
    before = norm_text[window_start:start]
    devices = [m.start() for m in _DEVICE.finditer(before)]
    if not devices:
        return False
    subjects = [m.start() for m in _SUBJECT_I.finditer(before)]
    return not subjects or devices[-1] > subjects[-1]


def in_media_frame(norm_text: str) -> bool:
    """Whether the message talks about news, fiction or awareness work rather than the self."""
    return bool(_MEDIA.search(norm_text))


def find_hits(norm: Normalized, rules: tuple[Rule, ...]) -> list[Hit]:
    """Apply ``rules`` to ``norm`` and return the matches that survive their filters."""
    text = norm.text
    media = in_media_frame(text)
    hits: list[Hit] = []
    for r in rules:
        if r.gate is not None and not r.gate.search(text):
            continue
        for m in r.pattern.finditer(text):
            if r.media and media:
                continue
            if r.ordinary is not None and r.ordinary.search(text):
                continue
            if r.negatable and is_negated(text, m.start()) and not _UNTIL_NOW.match(text, m.end()):
                continue
            clause_start, clause = clause_span(text, m.start(), m.end())
            if r.distancable and (
                is_distanced(clause, text[m.end() :])
                or is_recovery_story(text, clause)
                or is_dated_after(text, m.end())
            ):
                continue
            if r.negatable and is_urge_passed(text, m.start(), m.end()):
                continue
            if r.addressed and is_addressed(clause):
                continue
            if r.reported and is_reported(text, m.start()):
                continue
            if is_asked_and_denied(text, m.start(), m.end()):
                continue
            if r.benign is not None and r.benign.search(clause):
                continue
            if r.self_subject and has_other_subject(text, clause_start, m.start()):
                continue
            if r.animate and has_inanimate_subject(text, clause_start, m.start()):
                continue
            lo, hi = m.span("x") if "x" in r.pattern.groupindex and m.group("x") else m.span()
            original = norm.original_range(lo, hi)
            if original is not None:
                hits.append(Hit(r.name, original[0], original[1], r.severity))
    return hits
