"""Crisis statements in other languages than English, for the rule-based crisis check.

The English rules and the English sentence encoder of the semantic check read other languages
poorly: `ich will nicht mehr leben` or `gusto ko nang mamatay` share no words with their
English meaning. People in crisis fall back on their first language, often with some English
around it, so the core first-person statements (I want to die, I don't want to live any more,
I'm going to kill myself, I'm tired of living, suicide with an intent) are matched here in
Spanish, Portuguese, French, German, Italian, Dutch, Polish, Turkish, Tagalog, Indonesian and
Malay, Swahili, Afrikaans, Hindi and Urdu written in Latin letters, and Nigerian Pidgin.

Patterns run on the normalised text (lower case, accents dropped, apostrophes removed), so
`aburrí` reads `aburri` and `ölmek` reads `olmek`; the English keyword-misspelling repair
applies too, so `bringe` reads `bridge` and `ya` reads `you`, and the patterns allow for both.
Each is a first-person statement; mentions (`el suicidio es un problema`, `selbstmord` in a
headline) are not matched. The coverage is deliberately small and literal: a floor for
non-English messages, not an understanding of them (docs/MODERATION.md, "Other languages").
"""

from __future__ import annotations

from .rules import Rule, rule

#: ``(language, pattern)``: first-person crisis statements, on normalised text.
STATEMENTS: tuple[tuple[str, str], ...] = (
    (
        "es",
        r"(?:me )?quiero (?:morir(?:me)?|matarme|suicidarme|desaparecer para siempre)|"
        r"me quiero (?:morir|matar|suicidar)|"
        r"(?:ya )?no quiero (?:vivir|seguir viviendo|seguir (?:aqui|con vida)|despertar)|"
        r"me (?:voy a|vou a) (?:matar|suicidar)|voy a (?:matarme|suicidarme|quitarme la vida)|"
        r"(?:aburri|cansad[oa]|hart[oa]) de vivir|quitarme la vida|no vale la pena vivir",
    ),
    (
        "pt",
        r"quero (?:morrer|me matar|me suicidar|sumir para sempre)|(?:nao|n) quero (?:mais )?viver|"
        r"vou me (?:matar|suicidar)|(?:cansad[oa]|farto|farta) de viver|tirar (?:a )?minha (?:propria )?vida",
    ),
    (
        "fr",
        r"(?:je )?veux (?:mourir|me tuer|me suicider|en finir)|je vais me (?:tuer|suicider|foutre en l air)|"
        r"(?:je )?(?:ne )?veux plus vivre|marre de vivre|envie de mourir|envie d en finir|me suicider",
    ),
    (
        "de",
        r"(?:ich )?will (?:nicht mehr leben|sterben|tot sein)|ich will mich umbringen|"
        r"ich (?:bringe|bring|bridge) mich um|nicht mehr leben (?:will|mochte)|"
        r"(?:ich bin )?lebensmude|(?:ich )?mochte (?:sterben|nicht mehr leben|tot sein)",
    ),
    (
        "it",
        r"voglio (?:morire|uccidermi|farla finita)|non voglio piu vivere|mi voglio (?:uccidere|ammazzare)|"
        r"(?:mi )?(?:uccido|ammazzo)(?= ?(?:$|[.,]| stanotte| stasera| oggi| domani))|"
        r"stanc[oa] di vivere",
    ),
    (
        "nl",
        r"ik wil (?:dood|niet meer leven|er niet meer zijn|mezelf (?:van kant maken|doden))|"
        r"mezelf van kant maken|ik (?:ga|wil) zelfmoord plegen",
    ),
    (
        "pl",
        r"chce (?:umrzec|sie zabic)|nie chce (?:juz )?zyc|zabije sie|popelnie samobojstwo|mam dosc zycia",
    ),
    (
        "tr",
        r"olmek istiyorum|yasamak istemiyorum|kendimi (?:oldurecegim|oldurmek istiyorum|asacagim)|"
        r"intihar (?:edecegim|etmek istiyorum)|yasamaktan yoruldum",
    ),
    (
        "tl",
        r"gusto (?:ko )?(?:na |nang |ng )?(?:mamatay|magpakamatay)|ayoko (?:na )?(?:ng )?mabuhay|"
        r"magpapakamatay|papatayin ko (?:na )?(?:ang )?sarili ko|pagod na (?:ako )?(?:na |nang )?mabuhay|"
        r"sana mamatay na (?:lang )?ako",
    ),
    (
        "id",
        r"(?:aku|saya|gue|gw) (?:ingin|mau|pengen|pingin|nak) (?:mati|mengakhiri hidup)|"
        r"(?:ingin|mau|pengen|pingin|nak) bunuh diri|"
        r"(?:aku|saya|gue|gw) (?:akan )?bunuh diri|capek hidup|lelah hidup",
    ),
    ("sw", r"nataka (?:kufa|kujiua)|nitajiua|sitaki kuishi"),
    ("af", r"ek wil (?:dood ?gaan|doodgaan|nie meer leef nie|myself doodmaak)|ek gaan myself doodmaak"),
    (
        "hi-ur",
        r"(?:main|mai|mein|mujhe|muje) (?:bas )?(?:marna|mar jana|mar jaana|marna hi) (?:chahta|chahti|hai)|"
        r"marna chahta|marna chahti|mar jana chahta|mar jana chahti|mar jaana chahta|mar jaana chahti|"
        r"(?:jeena|jina|zinda rehna) nahi chahta|(?:jeena|jina|zinda rehna) nahi chahti|"
        r"khudkushi (?:kar lunga|kar lungi|karna|karunga|karungi)|aatmahatya (?:kar|karna|karunga|karungi)|"
        r"apne aap ko (?:maar|khatam) (?:dunga|dungi|lunga|lungi|dalunga|dalungi)|zindagi se thak gaya|"
        r"zindagi se thak gayi|sab khatam kar (?:dunga|dungi|lunga|lungi)",
    ),
    (
        "pcm",
        r"i (?:wan|won|wan to|go) (?:die|kill myself|take my life)(?= ?(?:$|[.,]| tonight| today| now| sha| abeg))|"
        r"(?:no|nor) (?:wan|won) (?:wake up|live again|dey alive)|(?:drink|drank|drinking|wan drink) sniper",
    ),
)


def language_rules() -> tuple[Rule, ...]:
    """One rule per language. Negation is part of several statements (`no quiero vivir`), so the
    English negation filter does not apply; past and recovery frames still do."""
    return tuple(rule(f"language_{code}", pattern, negatable=False) for code, pattern in STATEMENTS)


LANGUAGE_RULES: tuple[Rule, ...] = language_rules()
