"""Semantic frames for crisis language: concept classes combined within a clause.

The rules in :mod:`.crisis` describe particular constructions ("kill myself", "no point in
living"). The frames here describe *situations* as a combination of concept classes, so that
a drug, a quantity, a place or a verb the rules never listed is still covered:

* **ingestion**: a consumption verb + an excessive quantity + any medicine ("took a load of
  my mum's tablets", "downed vodka with all my sleeping pills"), or any poison ("drank
  bleach"); cancelled by adherence and ordinary-dose context ("as prescribed", "for my
  headache", "by mistake");
* **lethal means**: the sender acquiring, keeping or holding a firearm, rope or poison
  ("I bought a gun"), unless an ordinary purpose follows ("rope for climbing"); any means
  ready, in hand, or about to be "used";
* **places**: being at a bridge, cliff, roof or railway line now, or intending to jump from
  any height ("jump from the terrace", "the 10th floor"); cancelled by leisure context
  ("sunset pics", "a party on the roof terrace");
* **self-harm evidence**: cutting with no object ("cut again last night", "been cutting
  every night"), wounds on the body, fresh cuts, bleeding that "won't stop", cancelled by an
  accident ("shaving", "chopping onions");
* **death as the way out**, not planning to be alive, intending to sleep forever;
* **finality** (message level, scored): farewell, closure, arrangements, timing and
  readiness cues from different families; two points read as a goodbye unless the message
  also shows an ordinary next step ("see you tomorrow", "off to bed", "last day at work")
  or a device running out ("my phone's about to die, bye!").

Everything runs on the normalised text (:mod:`.normalize`), reuses the rule filters of
:mod:`.rules` (negation, past/recovery, media, questions to the other person) and stays
within a clause unless stated otherwise.
"""

from __future__ import annotations

import re

from .normalize import Normalized
from .rules import Hit, Rule, clause_span, gap, has_other_subject, in_media_frame, is_distanced, is_negated, rule, words

# --- concept classes ------------------------------------------------------------------------

MEDICINE = words(
    "pills|pill|tablets|tablet|meds|medication|medications|medicine|medicines|capsules|prescription|"
    "prescriptions|painkillers|sleeping pills|sleeping tablets|antidepressants|antipsychotics|paracetamol|"
    "acetaminophen|tylenol|ibuprofen|advil|nurofen|aspirin|codamol|co codamol|codeine|tramadol|oxycodone|"
    "oxycontin|fentanyl|morphine|diazepam|valium|xanax|alprazolam|lorazepam|clonazepam|benzos|zopiclone|"
    "zolpidem|ambien|sertraline|zoloft|fluoxetine|prozac|citalopram|escitalopram|lexapro|venlafaxine|"
    "effexor|mirtazapine|amitriptyline|quetiapine|seroquel|olanzapine|lithium|lamotrigine|insulin|"
    "propranolol|pregabalin|gabapentin|medicine cabinet|medicine cupboard|💊"
)
POISON = (
    words(
        "bleach|poison|rat poison|weedkiller|weed killer|pesticide|pesticides|insecticide|antifreeze|"
        "drain cleaner|toilet cleaner|paraquat|cyanide|rat killer"
    )
    + r"(?! (?:ivy|oak)(?![a-z0-9]))"
)
CONSUME = words(
    "take|takes|took|taken|taking|swallow|swallows|swallowed|swallowing|down|downed|downing|neck|necked|"
    "necking|drank|drink|drinking|ate|eat|eating|consume|consumed|consuming|pop|popped|popping|chug|chugged|"
    "gulp|gulped|overdose on|overdosed on|od on"
)
CONSUMED = words("took|taken|swallowed|downed|necked|drank|drunk|ate|eaten|consumed|popped|chugged|gulped|overdosed on")
# "All of them", in any words; not "all day", "the whole week".
EXCESS = (
    words(
        "all|every|every one of|every single one of|each of|whole|entire|the rest of|rest of|bunch|load|everything|"
        "loads|a lot of|lots of|handful|handfuls|heap|pile|stack|ton|tons|too many|too much|way too many|"
        "twenty|thirty|forty|fifty|sixty|hundred|dozen|dozens|double|triple"
    )
    + r"(?! (?:day|days|week|weeks|morning|night|evening|afternoon|year|the time|along|good|fine|right|ok|okay)"
    r"(?![a-z0-9]))"
)
# A container of medicine: "a strip of codeine", "the box of my mum's sertraline".
CONTAINER = words("box|boxes|packet|packets|pack|packs|strip|strips|bottle|bottles|tub|blister|sheet|jar")
LETHAL = (
    words(
        "gun|guns|handgun|pistol|shotgun|rifle|firearm|revolver|bullets|ammo|rope|noose|ligature|rat poison|"
        "poison|cyanide|paraquat|helium|🔫|🪢"
    )
    + r"(?! (?:ivy|oak|squats?|balloons?|points?|lights?|swing|access|ladder|course|bridge|burn|tricks?)"
    r"(?![a-z0-9]))"
)
BLADE = words("knife|knives|blade|blades|razor|razors|razor blades|scalpel|box cutter|stanley knife|🔪")
BODY = words(
    "arm|arms|forearm|forearms|wrist|wrists|thigh|thighs|leg|legs|skin|stomach|belly|tummy|hip|hips|chest|"
    "ankle|ankles|shoulder|shoulders|upper arm|inner arm|inner thigh|throat|neck|veins|vein"
)
# Places a person can fall or jump from, or be hit at.
HEIGHT = words(
    "bridge|roof|rooftop|cliff|cliffs|cliff edge|cliff top|clifftop|ledge|tracks|train tracks|railway line|"
    "railway tracks|rail line|train line|level crossing|overpass|flyover|dam|quarry|headland|beachy head|"
    "golden gate"
)
JUMP_FROM = words(
    "bridge|building|roof|rooftop|cliff|balcony|terrace|tower|tower block|block|flats|window|ledge|"
    "floor|storey|story|multi storey|car park|carpark|overpass|flyover|dam|quarry|train|tracks|"
    "railway|platform|motorway|traffic|oncoming traffic|lorry|truck|bus|car|river|sea|canal"
)
#: Throwing oneself from a height or under something moving.
_FALL_ACT = words(
    "jump|jumped|step|stepped|walk|walked|throw myself|threw myself|fling myself|flung myself|fall|fell|leap|leapt"
)
INTENT = words(
    "want to|wanted to|going to|plan to|planning to|ready to|about to|decided to|need to|have to|got to|"
    "trying to|try to|urge to|tempted to|thinking about|thinking of|think about|thought about|considering|"
    "wish i could|will|ill|might|should just|could just|keep thinking about|cant stop thinking about|"
    "imagine|imagining|im going to|plan is to|fantasising about|fantasizing about"
)
_END = r"(?= ?(?:$|[.,]))"
_ACQUIRE = words(
    "bought|buy|buying|got|get|getting|ordered|order|ordering|purchased|picked up|got hold of|get hold of|"
    "getting hold of|stole|stolen|nicked|borrowed|found|kept|keep|keeping|hid|hidden|hiding|stashed|stashing|"
    "have|made|tied|tying|set up|put up|sorted|brought|took"
)
_DETERMINER = words("a|an|the|some|my|his|her|dads|mums|another|more|new|a new")
_HOLD = words("holding|clutching|gripping|staring at|looking at|keep looking at|cant stop looking at|playing with")
_USE_INTENT = words(
    "thinking about|keep thinking about|tempted to|want to|going to|urge to|ready to|could just|should just|might"
)

# --- contexts that cancel a frame -----------------------------------------------------------

# Taking medicine as prescribed, for pain, or by mistake; proud of remembering it.
_ADHERENCE = (
    r"as prescribed|prescribed dose|on time|like (?:im|i am|i was) (?:supposed|meant|told) to|every day|"
    r"each day|daily|every morning|every night|with (?:food|breakfast|lunch|dinner|water)|"
    r"for (?:my|the|a|this) (?:headache|pain|period|cramps|cold|flu|back|tooth|toothache|migraine|fever|"
    r"hangover)|by (?:accident|mistake)|accidentally|mistakenly|forgot|forget|remember|remembered|proud|"
    r"finally|yay|well done|💪|✅"
)
# A mishap, not an act: "cut myself shaving", "burnt my arm on the oven".
_ACCIDENT = (
    r"shaving|chopping|cooking|baking|slipped|slipping|tripped|tripping|fell|falling|by accident|"
    r"accidentally|by mistake|paper cut|on (?:a|the|some) (?:tin|can|glass|oven|stove|hob|kettle|iron|pan|"
    r"stairs|door|table|corner|fence|bush|nail)|at work|gardening|fixing|diy"
)
# Scratching without meaning to: "scratched my arms raw in my sleep", "eczema's flaring".
_ITCH = r"eczema|itch|itchy|itching|rash|hives|in my sleep|mosquito|mozzie|bites|chickenpox|psoriasis|allerg\w*"
_BLEEDING_BENIGN = _ACCIDENT + r"|nose|nosebleed|period|periods|gums|tooth|teeth|dentist|surgery|tattoo|piercing|knee"
# Being somewhere high or near a railway for an ordinary reason.
_LEISURE = (
    r"party|bar|pub|drinks|restaurant|cafe|pics|pic|photos|photo|selfie|selfies|sunset|sunrise|view|views|"
    r"picnic|friends|mates|waiting|wait|meet|meeting|date|tour|trip|holiday|hike|hiking|walk|walking|"
    r"run|running|jog|jogging|commute|to work|fixing|fix|repair|repairs|repairing|closed|roadworks|working|"
    r"job|shift|garden|bbq|barbecue|smoke|smoking|vape|fishing|traffic|stuck|queue|station|festival|gig|"
    r"concert|wedding|bungee|zipline|parachute|skydive|skydiving|diving|swim|swimming|pool|trampoline|"
    r"shower|bed|puddle|conclusions|bandwagon|chance|opportunity|eating|chips|food|lunch|dinner|breakfast|"
    r"snack|coffee|tea|chilling|chill|relaxing|reading|sunbathing|stars|stargazing|music|where are you|"
    r"coming|on my way|omw|pick me up|picking"
)
# Ordinary travel: "walk in front of the station", "drive into town for my driving lesson".
_ROUTINE = (
    r"bus stop|station|to work|to school|to uni|to the shops|commute|lesson|lessons|driving test|instructor|"
    r"crossing|green man|zebra|car park"
)
# A tool, a toy or a game rather than a weapon; rope for a job.
_MEANS_BENIGN = (
    r"glue|water gun|nerf|toy|airsoft|paintball|bb|staple|heat gun|game|gaming|cod|fortnite|warzone|gta|"
    r"level|skin|loot|ps5|xbox|minecraft|roblox|valorant|apex|skipping|jump rope|tow|climbing|camping|tent|"
    r"washing|laundry|clothesline|washing line|hammock|swing|boat|sailing|hunting|clay|clays|range|club|"
    r"license|licence|burn|burns|bullet journal|gym|muscles|balloon|balloons|party|garden|lights|decorations"
)


#: Illnesses and habits people write goodbye letters to.
_HABITS = (
    r"(?:eating disorder|ed|anorexia|bulimia|addiction|drinking|alcohol|the bottle|drink|"
    r"anxiety|depression|ocd|old self|younger self|past self|old life|self harm|habit|vape|vaping|cigarettes|"
    r"smoking|gambling|old job|ex|illness|disorder|booze|drugs|weed|cocaine|heroin)"
)
# A goodbye letter to an illness or a habit, as a therapy exercise: "a goodbye letter to my eating disorder".
LETTER_TO_A_HABIT = (
    rf"to (?:(?:my|the|our) )?{_HABITS}|dear {_HABITS}|therapy exercise|"
    r"as an exercise|for therapy|in therapy|as part of (?:my|our|the) (?:dbt|cbt|therapy|counselling|counseling|"
    r"recovery|programme|program|group)|(?:counselling|counseling|therapy|dbt|cbt) homework|homework from|"
    r"(?:therapist|counsellor|counselor|group) (?:asked|suggested|set|told|had)"
)


def _ordinary_purpose_after() -> str:
    """Negative lookahead: an ordinary purpose follows the means within two words."""
    self_purpose = r"(?:myself|me|tonight|later|when|after|the end|it|this|that|do it|end it|use|kill|die|hang|end)"
    place = r"(?:the|a|an|my|his|her|their|our|this|that|some)(?![a-z0-9])"
    return rf"(?!{gap(2)} (?:for (?!{self_purpose}(?![a-z0-9]))|to (?!{self_purpose}(?![a-z0-9])|{place}))[a-z])"


_PURPOSE = _ordinary_purpose_after()


def frame_rules() -> tuple[Rule, ...]:
    """The clause-level frames, as rules (so they share the negation, past and media filters)."""
    return (
        # --- ingestion: consumption verb + excessive quantity + any medicine; any poison
        rule(
            "ingestion",
            rf"{CONSUME}{gap(8)} {EXCESS}{gap(4)} {MEDICINE}",
            media=True,
            addressed=True,
            benign=_ADHERENCE,
        ),
        rule(
            "ingestion",
            rf"{CONSUME}{gap(8)} {CONTAINER} of(?: {_DETERMINER})?(?: [a-z]+)?(?: [a-z]+)? {MEDICINE}",
            media=True,
            addressed=True,
            benign=_ADHERENCE,
        ),
        rule(
            "ingestion",
            rf"{CONSUME}(?: {words('like|about|around|maybe|over|almost|nearly|at least|more than')})?"
            r" (?:[1-9][0-9]+|twenty|thirty|forty|fifty|sixty|a hundred)(?: of)?(?: [a-z]+)?"
            rf"(?: of)? {MEDICINE}",
            media=True,
            addressed=True,
            benign=_ADHERENCE,
        ),
        rule(
            "ingestion",
            rf"(?:overdosed|overdosing|oded|od) on(?: {_DETERMINER}| all| all of)?(?: [a-z]+)?(?: [a-z]+)? {MEDICINE}",
            media=True,
            addressed=True,
            benign=_ADHERENCE,
        ),
        rule(
            "ingestion",
            rf"{CONSUME}{gap(3)} {MEDICINE}{gap(2)} {words('all at once|at once|in one go|all together')}",
            media=True,
            addressed=True,
            benign=_ADHERENCE,
        ),
        rule(
            "ingestion",
            # a past act, or an intent before the verb; a bare "drink bleach" is aimed at someone else
            rf"(?:{CONSUMED}|(?:{INTENT}|i|im){gap(2)} {CONSUME}){gap(4)} {POISON}",
            media=True,
            addressed=True,
            benign=r"by accident|accidentally|smells?|tastes? like|fumes|to clean|cleaning|stains?|whites|spray",
        ),
        # --- lethal means: acquired, kept or held by the sender
        rule(
            "means",
            rf"{_ACQUIRE}(?: myself)?(?: {_DETERMINER})?(?: [a-z]+){{0,2}} "
            rf"{LETHAL}{_PURPOSE}",
            media=True,
            self_subject=True,
            benign=_MEANS_BENIGN,
        ),
        rule(
            "means",
            rf"(?:{LETHAL}|{BLADE}|{MEDICINE}){gap(3)} "
            + words(
                "ready|in my hand|in my hands|in hand|right here|next to me|beside me|in front of me|lined up|laid out"
            ),
            media=True,
            benign=r"collection|collect|pick up|pharmacy|chemist|cook|cooking|chop|chopping|kitchen|dinner|food|"
            r"forget|remember|so i dont|dosette|organi[sz]er|pill box|for the week|weekly",
        ),
        rule(
            "means",
            rf"{_HOLD}"
            rf"(?: {words('the|a|my|his|her|this|that|dads|mums|these|those')})?(?: [a-z]+)? "
            rf"(?:{LETHAL}|{BLADE}|{MEDICINE})"
            r"(?! to (?:cut|chop|slice|open|peel|spread|carve) (?:the|a|some|my|up)(?![a-z0-9]))",
            media=True,
            self_subject=True,
            benign=r"cook|cooking|chop|chopping|kitchen|dinner|food|box|label|leaflet|instructions|side effects|"
            r"bread|cake|cheese|butter|onions?|veg|vegetables|meat|fruit|apple|pizza|sandwich|"
            r"prescription|pharmacy|counting|count|dosette|organi[sz]er|price|prices|online|shop|" + _MEANS_BENIGN,
        ),
        rule(
            "means",
            rf"(?:{LETHAL}|{BLADE}|{MEDICINE}){gap(10)} "
            rf"{_USE_INTENT}"
            r" us(?:e|ing) (?:it|them|that|this|one)(?! (?:on|for|to) (?!myself|me)[a-z])",
            media=True,
        ),
        # --- stockpiling any medicine, in any amount ("3 months of my prescription")
        rule(
            "means",
            r"(?:saving|saved|save|stockpil\w*|hoard\w*|stash\w*|building up|built up|storing|stored|hiding|"
            rf"hid|hidden|squirrel\w*)(?: up)?{gap(5)} {MEDICINE}",
            benign=r"from|pharmacy|chemist|in case|travel|trip|holiday|flight|journey|fridge|organi[sz]er|"
            r"dosette|money|cost|costs|pounds|prepayment|certificate|discount|app|receipts?|list|side effects|effects",
        ),
        # --- places: at a bridge, cliff, roof or railway line now; jumping from any height
        rule(
            "place",
            r"(?:im|i am|standing|sitting|stood|sat|here|currently|been|ive been|still|now|just got|got)"
            r"(?: right| up| out)? (?:on|at|by|onto|in front of|on top of|on the edge of|at the edge of|"
            r"at the top of|up on|on the ledge of|on the roof of)(?: the| a| this| that| my| our| some)(?: [a-z]+)? "
            rf"{HEIGHT}(?! {words('station|arches|museum|cafe|bar|pub|club|restaurant|hotel')})"
            r"(?! of (?:my|the|a|his|her) (?:car|van|bus|mouth))",
            self_subject=True,
            benign=_LEISURE,
        ),
        rule(
            "place",
            r"(?:im|i am|standing|sitting|stood|sat|here|currently|been|ive been|still|now|just got|got|climbed)"
            r"(?: right| up| out)? (?:on top of|at the top of|on the roof of|on the edge of|at the edge of|"
            r"on the ledge of|up on the roof of)(?: the| a| this| that| my| our)(?: [a-z]+)? "
            r"(?:building|multi storey|multistorey|car park|carpark|tower|tower block|block|flats|hotel|hospital|"
            r"bridge|cliff|quarry|dam|office|uni|school)",
            self_subject=True,
            benign=_LEISURE,
        ),
        # falling from any height or in front of anything moving
        rule(
            "place",
            rf"{INTENT}{gap(2)} "
            r"(?:jump|jumping|leap|leaping|throw myself|throwing myself|fling myself|step|stepping|fall|falling)"
            r" (?:off|from|in front of|under|into|onto|out of|over)"
            rf"(?: the| a| my| this| that| an| our)?(?: [a-z0-9]+){{0,2}} {JUMP_FROM}"
            r"(?! (?:stop|station|driver|ride|lane|pass|ticket)(?![a-z0-9]))",
            benign=_LEISURE,
        ),
        # weighing the act: "if i jump off the bridge will it hurt", "if i step in front of a lorry it'll
        # look like an accident", "would it hurt if i jumped"
        rule(
            "place",
            rf"if i(?: just)? {_FALL_ACT}(?:(?: [a-z0-9]+){{0,5}} {JUMP_FROM}(?: [a-z0-9]+){{0,3}})? "
            r"(?:will|would|does) (?:it|that) (?:hurt|be quick|be painless|be instant)|"
            rf"(?:will|would|does) it hurt (?:if|when) i(?: just)? {_FALL_ACT}|"
            rf"if i(?: just)? (?:{_FALL_ACT}|crash|crashed|swerve|swerved|drive|drove)(?: [a-z0-9]+){{0,8}} "
            r"(?:(?:itll|it will|it would|itd|it might|it could)(?: just)?(?: look like| seem like| be)|"
            r"(?:everyone|they|people|theyll|theyd|everyone will|everyone would|they will|they would|people will|"
            r"people would) (?:think|assume|say) (?:it was|its|it is|it had been))(?: just)? an accident",
            benign=_LEISURE,
        ),
        # a vehicle driven into something it cannot survive
        rule(
            "place",
            rf"{INTENT}{gap(2)} (?:drive|driving|crash|crashing|swerve|swerving|steer|steering)"
            r"(?: my car| the car| my bike| off the road and)? (?:into|off)(?: the| a| an| my| this| that| some)?"
            r"(?: [a-z]+)? (?:wall|tree|lorry|truck|bus|traffic|oncoming traffic|river|sea|canal|cliff|bridge|"
            r"pole|barrier|lamppost|road)(?![a-z0-9])",
            benign=_ROUTINE,
        ),
        # walking or lying down in front of traffic, trains, the sea
        rule(
            "place",
            rf"{INTENT}{gap(2)} (?:walk|walking|run|running|lie|lying|lay|laying) (?:in front of|under|into|onto|"
            r"out into)(?: the| a| an| some)?(?: [a-z]+)? (?:train|bus|lorry|truck|car|cars|traffic|oncoming traffic|"
            r"sea|river|canal|tracks|railway|motorway)(?! (?:stop|station|driver|park)(?![a-z0-9]))",
            benign=_ROUTINE,
        ),
        # --- self-harm: cutting with no object, wounds on the body, bleeding that won't stop
        rule(
            "self_harm",
            r"(?:i|ive|im|id|just|and|then|so|been|finally|had|also|ended up)(?: just| finally| also| been)? "
            r"(?:cut|cutting)(?= ?(?:$|[.,])| "
            + words(
                "again|every|daily|each|last|this|tonight|today|yesterday|deep|deeper|too deep|more|a lot|"
                "twice|once|for the first time|since|badly|bad|because|till|until|til"
            )
            + ")",
            self_subject=True,
            benign=_ACCIDENT + r"|hair|fringe|bangs|grass|lawn|hedge|class|school|lecture|team|squad|deal|cards",
        ),
        rule(
            "self_harm",
            r"(?:cut|cutting|cuts|slit|slitting|slice|sliced|slicing|carve|carved|carving|burn|burning|burnt|"
            r"burned|scratch|scratched|scratching|gouge|gouged|stab|stabbed|stabbing)(?: into| up| open| at)? "
            rf"(?:my|both my|both of my)(?: [a-z]+)? {BODY}",
            media=True,
            benign=_ACCIDENT + r"|cat|cats|kitten|dog|puppy|rabbit|hamster|bramble|brambles|thorns|rose bush|" + _ITCH,
        ),
        rule(
            "self_harm",
            r"(?:fresh|new|deep|open|more|bleeding|infected) (?:cuts|wounds|gashes|burns|scratches|slashes)"
            r"(?! (?:of|to|in|for))|covered in (?:fresh |new |deep )?(?:cuts|wounds|blood)|"
            r"(?:blood|bleeding) (?:everywhere|all over)|(?:so much|lots of|a lot of|too much) blood|"
            r"bleeding (?:a lot|so much|loads|heavily)|"
            r"(?:wont|doesnt|will not|does not|cant|cannot|cant get it to) stop (?:the )?bleeding|"
            r"bleed\w*(?: [a-z]+){0,6} (?:dont|do not) want (?:it |the bleeding )?to stop|(?:cut|went) too deep",
            media=True,
            benign=_BLEEDING_BENIGN,
        ),
        rule(
            "self_harm",
            r"(?:want|wanted|need|needed|miss|missing|crave|craving|urge for|itching for|longing for)"
            r"(?: [a-z]+){0,3} (?:the |my |a )?(?:blade|blades|razor|razors|razor blade|razor blades)(?![a-z0-9])",
            media=True,
            benign=r"shave|shaving|legs|beard|new razor|buy|order",
        ),
        rule(
            "self_harm",
            r"(?:carve|carved|carving|cut|etched|scratched|burned|burnt|wrote|engraved)(?: [a-z]+){1,3} "
            r"(?:into|in|on) (?:my|both my)(?: [a-z]+)? " + BODY,
            media=True,
            benign=_ACCIDENT + r"|pen|marker|sharpie|henna|tattoo|biro",
        ),
        rule(
            "means",
            rf"(?:{MEDICINE}|{LETHAL}|{BLADE}){gap(8)} (?:so (?:they|nobody|no one|noone|my [a-z]+|the [a-z]+) "
            r"(?:wouldnt|wont|doesnt|dont|would not|will not|cant|couldnt) (?:notice|know|find out|suspect|see)|"
            r"without (?:anyone|them|my [a-z]+|anybody|people) (?:knowing|noticing|seeing)|secretly|in secret)",
            media=True,
        ),
        rule(
            "self_harm",
            r"(?:cutting(?! (?:back|down|out|off))|self harm\w*|hurting myself|burning myself|the blade|my blade)"
            r" (?:helps|is the only thing|makes me feel|calms|is how i cope|is my only|is all that helps|works)",
            media=True,
        ),
        rule(
            "self_harm",
            r"(?:blade|blades|razor|razors|cut|cuts|cutting) (?:went|goes|was|were|got|go)"
            r" (?:too |a lot |way |so |much )?(?:deep|deeper)",
            media=True,
            benign=_ACCIDENT,
        ),
        # fear of acting on it
        rule(
            "self_harm",
            r"(?:scared|afraid|frightened|terrified) (?:of )?(?:myself|what i (?:might|will|could|am going to|would) "
            r"do(?: to myself)?)|(?:dont|do not|cant) trust myself(?! (?:with|around|to (?:cook|drive|choose|pick|"
            r"make|not buy|not eat|not text)|not to (?:buy|eat|text|spend))(?![a-z0-9]))",
            media=True,
            addressed=True,
        ),
        # something tied around the neck
        rule(
            "means",
            r"(?:belt|rope|cord|cable|scarf|tie|lead|string|wire|strap|ligature|noose|sheet|bedsheet)"
            r"(?: [a-z]+){0,2} (?:around|round|on|to) my neck",
            media=True,
        ),
        # medicine collected over time
        rule(
            "means",
            rf"(?:collecting|collected|gathering|gathered)(?: up)?{gap(4)} {MEDICINE}(?: [a-z]+){{0,2}} "
            r"(?:for|over) (?:weeks|months|ages|a while|days|years)",
            benign=r"from|pharmacy|chemist|prescription|repeat",
        ),
        # no future
        rule(
            "finality",
            r"(?:wont|will not|never going to|not going to) see (?:another|my next|the next|one more) "
            r"(?:birthday|christmas|year|summer|winter|spring|new year|morning|sunrise|day|week)|"
            r"(?:dont|do not) think (?:ill|i will|im going to|i am going to|i can) "
            r"(?:be (?:here|around|alive)|last|survive|make it)(?: for)? "
            r"(?:much longer|long|another|the night|the week|till|until|to)",
            negatable=False,
        ),
        rule(
            "want_over",
            r"(?:end|ending|stop|stopping) (?:my|the|all (?:my|the)|this) (?:suffering|misery|existence|pain)"
            r"(?= ?(?:$|[.,])| for good| forever| permanently| once and for all| tonight)",
        ),
        rule(
            "no_point",
            r"(?:life|living|existing|my life) (?:has|holds|had|have) (?:no|zero|lost (?:its|all)) "
            r"(?:point|meaning|purpose)",
            media=True,
        ),
        rule(
            "self_harm",
            r"(?:back to|started|start|restarted|resumed|keep|kept|been|still|cant stop) (?:cutting|self harming|"
            r"burning myself|hurting myself)(?! (?:down|back|out|off|corners|class|the|my|some|it|them|onions|"
            r"hair|grass)(?![a-z0-9]))",
            self_subject=True,
            benign=_ACCIDENT,
        ),
        rule(
            "self_harm",
            r"(?:cuts|wounds|gashes|burns|slashes) (?:on|all over|across|up) (?:my|both my)(?: [a-z]+)? " + BODY,
            media=True,
            benign=_ACCIDENT,
        ),
        rule(
            "plan",
            r"(?:which|what) (?:bridge|building|roof|cliff|train|pills|method|rope|tree|car park|gun|tablets)"
            r"(?: [a-z]+){0,4} (?:use|jump|jump off|jump from|take|do it)(?![a-z0-9])",
            media=True,
            benign=_LEISURE,
        ),
        # --- death as the way out; not planning to be alive; sleeping forever
        rule(
            "way_out",
            r"(?:death|dying|suicide|killing myself|ending it|ending my life|being dead|to die)"
            r"(?: is| feels like| seems like| seems| looks like| is starting to look like)?(?: the| my)? "
            r"(?:only|last|best|easiest|one) (?:option|answer|way out|solution|escape|choice|way)|"
            r"(?:no|only one|just one) way out (?:except|but|other than|apart from|besides|left but) "
            r"(?:dying|death|suicide|to die|killing myself|ending it)",
            media=True,
        ),
        rule(
            "not_alive",
            r"(?:dont|do not|not|no longer|never) (?:plan|planning|intend|intending|expect|expecting|going) "
            r"(?:on|to) (?:be|being|still be|still being|stay|staying) alive|"
            r"(?:wont|will not|not going to|im not going to) (?:still )?be alive",
            negatable=False,
        ),
        # euphemisms for dying
        rule(
            "end_life",
            r"(?:leave|leaving|left|exit|exiting|depart|departing|quit|quitting) (?:this|the) (?:world|earth|planet|"
            r"life|realm|mortal coil)|(?:check|checking|checked|clock|clocking) out (?:for good|permanently|"
            # "early" from a shift or a hotel is not a euphemism: "checking out early from work"
            r"early(?! (?:from|of (?:the|my|our|work|school|class)|today|tomorrow|"
            r"this (?:morning|afternoon|evening)|on))|"
            r"of (?:life|this world|this life))|(?:better off|be|being|rather be|want to be|end up|ending up) "
            r"(?:in the ground|six feet under|in a box|in a coffin|in a grave|in my grave)|pushing up daisies|"
            r"meet my maker|eternal sleep|(?:fantasi[sz]\w*|imagin\w*|picturing|dreaming about|daydreaming about|"
            r"thinking about|planning) (?:about )?my (?:own )?(?:funeral|death|grave)",
            media=True,
        ),
        rule(
            "end_life",
            r"(?:im|i am|feel like|i feel like|im just|i feel)(?: just| such)? a (?:waste of (?:oxygen|air|life|"
            r"skin|a life)|mistake that should(?:nt)? (?:be fixed|have been born|exist))|(?:dont|do not|didnt) "
            r"deserve to (?:live|be alive|exist|breathe|be here)",
            media=True,
        ),
        rule(
            "not_alive",
            r"(?:dont|do not|cant|cannot|can not) (?:see|imagine|picture) myself (?:being alive|alive|living|"
            r"still here|being here|still alive|around)|(?:wish|wishing|hope|hoping|pray|praying)(?: that)? i "
            r"(?:dont|do not|wont|will not|never|dont ever) (?:make it|survive|get) (?:through|past|to) "
            r"(?:the night|tonight|tomorrow|morning|the morning|the week|next week)",
            negatable=False,
        ),
        rule(
            "means",
            rf"(?:looking at|looking up|researching|googling|searching|browsing|reading about|watching videos of|"
            rf"pricing|price of) (?:{_DETERMINER} )?(?:[a-z]+ )?(?:{LETHAL}|nooses|ropes|guns)",
            self_subject=True,
            media=True,
            benign=_MEANS_BENIGN,
        ),
        rule(
            "end_life",
            r"(?:tonight|today|now|soon|tomorrow|this weekend)(?: is when)? (?:i|ill|i will|im going to|i am going to) "
            r"end (?:it|this|things|everything)(?![a-z0-9])|(?:wish|want|wanted|need|hope) to be gone"
            r"(?= ?(?:$|[.,]| forever| for good| permanently))|(?:be|being) (?:permanently|forever) gone",
        ),
        rule(
            "sleep_forever",
            r"(?:going to|want to|will|ill|ready to|about to|plan to|im going to|just want to|need to)"
            r"(?: just)?(?: go to)? sleep (?:forever|for ever|permanently|and never wake up|and not wake up)",
        ),
        rule(
            "not_alive",
            r"(?:hate|hating|hated|loathe|cant stand|cannot stand) (?:being alive|existing|being here|"
            r"waking up every day|waking up each day|having to exist)(?! (?:in|at|with|like|near|on)(?![a-z0-9]))",
        ),
        # --- a goodbye message sent or posted (by anyone: someone else at risk counts)
        rule(
            "finality",
            r"(?:sent|send|sending|posted|posting|left|leaving|wrote|writing|written|recorded|texted|got)"
            r"(?: me| us| everyone)?(?: a| an| his| her| their| my| this| that)? "
            r"(?:goodbye|farewell|suicide)(?: (?:text|message|note|letter|post|video|email|voicemail|tweet|"
            r"status|story))?(?! (?:card|party|present|gift|speech|do|lunch|drinks|hug|kiss|song))",
            media=True,
            benign=r"leaving|retiring|retirement|team|colleagues|office|last day|moving|new job|at work|to work|"
            + LETTER_TO_A_HABIT,
        ),
        rule(
            "finality",
            r"(?:wrote|written|writing|write|left|leave|leaving|finished) my note"
            r"(?= ?(?:$|[.,]| last night| today| tonight| yesterday| this morning| already| now))|"
            r"(?:wrote|written|writing|left|leaving|finished) (?:a|my|the) note (?:for|to be found|so) "
            r"(?:when|after|everyone|them|my family|whoever|the person)",
        ),
        rule(
            "finality",
            r"(?:last|final) time (?:youll |you will |you |anyone |anybody )?(?:ever )?(?:hear from|see|"
            r"talk to|speak to|hear) me|this is the last (?:you|anyone)(?:ll| will)? (?:ever )?hear (?:from|of) me",
            negatable=False,
        ),
        rule(
            "plan",
            r"(?:ive|i have|i|im|i am)(?: finally| now| already)? (?:picked|chosen|chose|set|fixed|decided on) "
            r"(?:a|the) (?:date|day|method)" + _END,
        ),
        rule(
            "means",
            r"(?:painless|least painful|peaceful|quickest|quick and painless|surest|most effective|most painless)"
            r" (?:ways?|methods?) to (?:go(?! to| home| back| out| about)|die|do it|end it|end things|"
            r"kill myself|check out)",
            media=True,
        ),
    )


# --- situations described in ordinary words -------------------------------------------------
# Means, plans, endings, wishes and injuries that carry no crisis keyword: each is a
# combination of a concept class with a second class in the same clause.

# Things a person can hang, shoot or gas themselves with, including everyday objects.
MEANS_AT_HAND = words(
    "rope|ropes|noose|nooses|ligature|belt|belts|cord|cords|dressing gown cord|cable|cables|extension cable|flex|"
    "scarf|scarfs|strap|straps|tie|ties|bedsheet|sheet|sheets|hose|hoses|hosepipe|tubing|shotgun|rifle|gun|guns|"
    "pistol|revolver|cartridges|bullets|🪢|🔫"
)
# A point a ligature is tied to.
HANGING_POINT = words(
    "door|door handle|handle|banister|bannister|banisters|beam|beams|rafter|rafters|loft hatch|hatch|hook|"
    "ceiling|ceiling fan|light fitting|curtain rail|curtain pole|stair|stairs|stairwell|railing|railings|"
    "wardrobe|wardrobe door|branch|pipe|bunk bed|bed frame|top of the door"
)
FIREARM = words("shotgun|rifle|gun|pistol|revolver|handgun|firearm")
AMMO = words("cartridges|bullets|shells|ammo|rounds")
# Someone else named as the person at risk.
OTHER_PERSON = (
    r"(?:he|she|they|hes|shes|theyve|(?:my|our) (?:[a-z]+ )?(?:brother|sister|dad|father|mum|mother|mom|"
    r"friend|best friend|mate|best mate|uncle|aunt|auntie|cousin|boyfriend|girlfriend|partner|husband|wife|son|"
    r"daughter|flatmate|roommate|housemate|nan|gran|grandad|grandma|niece|nephew|stepdad|stepmum|bf|gf))"
)
_HEAT_OR_POINT = words(
    "lit cigarette|cigarette|ciggie|ciggy|fag|lit fag|lighter|match|matches|hot spoon|spoon|compass|"
    "sharpener|sharpener blade|pencil sharpener|pin|safety pin|needle|paperclip|paper clip|scissors|glass|"
    "broken glass|shard|shard of glass|key|keys|curling tongs|straighteners|hair straighteners|iron|"
    "wire brush|nails|fingernails|lighter flame|candle"
)
_PLACED_ON = (
    r"(?:pressed|pushed|held|put|stubbed|stubbing|ground|used|using|dragged|dragging|ran|rubbed|scraped|"
    r"scraping|dug|digging|jabbed|jabbing|stuck|sticking|pressing|holding|burned|burnt|burning|scratched|scratching)"
)
_HARM_OBJECT_BENIGN = (
    _ACCIDENT + r"|nurse|doctor|gp|clinic|hospital|blood test|vaccine|jab|injection|insulin|tattoo|piercing|"
    r"acupuncture|henna|pen|marker|biro|plaster|cream|moisturiser|lotion|bandage|stamp|sticker|watch"
)
_WISHED_HARM = (
    words(
        "heart attack|stroke|accident|car crash|crash|aneurysm|cancer|tumour|brain tumour|terminal diagnosis|"
        "bus|lorry|truck|meteor|asteroid|death|the end|early grave|fatal accident|plane crash"
    )
    + r"(?! (?:course|diet|test|mat|pad|free|of (?:the|this|term|year|week|day|month)|ticket|stop|pass|route|lane))"
)
# An ordinary event a date, a plan or a decision is about.
_EVENT = (
    r"wedding|party|birthday party|holiday|trip|flight|course|job|exam|exams|test|interview|appointment|booked|"
    r"booking|dress|venue|cinema|pizza|(?<!at )dinner|match|game|gig|concert|move|moving|house move|presents|surprise|"
    r"driving|surgery|operation|op|scan|date night|bowling|revision|revising|essay|assignment|proof|maths|"
    r"recipe|project|launch|meeting|uni|college|school|gym|diet|run|marathon|10k|race|quiz|party|bbq|christening|"
    r"funeral|hen do|stag do|leaving do|netflix|film|movie|show|episode|baby shower|fundraiser|charity|mentor|"
    r"session|sessions|therapy|therapist|counsellor|gp|doctor|dentist|vet|apply|applying|application"
)
#: With a trailing "s": apostrophes are dropped, so "the wedding's" reads "the weddings".
_EVENT = rf"(?:{_EVENT})s?"
_MOMENT = (
    r"tonight|today|this weekend|tomorrow night|this evening|(?:on )?(?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday)(?: night)?|when (?:the house is|its|everyones|everyone is) (?:empty|quiet|asleep|out|gone)|"
    r"(?:everyone|them|my [a-z]+) out of the (?:house|flat|way)|after (?:the|my) [a-z]+|before the weekend"
)


def situation_rules() -> tuple[Rule, ...]:
    """Frames for means, plans, endings, wishes and injuries in ordinary words."""
    return (
        # a ligature placed on a hanging point ("the belt is round the door handle")
        rule(
            "means",
            rf"{MEANS_AT_HAND}{gap(4)} (?:round|around|over|tied to|tied round|tied around|looped over|looped round|"
            r"looped around|looped through|knotted to|knotted round|knotted around|fixed to|attached to|secured to|"
            rf"hanging from|hung from|hung over)(?: the| a| my| our)?{gap(2)} {HANGING_POINT}",
            media=True,
            self_subject=True,
            benign=_MEANS_BENIGN + r"|coat|coats|jacket|towel|towels|dressing gown|trousers|jeans|waist|dog|lead|"
            r"christmas|tinsel|fairy|bunting|plant|plants|basket|blind|blinds|charger|charging|"
            r"tv|telly|aerial|router|extension lead|hoover|vacuum|kettle|lamp",
            gate=(
                "rope|noose|ligature|belt|cord|cable|flex|scarf|strap|tie|sheet|hose|tubing|gun|rifle|pistol|"
                "revolver|cartridge|bullet|🪢|🔫"
            ),
        ),
        # a means set up or placed ready ("the 🪢 and the 🪜 are set up", "hosepipe in the boot")
        rule(
            "means",
            rf"{MEANS_AT_HAND}(?: \S+){{0,3}} (?:is |are |s |all |already |now |been )*(?:set up|all set|in place|"
            r"tied off|rigged up|rigged|fitted|hooked up|taped up|sorted)(?! for (?!me|myself|tonight|later))",
            media=True,
            self_subject=True,
            benign=_MEANS_BENIGN + r"|christmas|fairy|bunting|tv|telly|speaker|speakers|wifi|router|sky|broadband|"
            r"aerial|console|charger|extension lead",
            gate=(
                "rope|noose|ligature|belt|cord|cable|flex|scarf|strap|tie|sheet|hose|tubing|gun|rifle|pistol|"
                "revolver|cartridge|bullet|🪢|🔫"
            ),
        ),
        rule(
            "means",
            r"(?:hosepipe|hose|tubing|pipe)(?: [a-z]+){0,3} (?:in the boot|in the car|on the back seat|and (?:some )?"
            r"(?:duct )?tape|to the exhaust)|(?:parked|parked up|sat|sitting)(?: [a-z]+){0,6} (?:with|and) "
            r"(?:a|the|my) (?:hosepipe|hose|length of tubing)",
            media=True,
            benign=r"garden|gardening|wash|washing|car wash|water|watering|plants|allotment|pond|hot tub|paddling|"
            r"pool|fix|fixing|leak|bike|caravan|camping|festival|sprinkler|dog|b and q|diy",
            gate="hose|tubing|pipe",
        ),
        # a firearm with its ammunition, unlocked or loaded
        rule(
            "means",
            rf"{FIREARM}{gap(8)} {AMMO}(?: [a-z]+){{0,2}} (?:next to|beside|with|by|right here|in my)|"
            rf"{FIREARM}(?: is| s| was| are)?(?: still| now| already)? (?:unlocked|loaded|out of the (?:cabinet|safe))",
            media=True,
            distancable=False,
            benign=_MEANS_BENIGN + r"|clay|clays|shooting|pigeons|rabbits|pheasant|farm|farmer|licensed|police|"
            r"cleaning|clean|handed in|museum|antique|locked|safe place",
            gate="gun|rifle|pistol|revolver|firearm",
        ),
        # --- a decision or plan with a time and no method word
        rule(
            "plan",
            r"(?:worked out|figured out|sorted out|decided on|settled on|chosen|chose|picked|found) (?:the|a|my) "
            r"(?:method|way to do it|how to do it|way im going to do it|spot|place to do it)"
            r"(?= ?(?:$|[.,]| and| now| already| tonight))",
            media=True,
            addressed=True,
            ordinary=_EVENT,
            gate="method|way to do it|how to do it|spot|place to do it",
        ),
        rule(
            "plan",
            r"(?:know|decided|worked out|planned|figured out)(?: exactly)? (?:how and when|when and how|"
            r"how (?:im|i am|i will|ill) (?:going to )?do it and when|when (?:im|i am|i will|ill) (?:going to )?"
            r"do it and how)",
            media=True,
            addressed=True,
            ordinary=_EVENT,
            gate="how and when|when and how|do it and",
        ),
        rule(
            "plan",
            r"(?:it|its|it is|it will|itll|that is|thats) (?:happens|happening|going to happen|will happen|"
            rf"gonna happen|ll happen|be done|will be done|ll be done|getting done) (?:{_MOMENT})" + _END,
            media=True,
            addressed=True,
            ordinary=_EVENT + r"|delivery|parcel|update|patch|release|results|payday|paid|decorating|painting",
            gate="happen|done",
        ),
        # a decision with no object, then a moment ("everything's decided, saturday night")
        rule(
            "plan",
            r"(?:made up my mind|made my mind up|my mind is made up|minds made up|made my (?:choice|decision)|"
            r"(?:ive|i have|i) (?:finally )?decided|(?:everything|everythings|its all|it is all|its) decided|"
            r"(?:the )?plan is (?:sorted|set|ready|made|in place)|(?:picked|chosen|chose|set|fixed) (?:the|a) "
            r"(?:date|day|spot|place|time)|worked out the (?:details|method|way)|no going back)"
            rf"(?= ?(?:$|[.,]| now| already| and| at [a-z]+))(?: \S+){{0,10}} (?:{_MOMENT})(?![a-z0-9])",
            media=True,
            addressed=True,
            ordinary=_EVENT + r"|so i can|wrap|clean|tidy|cook|bake|decorate|paint|party|surprise|celebrate",
            gate=(
                "mind|decid|decision|choice|plan is|picked|chosen|chose|set the|set a|fixed the|fixed a|worked out|"
                "no going back"
            ),
        ),
        # --- finality in ordinary words
        rule(
            "finality",
            r"(?:wont|will not|not going to|im not going to|never going to|dont think ill|i dont think i will) "
            r"(?:see|be here for|be around for|make it to|get to see|live to see|last till|last until|last to) "
            r"(?:the )?(?:cold weather|winter|the cold|the snow|christmas|new year|spring|summer|autumn|the leaves "
            r"change|my next birthday|my birthday|next year|next christmas|the new year|the baby|results day|"
            r"the end of the (?:month|year|term))"
            r"(?! (?:because|cos|coz|as|since|were|we re|im going|ill be|in|at|abroad|this time))",
            media=True,
            ordinary=r"holiday|trip|abroad|away|flying|flight|moving|visiting|working|work|shift|busy|spain|"
            r"australia|travelling|travel|cruise|hospital|lockdown|deployed|deployment|posting|prison|off to|"
            r"going to|heading to|emigrat\w*|new job|the sun|sunny|warm|hot|heatwave",
            gate="wont|will not|not going to|never going to|dont think",
        ),
        rule(
            "finality",
            r"(?:theres|there is|there isnt|there s) (?:no|any) (?:version of |future where |)(?:future|next year|next "
            r"christmas|next summer|the future|tomorrow|my future|next month)(?: [a-z]+){0,2} (?:with me|that has me|"
            r"where im|where i am|i am in|im in)",
            media=True,
            negatable=False,
            gate="version of|future|next year|next christmas|next summer|tomorrow|next month",
        ),
        rule(
            "finality",
            r"(?:wont|will not|never) (?:have|need|got) to (?:deal with|worry about|put up with|look after|cope with|"
            r"carry|listen to|hear from|bother with) (?:me|my (?:problems|mess|moods|drama|crap|shit|issues|"
            r"nonsense|rubbish))(?: [a-z]+){0,2} (?:soon|much longer|for (?:much )?longer|any longer|ever again|"
            r"for good|forever|after (?:this|tonight|today|[a-z]+day))(?![a-z0-9])",
            media=True,
            negatable=False,
            benign=r"mentor|switching|switch|new|moving|job|course|holiday|away|back|better|sorted|fixed|"
            r"therapist|therapy|discharged|graduating|finished",
            gate=(
                "to deal with|to worry about|to put up with|to look after|to cope with|to carry|to listen to|"
                "to hear from|to bother with"
            ),
        ),
        rule(
            "finality",
            r"(?:ill|i will|im going to|i am going to|ill finally) be (?:gone|free of (?:it all|all of it|"
            r"everything|this life|this|the pain|all this)|out of (?:everyones|your|their) (?:way|hair|lives))"
            r"(?: [a-z]+){0,2} (?:before|by) (?:the weekend|the end of the week|sunday|saturday|friday|monday|"
            r"tuesday|wednesday|thursday|next week|christmas|morning|the morning|new year)|"
            r"(?:this time next (?:week|month)|by next week|by (?:the )?weekend) (?:ill|i will|im going to) be "
            r"(?:gone|free of (?:it all|all of it|everything|this life|all this))",
            media=True,
            distancable=False,
            ordinary=r"flights|trains|train|flight|work|shift|gym|school|shops|holiday|trip|away|home|back|bus|taxi|uber|"
            r"appointment|airport|early|drive|driving|moving|move|exam|exams|course|term|job|office|festival",
            gate="be gone|be free of|be out of",
        ),
        rule(
            "finality",
            r"(?:gave|given|giving|handed|handing|rehomed|rehoming|signed)(?: away| over)? my "
            r"(?:[a-z]+ ){0,2}(?:cat|dog|pets?|kitten|puppy|hamster|rabbits?|guitar|books|things|stuff|clothes|"
            r"belongings|possessions|jewellery|jewelry|games|console|xbox|ps5|bike|car|plants|records|boots|"
            r"watch|ring|laptop)(?: [a-z0-9]+){0,8} (?:for good|permanently|to keep forever|forever|to remember me|"
            r"remember me by|something of mine|so (?:they|she|he) (?:have|has) something)",
            media=True,
            benign=r"old|outgrown|too small|doesnt fit|spare|broken|upgrade|new one|charity shop|moving|allergic|"
            r"allergy|landlord|no pets|decluttering|declutter",
            gate="for good|permanently|forever|remember me|something of mine|so they have|so she has|so he has",
        ),
        rule(
            "finality",
            r"(?:paid off|cleared|settled) (?:all )?(?:of )?my (?:debts|debt|loans|overdraft|bills|credit cards?|"
            r"phone contract|tab)(?: \S+){0,8} (?:everything|everythings|all|affairs)(?: is| s)? "
            r"(?:in order|sorted|squared away|tied up|taken care of)(?! for| to| with| before)",
            media=True,
            benign=r"free|celebrat\w*|proud|yay|mortgage|saving|savings|house|holiday|wedding|🎉",
            gate="paid off|cleared|settled",
        ),
        # --- passive wishes in ordinary words
        rule(
            "passive_wish",
            r"(?:id|i would|i|honestly|would|just) (?:welcome|not mind|wouldnt mind|would not mind|wouldnt say no to|"
            r"be grateful for|be relieved by|be glad of|be happy with|hope for|pray for|wish for|long for|"
            r"take|gladly take|praying for|hoping for|wishing for|longing for|prayed for|hoped for)"
            r"(?: a| an| the| some)?(?: massive| fatal| sudden| quick| big| bad)? " + _WISHED_HARM,
            media=True,
            addressed=True,
            benign=r"lol|haha|joke|joking|exam|work|meeting|revision|lecture|boss",
            gate=(
                "heart attack|stroke|accident|crash|aneurysm|cancer|tumour|terminal|bus|lorry|truck|meteor|asteroid|"
                "death|the end|grave"
            ),
        ),
        rule(
            "passive_wish",
            r"(?:hope|hoping|pray|praying|wish|wishing|if only)(?: (?!(?:doesnt|wont|dont|isnt|not|never|"
            r"didnt)(?![a-z0-9]))[a-z0-9]+){0,6} (?:kills|takes|finishes|gets rid of) me"
            r"(?! (?:out|to|home|back|somewhere|shopping|for|on|a|the|there|places|round|into|in|off|up|lol|haha))",
            media=True,
            addressed=True,
            benign=r"gym|workout|run|exam|test|homework|boss|hangover|spicy|curry|training|shift|class|laughing|"
            r"bus|train|taxi|uber|lift|plane|flight|heat|cold|walk|hike|hills",
            gate="kills me|takes me|finishes me|gets rid of me",
        ),
        rule(
            "passive_wish",
            r"(?:want|need|wish|just want|would like|id like|wanted)(?: for)? (?:the|my|this|it|everything|all of it|"
            r"it all|all this)(?: [a-z]+){0,4} to (?:stop|end|go quiet|be over|switch off|turn off|shut off|go away)"
            r"(?: [a-z]+){0,2} (?:permanently|for good|forever|for ever|once and for all)|"
            r"(?:switch|turn|shut) (?:it all|everything|myself|my brain|my head|me|it) off (?:for good|permanently|"
            r"forever|for ever)",
            media=True,
            addressed=True,
            benign=r"neighbours|next door|building|builders|drilling|roadworks|dog|baby|rain|alarm|music|party|"
            r"construction|traffic|phone|notifications|emails|app|subscription|account|boiler|tv|laptop",
            gate="permanently|for good|forever|for ever|once and for all",
        ),
        rule(
            "passive_wish",
            r"(?:i|if i|id|i could|want to|wanna|wish i could|let me|to|just|and) (?:just |quietly )?"
            r"(?:slip|slipped|slipping|fade|faded|fading|drift|drifted) (?:away|out)(?: [a-z]+){0,4} "
            r"(?:nobody|no one|noone|no body) (?:would|will|wud|wouldnt|would even|will even|even) "
            r"(?:notice|clock|realise|realize|know|care|miss)",
            media=True,
            benign=r"party|meeting|office|pub|room|wedding|early|class|lecture|bed|work|shift|club|gig",
            gate="slip|fade|fading|drift",
        ),
        rule(
            "passive_wish",
            r"(?:dying|death|being dead|the idea of dying|the thought of dying) (?:doesnt|does not|no longer|dont|"
            r"do not|wont) (?:frighten|scare|bother|worry) me(?: anymore| now| any more)?",
            media=True,
            negatable=False,
            ordinary=r"nurse|carer|hospice|job|work|horror|halloween|faith|god|heaven|christian|muslim|religion|"
            r"buddhist|palliative",
            gate="frighten|scare|bother|worry",
        ),
        rule(
            "passive_wish",
            r"(?:want|wanted|going|gonna|ready|need|plan|planning|about) to (?:be with|join|go to|see) "
            r"(?:my |our )?(?:late )?(?:dad|mum|mom|father|mother|nan|gran|grandad|grandma|brother|sister|son|"
            r"daughter|husband|wife|partner|girlfriend|boyfriend|him|her|them|baby)(?: again)?(?: [a-z]+){0,2}(?: ,)? "
            r"(?:wherever (?:he|she|they) (?:is|are)|in heaven|up there|on the other side|in the ground)|"
            r"(?:going to|gonna|want to|ready to|about to|will|ill) join (?:him|her|them|my (?:late )?(?:dad|mum|"
            r"mom|nan|gran|grandad|grandma|brother|sister|son|daughter|husband|wife|partner))(?: [a-z]+){0,2}"
            r"(?= ?(?:$|[.,]| soon| now| tonight| there| up there| in heaven| on the other side))",
            media=True,
            benign=r"pub|party|shop|shops|holiday|christmas|tea|dinner|lunch|later|tomorrow|gym|club|team|class|"
            r"trip|walk|call|zoom|group",
            gate="wherever|heaven|up there|other side|in the ground|join",
        ),
        # Going to someone who has died: "my mum died last year and i've decided to join her",
        # "going to see my dad tonight (he passed in 2019)". Only in a message that says they died.
        rule(
            "passive_wish",
            r"(?:going to|gonna|want to|wanna|ready to|about to|decided to|need to|cant wait to|wish i could|"
            r"time to|will|ill|im going to) (?:join|be with|be reunited with|go and see|see) "
            r"(?:my |our )?(?:late )?(?:dad|mum|mom|father|mother|nan|gran|grandad|grandma|grandpa|brother|sister|"
            r"son|daughter|husband|wife|partner|girlfriend|boyfriend|best friend|him|her|them|baby)(?: again)?"
            r"(?= ?(?:$|[.,(]| soon| now| tonight| today| very soon| this week))",
            media=True,
            benign=r"pub|party|shop|shops|holiday|christmas|tea|dinner|lunch|tomorrow|gym|club|team|class|"
            r"trip|walk|call|zoom|group|hospital|ward|hospice|care home|grave|graveside|cemetery|crem|memorial|"
            r"visit|visiting|dream|dreams|photo|photos|video",
            gate=r"\b(?:(?:he|she|they|mum|mom|dad|father|mother|wife|husband|son|daughter|brother|sister|nan|gran|"
            r"grandad|grandma|grandpa|partner|friend|baby) (?:died|passed|is dead|was killed)|(?:died|passed) "
            r"(?:away|in|last|on|when)|lost my (?:mum|mom|dad|wife|husband|son|daughter|brother|sister|partner|baby|"
            r"best friend)|since (?:[a-z]+ ){1,2}(?:died|passed)|rip|funeral|my late)\b",
            distancable=False,  # the death is in the past by nature ("died last year")
        ),
        rule(
            "passive_wish",
            r"(?:swim|swimming|walk|walking|wade|wading|paddle|paddling|keep walking|keep swimming|drive|driving)"
            r"(?: out| off)? (?:until|till|til|to where) (?:i cant|i can not|i cannot|theres no|i have no) "
            r"(?:swim|get|come|walk|make it|touch) (?:back|the bottom)|"
            r"(?:swim|walk|wade) (?:out|into the sea|into the water|into the lake|into the river)(?: [a-z]+){0,3} "
            r"and (?:not|never) (?:come|swim|walk) back",
            media=True,
            gate="back|bottom",
        ),
        rule(
            "passive_wish",
            r"(?:want|need|wanna|wanted) out of (?:this life|life|this world|existence|it all|everything|being alive)"
            r"(?![a-z0-9])",
            media=True,
            addressed=True,
            gate="out of",
        ),
        # --- self-harm described through the object and the body
        rule(
            "self_harm",
            rf"{_PLACED_ON}(?: a| the| my| an| some)?(?: [a-z]+){{0,2}} {_HEAT_OR_POINT}(?: [a-z]+){{0,6}} "
            rf"(?:into|onto|on|against|across|along|over|to|in) (?:my|both my|the inside of my)(?: [a-z]+)? {BODY}|"
            rf"(?:{_HEAT_OR_POINT}|{BLADE}){gap(8)} (?:and )?(?:used|pressed|held|dragged|ran|scraped|dug) (?:it|them) "
            rf"(?:on|into|against|across|along|over) (?:my|both my)(?: [a-z]+)? {BODY}",
            media=True,
            self_subject=True,
            benign=_HARM_OBJECT_BENIGN,
            gate=(
                "cigarette|ciggie|ciggy|fag|lighter|match|spoon|compass|sharpener|pin|needle|paperclip|paper clip|"
                "scissors|glass|shard|key|tongs|straighteners|iron|brush|nails|candle|knife|knives|blade|razor|"
                "scalpel|cutter|🔪"
            ),
        ),
        # researching ways with no object
        rule(
            "means",
            r"(?:researching|researched|googling|googled|looking up|looked up|reading up on|read up on|searching|"
            r"searched)(?: for| about)? (?:ways|methods|how to do it|how people do it|how long it takes|how much "
            r"it takes|what it takes)(?= ?(?:$|[.,]| all| again| tonight| online| last| for hours))",
            media=True,
            addressed=True,
            gate="ways|methods|how to do it|how people do it|how long it takes|how much it takes|what it takes",
        ),
        rule(
            "self_harm",
            r"(?:took|taken|got|removed|pulled|unscrewed|prised|prized|snapped|broke|broken)(?: the| a)? "
            r"(?:blade|blades)(?: [a-z]+)? (?:out of|from|off) (?:a|the|my|one of my|an old)(?: [a-z]+)? "
            r"(?:pencil sharpener|sharpener|razor|disposable razor|disposable|shaver)|"
            r"(?:broke|broken|snapped|smashed|took apart|taken apart)(?: open| apart)? (?:a|the|my)(?: [a-z]+)? "
            r"(?:pencil sharpener|sharpener|disposable razor|disposable|shaver)(?: apart| open)?(?: [a-z]+){0,2} "
            r"(?:for|to get|and|last night|tonight|again)",
            media=True,
            self_subject=True,
            benign=r"clean|cleaning|replace|replacing|change|changing|new one|recycle|recycling|bin|craft|art|"
            r"model|lino|printing",
            gate="sharpener|razor|disposable|shaver",
        ),
        rule(
            "self_harm",
            r"(?:starved|starving|starve|not eating|skipped meals|skipping meals|refused to eat|havent eaten|"
            r"stopped eating|hit|punched|slapped|scratched|bit|burned|burnt|hurt|cut)(?: myself)?(?: [a-z0-9]+){0,6} "
            r"(?:as (?:a )?punishment|to punish myself|as penance|because i (?:dont )?deserve (?:it|to|food)|"
            r"cos i (?:dont )?deserve (?:it|to|food))|(?:punish|punishing|punished) myself (?:by|with) "
            r"(?:not eating|starving|cutting|hitting|burning|scratching)",
            media=True,
            self_subject=True,
            benign=r"fast|fasting|ramadan|lent|blood test|surgery|operation|anaesthetic|procedure|diet",
            gate="punish|penance|deserve",
        ),
        rule(
            "self_harm",
            r"(?:scratched|scrubbed|picked|bit|hit|punched|banged|bashed|scraped|dug|clawed|pinched|smacked|slapped|"
            r"hitting|punching|banging|bashing|scratching|scrubbing)(?: [a-z]+){0,6} "
            r"(?:until|till|til|to the point) (?:it|they|i|my [a-z]+|there) (?:bled|bleed|bleeds|was bleeding|"
            r"were bleeding|blistered|bruised|went purple|split|broke the skin|went numb|saw stars|passed out|"
            r"was raw|were raw|bruises)|(?:banged|banging|bashed|bashing|hit|hitting|smacked|slammed|punched|"
            r"punching) my (?:head|fists?|hands?|face|knuckles)(?: [a-z]+)? (?:against|on|into|off) (?:the|a|my)? ?"
            r"(?:wall|floor|door|desk|table|radiator|mirror|window)(?: [a-z]+){0,3} (?:over and over|again and "
            r"again|repeatedly|until|till|so hard|as hard as i could)",
            media=True,
            self_subject=True,
            benign=_ACCIDENT + r"|cat|dog|kitten|puppy|bramble|brambles|rose|roses|thorn|thorns|mosquito|bites|"
            r"eczema|itch|itchy|rash|spot|spots|pimple|scab|dentist|gums|floss|knee|boxing|gym|punchbag|"
            r"punch bag|sparring|drum|drums|nail|nails|tooth|teeth",
            gate="until|till|til|to the point|over and over|again and again|repeatedly|so hard|as hard as",
        ),
        # a means placed by the body or within reach ("knife's on my wrist", "the gun in my lap")
        rule(
            "means",
            rf"(?:{BLADE}|knifes)(?: s| is)?(?: [a-z]+){{0,2}} (?:on|to|against|at|across|into|over) (?:my|both my)"
            rf"(?: [a-z]+)? {BODY}|"
            rf"(?:{LETHAL}|{BLADE}|{MEDICINE}|knifes){gap(3)} (?:in my lap|on my lap|on the edge of the (?:bath|tub)|"
            r"on the side of the (?:bath|tub)|on the edge(?= ?(?:$|[.,])))",
            media=True,
            self_subject=True,
            benign=_ACCIDENT + r"|cat|dog|kitten|puppy|laptop|game|gaming|controller|tattoo|henna|butter|bread|"
            r"cake|toast|fruit|apple|knife crime|self defence",
            ordinary=r"shave|shaving|legs|beard|armpits",
            gate="knife|knives|blade|razor|scalpel|cutter|🔪|lap|edge",
        ),
        # at the edge of a height, over the railings
        rule(
            "place",
            r"(?:legs|feet) (?:dangling |hanging )?over the edge|(?:right |very )?(?:at|on) the (?:very )?edge of "
            r"the (?:platform|roof|cliff|bridge|building|car park|balcony|ledge|quarry|tracks|multi storey)|"
            r"(?:right|standing|sitting|stood|sat) at the (?:very )?edge(?= ?(?:$|[.,]))|(?:wrong|other) side of "
            r"the (?:railings|railing|barrier|fence|parapet)|(?:its|it is) a long way down",
            media=True,
            self_subject=True,
            benign=r"pics|pic|photos|photo|selfie|selfies|sunset|sunrise|view|views|picnic|hike|hiking|walk|walking|"
            r"tour|trip|holiday|party|drinks|stars|seat|film|tv|game|book|swimming|swim|pool|pier|dock|jetty|boat|"
            r"harbour|paddling|fishing|mind the gap|queue|crowd|busy|rush hour|festival|gig|concert|climbing|"
            r"abseil\w*|zipline|bungee|glass floor|skywalk",
            gate="edge|side of the|long way down",
        ),
        # a harm wished for with relief ("if a bus hit me tomorrow i'd be grateful")
        rule(
            "passive_wish",
            r"(?:if (?:a|the|some) (?:bus|car|lorry|truck|plane|train|van) (?:hit|hits|crashed|went down|goes down|"
            r"took|ran me over|knocked me over)(?: me)?|if i (?:crashed|died|didnt wake up|never woke up|got hit|"
            r"got run over|was hit|dropped dead|got cancer|got ill and died|just died|stopped breathing)|"
            r"if (?:it|death|cancer|an illness) (?:came|comes) for me)(?: \S+){0,8} (?:id be (?:grateful|relieved|"
            r"glad|happy|fine|ok|okay|thankful)|i (?:wouldnt|would not) (?:mind|care|be sad|be upset|fight it|"
            r"even be sad|even mind|be bothered)|(?:itd|it would|that would|thatd) be (?:a|such a)? ?(?:relief|"
            r"blessing|mercy|gift|kindness)|(?:so|good|fine|ok) by me|(?:id|i would) (?:welcome|take) it)|"
            r"(?:id be (?:grateful|relieved|glad|thankful)|i (?:wouldnt|would not) (?:mind|care|be sad|even be sad|"
            r"be upset)|(?:itd|it would|thatd) be a (?:relief|blessing|mercy))(?: \S+){0,4} if (?:a|the|some|i) "
            r"(?:bus|car|lorry|truck|plane|train|crashed|died|didnt wake up|never woke up|got hit|got run over|"
            r"went down|dropped dead)",
            media=True,
            negatable=False,
            addressed=True,
            gate="if ",
        ),
        rule(
            "passive_wish",
            r"(?:hope|hopes|hoping|pray|praying|wish|wishing)(?: that)? (?:my heart (?:just )?(?:stops|gives out|"
            r"gives up|packs in|would stop)|(?:the|my|some) (?:cancer|illness|tumour|disease|virus) (?:comes back|"
            r"returns|spreads|wins|gets worse|takes me|kills me|gets me))",
            media=True,
            addressed=True,
            gate="heart|cancer|illness|tumour|disease|virus",
        ),
        # no longer needing one's things, nobody needing to check on one
        rule(
            "finality",
            r"(?:wont|will not|shant) be (?:needing|using|wearing|playing|driving|reading) (?:my|it|them|this|these|"
            r"the|any)(?: [a-z]+){0,5} (?:after (?:tonight|today|this week|the weekend|monday|tuesday|wednesday|"
            r"thursday|friday|saturday|sunday)|soon|again|much longer|for much longer|where im going)(?![a-z0-9])",
            media=True,
            ordinary=r"new|getting a|upgrade|upgrading|switching|moving|move|holiday|trip|replacement|bought|buying|"
            r"broken|lost|stolen|job|course|finished|graduat\w*|quit|quitting|sold|selling|spare|lend|borrow",
            gate="be needing|be using|be wearing|be playing|be driving|be reading",
        ),
        rule(
            "finality",
            r"(?:nobody|no one|noone|anyone|everyone) (?:will )?(?:need|needs|has|have|will have) to (?:check on|"
            r"check in on|worry about|put up with|look after|deal with) me (?:again|anymore|any more|after|soon)|"
            r"(?:the )?last (?:week|day|time|night) (?:anyone|you|everyone|you all|you lot) (?:has|have|will have|"
            r"ever has|ever have) to (?:put up with|deal with|worry about) me|"
            r"(?:letters|notes|cards) (?:for|to) (?:everyone|each of (?:you|them)|all of (?:you|them)|my family|"
            r"you all|my kids|each of my [a-z]+)(?: [a-z]+){0,4} (?:in|on) (?:the|my)(?: [a-z]+){0,2} "
            r"(?:drawer|desk|table|bed|pillow|shelf)",
            media=True,
            ordinary=r"christmas|xmas|birthday|thank you|thanks|wedding|invites|invitations|pen pal|valentines|"
            r"holiday|new mentor|mentor|discharged|graduat\w*|leaving do|farewell party|retire\w*|moving",
            gate=(
                "to check on|to check in on|to worry about|to put up with|to look after|to deal with|letters|notes|"
                "cards"
            ),
        ),
        # things handed on with a reason that looks past the sender's life
        rule(
            "finality",
            r"(?:gave|give|giving|given|handed|left|leaving|signed over|put (?:her|his|their) name on) (?:[a-z]+ )?"
            r"(?:my|all my)(?: [a-z]+){1,6} (?:\S+ ){0,8}(?:i wont (?:be )?(?:need|needing|use|using|play|playing|"
            r"wear|wearing|drive|driving)|just in case|for after|when im gone|to remember me|something of mine)",
            media=True,
            ordinary=r"new|upgrade|upgrading|moving|move|charity shop|outgrown|too small|old|broken|holiday|trip|"
            r"away|abroad|rehab|hospital|lend|borrow|back|return",
            gate="i wont|just in case|for after|when im gone|remember me|something of mine",
        ),
        rule(
            "finality",
            r"(?:instructions|list|wrote down|written down|sorted out|decided|left a note) (?:for |about |on )?who "
            r"(?:gets|will get|should get|has|takes) (?:my|the) (?:dog|cat|pets|car|stuff|things|money|savings|"
            r"flat|laptop|guitar|books|kids)",
            media=True,
            ordinary=r"weekend|weekends|christmas|xmas|holiday|divorce|custody|split|ex|while im away|"
            r"rota|chores|shifts|week",
            gate="who gets|who will get|who should get|who has|who takes",
        ),
        rule(
            "finality",
            r"(?:calm|relieved|at peace|peaceful|so light|lighter|so much lighter) now that (?:its|it is|ive|i have|"
            r"everything is|everythings|my mind is) (?:decided|sorted|planned|made up my mind|made my decision|"
            r"made up)",
            media=True,
            ordinary=_EVENT,
            gate="now that",
        ),
        # researching how long dying takes, how much would do it
        rule(
            "means",
            r"(?:searched|searching|googled|googling|looked up|looking up|researched|researching|read about|"
            r"reading about|watched videos (?:about|of|on)|watching videos (?:about|of|on)|asked (?:chatgpt|google))"
            r" (?:how long it takes to (?:drown|die|bleed out|suffocate|pass out|lose consciousness)|"
            r"how much (?:\S+ ){0,2}(?:would|will|to|it takes to) (?:do it|kill|be enough|be lethal|finish me|end it)|"
            r"how to tie (?:a|the) (?:noose|knot that (?:holds|takes) (?:a person|weight|my weight)))",
            media=True,
            addressed=True,
            gate="how long it takes|how much|how to tie",
        ),
        # someone else talking about ending their life now
        rule(
            "third_party",
            rf"{OTHER_PERSON}(?: is| s| keeps| has been| been| just| was)? (?:talking about|talks about|keeps talking "
            r"about|saying|says|said|threatening|threatened|posted about|texted about|texted me about) "
            r"(?:(?:ending|end) (?:it|it all|her life|his life|their life|things(?! with| between))|killing "
            r"(?:herself|himself|themselves)|wanting to die|suicide|not wanting to (?:live|be here|be alive)|"
            r"(?:shes|hes|theyre|she is|he is|they are)? ?(?:going to|gonna|about to) (?:jump|end it))",
            media=True,
            benign=r"relationship|break up|breakup|dump|dumped|divorce|marriage|job|lease|contract|tenancy|"
            r"essay|book|film|show|character|pool|bungee|parachute|skydive|puddle|trampoline|diving",
            gate="talk|saying|says|said|threaten|posted about|texted",
        ),
        # --- medicine taken in bulk without naming it; someone else harming themselves now
        rule(
            "ingestion",
            rf"{CONSUMED} (?:a|the|an) (?:whole|full|entire) {CONTAINER}(?: of (?:something|whatever|them|those|"
            r"these|it|whatever it was))?(?= ?(?:$|[.,]| and| from| an hour| just| earlier))|"
            rf"{CONSUMED}(?: [a-z]+){{0,2}} (?:the lot|everything|all of it|whatever was|what was left) "
            r"(?:in|from|of) (?:the|my|mums|dads|nans|the bathroom) (?:bathroom cabinet|medicine cabinet|cabinet|"
            r"first aid kit|first aid box|blister pack|pill box|dosette|medicine box|drawer)|"
            rf"{CONSUMED}(?: [a-z]+){{0,2}} (?:a|my|the) (?:whole|entire|full) (?:weeks|weekly|months|monthly|"
            r"fortnights) (?:worth|dose|doses|supply|prescription|script)|"
            r"(?:every|all (?:of )?(?:my|the)) (?:med|meds|pill|pills|tablet|tablets)(?: [a-z]+){0,4} (?:into|in) "
            r"(?:a|the|my) (?:cup|glass|drink|mug|smoothie|blender|bottle)(?: [a-z]+){0,3} (?:and )?"
            r"(?:drank|downed|swallowed|necked)",
            media=True,
            addressed=True,
            benign=_ADHERENCE + r"|crisps|biscuits|chocolate|chocolates|cake|sweets|pizza|cereal|snacks|food|"
            r"munchies|snack|treat|haribo|pringles|oreos|water|juice|wine|beer|vodka|coke|milk|squash|tea|coffee|"
            r"ice cream|cookies|popcorn|doritos|fridge|hungry",
            gate="whole|entire|full|the lot|everything|all of it|whatever was|what was left|every|all",
        ),
        rule(
            "third_party",
            rf"{OTHER_PERSON}(?: has| have| s| just| has just| had)? (?:taken|took|swallowed|had|done) "
            r"(?:an |a )?(?:overdose|od|load of (?:pills|tablets)|handful of (?:pills|tablets))|"
            rf"{OTHER_PERSON}(?: has| have| s| just| has just| had)? (?:overdosed|oded|od d)(?![a-z0-9])|"
            rf"{OTHER_PERSON}(?: is| s| keeps| has been| just| started| been)? (?:cutting|burning|hurting|harming|"
            r"hitting|starving|strangling|choking) (?:herself|himself|themselves|themself)",
            media=True,
            benign=r"gym|training|workout|laughing|football|rugby|sport|diet|hair|by mistake|by accident|"
            r"accidentally|mistakenly|fine|ok|okay|recovered|better|doing well|once",
            gate="overdos|oded|od d|an od|load of|handful of|herself|himself|themselves|themself",
        ),
    )


FRAME_RULES: tuple[Rule, ...] = frame_rules() + situation_rules()

# --- message-level frames (co-occurrence across clauses) -----------------------------------

_BARE_JUMP = re.compile(
    rf"(?<![a-z0-9]){INTENT}{gap(1)} (?:jump|jumping|leap|leaping|step off|stepping off|stepping out|step out|"
    r"falling|fall|letting go|let go)(?= ?(?:$|[.,])| (?:off|again|tonight|now|right now))"
)
_ANY_HEIGHT = re.compile(rf"(?<![a-z0-9])(?:{HEIGHT}|{JUMP_FROM})")
_HIGH_PLACE = re.compile(rf"(?<![a-z0-9])(?:{HEIGHT})")
_WENT_TO_HEIGHT = re.compile(
    r"(?<![a-z0-9])(?:walked|went|came|drove|got|climbed|made it|walking|going|driving|heading|climbing)"
    rf"(?: up)? (?:to|onto|up to|out to|on to|up)(?: the| a| this| that| my)(?: [a-z]+)? {HEIGHT}"
)
_LOOKING_DOWN = re.compile(
    r"\b(?:looking down|look down|staring down|staring at the water|staring into the water|looking at the water|"
    r"so high up|its so high|the drop|one step|right now|im here|here now|on the edge|im sitting|sitting in the car|"
    r"im still here|im just sitting)\b"
)
_RELAPSE = re.compile(
    r"\b(?:relaps\w*|broke my (?:clean )?streak|lost my streak|reset my (?:counter|streak|days|clean days)|"
    r"(?:[0-9]+|a|one|two|three|four|five|six) (?:days?|weeks?|months?|years?) clean and)\b"
)
_HARM_WORD = re.compile(
    r"\b(?:(?:cut|cutting|cuts)(?! (?:back|down|out|off|ties|corners))|sh|self harm\w*|blood|bleed\w*|blade|"
    r"blades|razor|razors|burned myself|"
    r"burnt myself|hurt myself|hurting myself)\b"
)
_TOO_FAR = re.compile(r"\b(?:went|gone|go|going) too (?:far|deep)\b")
_BLEEDING_BENIGN_RE = re.compile(rf"(?<![a-z0-9])(?:{_BLEEDING_BENIGN})(?![a-z0-9])")
_LETHAL_RE = re.compile(rf"(?<![a-z0-9])(?:{LETHAL})")
_UNREACHABLE = re.compile(
    r"\b(?:not|isnt|wont|cant|stopped|hasnt|havent|doesnt|is not) (?:answering|responding|replying|picking up|"
    r"answer|respond|reply|pick up|been online|read)\b|\bcant (?:reach|get hold of|contact) (?:him|her|them)\b|"
    r"\b(?:went|gone|has gone|is) offline\b|\b(?:phone|phones) (?:is |s |went |has gone )?(?:off|switched off|"
    r"dead|straight to voicemail|going to voicemail)\b"
)
_FAREWELL_WORDS = re.compile(
    r"\b(?:goodbye|bye|farewell|sorry for everything|love you all|last message|suicide|note|final message)\b"
)
#: "it's tonight" as the last word before going offline (unless tonight is a night out).
_ITS_TONIGHT = re.compile(r"\b(?:its tonight|tonights the night|its happening tonight)\b")
#: Going one way to a high place: "taking the bus to the headland. one way".
_ONE_WAY = re.compile(
    r"\bone way(?: ticket| only)?\b(?! (?:street|system|road|traffic|mirror|or another|to (?:go|do|get)))"
)
_ONE_WAY_BENIGN = re.compile(
    r"\b(?:holiday|move|moving|moved|job|flight|fly|flying|visa|emigrat\w*|relocat\w*|return|cheaper|fare|fares|"
    r"walk|walking|hike|hiking|run|cycle|cycling|lift back|pick me up|back by)\b"
)
_WAIT_SLEEP = re.compile(
    r"\b(?:waiting|wait) (?:for|until|till) (?:everyone|everybody|them|my [a-z]+)(?: [a-z]+){0,2} "
    r"(?:to )?(?:go to sleep|to sleep|sleep|fall asleep|asleep|to leave|leave|to go out|go out)\b"
)
_ANY_MEANS = re.compile(rf"(?<![a-z0-9])(?:{LETHAL}|{BLADE}|{MEDICINE}|{POISON})")
_ALCOHOL = re.compile(r"\b(?:vodka|gin|whisky|whiskey|rum|wine|alcohol|booze|tequila|spirits)\b")
_QUESTION = re.compile(r"\b(?:can i|should i|is it ok|is it okay|is it safe|is it bad|do you|does anyone|could i)\b")
_EXHAUST = re.compile(r"\b(?:hose|pipe|tube|tape)\b.*\bexhaust\b|\bexhaust\b.*\b(?:hose|pipe|tube|garage)\b")
#: The exhaust as a car part with a fault: "the exhaust pipe is loose", "a new exhaust".
_EXHAUST_FAULT = re.compile(
    r"\bexhaust(?: pipe)?(?: [a-z]+){0,3} (?:loose|noise|noisy|rattl\w*|blowing|blown|fell off|falling off|"
    r"hanging|broke|broken|leak\w*|rust\w*|replaced|fixed|smok\w*)\b|"
    r"\b(?:new|replace|replaced|fix|fixing|fixed|noise from|noise in)(?: [a-z]+){0,2} exhaust\b"
)
_APPLIANCE_BATH = re.compile(
    r"\b(?:toaster|hairdryer|hair dryer|radio|heater)\b.*\b(?:bath|tub)\b|"
    r"\b(?:bath|tub)\b.*\b(?:toaster|hairdryer|hair dryer|radio|heater)\b"
)
_LEISURE_RE = re.compile(rf"(?<![a-z0-9])(?:{_LEISURE})(?![a-z0-9])")
_MEANS_BENIGN_RE = re.compile(rf"(?<![a-z0-9])(?:{_MEANS_BENIGN})(?![a-z0-9])")
_NERVE = re.compile(
    r"\b(?:working up to it|working myself up to it|building up (?:the|my) (?:nerve|courage)|"
    r"(?:getting|working up|finding) (?:the|my) (?:nerve|courage)(?= ?(?:$|[.,]| to do it| now))|"
    r"waiting for the right (?:one|train|moment))\b"
)
_NERVE_BENIGN = re.compile(
    r"\b(?:run|race|5k|10k|marathon|exam|gym|interview|date|presentation|speech|bungee|skydive|swim|dive|"
    r"tattoo|ask her|ask him|asking|tell|telling|confess|driving test|audition|gig|dentist|injection|jab)\b"
)
_TRAINS = re.compile(
    r"\b(?:letting|watching|let) (?:the )?(?:trains|lorries|cars) (?:pass|go past|go by|go)\b|\btracks\b"
)
_ENGINE_ON = re.compile(
    r"\b(?:engine|engines|motor|motors|car|cars)(?: s| is| was)?(?: [a-z]+){0,2} (?:running|going|on|ticking over)\b|"
    r"\b(?:running|started|left) the (?:engine|motor|car)\b"
)
_GARAGE = re.compile(r"\b(?:garage|lock up|lockup)\b")
_SHUT = re.compile(
    r"\b(?:door|doors|shutter)(?: s| is| was)?(?: [a-z]+)? (?:shut|closed|down|pulled down|locked)\b|"
    r"\b(?:shut|closed|pulled down|locked) the (?:garage )?(?:door|doors|shutter)\b"
)
_GARAGE_BENIGN = re.compile(
    r"\b(?:mechanic|mot|service|repair|repairs|fixing|fix|warm up|warming up|defrost|frost|ice|battery|"
    r"charge|charging|electric|tesla)\b"
)
_FUMES = re.compile(r"\b(?:charcoal|disposable (?:bbq|barbecue)|bbq|barbecue|camping stove|generator)\b")
_SEALED = re.compile(
    r"\b(?:taped|sealed|blocked|stuffed towels) (?:up |round |around |under )?(?:the |all the )?"
    r"(?:windows?|doors?|gaps|vents?)\b|\b(?:shut|locked|zipped|sealed) myself in\b|"
    r"\bin (?:the|my) (?:tent|car|bathroom|room|bedroom)\b(?:.*)\b(?:windows|doors?) (?:shut|closed|taped)\b"
)


def cooccurrence_hits(norm: Normalized, length: int) -> list[Hit]:
    """Frames whose parts sit in different clauses of one message."""
    text = norm.text
    if not text or in_media_frame(text):
        return []
    hits: list[Hit] = []
    # "i'm on the roof. thinking about jumping": a bare jump intent and a height in the message.
    for m in _BARE_JUMP.finditer(text):
        if not is_negated(text, m.start()) and _ANY_HEIGHT.search(text) and not _LEISURE_RE.search(text):
            hits.append(_hit(norm, "place", m.start(), m.end(), length))
    # "walked to the bridge and i'm looking down"
    m2 = _WENT_TO_HEIGHT.search(text)
    if m2 and _LOOKING_DOWN.search(text) and not _LEISURE_RE.search(text):
        hits.append(_hit(norm, "place", m2.start(), m2.end(), length))
    # "relapsed ... there's blood everywhere", "lost my streak, cut last night"
    m3 = _RELAPSE.search(text)
    if (
        m3
        and _HARM_WORD.search(text)
        and not is_negated(text, m3.start())
        and not has_other_subject(text, 0, m3.start())
    ):
        hits.append(_hit(norm, "self_harm", m3.start(), m3.end(), length))
    # "filled the bath and got the toaster"
    # "blood on my sheets, i went too far"
    m10 = _TOO_FAR.search(text)
    if m10 and re.search(r"\b(?:blood|bleeding|bled|cuts?|wounds?)\b", text) and not _BLEEDING_BENIGN_RE.search(text):
        hits.append(_hit(norm, "self_harm", m10.start(), m10.end(), length))
    # "said goodbye and walked out with a rope"
    m11 = re.search(r"\b(?:goodbye|bye|farewell|goodbyes)\b", text)
    if m11 and _LETHAL_RE.search(text) and not re.search(rf"(?<![a-z0-9])(?:{_MEANS_BENIGN})(?![a-z0-9])", text):
        hits.append(_hit(norm, "finality", m11.start(), m11.end(), length))
    # "she sent me sorry for everything and now she's not answering"
    m6 = _UNREACHABLE.search(text)
    if m6 and (_FAREWELL_WORDS.search(text) or (_ITS_TONIGHT.search(text) and not _LEISURE_RE.search(text))):
        hits.append(_hit(norm, "finality", m6.start(), m6.end(), length))
    # "got the pills, just waiting for everyone to go to sleep"
    m7 = _WAIT_SLEEP.search(text)
    if m7 and _ANY_MEANS.search(text):
        hits.append(_hit(norm, "means", m7.start(), m7.end(), length))
    # "i have a bottle of vodka and my mum's sleeping pills": the two together, not a question
    m8 = _ALCOHOL.search(text)
    if m8 and re.search(rf"(?<![a-z0-9]){MEDICINE}", text) and not _QUESTION.search(text):
        m9 = re.search(r"\b(?:i|ive|im|got|have)\b", text)
        if m9 and not is_negated(text, m8.start()):
            hits.append(_hit(norm, "means", m8.start(), m8.end(), length))
    m5 = _EXHAUST.search(text)
    if m5 and not is_negated(text, m5.start()) and not _EXHAUST_FAULT.search(text):
        hits.append(_hit(norm, "means", m5.start(), m5.end(), length))
    m4 = _APPLIANCE_BATH.search(text)
    if m4 and not is_negated(text, m4.start()):
        hits.append(_hit(norm, "means", m4.start(), m4.end(), length))
    # "letting the trains pass, working up to it"; "got the rope, building up the nerve";
    # "drove out to the headland. still in the car park working up to it"
    m12 = _NERVE.search(text)
    if (
        m12
        and not is_negated(text, m12.start())
        and (_ANY_MEANS.search(text) or _TRAINS.search(text) or _HIGH_PLACE.search(text))
        and not _NERVE_BENIGN.search(text)
        and not _MEANS_BENIGN_RE.search(text)
    ):
        hits.append(_hit(norm, "means", m12.start(), m12.end(), length))
    m15 = _ONE_WAY.search(text)
    if m15 and _HIGH_PLACE.search(text) and not _ONE_WAY_BENIGN.search(text):
        hits.append(_hit(norm, "place", m15.start(), m15.end(), length))
    # "sat in the car in the lock up, motor going, door pulled down"
    m14 = _ENGINE_ON.search(text)
    if (
        m14
        and _GARAGE.search(text)
        and _SHUT.search(text)
        and not _GARAGE_BENIGN.search(text)
        and not is_negated(text, m14.start())
    ):
        hits.append(_hit(norm, "means", m14.start(), m14.end(), length))
    # "lit a disposable bbq and shut myself in the tent", "charcoal and taped up the windows"
    m13 = _FUMES.search(text)
    if m13 and _SEALED.search(text) and not is_negated(text, m13.start()):
        hits.append(_hit(norm, "means", m13.start(), m13.end(), length))
    return hits


def _hit(norm: Normalized, name: str, start: int, end: int, length: int) -> Hit:
    original = norm.original_range(start, end) or (0, length)
    return Hit(name, original[0], original[1], 3)


# --- finality, scored over the whole message -------------------------------------------------

# Each family counts once; weight 2 is a goodbye on its own, weight 1 needs another family.
_FINALITY_FAMILIES: tuple[tuple[str, int, re.Pattern[str]], ...] = tuple(
    (name, weight, re.compile(r"(?<![a-z0-9])(?:" + pattern + r")(?![a-z0-9])"))
    for name, weight, pattern in (
        (
            "final_goodbye",
            2,
            r"(?:final|last|one last|forever|for good) (?:goodbye|goodbyes|farewell|bye)|"
            r"(?:goodbye|bye|farewell)(?: everyone| all| everybody)? (?:forever|for good|for ever|for the last time|"
            r"cruel world|world|to the world|to this world|to life)|this is (?:my )?(?:final |last )?goodbye|"
            r"(?:said|saying|say|sayin) (?:my )?(?:final |last )?goodbyes?(?= ?(?:$|[.,]| now| tonight))|"
            r"(?:said|saying|say|sayin) (?:my )?(?:final |last )?goodbyes? to (?:everyone|everybody|you all|all of you|"
            r"the world|this world|you guys|all my)|nice knowing (?:you|u|ya|you all|everyone)|"
            r"(?:see you|see ya|see u|meet you) on the other side",
        ),
        (
            "last_message",
            2,
            r"(?:this is|this will be|these are|thats|that was) (?:my|the) (?:last|final) (?:message|text|words|post)"
            + _END
            + r"|(?:last|final) (?:message|text|words|post|thing) (?:from me|ill (?:ever )?(?:send|write|say|post)|"
            r"i (?:will )?(?:ever )?(?:send|write|say|post)|ever|youll (?:ever )?(?:get|see|read|hear))"
            r"(?! (?:about|on|regarding|to you about)(?![a-z0-9]))|"
            r"(?:last|final) time (?:well|we will|ill|i will|youll|you will|we|i) (?:ever )?(?:talk|speak|chat|see|"
            r"hear|message|text)|(?:^|(?<=[.,] ))(?:my )?(?:last|final) (?:message|text|words)" + _END,
        ),
        ("picked_date", 1, r"(?:picked|chosen|chose|set|fixed) (?:a|the) (?:date|day|time)" + _END),
        ("farewell", 1, r"goodbye|goodbyes|bye|byee|farewell|signing off|so long"),
        (
            "gratitude",
            1,
            # thanks for something on a past occasion is not a farewell: "thanks for listening last night"
            r"(?:(?:thank you|thanks|thank u|ty) (?:so much )?for (?:always |ever )?(?:everything|trying|"
            r"all (?:you(?:ve)? )?(?:did|done|have done)|being there|listening|putting up with me|"
            r"your (?:help|support|time|patience)|all (?:the|your) (?:help|support))|"
            r"you (?:helped|tried|did everything|were great|did your best)|"
            r"(?:its|it has) been (?:a )?(?:good|great|long) (?:run|ride)|(?:its|it has) been real|"
            r"(?:said|say|told) (?:everything|all) (?:i|that i) (?:wanted|needed|had|want|need) to (?:say|tell)"
            + _END
            + r")(?! (?:last night|yesterday|earlier|the other day|this morning|on (?:monday|tuesday|wednesday|"
            r"thursday|friday|saturday|sunday)|at (?:the )?(?:meeting|group|session)))",
        ),
        (
            "apology",
            1,
            r"(?:sorry|apologies) (?:for everything|for being|for all|i (?:wasnt|couldnt|was|failed|let)|"
            r"to (?:everyone|everybody|all of you|you all))|let (?:you|everyone|everybody|you all|them|my family) down|"
            r"im sorry|"
            r"i am sorry|forgive me|please forgive",
        ),
        (
            "love",
            1,
            r"i love (?:you|you all|u|everyone|y all|all of you)|love you all|tell (?:[a-z]+ ){1,2}(?:that )?i "
            r"(?:love|loved|always loved)|give (?:[a-z]+ ){1,2}my love",
        ),
        (
            "relay",
            1,
            r"tell (?:[a-z]+ ){1,2}(?:that )?(?:im sorry|i am sorry|i love|i loved|goodbye|bye|i said)",
        ),
        ("affairs", 2, r"(?:put|putting|sorted|sorting|got|getting) (?:all )?my affairs in order"),
        (
            "settled",
            1,
            r"(?:paid off|cleared|settled) (?:all )?(?:of )?my (?:debts|debt|loans|overdraft|bills|credit cards?|"
            r"phone contract)|(?:everything|everythings|all)(?: is| s)? (?:in order|squared away|tied up|taken care "
            r"of)(?= ?(?:$|[.,]| now))|tied up (?:all )?(?:the |my )?loose ends|squared (?:everything )?away",
        ),
        (
            "cleared",
            1,
            r"(?:cleaned|tidied|cleared out|cleared|scrubbed) (?:out )?(?:the|my) (?:whole )?(?:flat|house|room|"
            r"bedroom|place)|cancelled my (?:gym|membership|subscriptions?|contract|phone contract|direct debits)",
        ),
        ("method", 1, r"(?:worked out|figured out) (?:the|a|my) (?:method|way)" + _END),
        (
            "exonerate",
            2,
            r"tell (?:[a-z]+ ){1,2}(?:that )?(?:it|this) (?:wasnt|isnt|was not|is not|will not be|wont be) "
            r"(?:her|his|their|your|anyones|anybodys) fault",
        ),
        (
            "resolve",
            1,
            r"(?:nobody|no one|noone|you|nothing|no body) (?:can|cant|could|will|wont|is going to|is gonna)"
            r"(?: possibly)? stop me|my mind is set|theres no going back|no turning back",
        ),
        (
            "do_it",
            1,
            r"(?:going to|gonna|will|ill|finally|about to|ready to|plan to|i)(?: finally| actually| really)? do it"
            r"(?= ?(?:$|[.,]| tonight| today| now| soon| this time| for real))",
        ),
        ("tonight", 1, r"(?:tonight|today)" + _END),
        (
            "care",
            1,
            r"(?:take care of|look after) (?:yourself|yourselves|my|him|her|them|each other|mum|dad|everyone)|"
            r"(?:dont|do not|please dont) (?:blame yourself|be sad|cry|feel bad|miss me|worry about me)|"
            r"its not your fault|(?:be|stay) strong for me|if anything (?:happens|were to happen) to me|"
            r"none of (?:this|it) (?:was|is|will be|is ever|was ever) (?:your|anyones) fault",
        ),
        # a letter's opening: "dear mentor, ..."
        ("letter", 1, r"^dear [a-z]+"),
        (
            "exhaustion",
            1,
            r"cant (?:do (?:it|this)|go on|take (?:it|this)|keep going|keep fighting|fight (?:it|this) anymore)"
            r"(?: anymore| any more)?|(?:im|i am) (?:so |just |completely |totally )?(?:done|finished)(?! with| for)|"
            r"i give up" + _END + r"|(?:tired|sick) of fighting|ive had enough",
        ),
        (
            "decision",
            1,
            r"(?:ive|i have|i|im|i am|ive finally)(?: finally)? (?:decided|made up my mind|made my decision|"
            r"made a decision)"
            r"(?= ?(?:$|[.,]| now| already| and))|my (?:decision|mind) is made",
        ),
        (
            "timing",
            1,
            r"(?:its|it is) time" + _END + r"|this is it" + _END + r"|(?:tonights|todays|tonight is|today is) the "
            r"(?:night|day)|i know (?:when|how|where)" + _END + r"|(?:its|it is|itll be|it will be) "
            r"(?:tonight|today)"
            + _END
            + r"|(?:its|it is) happening(?: tonight| today| now| soon| tomorrow| on [a-z]+day|"
            r" [a-z]+day| this weekend)?" + _END + r"|before i go|"
            r"(?:its|it is) time (?:for me )?to go|i have to go now",
        ),
        ("readiness", 1, r"(?:im|i am|i feel)(?: finally)? ready(?: to go)?(?= ?(?:$|[.,]| now))"),
        (
            "preparation",
            1,
            r"(?:got|have) everything (?:i need|ready|sorted|planned)" + _END + r"|"
            r"(?:everything is|everythings) (?:ready|sorted|planned|in place)|(?:ive |i have |i )?planned "
            r"everything" + _END + r"|got it all planned|"
            r"know what (?:im|i am) (?:doing|going to do) with (?:it|them)|"
            r"know what (?:im|i am) going to do" + _END,
        ),
        ("plan", 1, r"(?:ive|i have|i)(?: got)? a plan(?= ?(?:$|[.,]| now| and))"),
        (
            "acceptance",
            1,
            r"(?:at|made|make|making) peace with (?:it|my decision|everything|that|this)(?= ?(?:$|[.,]| now))|"
            r"(?:calm|relieved|at peace) now that|feel (?:so )?(?:calm|at peace) now",
        ),
        (
            "absence",
            1,
            r"for after"
            + _END
            + r"|wont be (?:here|around|needing|able to reply|replying|coming back|back)|wont need (?:my|it|them|these|"
            r"this|any)(?!(?: [a-z]+){0,2} (?:today|tonight|this (?:morning|afternoon|evening|week)))|"
            r"(?:cancelled|canceled|cancelling) (?:all )?my (?:plans|appointments|sessions)|"
            r"wont (?:make it|be here|be around|see) (?:to |through |past )?(?:christmas|my birthday|new year|the new "
            r"year|next week|the weekend|morning|the morning|the night|summer|spring|winter|next month|next year)",
        ),
        (
            "disconnect",
            1,
            r"(?:deleted|deleting|wiped|closed) (?:all )?(?:of )?my (?:socials|social media|accounts|account|"
            r"instagram|insta|facebook|tiktok|snapchat|twitter|photos|posts)",
        ),
        (
            "dispossess",
            1,
            r"(?:gave|giving|given|rehomed|rehoming|rehome|found a home for|found homes for)(?: away)? my "
            r"(?:cat|dog|pets?|kitten|puppy|hamster|rabbit|guitar|books|things|stuff|clothes|belongings|possessions|"
            r"jewellery|jewelry|games|console|bike|plants)|(?:passwords?|passcodes?|pin|logins?|bank details) "
            r"(?:for|to|with) (?:my|a|the)|(?:gave|given|giving)(?: away)? (?:all )?my (?:[a-z]+ ){1,4}"
            r"to (?:my|a|the|his|her)|(?:updated|wrote|written|made|sorted) (?:out )?my will|"
            r"my affairs in order|(?:passwords?|bank details) (?:in|for) (?:an envelope|my|them)",
        ),
    )
)
# An ordinary next step or setting: a goodbye for now, not forever.
_ORDINARY = re.compile(
    r"\b(?:see (?:you|ya|u)(?! on the other side)|cya|talk (?:to you )?(?:soon|later|tomorrow|next|on|then)|"
    r"speak (?:soon|later|tomorrow|next)|catch (?:you )?(?:up|later)|chat (?:soon|tomorrow|later|then)|"
    r"tomorrow|next (?:week|time|session|month|year)|later|for now|for today|for the day|for tonight|"
    r"till next|until next|until then|till then|(?:off|going|go|heading) to (?:bed|sleep|work|school|uni|class|"
    r"dinner|lunch|the gym|the shops)|goodnight|good night|night night|need (?:some )?sleep|get some sleep|"
    r"holiday|trip|flight|vacation|shift|my last day|last day at|leaving (?:do|party|card)|new job|"
    r"handed in (?:my )?notice|notice period|resigned|resigning|(?:quit|quitting) (?:my|the|this) job|"
    r"if i (?:die|dont survive|dont make it) (?:in|at|during) (?:this|that|the|todays|tomorrows)"
    r"(?! (?:sleep|bed|room|bath|car|house|flat|river|water|sea))|"
    r"(?:feeling|feel|im feeling|i feel) (?:a bit |a lot |much |so much |loads )?(?:better|steadier|stronger) "
    r"(?:today|this morning)|"
    r"moving (?:to|out|house)|move to|(?:deleting|leaving|quitting) (?:the|this) app|brb|ttyl|exam|exams|"
    r"dinner|lunch|party|wedding|(?:phone|phones|battery|laptop|charge)(?: [a-z0-9]+){0,3} (?:dying|died|dead|"
    r"about to die|going to die|low|on [0-9]+)|low battery|"
    r"weekend|before my|back on|(?:until|till|til|on|this|next) (?:monday|tuesday|wednesday|thursday|friday|"
    r"saturday|sunday))\b"
)


#: A goodbye letter to an illness or a habit, often a therapy exercise ("dear alcohol, i'm done with
#: you ... writing a farewell letter to the booze").
_LETTER = re.compile(r"\bletters?\b")
_TO_A_HABIT = re.compile(r"(?<![a-z0-9])(?:" + LETTER_TO_A_HABIT + r")(?![a-z0-9])")


def finality_hits(norm: Normalized, length: int) -> list[Hit]:
    """Cues from two families (or one strong cue) of farewell, with no ordinary next step."""
    text = norm.text
    if not text or _ORDINARY.search(text) or in_media_frame(text):
        return []
    if _LETTER.search(text) and _TO_A_HABIT.search(text):
        return []
    score = 0
    for _name, weight, pattern in _FINALITY_FAMILIES:
        for m in pattern.finditer(text):
            if is_negated(text, m.start()):
                continue
            _, clause = clause_span(text, m.start(), m.end())
            if is_distanced(clause.replace(m.group(), " ")):  # "my last message" is not the past
                continue
            score += weight
            break
    if score >= 2:
        return [Hit("farewell", 0, length, 3)]
    return []
