"""Understated crisis signals: few alarming words, plain practical meaning.

People close to acting often write like this: the pills are "out on the bed", the medicine was
bought "from four different chemists", they "don't think they're safe tonight", "you'll know
why" if they miss the group. Each rule below is a class of such messages; each has ordinary
look-alikes (a barbecue's charcoal, a sailing knot, a medicine shortage, a countdown to a
holiday), cancelled by its ``benign`` or ``ordinary`` context and by the shared filters of
:func:`.rules.find_hits` (negation, the past, news and media, questions to the other person).
"""

from __future__ import annotations

from .frames import BODY, MEDICINE
from .rules import Rule, gap, rule, words

# Means that are not ordinary transport or medicine taken for pain.
_CHOSEN_MEANS = words(
    "pills|tablets|overdose|od|rope|noose|gun|knife|blade|razor|razors|train|tracks|bridge|cliff|roof|"
    "jumping|jump|hanging|drowning|car|motorway|river"
)
_SHOPS = words("chemists|chemist s|pharmacies|pharmacys|shops|stores|supermarkets|places|branches|boots|superdrugs")
# Symptoms of something taken or done to the body just now.
_SYMPTOMS = (
    r"\b(?:cant breathe|can not breathe|struggling to breathe|spinning|dizzy|heart (?:is )?(?:racing|pounding|"
    r"doing|going|skipping|fluttering)|flutter\w*|palpitations|vomit\w*|throwing up|being sick|shaking|faint|"
    r"fainting|passing out|pass out|blacking out|blurry|numb|chest (?:pain|hurts|is tight)|cold and clammy|"
    r"sugar (?:is )?(?:dropping|dropped|low|crashing))\b"
)


def understated_rules() -> tuple[Rule, ...]:
    """The rules, in the order they are tried (order does not change the verdict)."""
    return (
        # --- not safe, said plainly: "i don't think i'm safe tonight", "not safe rn, please call me"
        rule(
            "unsafe",
            r"(?:(?:im|i am|i feel|feeling|i m) (?:not|really not|just not)|(?<!you )(?<!he )(?<!she )(?<!they )"
            r"(?:i )?dont (?:feel|think im|think i am|"
            r"think i can keep myself)|not sure (?:im|i am|i can (?:stay|keep myself))|^(?:really )?not) "
            r"(?:very |really |totally |completely |entirely )?safe(?: (?:with|around) myself| on my own| by myself|"
            r" alone| to be alone| at all)?(?: (?:tonight|right now|now|at the moment|anymore|any more|today))?"
            r"(?= ?(?:$|[.,]| please| can| and| i | tbh| honestly| ngl))",
            negatable=False,
            addressed=True,
            ordinary=r"safe to (?:drive|walk|travel|go|eat|use|take|leave|swim)|roads?|streets?|area|neighbourhood|"
            r"neighborhood|estate|ice|icy|weather|storm|flood|building|wiring|boiler|bridge is|car is|"
            r"at home with (?:him|her|them)|(?:he|she|they) (?:hits?|hurts?|threatens?)",
        ),
        # --- too much taken, with what it is doing to the body now
        rule(
            "ingestion",
            r"(?:took|taken|had|swallowed|necked|downed|popped) (?:way |far |a few |loads |a lot )?too many"
            r"(?: of (?:my|the|them|those|these))?(?: [a-z]+)?(?= ?(?:$|[.,]| and| now| again| tonight| on purpose))",
            gate=_SYMPTOMS + r"|" + MEDICINE,
            ordinary=r"photos|pictures|pics|selfies|shots|drinks|pints|beers|jagers|days off|breaks|naps|notes|"
            r"classes|modules|risks|biscuits|sweets|cookies|sweeties|slices|espresso|coffees|by (?:accident|mistake)|"
            r"accidentally",
        ),
        rule(
            "self_harm",
            rf"(?:inject\w*|dosed|gave myself|overdid|doubled|tripled){gap(7)} (?:on purpose|deliberately|"
            r"intentionally)",
        ),
        # --- buying medicine round several shops so nobody notices
        rule(
            "means",
            r"(?:bought|buying|buy|got|getting|stocked up on|stocking up on|stocked up|collected|collecting|"
            r"picked up|been buying|went round)"
            rf"{gap(4)} (?:from|at|across|round|around|in) (?:[0-9]+|two|three|four|five|six|seven|several|"
            rf"different|multiple|loads of|lots of) (?:different |separate )?{_SHOPS}",
            gate=MEDICINE,
            ordinary=r"shortage|out of stock|in stock|sold out|couldnt find|cant find|could not find|to find|"
            r"restock|none of them had|nobody had|no one had|for (?:the|my|our) (?:baby|kids|mum|dad|"
            r"nan|gran|family|first aid)",
        ),
        # --- pills laid out: "all the paracetamol out on the bed", "counted them out on the desk"
        rule(
            "means",
            rf"(?:all )?(?:the |my |of my |of the |them |these |those )?(?:{MEDICINE}|them|they) "
            r"(?:are |is )?(?:all )?(?:out|laid out|lined up|counted out|spread out|popped out|tipped out|"
            r"in a pile|in piles|in a row|in rows) (?:on|in front of|across|next to) (?:the|my) "
            r"(?:bed|table|floor|desk|counter|duvet|pillow|bedside|worktop|carpet)",
            gate=MEDICINE,
            ordinary=r"dosette|organi[sz]er|pill box|pillbox|sort|sorting|expired|return|pharmacy|weekly|"
            r"for the week|count for|out of date",
        ),
        # --- fumes: the charcoal bought and not lit yet, or lit indoors
        rule(
            "means",
            r"charcoal(?: \S+){0,6} (?:(?:didnt|havent|not|have not|did not) (?:lit|light|lighted)(?: it| them)?"
            r"(?: yet)?|in (?:my|the) (?:room|bedroom|car|tent|bathroom|flat))",
            ordinary=r"bbq|barbecue|barbeque|grill|garden|sausages|burgers|picnic|drawing|sketch|art|filter|"
            r"toothpaste|face mask|tablets for (?:wind|gas|the dog)",
        ),
        # --- rehearsing: "tied a knot this morning for practice", "hanging thoughts again"
        rule(
            "means",
            r"(?:tied|tying|tie|practi[cs]ed|practi[cs]ing)(?: [a-z]+){0,3} (?:a |the |my )?(?:knot|noose|slipknot)"
            r"(?: [a-z]+){0,3} (?:for |to )?practi[cs]e|practi[cs]ing (?:the|a|my) (?:knot|noose)",
            ordinary=r"sail\w*|scouts?|guides|climb\w*|boat|fishing|camping|knots class|shoe\w*|tie for|"
            r"necktie|bow tie|macrame|rope course|first aid",
        ),
        rule(
            "suicide",
            r"(?:hanging|noose|rope|jumping|overdose|od|drowning|ending it|dying) "
            r"(?:thoughts|urges|fantasies|images|pictures in my head)",
            media=True,
            ordinary=r"picture hanging|hanging (?:pictures|shelves|baskets|the washing)",
        ),
        # --- choosing between two ways: "trying to decide between the train and the pills"
        rule(
            "plan",
            r"(?:between|either) (?:the |a |my )?"
            rf"{_CHOSEN_MEANS} (?:and|or) (?:the |a |my )?{_CHOSEN_MEANS}",
            ordinary=r"(?:train|car|bus|tram|drive|driving) (?:and|or) (?:the )?(?:train|car|bus|tram|drive|"
            r"driving|plane|flight|ferry)|to get (?:there|home|to)|journey|commute|trip|ticket|fares?|parking|"
            r"for (?:my|the|a) (?:headache|pain|back|cold|flu)",
        ),
        # --- sleep that does not end: "sleeping forever sounds so nice rn 😴💀"
        rule(
            "not_exist",
            r"(?:sleep|sleeping|to sleep|nap|napping|rest)(?: for)? (?:forever|for ever|permanently|eternally)"
            r"(?: [a-z]+){0,2} (?:sounds|seems|would be|feels|looks) (?:so |really |very |quite |pretty )?"
            r"(?:nice|good|peaceful|tempting|appealing|lovely|amazing|great|perfect|like a relief)|"
            r"(?:sleep|sleeping|nap) (?:permanently|eternally)|(?:sleep|sleeping) forever(?: [a-z]+){0,4} "
            r"(?:💀|⚰|🪦)",
            ordinary=r"after (?:this|that|the|my|work|school)|shift|week|exam|exams|lol|haha|lmao|weekend|"
            r"hangover|jet ?lag",
        ),
        # --- the only way out: "the only way to turn it off is to not exist"
        rule(
            "not_exist",
            r"only (?:way|option|answer|solution|escape|thing left|way out|exit|choice)(?: [a-z]+){0,7} "
            r"(?:is|would be|seems|feels like|left is) (?:to )?(?:not exist|stop existing|die|be dead|end it|"
            r"end things|end my life|kill myself|not be here|not be alive|not wake up|disappear for good|"
            r"sleep forever|go to sleep forever)(?= ?(?:$|[.,]| now| tonight| soon| and| i))",
        ),
        # --- a permanent fix for the problem they say they are
        rule(
            "end_life",
            r"(?:fix|solve|sort|end|sorting|fixing|solving)(?: it| this| that| things| everything| the problem| "
            r"that problem| the issue)? (?:permanently|for good|once and for all|for everyone)"
            r"(?= ?(?:$|[.,]| now| tonight| soon))",
            gate=r"\b(?:im the problem|being the problem|the problem is me|i am the problem|burden|"
            r"tired of (?:being|living|it all|everything|existing)|everyone would|better off)\b",
        ),
        # --- not around after a date, or much longer (the sender or someone they describe)
        rule(
            "finality",
            r"(?:not|never|wont|will not) (?:gonna |going to )?(?:be|being) (?:here|around|alive)"
            r"(?: for)? (?:much longer|for much longer|long|after (?:exams|christmas|the|my|this|that|tonight|"
            r"today|friday|[a-z]+day)|by (?:the|next|[a-z]+day)|past (?:the|this|my|[a-z]+day)|beyond|"
            r"anymore|any more)",
            negatable=False,
            ordinary=r"holiday|holidays|moving|move|moved|new job|abroad|uni|travel\w*|trip|away|visa|contract|"
            r"deployment|posting|leave|offline|signal|wifi|reception|at work|on shift|busy|office|camp|festival|"
            r"summer|gap year|home for|going home|flying|flight|chat|group chat|on here|online|in town|"
            r"the area|this job|the team|this company|the club",
        ),
        # --- a conditional absence that explains itself: "if i don't show up thursday you'll know why"
        rule(
            "finality",
            r"if i (?:dont|do not|never|stop|dont ever|cant|dont come|dont get to) (?:show up|turn up|come|reply|"
            r"answer|respond|text back|log on|message|make it|come back|wake up|see you)"
            rf"{gap(5)} (?:youll|you will|u will|ull|you ll|everyone will|youd|you would) (?:know|understand) "
            r"(?:why|what happened|what i did)",
            negatable=False,
        ),
        rule(
            "finality",
            r"if i (?:dont|do not|never|stop|cant|dont ever) (?:answer|reply|respond|text back|show up|wake up|"
            r"come back|make it|message)(?: [a-z]+){0,3} (?:, )?(?:its|it is|it was|it wont be|it isnt|that is|"
            r"thats|it will not be)(?: [a-z]+){0,2} (?:not )?(?:your|anyones|on you|because of you)",
            negatable=False,
            ordinary=r"phone|battery|signal|charge|charger|wifi|reception|asleep|sleeping|busy|at work|on shift|"
            r"driving|in a meeting|cinema|flight|plane",
        ),
        # --- a question about a lethal mix, then "asking for me"
        rule(
            "lethal_dose",
            r"asking for (?:me|myself)(?! (?:lol|haha|lmao|😂))",
            gate=r"\b(?:kill|kills|lethal|deadly|fatal|die|dies|dying|stop (?:your|my|the) (?:breathing|heart)|"
            r"stops (?:your|my|the) (?:breathing|heart)|overdose|how many|how much|dose|mix|mixing|combine|"
            r"combining|together)\b",
        ),
        # --- purging to the point of heart or fainting symptoms now
        rule(
            "self_harm",
            r"purg\w*|(?:binge|binged) and (?:purge|purged|sick)|made myself sick(?: [a-z]+){0,3} (?:times|again)",
            gate=r"\b(?:heart|faint|fainting|palpitations|chest|dizzy|blacked out|black out|collapse\w*|"
            r"passing out|pass out|passed out|blood)\b",
            ordinary=r"wardrobe|closet|files|emails|inbox|clothes|stuff|cache|photos|data|drafts|cupboard|"
            r"loft|garage|playlist|following|friends list",
        ),
        # --- something sharp pushed into the body: "stabbing the compass into my hand"
        rule(
            "self_harm",
            r"(?:stab|stabbing|stabbed|jab|jabbing|jabbed|dig|digging|dug|press|pressing|pressed|push|pushing|"
            r"pushed|drag|dragging|dragged|scrape|scraping|scraped)"
            rf"(?: the| a| my| an)?(?: [a-z]+){{0,2}} (?:into|across|along|over|through) my "
            rf"(?:hand|hands|palm|palms|finger|fingers|{BODY})",
            benign=r"shaving|chopping|cooking|baking|slipped|tripped|by accident|accidentally|by mistake|thumb|"
            r"thumbs|ice|cream|lotion|massage|grounding|splinter|vaccine|injection|nurse|doctor|tattoo|"
            r"cat|kitten|dog|puppy|rose|bramble|thorn",
        ),
        # --- the insurance: "my wife would be better off with the payout"
        rule(
            "better_off",
            r"(?:better off|be fine|be set|be sorted|be looked after|be ok|be okay|be comfortable|be richer) "
            r"(?:with|from) (?:the|my) (?:payout|insurance|life insurance|insurance money|death in service|"
            r"life cover)",
            ordinary=r"claim|settlement|redundancy|compensation|lottery|bet|bonus|so we can|inheritance",
        ),
    )


UNDERSTATED_RULES: tuple[Rule, ...] = understated_rules()
