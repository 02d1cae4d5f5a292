"""Crisis detection: suicidal ideation, self-harm, plans and means, goodbye messages.

A crisis message is still delivered (the person reaching out must not be silenced); the
verdict carries the ``crisis`` flag so the service alerts a coordinator and shows support
resources. The rules target *meaning* in a few families rather than a phrase list:

* reflexive harm ("kill/hurt/cut/unalive ... myself"), ending one's life, wanting to die;
* passive ideation (not wanting to exist or wake up, no point living, being a burden,
  "better off without me");
* plans and means (stockpiled pills, lethal-dose questions, bridges, ropes, a chosen time);
* finality (goodbye letters, "by the time you read this", giving things away);
* someone else at risk right now ("my friend says she wants to kill herself");
* emoji combinations (means + death/means, a coffin with "goodbye", "🔫 me").

The semantic frames in :mod:`.frames` add concept-class combinations (any medicine taken in
excess, a lethal means acquired or held, being at a height, self-harm evidence) and score
softer goodbyes over the whole message.

Filters cancel a match when it is negated ("I would never ..."), framed as past recovery
("I used to self-harm, 2 years clean"), about media/news/awareness, or a question to the
other person. See docs/MODERATION.md for the decisions on ambiguous cases.
"""

from __future__ import annotations

import re

from .base import FLAG_CRISIS, Action, Check, MessageContext, Span, Verdict
from .frames import FRAME_RULES, LETTER_TO_A_HABIT, POISON, cooccurrence_hits, finality_hits
from .languages import LANGUAGE_RULES
from .normalize import normalize
from .rules import Hit, Rule, find_hits, gap, rule, words
from .understated import UNDERSTATED_RULES

REASON = "This message suggests someone may be at risk; a coordinator will reach out and support resources are shown."

_INTENT = words(
    "want to|wanted to|going to|gonna|plan to|planning to|planned to|ready to|about to|decided to|"
    "need to|have to|got to|trying to|try to|tried to|urge to|tempted to|thinking about|thinking of|"
    "think about|thought about|thoughts of|thoughts about|considering|wish i could|will|ill|might|"
    "should just|could just|keep thinking about|cant stop thinking about|imagine|imagining|im going to|plan is to"
)
_PILLS = words(
    "pills|pill|meds|medication|medications|medicine|tablets|tablet|paracetamol|tylenol|acetaminophen|"
    "ibuprofen|aspirin|painkillers|sleeping pills|antidepressants|insulin|sertraline|fluoxetine|"
    "citalopram|lithium|benzos|opioids|💊"
)
_MEANS = (
    words("rope|noose|gun|pistol|knife|blade|blades|razor|razors|razor blades|belt|ligature|🔪|🔫|🪢") + "|" + _PILLS
)
_CLAUSE_END = r"(?= ?(?:$|[.,]))"
_REFLEXIVE_VERBS = words(
    "kill|kills|killing|killed|off|offing|unalive|unaliving|hang|hanging|shoot|shooting|drown|drowning|"
    "suffocate|suffocating|poison|poisoning|stab|stabbing|neck|harm|harming|harmed|hurt|hurting|"
    "cut|cutting|burn|burning|burned|burnt|hit|hitting|punch|punching|starve|starving|punish|punishing|"
    "scratch|scratching|gas|delete|deleting|yeet|yeeting|end|ending|choke|choking|strangle|top|topping|finish|finishing"
)
_REFLEXIVE_IDIOMS = words(
    "to death laughing|to finish|to get|to meet|to make|to pass|studying|working|at work|at the gym|"
    "with work|doing|lifting|playing|running|by accident|accidentally|when i fell|while|cooking|"
    "on the|in the gym|over nothing|up"
)
_DIE_IDIOMS = words(
    "of|laughing|for a|for an|for some|for that|for this|for the|than|from|in a|with laughter|inside|on stage|trying|"
    "my hair|her hair|his hair|their hair|your hair|hair"
)
_WISH = words("wish|wishing|want|wanted|wanna|would rather|id rather|prefer|like to|hope|hoping|pray|praying")
_DEATH_EMOJI = re.compile(r"[🪦⚰⚱]")
_EMOJI_CONTEXT = re.compile(
    r"\b(?:im done|done|tonight|goodbye|bye|ready|its time|forever|want to|going to|last|farewell|cant|"
    r"kill|die|myself|end it|(?:by|before) (?:monday|tuesday|wednesday|thursday|friday|saturday|sunday|"
    r"the weekend))\b"
)

# "fine without me for a week": an absence with an end, not for good.
_FOR_A_WHILE = (
    r" (?:for|over) (?:a|an|the|one|two|three|four|a few|a couple of|[0-9]+) (?:day|days|week|weeks|bit|while|month|"
    r"months|hour|hours|shift|shifts|afternoon|morning|evening|night|weekend|fortnight)(?![a-z0-9])|"
    r" (?:while|when) im (?:away|off|on (?:holiday|leave|annual leave))"
)
#: "Better off without me" on a team or a task, not in their lives: "... without me on this project".
_ON_A_TEAM = (
    r" (?:on|in) (?:this|the|that|our|their|my|his|her) (?:project|team|shift|rota|squad|side|band|"
    r"committee|course|module|group project|case|account|pitch|stage|department|office|choir|quiz team)(?![a-z0-9])"
)

# Word lists used inside the rules below.
_BELONGINGS = words("stuff|things|belongings|possessions|clothes|pets|cat|dog|books")
_BE_DEAD_INTENT = words(
    "wish i was|wish i were|wish i had been|wishing i was|better off|"
    "rather be|want to be|hope im|want to end up|id be better"
)
_BODY_PARTS = words("arm|arms|wrist|wrists|thigh|thighs|leg|legs|skin|stomach|hip|hips|body|chest|ankle|ankles")
_BOUGHT_MEANS = words("rope|gun|pistol|noose|razor blades|razors|blades|ligature")
_DIE_INTENT = words(
    "want to|wanted to|wants to|ready to|about to|plan to|planning to|"
    "decided to|deserve to|need to|like to|wish i could|wish to|just want to|"
    "hope i|hope to|hoping to|i will|i should|i just want to|cant wait to|can not wait to|cannot wait to"
)
_DRINKS = words(
    "water|wine|beer|vodka|cereal|juice|coke|cola|milk|chocolates|biscuits|crisps|sweets|haribo|gummies|"
    "jelly babies|cookies|oreos|popcorn|crackers|pringles|doritos|chips|cake|tea|coffee|squash|lemonade|"
    "energy drink|red bull|monster|gum|mints|skittles|maltesers|smarties|buttons"
)
_EMOJI_INTENT = words("want to|going to|ready to|about to|should|will")
_END_IT_TAIL = (
    words("tonight|now|for good|forever|soon|today|once and for all|tomorrow|next week|this week|this weekend")
    + r"|(?:this|on|next|by|before|after) (?:[a-z]+day|weekend|week|month|year|morning|evening|night|my [a-z]+)"
    r"(?![a-z0-9])|at (?:midnight|[0-9]+)"
)
_EVERYTHING = words("it all|everything|all of this|all this|my life")
_FOREVER = words(
    "forever|for good|permanently|for ever|and never come back|and never return|"
    "from this world|from existence|from everyone"
)
_GO_ON_TAIL = words("anymore|like this|any longer|living|much longer|any more")
_HIT_BY = words("car|bus|train|truck|lorry|someone|somebody|something|god|plane|meteor|asteroid")
_IF_I_DIED = words("died|die|was gone|were gone|disappeared|killed myself|wasnt here|was dead|ended it|vanished")
_JUMP_PLACES = words(
    "bridge|building|roof|rooftop|cliff|balcony|tower|window|train|"
    "bus|car|traffic|lorry|truck|tracks|railway|motorway|highway|"
    "river|sea|ledge|tree|wall|oncoming traffic|multi storey|car park|"
    "overpass|platform"
)
_LIVE_IDIOMS = words("with|in|at|on|near|there|next|for the|this|that|late|early|alone|without")
_NOT_AROUND_WHEN = words(
    "much longer|for much longer|for long|tomorrow|after tonight|anymore|any more|by morning|by tomorrow|to see|"
    "to read|to reply|to answer|to hear"
)
_NOT_EXISTING = words(
    "stop existing|cease to exist|not exist|didnt exist|did not exist|"
    "not be alive|stop living|not be here|stop breathing"
)
_NOT_MUCH_LONGER = words("much longer|for much longer|for long|anymore|any more|after tonight|soon")
_OVERDOSE_IDIOMS = words("coffee|caffeine|sugar|chocolate|netflix|tv|love|cake|sweets")
_OVERDOSE_IDIOMS_SLEEP = words("coffee|caffeine|sugar|chocolate|netflix|tv|love|cake|sweets|sleep")
_PILL_QUANTITIES = words(
    "too many|a handful of|handfuls of|loads of|a bunch of|the rest of|"
    "every single one of|all of my|a whole|the whole|an entire"
)
_PILL_STORAGE_IDIOMS = words("from|at the|for my trip|for the trip|for holiday|in the cupboard")
_SUICIDE_AS_ANSWER = words(
    "answer|option|way out|only way|solution|choice|escape|tempting|"
    "appealing|attractive|on my mind|in my head|into my head|popping|"
    "coming back|calling|easier|better|best|only thing"
)
_SUICIDE_VERBS = words(
    "thinking about|thinking of|think about|thought about|thoughts of|"
    "thoughts about|considering|consider|contemplating|contemplate|"
    "planning|plan|attempting|attempt|attempted|commit|committing|"
    "committed|try|trying|tried|going to|want to|wanting to|fantasizing about|"
    "fantasising about|obsessed with|cant stop thinking about|looking up|"
    "researching|do|doing|will do"
)
_THIRD_PARTY_INTENT = words(
    "wants to|want to|wanted to|going to|planning to|plans to|plan to|"
    "threatening to|threatened to|threatens to|trying to|tried to|"
    "about to|talking about|talks about|talked about|thinking about|"
    "keeps saying|said|says|told me|posted"
)
_URGE_TAIL = words("so|again|tonight|right now|really|badly|bad|its|it is|the only|deep|because|but|and|is|has|was")
_WAKE_UP_IDIOMS = words("early|late|in time|on time|at|before|for|to|with")
_WORTHLESS_LIFE = words("pointless|meaningless|not worth it|not worth living|worthless|a waste|hopeless")


# A mishap, not an act: "cut myself shaving", "nearly killed myself tripping over the cat".
_ACCIDENT = (
    r"shaving|chopping|cooking|baking|slipped|slipping|tripped|tripping|fell|falling|by accident|"
    r"accidentally|by mistake|paper cut|on (?:a|the|some) (?:tin|can|glass|oven|stove|hob|kettle|iron|pan|"
    r"stairs|door|table|corner|fence|bush|nail|spoon|tray)|gardening|diy|stirring|sewing|knitting|spot|pimple"
)


def _rules() -> tuple[Rule, ...]:
    return (
        # --- reflexive harm and ending one's life
        rule("reflexive", rf"{_REFLEXIVE_VERBS} myself(?! {_REFLEXIVE_IDIOMS})", benign=_ACCIDENT),
        rule(
            "reflexive",
            r"throw\w* myself (?:off|in front of|under|from|(?:in|into) (?:the|a) "
            r"(?:river|sea|canal|lake|ocean|water|thames|traffic|road))",
        ),
        rule(
            "slang",
            r"kms|ctb|sewerslide|toaster bath|unaliv\w*(?! (?:yourself|you|him|her|them|themselves))|"
            r"self ?delet(?:e|ing|ed)(?! (?:messages?|chats?|photos?|pics?|posts?|files?|app|feature|timer|option))",
        ),
        rule("slang", r"(?:want to|going to|ready to) rope(?! (?:in|off|swing))"),
        rule("end_life", r"(?:take|taking|took|end|ending|ended) (?:my|my own) life"),
        rule("end_life", r"(?:end|ending) (?:it|things|everything) all|end it all|ending it all"),
        rule(
            "end_life",
            rf"(?:end|ending) (?:it|things)(?=(?: ?(?:$|[.,])| {_END_IT_TAIL}))",
            # a relationship ended and judged in hindsight: "it was the right call to end it"
            benign=r"(?:was|were) (?:the right|a good|the best|the kindest) (?:call|decision|thing|choice|move) to end",
        ),
        rule(
            "want_die",
            rf"{_DIE_INTENT}(?: "
            rf"just)? (?:die|be dead)(?! {_DIE_IDIOMS})",
            animate=True,
        ),
        rule("want_die", rf"(?:going to|gonna) die (?:tonight|soon|by my own hand){_CLAUSE_END}", animate=True),
        rule("want_die", rf"feel(?:s|ing)? like dying(?! {_DIE_IDIOMS})", animate=True),
        rule(
            "want_die", r"rather (?:die|be dead) than (?:keep|continue|go on|carry on|live|living|feel|be alive|wake)"
        ),
        rule("want_die", r"rather (?:be dead|die)" + _CLAUSE_END),
        rule(
            "want_die",
            rf"{_BE_DEAD_INTENT} "
            r"dead",
        ),
        rule(
            "want_die",
            rf"(?:wish|wishing|wished) (?:that )?(?:i|id){gap(3)} born|"
            r"(?:should|shouldnt) (?:never )?have (?:never )?been born",
        ),
        rule(
            "not_exist",
            rf"{_WISH}{gap(3)} {_NOT_EXISTING}",
        ),
        rule(
            "not_exist",
            rf"{_WISH}{gap(4)} (?:disappear|vanish|fade away|go away|be gone) {_FOREVER}",
        ),
        rule(
            "not_exist",
            rf"(?:wish i could|want to|wanted to)(?: just)? (?:disappear|vanish|stop existing){_CLAUSE_END}",
        ),
        rule(
            "dont_want_live",
            r"(?:dont|doesnt|do not|does not|no longer|never) (?:really |even )?(?:want|wish|feel like) to "
            r"(?:live|be alive|exist|be here|wake up|be around|breathe|survive)"
            rf"(?! {_LIVE_IDIOMS})",
            negatable=False,
        ),
        rule(
            "dont_want_live",
            r"(?:dont|do not|no longer) (?:want|wish) to (?:go on|keep going|"
            r"keep living|carry on)(?=(?: ?(?:$|[.,])| anymore| like this|"
            r" any longer))",
            negatable=False,
        ),
        rule(
            "cant_go_on",
            r"(?:cant|can not|cannot|couldnt) (?:go on|keep going|keep living|"
            r"carry on|continue living|do life|live like this)(?=(?: ?(?:$|"
            rf"[.,])| {_GO_ON_TAIL}))",
            negatable=False,
        ),
        rule(
            "tired_of_life",
            r"(?:tired|sick|exhausted|weary|done|finished) (?:of|with) (?:being alive|"
            r"living|life|existing|being here|this life|my life|it all|waking up|"
            rf"breathing)(?! {words('in|at|with|like')})",
        ),
        rule(
            "no_point",
            r"(?:no|any|the|whats the|what is the|whats even the|what even is the|lost the) point (?:in |of |to )?"
            r"(?:living|life(?! insurance)|being alive|existing|staying alive|"
            r"being here anymore|waking up|trying anymore|"
            r"anything anymore|me being here|keep living|going on(?= ?(?:$|"
            r"[.,]| anymore| like this))|carrying on(?= ?(?:$|[.,]| anymore)))",
            negatable=False,
        ),
        rule(
            "no_point",
            r"whats (?:even )?the point(?: of)?(?: it all| anything| in anything|"
            r" of anything)?(?: anymore| any more)(?= ?(?:$|[.,]))",
            negatable=False,
        ),
        rule(
            "no_point",
            r"(?:life|living|existing|being alive|existence)(?: is| feels|"
            rf" seems| just)?(?: so| just| completely| totally| really)? {_WORTHLESS_LIFE}",
            negatable=False,
        ),
        rule(
            "no_point",
            rf"(?:life|living|alive|it){gap(2)} (?:isnt|is not|not|never|aint) worth (?:living|"
            r"it anymore|being alive)|not worth living",
            negatable=False,
        ),
        rule(
            "no_reason",
            r"(?:no|not a single|not one|(?:cant|can not|dont|do not) (?:see|"
            r"find|think of|have|know) (?:a|any|one)|have no|got no|lost my|"
            r"without a)"
            rf" reason{gap(2)} (?:to|for me to|for living|to keep) (?:live|"
            r"living|keep living|go on|keep going|be here|stay|stay alive|"
            r"exist|carry on|wake up)(?! (?:to|with|at|in|into|there|through|for)(?![a-z0-9]))",
            negatable=False,
        ),
        rule(
            "no_reason",
            r"nothing(?: left)? (?:to live for|worth living for)|no one to live for|nobody to live for",
            negatable=False,
        ),
        # --- burden and being missed
        rule(
            "burden",
            r"(?:im|i am|i feel like|feel like|i feel|ive become|i have become|"
            rf"being){gap(3)} burden(?! {words('of proof|off')})",
            # a worry about messaging too much, asked of the mentor: "... when i message you so much"
            benign=r"when i (?:message|text|call|ring|vent|moan|rant|talk|ask|send)|"
            # a practical burden: lifts, money, an injury ("a burden on the nhs with my back")
            r"(?:asking|ask|needing|need|for) (?:[a-z]+ ){0,3}(?:for )?"
            r"(?:lifts?|a lift|rides?|a ride|money|cash|a loan)|"
            r"(?:with|because of) my (?:back|knee|knees|hip|leg|ankle|wrist|shoulder|neck|foot|injury|cast|crutches)",
        ),
        rule(
            "better_off",
            r"(?:better|happier|easier|fine|relieved|lighter)(?: off)?(?: for (?:everyone|"
            r"everybody|them|you|all|people|my family|the world))? "
            rf"(?:without me(?! [a-z]+ing|{_FOR_A_WHILE}|{_ON_A_TEAM})|"
            r"if i (?:wasnt|werent|was not|were not|didnt|did not) (?:here|around|alive|exist|there)|"
            r"if i (?:was|were) (?:gone|dead|never born)|if i(?: just)? (?:died|"
            r"disappear\w*|vanish\w*|killed myself|ended it|never existed)|"
            r"(?:when|once) im gone)",
            negatable=False,
        ),
        rule(
            "better_off",
            r"(?:world|everyone|everybody|people|they|family|kids|children|"
            rf"friends|all|he|she|you){gap(3)} (?:better|happier)(?: off)? without me(?! [a-z]+ing|{_FOR_A_WHILE}|"
            rf"{_ON_A_TEAM})",
            negatable=False,
        ),
        rule(
            "not_missed",
            rf"(?:no one|nobody|not one person|not a single person){gap(3)} (?:miss me|"
            rf"notice\w*|care\w*|cry)(?:{gap(2)})? (?:if|when|that|whether) i{gap(2)} "
            + words(
                "die|died|dead|gone|disappear|disappeared|killed myself|wasnt here|"
                "werent here|wasnt around|didnt exist|left forever|stopped existing|"
                "was gone|went missing|live or die|lived or died"
            ),
            negatable=False,
        ),
        rule(
            "not_missed",
            r"(?:no one|nobody)(?: would| will| is going to| going to)?(?: even|"
            r" really| ever)? miss me(?= ?(?:$|[.,]| if| when| anyway| at all))",
            negatable=False,
        ),
        rule(
            "not_missed",
            rf"if i {_IF_I_DIED}{gap(2)}(?: "
            r",)? (?:no one|nobody|who) (?:would|will|d)? ?(?:even )?(?:care|"
            r"notice|miss me|cry)",
            negatable=False,
        ),
        rule(
            "want_over",
            rf"(?:want|wish|need|wanted)(?: {_EVERYTHING}) to (?:end|"
            r"be over|stop)|"
            + (
                r"(?:want|wish|need|wanted) (?:it|this|things|the pain) to (?:end|"
                rf"be over|stop) {words('forever|for good|permanently')}"
            ),
        ),
        rule(
            "passive",
            rf"{_WISH}{gap(2)} (?:a |the |some )?{_HIT_BY}"
            rf"(?: would| will| to| could| might)?(?: just)? (?:(?:hits?|kills?|runs? over|shoots?|ends?) me|"
            r"takes? me(?! (?:to|home|back|there|somewhere|places|round|into|for|on|up|off|away on)\b))|"
            r"(?:wish|hope|pray|praying|hoping) i (?:get|got|would get|could get|"
            r"will get) (?:hit|run over|killed|shot)",
        ),
        # --- not waking up
        rule(
            "no_wake",
            rf"{_WISH}{gap(6)} (?:never|not|dont|do not|wont|will not|didnt)(?: have to| need to)? (?:ever )?wake up"
            rf"(?! {_WAKE_UP_IDIOMS})",
            negatable=False,
        ),
        rule(
            "no_wake",
            rf"{_WISH}{gap(4)} (?:sleep|asleep|rest|close my eyes) (?:forever|for ever|and never wake|permanently)",
            negatable=False,
        ),
        # --- finality
        rule(
            "finality",
            r"by the time (?:you|anyone|someone|they) (?:reads?|sees?|gets?|finds?) (?:this|these|my)",
            negatable=False,
        ),
        rule(
            "finality",
            r"(?:when|after|once) im (?:gone|dead|no longer here|not here anymore|"
            rf"not around anymore)(?! {words('on|for|to|away|out|from|at')})",
        ),
        rule(
            "finality",
            r"(?:wont|will not|not going to|am not going to) be (?:here|around|"
            rf"alive) {_NOT_AROUND_WHEN}",
            negatable=False,
            benign=r"(?:in|at|on) (?:this|the|my) (?:job|team|office|company|firm|school|house|flat|area|town|"
            r"club|group chat|shift)|notice|moving|holiday",
        ),
        rule(
            "finality",
            r"(?:wont|will not|will never|never) (?:be a |be )?(?:problem|"
            rf"burden|bother)(?: to| for)?(?: anyone| anybody| you| everyone)? {_NOT_MUCH_LONGER}",
            negatable=False,
        ),
        rule(
            "finality",
            r"(?:you|youll|you will|anyone|nobody|no one)(?: will)? (?:wont|"
            r"will not|will never|never|not|dont have to) (?:hear from|see|"
            r"talk to|have to deal with|have to worry about) me (?:again|anymore|"
            r"any more|ever again|after (?:this|today|tonight))",
            negatable=False,
        ),
        rule(
            "finality",
            rf"(?:giving|give|gave|given) away (?:all )?(?:of )?my {_BELONGINGS}|"
            r"(?:giving|gave) (?:all )?(?:of )?my (?:stuff|things|belongings|"
            r"possessions) away",
        ),
        rule(
            "finality",
            r"wont need (?:it|them|this|these|any of (?:it|this|them)|my \w+) (?:where im going|"
            r"after tonight|after today|much longer)",
        ),
        rule(
            "finality",
            r"(?:ill|i will|i am going to|im going to) be (?:dead|gone) (?:soon|forever|"
            r"for good|by morning|by tomorrow)(?= ?(?:$|[.,]))",
        ),
        # "made my peace." is finality; "made my peace with my ex" or "with leaving that job" is not.
        rule(
            "finality",
            r"made my peace(?= ?(?:$|[.,!]| now| and | so ))|made (?:my )?peace with (?:it|everything|everyone|"
            r"everybody|the world|life|god|dying|death|my decision|the end|"
            r"leaving(?! (?:that|the|my|this|a|an|home|school|work|uni|town)\b))\b",
        ),
        rule(
            "finality",
            r"(?:wrote|written|writing|write|left|leave|leaving) (?:a |my |"
            r"the )?(?:suicide|goodbye|farewell|last|final) (?:note|notes|"
            r"letter|letters|message|messages|video)",
            benign=LETTER_TO_A_HABIT,
        ),
        rule(
            "finality",
            r"(?:wrote|written|writing|left) (?:a |my |some )?(?:note|notes|"
            r"letter|letters) (?:for|to) (?:everyone|everybody|all of you|"
            r"my (?:family|mum|dad|kids|children|parents|partner|sister|brother|"
            r"friends|wife|husband|son|daughter))",
        ),
        # --- plans and means
        rule(
            "means",
            r"(?:saving|saved|save|stockpil\w*|hoard\w*|stash\w*|storing|stored|"
            r"building up|gathering|hiding|hid|hidden)(?: up)?(?: all| some|"
            rf" enough)?(?: of)?(?: my| the| these| those| some)? {_PILLS}(?! {_PILL_STORAGE_IDIOMS})",
        ),
        rule(
            "means",
            rf"enough(?: of my| of the| my)? {_PILLS}(?: saved| stored| stockpiled|"
            r" to (?:do it|die|end it|kill me|kill myself|overdose|od|not wake up))|"
            rf"{_PILLS} (?:saved up|stockpiled|hoarded|stashed)",
        ),
        rule(
            "means",
            r"(?:take|took|taking|swallow|swallowed|swallowing|down|downed|"
            rf"ate|overdose on|overdosed on|od on) {_PILL_QUANTITIES}(?: "
            rf"my| the| these| those| of my)? (?:{_PILLS})",
        ),
        rule(
            "means",
            r"(?:take|took|taking|swallow|swallowed|swallowing|down|downed|"
            r"drank|drink|drinking) (?:a|the|an) (?:whole|entire|full) (?:bottle|"
            rf"box|packet|pack|strip|tub)(?! of {_DRINKS})",
        ),
        rule(
            "means",
            r"(?:going to|want to|about to|ready to|planning to|plan to|plan is to|"
            rf"decided to|will|just|im going to){gap(2)} (?:take|swallow|down|"
            r"overdose on|od on) (?:all|every one of|all of|the rest of)(?: my|"
            rf" the| these| those| of my| of the)? ?(?:{_PILLS})",
        ),
        rule(
            "means",
            r"(?:took|swallowed|downed|taken) (?:all|all of) (?:my |the |those |"
            rf"these )?(?:{_PILLS})(?= {words('on purpose|at once|tonight|just now|in one go')})",
        ),
        rule("means", r"(?:lethal|fatal|deadly|toxic) (?:doses?|amounts?|overdoses?|quantity|quantities)", media=True),
        rule(
            "means",
            rf"how (?:many|much){gap(3)} (?:would|will|does|do|to|should|it|"
            rf"can)(?:{gap(4)})? (?:kill (?:me|myself|you|a person|someone)|"
            r"die|be (?:lethal|fatal|enough to die)|overdose|od|end it|not wake up)",
        ),
        rule(
            "means",
            rf"(?:is|are|would|will){gap(3)} enough to (?:die|kill (?:me|myself)|overdose|od|end it|not wake up|do it)",
        ),
        rule(
            "means",
            rf"{_INTENT}{gap(2)} (?:overdose|od|overdosing)(?! on {_OVERDOSE_IDIOMS})",
        ),
        rule("means", r"(?:overdose|overdosed|od|oded|overdosing) (?:on purpose|tonight)"),
        rule(
            "means",
            r"(?:i|ive|i have|i just|just) (?:overdosed|oded|od|taken an overdose|"
            rf"took an overdose)(?! on {_OVERDOSE_IDIOMS_SLEEP})",
        ),
        rule(
            "means",
            r"(?:took|swallowed|downed|taken|ate|take|swallow) (?:a lot of|"
            r"lots of|[1-9][0-9]+|twenty|thirty|forty|fifty|a hundred)(?: of)?(?: my|"
            rf" the| these)? (?:{_PILLS})",
        ),
        rule(
            "means",
            rf"(?:(?:googl\w*|search\w*|looking up|looked up|researching|reading about){gap(2)} )?(?:ways|"
            r"how|best way|easiest way|painless way|quickest way|methods?) to (?:die|"
            rf"kill myself|end (?:it|my life)|commit suicide|overdose|hang myself)(?! {words('in|on')})",
        ),
        rule("means", r"noose", media=True),
        rule(
            "means",
            rf"(?:{_MEANS}){gap(3)} (?:ready|in my hand|in my hands|right here|"
            r"next to me|waiting|for tonight|for myself|to do it|"
            r"to end it)(?![a-z0-9])",
            benign=r"collection|collect|pick up|pharmacy|chemist|repeat prescription",
        ),
        rule(
            "means",
            rf"(?:bought|got|buying|getting|ordered)(?: a| the| some| myself a)? {_BOUGHT_MEANS}{gap(4)} "
            r"(?:know what (?:its|it is|theyre|they are) for|for myself|to end it|"
            r"to do it|for tonight|to use on myself)",
        ),
        rule(
            "means",
            # vehicles, walking and lying down: see the narrower frames in frames.py
            rf"{_INTENT}{gap(2)} (?:jump|jumping|throw myself|throwing myself|"
            r"step|stepping|leap|leaping)"
            r" (?:off|from|in front of|under|into|onto) (?:a |the |my |this |"
            rf"that |an )?{_JUMP_PLACES}",
        ),
        rule(
            "means", rf"(?:which|what|the) (?:bridge|building|roof|cliff|train){gap(3)} (?:jump|jumping|throw myself)"
        ),
        rule(
            "means",
            r"(?:standing|sitting|stood|sat|stand|sit) (?:on|at) (?:the|a|"
            r"this|top of the) (?:edge|ledge|bridge|roof|tracks|railway|cliff)(?: of (?:the |"
            r"a )?\w+)?(?= ?(?:$|[.,]| right now| now| again| and))",
        ),
        rule(
            "plan",
            r"(?:decided|know|figured out|worked out|planned|chosen|picked|"
            r"got|have)(?: exactly)? (?:how|when|where|the day|the date|the time|"
            rf"the way|the method|a date|a time|a way|a method)(?:{gap(4)})? (?:im going to|"
            r"i will|ill|to|i am going to|i want to|i can) (?:do it|go through with it|"
            r"end it|kill myself|die|end my life|end things)",
        ),
        rule(
            "plan",
            rf"(?:have|got|made|making|make) a (?:plan|suicide plan){gap(5)} (?:do it|"
            r"go through with it|end it|kill myself|die|end my life|end things|"
            r"not be here)",
        ),
        # --- self-harm
        rule("self_harm", r"self ?harm\w*|selfharm\w*|self injur\w*|self mutilat\w*", media=True, addressed=True),
        rule(
            "self_harm",
            r"(?:urge|urges|want|wanted|need|needing|going|tempted|craving|"
            r"cravings|itching|desperate|have|had) to (?:sh|self harm|cut|"
            rf"bleed|burn myself|hurt myself)(?=(?: ?(?:$|[.,])| {_URGE_TAIL}))",
        ),
        rule(
            "self_harm",
            r"(?:sh|self harm|cutting) (?:urges|urge|again|relapse)|relapsed (?:on |"
            r"with |and )?(?:sh|self harm|cut\w*|hurt\w*|burn\w*)",
        ),
        rule(
            "self_harm",
            r"(?:cut|cutting|cuts|slit|slitting|slice|sliced|slicing|carve|carved|carving|"
            rf"burn|burning|burnt|burned)(?: into)? my {_BODY_PARTS}",
            benign=_ACCIDENT,
        ),
        rule(
            "self_harm",
            r"(?:cut|cutting|cuts) (?:again|deep|deeper|tonight)(?! (?:the|my|some|it|his|her))",
            benign=r"(?:power|electricity|electric|water|gas|broadband|wifi|signal|supply) (?:cut|cuts|cutting)|"
            r"loadshedding|load shedding|outage|pay|budget|funding|hair|fringe|grass|lawn|hedge",
        ),
        rule(
            "self_harm",
            r"(?:i|im|ive|just) (?:cut|cutting)(?= ?(?:$|[.,]| last night| yesterday| today| tonight| this morning))",
        ),
        rule(
            "self_harm",
            r"(?:scratch|scratching|scratched|punch|punching|punched|hit|hitting|"
            rf"bang|banging|pick|picking|bite|biting|claw|clawing)\w*{gap(5)} (?:until|"
            r"till|til|so|and) (?:it|they|i|my \w+) (?:bleed|bleeds|bled|bleeding|"
            r"bruise|bruised|break|broke)",
            benign=r"cat|cats|kitten|dog|puppy|rabbit|hamster|mosquito|bites|eczema|itch|itchy|rash|spot|spots|"
            r"pimple|bramble|brambles|thorns",
        ),
        rule(
            "self_harm",
            r"(?:cut|cutting|burn|burned|burnt|burning|hurt|hurting|hit|hitting|"
            r"starve|starving|took|take|taking|scratch\w*|punch\w*|overdos\w*|crash\w*|drive|driving|drove|"
            r"swerv\w*|jump\w*|step\w*|fall|fell|drink|drank|swallow\w*|downed|od|oded)"
            rf"{gap(5)} (?:on purpose|deliberately|intentionally)",
        ),
        rule(
            "self_harm",
            rf"i{gap(3)} deserve to (?:hurt|suffer|die|be hurt|be in pain|be punished|feel pain|bleed|be dead|rot)",
        ),
        # --- researching and testing a method
        rule(
            "plan",
            r"(?:been|was|im|i|ive|keep|kept|started|spent (?:the|all|my) (?:night|day|evening|hours|weekend)) "
            r"(?:reading|researching|looking up|googling|searching|watching videos)"
            r"(?: about| up on| into| on| up| for)? "
            r"(?:suicide |painless |quick |quicker |quickest |easy |easiest |best |the best |different |effective |"
            r"reliable )?(?:methods|ways to (?:die|go|do it|end it))(?! (?:for|of|in|to (?:teach|learn|study)) )|"
            r"which (?:arteries|artery|veins|vein) (?:are|is|would be) (?:the )?(?:fastest|deepest|quickest|best|"
            r"easiest|most)",
            media=True,
        ),
        rule(
            "plan",
            rf"how (?:long|much|many|quickly|fast)(?: [a-z]+){{0,7}} {POISON}(?: [a-z]+){{0,5}} "
            r"(?:to work|take to work|takes to work|to kill|would kill|kills|is lethal|is fatal|to die)",
            media=True,
            ordinary=r"dog|dogs|cat|cats|pet|pets|puppy|kitten|child|toddler|baby|kids|garden|weeds|lawn|patio|"
            r"rats|mice|slugs|ants|wasps|spill|spilt|clean|cleaning|toilet|bathroom|mould|mold|pool|plants|bugs|pests|"
            r"dandelions|moss|nettles|brambles|ivy|driveway|path|paving|radiator|engine|car|coolant|overheat\w*",
        ),
        rule(
            "self_harm",
            r"to see (?:if|whether|what happens (?:if|when)) (?:my heart (?:stops|would stop|gives out|packs in)|"
            r"i (?:wake up|die|survive|stop breathing|would die|d die|pass out for good))"
            r"(?! (?:early|earlier|in time|on time|before|at|refreshed|feeling|better|rested))",
            benign=r"alarm|nap|jet lag|jetlag|coffee|caffeine|diet|fast|fasting|plank|breath hold|freediv\w*",
        ),
        # --- not safe now
        rule(
            "unsafe",
            r"unsafe(?: [a-z]+){0,4}(?: ,)? (?:like|as if|that|cos|because|i think|scared|afraid)(?: [a-z]+){0,2} "
            r"(?:i|ill) (?:might |could |may |will |would |am going to )?do something|"
            r"(?:scared|afraid|worried|terrified|frightened) (?:that )?(?:i|ill) (?:might |could |may |will |would )?"
            r"do something (?:stupid|drastic|to myself|i cant take back)|"
            r"(?:dont|do not|cant|can not|cannot) trust myself (?:tonight|right now|alone tonight|to stay safe|"
            r"to be safe|to keep myself safe|not to do something|not to hurt myself|with (?:the|my) (?:pills|meds|"
            r"tablets|blades|razor|knife))",
            negatable=False,
        ),
        # --- the word itself, in a first-person frame
        rule("suicide", r"suicidal|suiciding", media=True, addressed=True),
        rule(
            "suicide",
            rf"{_SUICIDE_VERBS}(?: "
            rf"{words('committing|commit|about|of')})? (?:suicide|sewerslide)",
            media=True,
            addressed=True,
        ),
        rule(
            "suicide",
            r"(?:suicide|sewerslide) (?:is|feels|seems|looks|sounds|keeps|"
            rf"has been|is starting to|starting to|was|might be)(?:{gap(5)})? {_SUICIDE_AS_ANSWER}",
            media=True,
        ),
        rule(
            "suicide",
            r"(?:suicide|sewerslide) (?:thoughts|ideation|urges|feelings|plan|note|attempt|letter|methods?|ways|"
            r"options|tips)",
            media=True,
            addressed=True,
        ),
        rule("suicide", r"^(?:suicide|sewerslide|self harm|overdose|noose)(?: [.,])*$"),
        rule(
            "suicide", r"(?:suicide|sewerslide|dying|death|killing myself|ending it)(?: is)? all i (?:can )?think about"
        ),
        # --- someone else at risk now
        rule(
            "third_party",
            rf"{_THIRD_PARTY_INTENT}{gap(3)} "
            r"(?:kill|killing|hang|hanging|hurt|hurting|harm|harming|cut|cutting|"
            r"shoot|shooting|off|offing|unalive|end)\w* "
            r"(?:himself|herself|themselves|themself|his life|her life|their life|"
            r"his own life|her own life|their own life)",
            media=True,
        ),
        rule(
            "third_party",
            rf"(?:he|she|they)(?: {words('really|just|still|keeps saying|said|says')})? (?:wants|"
            r"want|wanted|is going|are going|s going|plans|is planning|is ready|"
            r"threatens|threatened|keeps wanting) to (?:die|end it|end it all|"
            rf"be dead)(?! {_DIE_IDIOMS})",
            media=True,
        ),
        # --- emoji
        rule(
            "emoji",
            r"(?:🔪|🔫|🗡|💊|🩸|🪢)(?: \S+){0,2} (?:🔪|🔫|🗡|🩸|🪢|⚰|🪦|😵|☠|⚱)|"
            r"(?:⚰|🪦|😵|☠)(?: \S+){0,1} (?:🔪|🔫|🗡|🪢)",
        ),
        rule("emoji", r"(?:🔪|🔫|🗡)(?: \S+){0,2} 💊|💊(?: \S+){0,2} (?:🔪|🔫|🗡)"),
        rule(
            "emoji",
            rf"{_EMOJI_INTENT} (?:🔫|🔪|💀|🪦|⚰|☠|💊|🪢)(?: \S+)? (?:myself|me)|"
            rf"(?:🔫|🔪|🪢) (?:me|myself)(?! {words('lol|haha|lmao|😂|🤣')})",
        ),
        rule(
            "emoji",
            rf"💊 💊 💊(?: 💊)*(?:{gap(3)} (?:tonight|now|all|bye|goodbye))?|(?:tonight|"
            rf"now|all|bye|goodbye|take){gap(3)} 💊 💊 💊",
        ),
    )


RULES: tuple[Rule, ...] = _rules() + FRAME_RULES + UNDERSTATED_RULES + LANGUAGE_RULES


class CrisisCheck(Check):
    """Detects suicidal or self-harm language; always delivers, flags ``crisis``."""

    code = FLAG_CRISIS

    def __init__(self, rules: tuple[Rule, ...] = RULES) -> None:
        self.rules = rules

    def check(self, text: str, context: MessageContext) -> Verdict:
        """Precondition: ``text`` is any ``str``. Pure; does not raise."""
        norm = normalize(text)
        hits = find_hits(norm, self.rules)
        if not hits:  # the message-level frames only add evidence when no rule fired
            hits.extend(finality_hits(norm, len(text)))
            hits.extend(cooccurrence_hits(norm, len(text)))
        hits.extend(_emoji_hits(norm.text, text))
        if not hits:
            return Verdict(action=Action.DELIVER)
        spans = tuple(Span(h.start, h.end, FLAG_CRISIS) for h in hits)
        return Verdict(
            action=Action.DELIVER,
            flags=(FLAG_CRISIS,),
            spans=spans,
            severity=3,
            reasons=(REASON,),
        )

    @staticmethod
    def matched_rules(text: str) -> list[str]:
        """Names of the rules that fire on ``text`` (for evaluation and debugging)."""
        norm = normalize(text)
        names = [h.rule for h in find_hits(norm, RULES)]
        names += [h.rule for h in finality_hits(norm, len(text))]
        names += [h.rule for h in cooccurrence_hits(norm, len(text))]
        names += [h.rule for h in _emoji_hits(norm.text, text)]
        return names


def _emoji_hits(norm_text: str, text: str) -> list[Hit]:
    """A coffin or headstone next to finality or intent words ("i'm done 🪦", "bye ⚰️")."""
    match = _DEATH_EMOJI.search(text)
    if match and _EMOJI_CONTEXT.search(norm_text):
        return [Hit("emoji", match.start(), match.end(), 3)]
    return []
