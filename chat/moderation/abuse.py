"""Abuse and harassment aimed at the other person.

Severe abuse is held for a coordinator (severity 3): telling someone to kill themselves,
threats, sexual harassment and slurs. Requests to meet in person or for money are held
too (severity 2): in a mentoring relationship with vulnerable people they are a
safeguarding concern even when politely worded. Mild abuse (an insult or profanity aimed at
the person) is masked (severity 1); a sender with ``prior_offences >= 2`` gets it held
instead, and each prior offence raises the severity by one, up to 3.

"Aimed at the person" is what separates abuse from venting: "you're an idiot" is masked,
"my boss is an idiot", "I'm such an idiot" and "this week was shit" are delivered.
Negations ("you're not stupid"), reported speech ("he told me to kys") and kindness are
delivered.
"""

from __future__ import annotations

import re

from .base import FLAG_ABUSE, Action, Check, MessageContext, Span, Verdict
from .lexicon import SLURS
from .normalize import Normalized, normalize
from .rules import Hit, Rule, find_hits, gap, rule, words

REASON_SEVERE = "This message is held for a coordinator to review because it may be threatening or abusive."
REASON_BOUNDARY = "Requests to meet in person or for money are held for a coordinator to review."
REASON_MILD = "Part of this message was removed because it was insulting."
REASON_REPEAT = "This message is held for a coordinator to review because of repeated insulting messages."

SEVERE, BOUNDARY, MILD = 3, 2, 1
REPEAT_HOLD_THRESHOLD = 2

_YOU = r"(?:you|youre|your|yo|ya|you are|you r|your such|you re|youve been|you have been|u r)"
_INTENSIFIERS = words(
    "so|really|very|such|just|literally|fucking|fking|absolutely|truly|a bit|kind of|being|an|a|the|"
    "absolute|total|complete|utter|little|big|stupid|pathetic|useless|ugly|fat|dumb|sad|worthless|"
    "fucking useless|such a|such an|ever|always|nothing but|one"
)
_INSULTS = words(
    "idiot|idiots|moron|morons|loser|losers|stupid|dumb|dumbass|pathetic|worthless|useless|ugly|fat|"
    "freak|creep|pig|cow|bitch|slut|whore|skank|cunt|twat|dick|dickhead|prick|bastard|asshole|arsehole|"
    "jerk|clown|joke|disgrace|trash|garbage|rubbish|scum|scumbag|waste of space|waste of oxygen|"
    "waste of air|piece of shit|piece of crap|piece of work|muppet|numpty|tosser|wanker|knob|knobhead|"
    "douche|douchebag|psycho|weirdo|failure|annoying|disgusting|embarrassment|imbecile|cretin|"
    "halfwit|nitwit|dimwit|idiotic|brainless|clueless|incompetent|excuse for a \\w+|fraud|liar|"
    "snake|rat|coward|airhead|shithead|dipshit|fuckwit|fucker|motherfucker|son of a bitch|"
    "bellend|pillock|plonker|ass|arse|jackass|dumbo|thick|gross|vile|nobody|nothing"
)
_KILL_YOURSELF = words("kill|hang|neck|unalive|off|end|shoot|stab|drown|hurt|harm|cut|choke|delete|poison")
_MONEY_WORDS = words("money|cash|dollars|pounds|quid|bucks|a gift card|gift cards|bank details|card details|[0-9]+")
_SEXUAL_CUES = re.compile(r";\)|;-\)|😏|😉|😘|🍆|🍑|💦|👅|😈|🥵|🤤")

# Word lists used inside the rules below.
_HELPFUL_OBJECTS = words(
    "a|an|some|the|something|someone|one|that|this|home|there|up|"
    "in|at the|when|at|later|tomorrow|if you like|info|more|resources"
)
_ON_PLATFORM = words(
    "on the app|here|on kindred|in the session|on zoom|online|on video|on the call|my|with my|the group"
)
_OVERWORK_IDIOMS = words("studying|working|over it|over this|trying|with work|doing|for")
_PHOTO_CONTEXT = words("in your|in a|in bed|naked|without|in the shower|wearing")
_THREAT_TARGETS = words("you|your family|your kids|your mum|your dad|your sister|your brother|your life")
_DEAD_IDIOMS = words("tired|serious|right|funny|wrong|to me")
_HOT_IDIOMS = words("day|weather|today outside|chocolate|mess")
_FANTASY_CONTEXT = words("naked|in bed|in the shower|without")


def _severe(name: str, pattern: str) -> Rule:
    return rule(name, pattern, reported=True, distancable=False, severity=SEVERE)


def _boundary(name: str, pattern: str) -> Rule:
    return rule(name, pattern, reported=True, distancable=False, severity=BOUNDARY)


def _mild(name: str, pattern: str) -> Rule:
    return rule(name, pattern, reported=True, distancable=False, severity=MILD)


def _rules() -> tuple[Rule, ...]:
    return (
        # --- telling the other person to die
        _severe("kys", r"kys|kill yourself|kill yourselves|kill urself"),
        _severe(
            "kys",
            rf"{_KILL_YOURSELF} yourself(?! {_OVERWORK_IDIOMS})",
        ),
        _severe(
            "kys",
            r"(?:go|just|go and|go on and|please|pls) (?:die|drop dead|jump off a \w+|"
            r"jump in front of a \w+)|go die|drop dead(?! gorgeous)",
        ),
        _severe("kys", r"drink bleach|die in a (?:hole|ditch|fire)|rot in hell"),
        _severe(
            "kys",
            rf"you should{gap(2)} (?:die|be dead|not exist|not be alive|end it|"
            r"end your life|disappear forever|kill yourself)",
        ),
        _severe(
            "kys",
            r"(?:hope|wish) (?:you|u) (?:die|get cancer|get hit|were dead|"
            r"was dead|rot|suffer|burn|never wake up|choke)",
        ),
        _severe(
            "kys",
            rf"do (?:us|everyone|the world|everybody|all of us) a favou?r and{gap(1)} (?:die|"
            r"kill yourself|disappear|end it|leave)",
        ),
        _severe("kys", r"why dont you (?:just )?(?:kill yourself|die|end it)"),
        _severe(
            "kys",
            rf"(?:no one|nobody){gap(2)} (?:miss|care about|want) you|(?:world|"
            rf"everyone|everybody|we|people){gap(2)} better (?:off )?without you",
        ),
        _severe("kys", rf"you should end it|end it{gap(1)} nobody (?:likes|wants|loves) you"),
        # --- threats
        _severe(
            "threat",
            r"i know where you (?:live|work|study|sleep|go to school|are|hang out)|"
            r"i know your (?:address|school|work|workplace|house|home)",
        ),
        _severe(
            "threat",
            r"(?:youd|you had|you) better watch (?:out|your back|yourself|"
            r"it)(?! for)|watch your back|watch yourself(?= ?(?:$|[.,]))",
        ),
        _severe(
            "threat",
            rf"(?:ill|i will|im going to|going to|i am going to|im coming to|i swear ill) "
            r"(?:find|hurt|kill|beat|stab|shoot|punch|smash|destroy|ruin|end|"
            r"come for|come after|get|hunt|slap|strangle|batter|murder)"
            rf"(?: {_THREAT_TARGETS})"
            rf"(?! {_HELPFUL_OBJECTS})",
        ),
        _severe(
            "threat", r"(?:ill|i will|im going to|going to) make (?:you|sure you) (?:pay|regret|suffer|sorry|bleed|cry)"
        ),
        _severe(
            "threat",
            r"(?:youll|you will|you are going to|youre going to) (?:regret (?:this|"
            r"that|it)|pay for (?:this|that|it)|be sorry)",
        ),
        _severe(
            "threat",
            rf"(?:youre|you are) (?:dead|going to die|so dead)(?! {_DEAD_IDIOMS})"
            r"(?= ?(?:$|[.,]| if| when| meat| now))",
        ),
        _severe(
            "threat",
            r"you wont see it coming|sleep with one eye open|say that again and|"
            r"(?:im|i am) coming (?:for|after) you|coming for you",
        ),
        _severe(
            "threat",
            r"ill be waiting (?:for you|outside)|beat the (?:crap|shit|hell|"
            r"life) out of you|see what happens to you|(?:hurt|kill|find) your (?:family|"
            r"kids|mum|dad|sister|brother)",
        ),
        _severe("threat", rf"i will come to your{gap(1)} (?:work|house|home|school|place|flat)"),
        # --- sexual harassment
        _severe("sexual", r"nudes|noods|nude pics|naked pics|dick pic|dick pics|sexy pics|dirty pics|feet pics"),
        _severe(
            "sexual",
            r"(?:send|show) (?:me )?(?:a |some |more )?(?:pic|pics|picture|"
            r"pictures|photo|photos|selfie|selfies|video) of (?:you|yourself|"
            rf"your body)(?: {_PHOTO_CONTEXT})",
        ),
        _severe(
            "sexual",
            r"(?:you look|youre|you are|your|ur|you)(?: so| really| very| super|"
            rf" fucking)? (?:hot|sexy|fit|fuckable|doable|bangable|horny)(?! {_HOT_IDIOMS})",
        ),
        _severe("sexual", r"(?:bet|imagine) you look (?:hot|sexy|good|fit|amazing) (?:in|naked|without)"),
        _severe(
            "sexual", r"what are you wearing|are you wearing anything|(?:take|taking) (?:it|that|your \w+) off for me"
        ),
        _severe(
            "sexual",
            r"(?:want to|wanna|like to|i want to|id love to|can i|let me|going to|"
            rf"ill|i will)(?: {words('just|really|so')})? "
            r"(?:fuck|sleep with|have sex with|touch|kiss|see you naked|see you without|"
            r"bang|screw|shag|suck|lick|feel|grope|undress) (?:you|your)",
        ),
        _severe(
            "sexual",
            r"(?:see|show me) (?:you|your) (?:naked|nude|body|boobs|tits|ass|"
            r"arse|dick|bum|chest|breasts)|show me your body",
        ),
        _severe(
            "sexual",
            r"sit on my face|suck my (?:dick|cock)|(?:you|your) naked|see you naked|"
            r"are you (?:single|a virgin|horny|wet|hard)|(?:think|thinking|"
            rf"dream|dreaming|fantasi[sz]e|fantasi[sz]ing) about you(?: {_FANTASY_CONTEXT})",
        ),
        # --- meetups and money
        _boundary(
            "meetup",
            r"(?:lets|let us|we should|we could|can we|could we|shall we|wanna|"
            rf"want to|do you want to|would you like to)(?: {words('just|maybe|secretly')})? (?:meet|"
            rf"hang out|link up|get together|hook up)(?: up)?(?! {_ON_PLATFORM})(?! "
            r"?(?:in|on) (?:the )?(?:app|chat|session))",
        ),
        _boundary(
            "meetup",
            r"meet me (?:at|in|tonight|tomorrow|after|outside|alone|somewhere|"
            r"irl|in person|by|near|behind)|meet (?:you|up) (?:irl|in person|"
            r"alone|face to face)|just the two of us|dont tell (?:your|the|"
            r"anyone|anybody|them)|our (?:little )?secret|keep this between us",
        ),
        _boundary(
            "meetup",
            r"(?:come|coming) (?:over )?(?:to|round to|round|over to) my (?:place|"
            r"house|flat|apartment|room|hotel|car)|come over(?: tonight| later|"
            r" now)?(?= ?(?:$|[.,]))",
        ),
        _boundary(
            "meetup",
            r"(?:ill|i will|i can|let me|i could) (?:pick you up|come (?:round|"
            r"over|to your)|come and get you|drive you home|take you home|"
            r"walk you home)",
        ),
        _boundary(
            "meetup",
            r"where do you live|(?:whats|what is|give me|send me|tell me) your (?:home )?address|"
            r"wheres your house|which school do you go to|where do you go to school|"
            r"(?:give me|send me) your (?:address|location)",
        ),
        _boundary(
            "money",
            r"(?:send|give|lend|loan|transfer|pay|venmo|paypal|cashapp|wire|"
            rf"bank) (?:me|us)(?: {words('some|a|the|your|like|about|just')})? (?:{_MONEY_WORDS})",
        ),
        _boundary(
            "money",
            r"(?:lend|loan) me|can i borrow (?:some )?(?:money|cash|a tenner|"
            r"a fiver|\w+ quid|\w+ dollars)|you owe me|(?:venmo|paypal|cashapp|"
            r"cash app|revolut|monzo) me|gift card|gift cards",
        ),
        _boundary(
            "money", r"(?:whats|what is|send me|give me|tell me) your (?:bank|card|account|sort code|pin|credit card)"
        ),
        # --- mild: insults and profanity aimed at the person
        _mild("insult", rf"{_YOU} (?P<x>(?:{_INTENSIFIERS} ){{0,4}}{_INSULTS})"),
        _mild("insult", r"(?:no one|nobody|everyone|everybody) (?:likes|loves|wants|hates|laughs at) you"),
        _mild("insult", rf"(?P<x>{_INSULTS}) like you|what an? {_INSULTS}(?: {_INTENSIFIERS}){{0,2}} you are"),
        _mild(
            "insult",
            r"(?:shut up|get lost|go away|fuck off|piss off|bugger off|shove off|"
            rf"get out|whatever)(?: ,)? (?:you )?(?P<x>{_INSULTS})",
        ),
        _mild(
            "profanity",
            r"(?:fuck|f|screw|sod|stuff|damn|bugger) (?:you|off)|fucking hate you|"
            r"i hate you|you suck|you disgust me|you make me sick"
            r"|go to hell|go fuck yourself|fuck yourself|shut the fuck up|"
            r"shut up(?! ?(?:[.,] )?(?:thats|that is|no way|really|lol|haha|"
            r"omg|😂|🤣|about|and listen))"
            r"|eat shit|up yours|get fucked|suck my (?:balls|dick)|kiss my (?:ass|"
            r"arse)|piss off|bugger off|sod off|get lost|get the fuck out",
        ),
    )


RULES: tuple[Rule, ...] = _rules()


class AbuseCheck(Check):
    """Holds severe abuse and boundary violations; masks mild insults; escalates repeats."""

    code = FLAG_ABUSE

    def __init__(self, rules: tuple[Rule, ...] = RULES) -> None:
        self.rules = rules

    def check(self, text: str, context: MessageContext) -> Verdict:
        """Precondition: ``text`` is any ``str``; ``context.prior_offences >= 0``. Pure; does not raise."""
        hits = self.hits(text)
        if not hits:
            return Verdict(action=Action.DELIVER)
        base = max(h.severity for h in hits)
        prior = max(context.prior_offences, 0)
        severity = min(SEVERE, base + min(prior, REPEAT_HOLD_THRESHOLD))
        spans = tuple(Span(h.start, h.end, FLAG_ABUSE) for h in hits)
        if base >= BOUNDARY:
            reason = REASON_SEVERE if base >= SEVERE else REASON_BOUNDARY
            return Verdict(Action.HOLD, (FLAG_ABUSE,), spans, severity, (reason,))
        if prior >= REPEAT_HOLD_THRESHOLD:
            return Verdict(Action.HOLD, (FLAG_ABUSE,), spans, severity, (REASON_REPEAT,))
        return Verdict(Action.MASK, (FLAG_ABUSE,), spans, severity, (REASON_MILD,))

    def hits(self, text: str) -> list[Hit]:
        """Rule matches in ``text`` (slurs included), before any escalation."""
        norm = normalize(text)
        hits = find_hits(norm, self.rules)
        hits.extend(_slur_hits(norm))
        if _SEXUAL_CUES.search(text):
            hits.extend(_cued_photo_requests(norm))
        return hits


_CIGARETTE = re.compile(
    r"\b(?:smoke|smoking|need|have|light|pack of|roll|rolled|rolling|cig|a) fags?\b|\bfags? (?:and|break)\b"
)
_SLUR_PATTERN = re.compile(r"(?<![a-z0-9])(?:" + "|".join(sorted(SLURS, key=len, reverse=True)) + r")s?(?![a-z0-9])")
_PHOTO_REQUEST = re.compile(
    r"(?<![a-z0-9])(?:send|show)(?: me)?(?: a| some| more)? (?:pic|"
    r"pics|picture|pictures|photo|photos|selfie|selfies)(?![a-z0-9])"
)


def _slur_hits(norm: Normalized) -> list[Hit]:
    """Slurs are held wherever they appear, except "fag" meaning a cigarette."""
    hits: list[Hit] = []
    for m in _SLUR_PATTERN.finditer(norm.text):
        if m.group().startswith("fag") and _CIGARETTE.search(norm.text):
            continue
        original = norm.original_range(m.start(), m.end())
        if original is not None:
            hits.append(Hit("slur", original[0], original[1], SEVERE))
    return hits


def _cued_photo_requests(norm: Normalized) -> list[Hit]:
    """A photo request with a sexual emoji or wink ("send me some pics ;)") is harassment."""
    hits: list[Hit] = []
    for m in _PHOTO_REQUEST.finditer(norm.text):
        original = norm.original_range(m.start(), m.end())
        if original is not None:
            hits.append(Hit("sexual", original[0], original[1], SEVERE))
    return hits
