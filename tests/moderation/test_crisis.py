"""Crisis detection: delivered, flagged, and quiet on idioms, media and recovery talk.

These sentences are not in the labelled sets; they check the rules generalise.
"""

from __future__ import annotations

import pytest

from chat.moderation import Action, MessageContext
from chat.moderation.crisis import CrisisCheck

CHECK = CrisisCheck()
CTX = MessageContext()


def flagged(text: str) -> bool:
    return "crisis" in CHECK.check(text, CTX).flags


def test_a_crisis_message_is_delivered_with_the_crisis_flag_and_top_severity() -> None:
    verdict = CHECK.check("I want to kill myself", CTX)
    assert verdict.action is Action.DELIVER
    assert verdict.flags == ("crisis",)
    assert verdict.severity == 3
    assert verdict.spans
    assert all(s.flag == "crisis" for s in verdict.spans)
    assert all("kill" not in reason for reason in verdict.reasons)


@pytest.mark.parametrize(
    "text",
    [
        "honestly i think i'm going to end my life this weekend",
        "I have been thinking about suicide every day",
        "i feel so suicidal",
        "i don't want to live anymore",
        "i wish i could go to sleep and never wake up",
    ],
)
def test_it_flags_direct_suicidal_language(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my parents would honestly be happier without me",
        "nobody would notice if i disappeared",
        "there's really no point in living anymore",
        "i'm just a burden to my whole family",
        "i want to disappear forever and not come back",
    ],
)
def test_it_flags_indirect_suicidal_language(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "gonna kms fr",
        "i wanna unalive myself",
        "been having sewer slide thoughts",
        "i want to k1ll mys3lf",
        "s.u.i.c.i.d.e is all i think about",
        "I want to diiiie",
        "thinking about sucide again",
        "i'm going to k*ll myself",
    ],
)
def test_it_flags_slang_misspelled_and_obfuscated_forms(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i've been stockpiling my sleeping pills",
        "what's the lethal dose of paracetamol",
        "i keep thinking about jumping off the bridge near work",
        "i've picked the day i'm going to do it",
        "i cut my arms again last night",
        "the urge to self harm is so strong",
    ],
)
def test_it_flags_plans_means_and_self_harm(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "by the time anyone reads this i'll be gone",
        "i've written goodbye letters to my family",
        "thank you for everything. goodbye, i'm sorry",
        "i won't be a burden much longer",
    ],
)
def test_it_flags_goodbye_and_finality_messages(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize("text", ["💊🔪", "🔫😵", "i'm ready 🪦", "goodbye ⚰️"])
def test_it_flags_emoji_combinations(text: str) -> None:
    assert flagged(text)


def test_it_flags_someone_else_at_risk_right_now() -> None:
    assert flagged("my best friend keeps saying she wants to kill herself")


@pytest.mark.parametrize(
    "text",
    [
        "this queue is killing me",
        "i totally killed it at the audition",
        "i'm dying to go to that gig",
        "that meme killed me 😂",
        "my legs are killing me after that hike",
        "i could kill for a cup of tea",
        "dead tired tonight",
        "my phone battery died",
        "kill the lights please",
        "i'd die of embarrassment honestly",
        "suicide squad was fun",
        "this dessert is to die for",
        "i'm dead 💀",
    ],
)
def test_it_ignores_everyday_idioms(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "there was a documentary about suicide prevention on tv",
        "we talked about suicide rates in my psychology class",
        "are you having thoughts of suicide?",
    ],
)
def test_it_ignores_news_media_and_questions_to_the_other_person(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i used to self harm but i've been clean for 18 months",
        "years ago i wanted to die, now i'm really glad i'm here",
        "i'm not suicidal, just really tired",
        "i would never hurt myself",
        "i have no intention of killing myself, promise",
        "no plans to end my life, just need a moan",
        "free from self harm since last spring",
        "it has been ages since i last cut myself",
    ],
)
def test_it_ignores_recovery_talk_and_negations(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "it has been years since i felt ok and i want to die",
        "i have no intention of stopping, i want to kill myself",
        "i was free of self harm for months but i relapsed",
    ],
)
def test_distancing_and_negation_do_not_reach_a_present_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i need to collect my meds from the pharmacy",
        "my gp increased my dose to 150mg",
        "goodbye! see you next week",
        "i'm going to cut my fringe",
        "i'll jump in the shower and call you",
    ],
)
def test_it_ignores_medication_logistics_and_ordinary_goodbyes(text: str) -> None:
    assert not flagged(text)


def test_a_relapse_reported_in_recovery_language_is_still_flagged() -> None:
    assert flagged("i was 2 years clean but i relapsed and cut again last night")


# --- semantic frames (chat/moderation/frames.py): concept classes, not phrases


@pytest.mark.parametrize(
    "text",
    [
        "i swallowed a handful of my nans heart tablets",
        "popped like 15 of my xanax",
        "necked half a bottle of gin and a strip of codeine",
        "i've drunk half a bottle of bleach",
        "overdosed on my antidepressants last night",
        "my flatmate says she took a whole packet of paracetamol",
    ],
)
def test_it_flags_taking_too_much_of_any_medicine_or_any_poison(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i took all my meds today 💪",
        "took a paracetamol for my period pain",
        "i accidentally took a double dose this morning, should i worry?",
        "took all day to sort my meds out",
        "i take a full glass of water with my pills",
    ],
)
def test_it_ignores_taking_medicine_as_prescribed_or_by_mistake(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "ordered a rope online, it comes tomorrow",
        "i have a gun now",
        "i've tied a rope to the banister",
        "i've got a belt around my neck",
        "the razor is in my hand",
        "i bought sleeping pills from 3 different chemists so they wouldn't notice",
    ],
)
def test_it_flags_getting_or_holding_a_lethal_means(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i bought rope for my dog's toy",
        "my brother bought a gun for hunting",
        "i got a glue gun for crafts",
        "got poison ivy on my legs hiking",
        "i'm holding a knife to cut the bread",
        "the pharmacy has my meds ready for collection",
    ],
)
def test_it_ignores_means_with_an_ordinary_purpose_or_owner(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i'm standing on the railway line",
        "i'm on top of the multi storey",
        "gonna jump off the 8th floor of my uni building",
        "gonna jump in front of the 8:15 train",
        "i'm going to walk in front of a bus",
    ],
)
def test_it_flags_being_at_or_intending_to_jump_from_a_height(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "we went to the cliff for a picnic",
        "i'm sitting on the roof of my car eating chips lol",
        "i'm going to drive onto the motorway later",
        "i'll walk out of the building at 5",
        "i'm at the bridge club tonight",
    ],
)
def test_it_ignores_heights_and_traffic_in_ordinary_settings(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "cut again tonight, sorry",
        "i've been cutting since friday",
        "sliced my forearm last night",
        "it won't stop bleeding and i don't care",
        "the blade went deeper than i meant",
        "i want to feel the blade again",
    ],
)
def test_it_flags_self_harm_described_without_the_usual_words(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "cut myself shaving again",
        "burnt my arm on the oven tray",
        "my nose won't stop bleeding ugh",
        "the government made deep cuts to mental health services",
        "i relapsed with drinking last week and cut back since",
        "handing myself in to the police was the right call",
    ],
)
def test_it_ignores_accidents_and_other_cuts(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i'm done. this is goodbye to all of you",
        "final message. thank you all",
        "i've decided. it's tonight",
        "i've made a decision and i'm at peace with it",
        "please tell my sister i'm sorry and i love her",
        "i've left my phone passcode for my sister for after",
        "i'm leaving this world tonight",
        "i won't see another birthday",
    ],
)
def test_it_flags_goodbyes_from_two_kinds_of_cue_or_one_strong_one(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my phone is dying so bye for now",
        "my laptop's dead, goodbye productivity",
        "this is my last message for today, night!",
        "i've made up my mind to apply for the job",
        "tonight's the night, first date!!",
        "this is the last thing i'll say about it, promise",
        "bye guys, see you at group on monday",
    ],
)
def test_it_ignores_goodbyes_with_an_ordinary_next_step_or_a_dying_device(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize("text", ["i wnat to kill myslef", "life isnt worth it, im going to end my lfie", "want 2 die"])
def test_it_reads_swapped_letters_and_texting_numbers(text: str) -> None:
    assert flagged(text)


# --- situations in ordinary words: means, plans, endings, wishes, injuries (docs/MODERATION.md)


@pytest.mark.parametrize(
    "text",
    [
        "my belt's tied round the curtain pole",
        "the cable is looped over the beam in the loft",
        "🪢 set up in the garage",
        "got a hose and some duct tape in the car",
        "the pistol is loaded",
        "found my uncle's rifle, the bullets are right next to it",
        "engine running, garage door shut, just sitting here",
        "the knife is against my wrist",
        "the pills are in my lap",
        "sitting with my legs over the edge of the car park roof",
        "googled how long it takes to drown",
        "got the rope and i'm building up the nerve",
        "lit charcoal in my room and taped up the door",
        "swallowed the whole box and now i feel sick",
        "necked everything in the medicine cabinet",
    ],
)
def test_it_flags_means_and_places_at_hand_without_an_intent_word(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "tied the rope round the branch for the kids' swing",
        "the extension cable is round the back of the telly",
        "the tent rope is set up for the festival",
        "the hosepipe's in the boot for the allotment",
        "dad's shotgun is locked away, he shoots clays at the weekend",
        "the gun in the game is loaded with upgrades",
        "engine running in the garage with the door shut so the mechanic can check it",
        "sat on the pier with our legs over the edge eating chips",
        "googled how long it takes to boil an egg",
        "building up the nerve for my driving test",
        "bought charcoal for the bbq on saturday",
        "ate the whole box of chocolates",
        "ate everything in the fridge",
        "my razor's on the edge of the bath, shaving my legs later",
    ],
)
def test_it_ignores_the_same_objects_and_places_in_ordinary_use(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i've figured out the method. tonight",
        "it happens on saturday.",
        "made my decision, it's sunday when the house is empty",
        "i know how and when",
        "i don't think i'll see the spring",
        "there's no future with me in it",
        "you won't have to put up with me much longer",
        "i'll be gone by sunday",
        "gave my cat to my aunt and told her it's for good",
        "paid off my overdraft, everything is in order now",
        "cleaned my room and tied up all the loose ends",
        "won't be needing my glasses after friday",
        "nobody will need to check on me after this week",
        "letters for each of you are in the drawer by my bed",
        "gave my brother my watch, just in case",
        "wrote down who gets my guitar",
        "i feel so calm now that it's decided",
    ],
)
def test_it_flags_plans_and_endings_in_ordinary_words(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i've figured out the method for the chemistry practical",
        "it happens on saturday! the wedding of the year",
        "made my decision, i'm applying to uni on monday",
        "we picked the date, the venue is booked for june",
        "won't see the spring flowers this year, we're moving to dubai",
        "you won't have to put up with me for a week, i'm on holiday",
        "i'll be gone by sunday, my train leaves at 7",
        "gave my old bike to my cousin for good, it's too small for me",
        "paid off my credit card, everything's in order for the mortgage",
        "won't be needing my old phone after friday, new one arrives",
        "nobody will need to check on me after this week, i'm moving back in with mum",
        "letters for everyone are on the table, christmas cards done!",
        "gave my sister my old laptop, i won't need it since i got a new one",
        "sorted out who gets the car on weekends",
        "so relieved now that it's decided, the wedding's in may",
        "won't need my jacket today, it's roasting",
        "giving my clothes to the charity shop, having a clear out",
    ],
)
def test_it_ignores_dates_decisions_and_giving_things_away_in_ordinary_life(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "honestly i'd welcome a stroke",
        "i hope this flu kills me",
        "i want my brain to switch off for good",
        "i could slip away tonight and no one would notice",
        "death doesn't scare me anymore",
        "i'm going to join my wife on the other side",
        "i'll walk into the sea and not come back",
        "i want out of life",
        "if a lorry hit me on the way home i wouldn't mind",
        "i keep praying my heart stops",
    ],
)
def test_it_flags_passive_wishes_in_new_frames(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i'd welcome a day off",
        "i hope the hike doesn't kill me",
        "i hope my mum takes me shopping",
        "i want the drilling next door to stop for good",
        "slipped out early from the party and no one noticed",
        "death doesn't scare me, i'm a palliative nurse",
        "i'm going to join her at the pub later",
        "swam out to the buoy and back",
        "i want out of this job",
        "if the bus was late i wouldn't mind, i like the walk",
        "i hope my heart rate comes down after the run",
    ],
)
def test_it_ignores_ordinary_wishes_with_the_same_words(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "held a hot spoon against my arm",
        "pushed a safety pin into my thigh",
        "took the blade out of my sharpener",
        "i starved myself all weekend as punishment",
        "scratched my legs until they bled",
        "banged my head against the wall over and over",
    ],
)
def test_it_flags_self_harm_described_through_the_object(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "put a plaster on my arm",
        "the nurse stuck a needle in my arm for the blood test",
        "unscrewed the blade from my razor to clean it",
        "i'm fasting for ramadan",
        "my cat scratched my hand until it bled",
        "banged my head on the cupboard, ouch",
    ],
)
def test_it_ignores_objects_on_the_body_for_ordinary_reasons(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my flatmate keeps talking about ending it",
        "my boyfriend has taken an overdose",
        "my sister is cutting herself",
    ],
)
def test_it_flags_someone_else_at_risk_now(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my flatmate keeps talking about ending things with her boyfriend",
        "my friend took an overdose years ago, she is doing great",
        "my grandad overdosed on his insulin by mistake once, he's fine",
        "my sister is cutting her fringe",
    ],
)
def test_it_ignores_someone_else_in_the_past_or_in_ordinary_use(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize("text", ["im dun wiv bein alive", "i wnna die"])
def test_it_reads_phonetic_spelling(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    ["i hope the bus takes me to town", "i hope the train takes me home soon", "ate a whole packet of sweets lol"],
)
def test_it_ignores_transport_that_takes_you_somewhere_and_a_packet_of_sweets(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text", ["i hope a bus takes me out", "i wish a car would take me", "swallowed the whole packet of my tablets"]
)
def test_a_wished_for_accident_and_a_whole_packet_of_tablets_are_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "honestly no thoughts of hurting myself this month",
        "sad but safe, not having thoughts of ending it",
        "i finally made peace with leaving my old job behind",
        "made my peace with my dad before he passed",
        "think the exhaust pipe is loose, it's rattling",
        "booked the car in for a new exhaust",
    ],
)
def test_it_ignores_denied_thoughts_peace_with_something_and_a_faulty_exhaust(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i never thought i would want to kill myself",
        "i keep having thoughts of ending it",
        "i've made my peace.",
        "made my peace with everything, this is goodbye",
        "i have made my peace with everyone now",
        "ran a hose from the exhaust into the car",
    ],
)
def test_thoughts_finality_and_the_exhaust_are_still_crisis(text: str) -> None:
    assert flagged(text)


def test_ideation_back_in_uni_is_past_but_thoughts_that_are_back_are_not() -> None:
    assert not flagged("i used to think about ending it all the time back in uni, glad i got help")
    assert flagged("suicidal thoughts are back")
    assert flagged("the urge to cut is back")
    assert flagged("back in hospital after i tried to end it")


@pytest.mark.parametrize(
    "text",
    [
        "ending it tn",  # "tn" is tonight
        "honestly i feel like dying most days",
        "lol can't wait to die tbh",
        "just praying for a stroke at this point",
        "spent the night googling painless methods",
        "which veins are the deepest, asking for me",
        "how much rat poison would it take to kill a person",
        "swallowed a load of my nan's tablets to see if my heart stops",
        "od'ing on purpose a bit at a time",
        "feel so unsafe tonight, scared i'll do something to myself",
        "i don't trust myself alone tonight",
        "grandad passed in march and i just want to be with him now",
        "my wife died last year, i've decided to join her",
    ],
)
def test_abbreviated_time_dying_hyperbole_methods_research_unsafe_and_joining_the_dead_are_crisis(
    text: str,
) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "dying of laughter at this meme",
        "i feel like dying my hair pink",
        "can't wait to see you on sunday",
        "praying for a quick exam paper tomorrow",
        "researching teaching methods for my PGCE",
        "how long does weedkiller take to work on the patio",
        "how much antifreeze goes in the radiator",
        "set an alarm to see if i wake up earlier",
        "i feel unsafe walking home past the park at night",
        "my husband went up to bed so i decided to join him",
        "my dad died in 2019, i'm going to see his grave on sunday",
        "deadline tomorrow, going to see my mum tonight",
        "passed my driving test, going to see my mum tonight to celebrate",
        "my phone died, going to see him tonight",
        "power cut again, third time this week",
        "had my hair cut again, too short",
    ],
)
def test_the_same_words_in_ordinary_use_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my GP asked if I'd thought about ending my life and I said no, which was true",
        "the nurse asked whether i had thoughts of self harm, i said not any more",
        "i asked my mate straight if he was thinking of suicide and he said no, we had a good chat",
        "no i haven't thought about hurting myself, just tired",
        "our school had a talk about self harm today",
    ],
)
def test_a_question_answered_no_denied_thoughts_and_a_talk_on_the_topic_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my GP asked if I'd thought about ending my life and I said no but I lied",
        "the nurse asked if i'd had thoughts of self harm and i said yes",
        "i never thought about killing myself until tonight",
        "i need to talk about self harm, i cut again last night",
        "my mentor asked if i was thinking about ending it tonight. i am. i've stopped answering my mum. "
        "she keeps asking to come over and every time i said no",
    ],
)
def test_a_question_answered_yes_or_taken_back_and_thoughts_until_now_are_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "quiero morirme, ya no puedo más",
        "ya no quiero vivir",
        "não quero mais viver",
        "je veux mourir",
        "j'en ai marre de vivre",
        "ich will nicht mehr leben",
        "ich bringe mich um",
        "voglio morire",
        "ik wil niet meer leven",
        "nie chcę już żyć",
        "ölmek istiyorum",
        "gusto ko nang mamatay",
        "aku ingin mati",
        "nataka kufa",
        "ek wil nie meer leef nie",
        "main marna chahta hoon",
        "jeena nahi chahti yaar",
        "i no wan live again",
    ],
)
def test_first_person_statements_in_other_languages_are_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "me muero de risa jajaja",
        "quiero vivir en Madrid algún día",
        "je veux manger une pizza",
        "ich will nach Hause",
        "er will mich umbringen, weil ich sein Auto zerkratzt habe",
        "voglio una pizza",
        "patay na patay ako sa kanya",
        "hp ku mau mati, baterai habis",
        "main bahut thak gaya hoon aaj",
        "the suicide rates in Poland, samobójstwo, were in the lecture",
    ],
)
def test_ordinary_sentences_in_other_languages_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i self harmed through most of uni but i've been free of it since 2021",
        "i attempted when i was in year 11, now i'm 30 and thriving",
        "had really dark thoughts after the redundancy but therapy really helped",
        "500 days without hurting myself today!!",
        "the urge to disappear is quieter these days",
        "i felt like killing myself a lot back then, doing so much better now",
    ],
)
def test_a_recovery_story_told_across_clauses_is_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "i tried to kill myself last week and therapy helped a bit",
        "i was doing better but i want to die again",
        "i had the pills ready, i'm doing better but i want to take them",
        "i was in recovery but i cut again last night",
        "i was sober for a year and i overdosed on purpose yesterday",
    ],
)
def test_a_recovery_story_with_something_recent_or_an_intention_is_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "honestly i don't think i'm safe right now",
        "not safe with myself tonight, can someone ring me",
        "swallowed too many and now everything is spinning and i can't breathe properly",
        "gave myself a massive dose of insulin tonight deliberately",
        "been buying ibuprofen at five different supermarkets so no one asks questions",
        "all my tablets are lined up on the desk",
        "the charcoal is in my room, haven't lit it yet",
        "practised tying the noose again for practice",
        "overdose thoughts all day at work",
        "can't choose between the rope and the pills",
        "sleeping permanently sounds like a relief",
        "the only way out now is to not be here",
        "i'm a burden to all of them so i'll sort it once and for all",
        "i won't be alive much longer, i've decided",
        "if i don't turn up to my session monday you'll understand why",
        "if i don't reply tonight it's not your fault ok",
        "does mixing vodka with my sleeping tablets stop your heart? asking for myself",
        "binged and purged all day and my chest hurts and i feel like i'm going to pass out",
        "dragged a pin across my wrist till it bled in the toilets",
        "the kids would be set with my life insurance",
        "dear Amira, none of this is your fault. please remember that",
        "my sister texted 'it's tonight' and her phone is switched off now",
        "at the headland car park, been here an hour working up to it",
        "one way ticket to the cliffs tonight",
        "i cut myself instead of texting you, i'm fine now",
        "wanted to cut, did the ice instead, urge went down, but i still want to",
    ],
)
def test_understated_practical_statements_are_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "the roads round here aren't safe at night",
        "when you say you don't feel safe, is that because of someone else?",
        "took too many selfies at the beach and my phone died",
        "drove to three different pharmacies before i found my son's antibiotics, the shortage is awful",
        "all my tablets are out on the table so i can fill the dosette box for the week",
        "got charcoal for the bbq but it's raining so we haven't lit it yet",
        "tying knots for practice before my sailing exam",
        "choosing between the train and the car for the trip to york",
        "i could sleep forever after this week lol",
        "the only way to pass is to revise every night",
        "i'll fix the leaking tap once and for all this weekend",
        "not gonna be around much longer in the office, moving to the bristol team",
        "if i don't reply i'm at the cinema, it's not your fault x",
        "purging my wardrobe today, three bags for the charity shop",
        "pressing my thumb into my palm like you taught me, it helps",
        "we'd be better off with the insurance payout from the flood claim",
        "dear mentor, thank you for today's session",
        "he messaged 'it's tonight' about the gig and went offline lol",
        "the bus to the cliffs is one way only, we'll walk back along the coast path",
        "i wanted to cut earlier but i did the ice cube thing instead and the urge passed",
        "i used to want to die every day. that was three years ago, things are so different",
        "some dark days this week but nothing about hurting myself",
        "wrote a goodbye letter to my anxiety in therapy, it felt good",
        "handed in my notice! goodbye call centre forever",
        "if i die at this spin class tell my mum i loved her 😭",
        "the office will cope fine without me for two weeks, off to spain",
        "scratched my legs raw in my sleep again, this eczema is awful",
        "thanks for listening yesterday, i'm feeling a bit better today",
        "i feel like a burden when i text you this much, sorry",
    ],
)
def test_their_ordinary_look_alikes_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "the crisis team asked if i'd had any thoughts of ending my life. no, just worn out by the move",
        "my sister asked whether i was thinking of hurting myself again. i'm not, i promise, i'm just quiet",
        "the pharmacist asked if i was saving up my tablets. i don't, they're in a locked box",
        "the intake questionnaire asked about self harm, circled no",
        "counsellor asks each session about suicidal thoughts and today it was a clear no",
        "filled in the mood survey and scored zero on the thoughts of death item",
    ],
)
def test_a_question_or_a_screening_answered_with_a_bare_no_is_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "the crisis team asked if i'd had any thoughts of ending my life. no but honestly yes",
        "my sister asked whether i was thinking of hurting myself. i am, every night",
        "the pharmacist asked if i was saving up my tablets. i said yes because i am",
        "scored zero on the sleep question but i want to die",
    ],
)
def test_a_question_answered_yes_or_taken_back_is_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "six months self harm free as of this week",
        "250 days sh free, proud of me",
        "went swimming for the first time since i stopped cutting",
        "at 19 i tried to end my life. at 40 i'm a nurse and a mum",
        "i was suicidal for most of college, now i coach the debate team",
        "i self harmed all through sixth form, these days i teach yoga",
        "still processing my self harm history with my therapist, it's slow but good",
        "found a note from 2012 where i said i wanted to die. so glad i stayed",
        "three years since i was sectioned after trying to kill myself. life is good",
        "i thought about suicide constantly in my first year sober. that was before i found this group",
        "my mentee told me she cut when she was 14, she's 35 and thriving",
    ],
)
def test_milestones_and_the_distanced_past_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "eight months self harm free and i threw it away, cut again tonight",
        "200 days sh free until yesterday. i relapsed",
        "i stopped cutting for a while but i want to cut tonight",
        "i was suicidal for most of college and i still am",
        "back on the ward and i want to die",
    ],
)
def test_a_broken_milestone_or_the_past_come_back_is_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "urge to self harm hit hard after work, used my ice cube skill and it passed",
        "the pull to hurt myself was strong at midnight and then faded, breathing exercise helped",
        "wanted to burn myself after the phone call. went for a long walk instead and my head's clearer now",
        "had the craving to cut, held an ice cube till it melted. it worked",
    ],
)
def test_an_urge_met_with_a_skill_that_worked_is_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "urge to self harm hit hard after work, used my ice cube skill and it didn't touch it",
        "tried the breathing exercise but i still want to cut",
        "wanted to burn myself, used the elastic band, then did it anyway",
        "had the urge to cut so i scratched my arms instead, it helped",
        "wanted to overdose, took the pills instead of calling you and my head is calmer now",
    ],
)
def test_an_urge_the_skill_did_not_stop_is_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "the hospital drama plot where the nurse self harms felt really true to life",
        "is there a leaflet on self harm i can give my dad?",
        "what's the difference between suicidal thoughts and intrusive thoughts? asking for a friend's essay",
        "burned myself on the oven tray getting the roast out",
        "stabbed my thumb with a needle while sewing a button back on, ouch",
        "dear bulimia, i'm done with you. wrote you a goodbye letter in group today",
        "writing a farewell letter to cocaine as part of my recovery programme",
    ],
)
def test_the_topic_as_a_subject_an_everyday_burn_and_a_letter_to_an_illness_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "burned myself with the oven tray on purpose",
        "writing my goodbye letter to my family tonight",
        "i wrote my farewell letter and left it on the table",
    ],
)
def test_a_deliberate_burn_and_a_goodbye_letter_to_people_are_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my nurse asked whether i'd thought about ending my life and i told her not for years",
        "i remember feeling suicidal in my second year, feels like another person now",
        "looking back at when i self harmed, i can see how far i've come",
        "we're checking out early from the cottage on sunday, the heating's broken",
        "clocking out early this afternoon for my son's parents evening",
        "honestly the team would be better off without me on the rota this month, i'm so slow",
        "we wanted different things and it was the kindest decision to end it. still sad though",
        "i feel like such a burden needing my dad for lifts to physio",
        "i'm a burden on my husband with my knee in a cast, he's doing everything",
    ],
)
def test_a_remembered_past_a_shift_a_team_a_breakup_and_a_practical_burden_are_not_crisis(text: str) -> None:
    assert not flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "my nurse asked whether i'd thought about ending my life and i told her not for years, but that's a lie",
        "i remember feeling suicidal every night last year and now it's back",
        "i'm checking out early. for good this time",
        "honestly everyone would be better off without me in their lives",
        "i've decided to end it tonight",
        "i feel like such a burden, everyone would be happier if i was gone",
    ],
)
def test_the_same_words_with_current_risk_are_still_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "if i jumped off the top of the car park would it be quick",
        "would it hurt if i stepped in front of the 8.15 train",
        "if i walked into the river tonight everyone would think it was an accident",
        "if i swerve into the barrier on the way home itll just look like an accident",
    ],
)
def test_weighing_the_act_or_passing_it_off_as_an_accident_is_crisis(text: str) -> None:
    assert flagged(text)


@pytest.mark.parametrize(
    "text",
    [
        "if i jump off the diving board at the pool will it hurt my ears",
        "if i fall off my bike on the trails will it hurt much",
        "if i crash the car again my insurance will go through the roof",
        "if i jump the queue at the gig will anyone mind",
    ],
)
def test_everyday_ifs_about_jumping_falling_and_crashing_are_not_crisis(text: str) -> None:
    assert not flagged(text)
