"""Word lists used by normalisation: keywords to recover, words never to touch, slang.

The slur list is ROT13-encoded so the words do not appear in plain text in the source; it is
decoded once at import.
"""

from __future__ import annotations

import codecs


def wordset(text: str) -> frozenset[str]:
    """The whitespace-separated words of ``text`` (keeps long word lists readable)."""
    return frozenset(text.split())


#: Crisis-relevant words the fuzzy correction may recover from misspellings and obfuscation.
CRISIS_KEYWORDS: frozenset[str] = wordset(
    """
    suicide suicidal suiciding suicides sewerslide unalive unaliving unalived myself kms kill
    kills killing killed die dying died dead death life live living alive exist existing cut
    cutting harm harming harmed hurt hurting overdose overdosing overdosed od pills meds tablets
    paracetamol noose razor blades goodbye bye burden disappear yourself himself herself
    themselves committing commit hang hanging bleed bleeding lethal jump bridge want
    """
)

#: Slurs, ROT13-encoded (see module docstring). Kept deliberately short.
_SLURS_ROT13 = "snttbg sntf snt ergneq ergneqrq genaal genaavrf qlxr avttre avttn fcvp puvax xvxr jrgonpx cnxv"
SLURS: frozenset[str] = wordset(codecs.decode(_SLURS_ROT13, "rot13"))

#: Abuse words the fuzzy correction may recover.
ABUSE_KEYWORDS: frozenset[str] = (
    wordset(
        """
        kys idiot stupid moron loser pathetic worthless useless dumb dumbass fuck fucking
        fucker shit bitch cunt twat dick prick bastard slut whore skank ugly retard
        """
    )
    | SLURS
)

#: Ordinary words close to a keyword that must never be "corrected" onto it.
COMMON_WORDS: frozenset[str] = wordset(
    """
    bitter tables table overdone overdue commuting computing unalike looser lose loses losing
    diet dies dye dyed dyeing bridges cute cuts kilt kiln pill hurts herself himself myself
    suited suite suicidal dumbo dice dime dine dive idiots stupidity mysql ugh deed feed
    killer skill skills hang hung hunt commits committee commuted summit mutt kit its
    exits lief deid dide nose noses loving handing hurling hunting hunter hunted breeding blending
    cuttings
    """
)

#: Misspellings too far from their keyword for the edit-distance correction.
MISSPELLINGS: dict[str, str] = {
    "suicidle": "suicidal",
    "suicidel": "suicidal",
    "suacidal": "suicidal",
    "sooicide": "suicide",
    "dieing": "dying",
    "dyin": "dying",
    "meself": "myself",
    "mysef": "myself",
    "urself": "yourself",
    "yaself": "yourself",
    "yourselfe": "yourself",
    "comit": "commit",
    "commiting": "committing",
    "comitting": "committing",
    "comitted": "committed",
}

#: Slang and shorthand expanded to the words rules are written in (apostrophes removed).
EXPANSIONS: dict[str, tuple[str, ...]] = {
    "sh'd": ("self", "harmed"),
    "sh'ed": ("self", "harmed"),
    "sh'ing": ("self", "harming"),
    "u": ("you",),
    "ur": ("your",),
    "ya": ("you",),
    "wanna": ("want", "to"),
    "wana": ("want", "to"),
    "gonna": ("going", "to"),
    "gunna": ("going", "to"),
    "gna": ("going", "to"),
    "finna": ("going", "to"),
    "imma": ("im", "going", "to"),
    "ima": ("im", "going", "to"),
    "tryna": ("trying", "to"),
    "gotta": ("got", "to"),
    "hafta": ("have", "to"),
    "abt": ("about",),
    "rn": ("right", "now"),
    "bc": ("because",),
    "cuz": ("because",),
    "coz": ("because",),
    "tmrw": ("tomorrow",),
    "tmr": ("tomorrow",),
    "tmrow": ("tomorrow",),
    "2moro": ("tomorrow",),
    "2morrow": ("tomorrow",),
    "tonite": ("tonight",),
    "2nite": ("tonight",),
    "tn": ("tonight",),
    "tnite": ("tonight",),
    "tnight": ("tonight",),
    "oding": ("overdosing",),
    "odding": ("overdosing",),
    "2night": ("tonight",),
    "2day": ("today",),
    "ppl": ("people",),
    "every1": ("everyone",),
    "evry1": ("everyone",),
    "no1": ("no", "one"),
    "noone": ("no", "one"),
    "some1": ("someone",),
    "sum1": ("someone",),
    "any1": ("anyone",),
    "lyfe": ("life",),
    "wif": ("with",),
    "wnna": ("want", "to"),
    "liv": ("live",),
    "wuz": ("was",),
    "woz": ("was",),
    "wiv": ("with",),
    "dun": ("done",),
    "bein": ("being",),
    "livin": ("living",),
    "ded": ("dead",),
    "nemore": ("anymore",),
    "enymore": ("anymore",),
    "lyf": ("life",),
    "wud": ("would",),
    "wld": ("would",),
    "shud": ("should",),
    "cud": ("could",),
    "dnt": ("dont",),
    "idk": ("i", "dont", "know"),
    "dunno": ("dont", "know"),
    "ngl": ("honestly",),
    "tbh": ("honestly",),
    "fr": ("for", "real"),
    "pls": ("please",),
    "plz": ("please",),
    "thx": ("thanks",),
    "h8": ("hate",),
    "luv": ("love",),
    "b4": ("before",),
    "cya": ("see", "you"),
    "ttyl": ("talk", "to", "you", "later"),
    "kinda": ("kind", "of"),
    "gimme": ("give", "me"),
    "lemme": ("let", "me"),
    "aint": ("is", "not"),
    "w/o": ("without",),
    "bf": ("boyfriend",),
    "gf": ("girlfriend",),
    "bro": ("brother",),
    "sis": ("sister",),
    "mom": ("mum",),
    "mommy": ("mum",),
    "mummy": ("mum",),
    "urself": ("yourself",),
    "yaself": ("yourself",),
    "stfu": ("shut", "the", "fuck", "up"),
    "gtfo": ("get", "the", "fuck", "out"),
    "fu": ("fuck", "you"),
    "fk": ("fuck",),
    "fck": ("fuck",),
    "fuk": ("fuck",),
    "fkn": ("fucking",),
    "fkin": ("fucking",),
    "fuckin": ("fucking",),
    "wtf": ("what", "the", "fuck"),
    "stoopid": ("stupid",),
    "azz": ("ass",),
}
