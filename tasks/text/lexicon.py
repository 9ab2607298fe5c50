"""Word lists, in one place: what counts as saying, a role, a title, an organisation, a gender.

Extraction code never spells out words of English itself; it asks these lists, so a reader
who wonders "why was this a quote?" or "why is 'the senator' a person?" finds the answer here.
"""

from __future__ import annotations

import re


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Verbs of saying (lemmas): a quote needs one of them as its cue ("continue" counts only
# when it goes on with what one says: see tasks.extract.quotes.cues.is_cue).
SPEECH_LEMMAS = _words(
    """say tell add argue warn insist state stress confirm claim explain note declare announce
    acknowledge admit assert report write tweet suggest predict promise vow deny reply respond
    ask answer recall emphasize emphasise comment mention contend maintain allege concede urge
    caution testify complain boast joke quip reveal disclose repeat reiterate observe remark
    counter retort shout whisper post hint signal conclude describe cite call quote question
    accuse read refer pledge chant speak talk dub proclaim echo label brand term recount
    blame denounce condemn slam blast mock praise criticize criticise dismiss lament beg plead
    implore assure remind inform"""
)
# Verbs of saying that also mean taking or keeping ("claimed the nomination", "maintained a
# lead"): they attribute only a clause ("claimed that ...", "maintained it was secure").
CLAUSE_ONLY_LEMMAS = _words("claim maintain")
# Verbs that say with a particle: "pointed out", "went on", "spoke up".
PHRASAL_CUES = {"point": _words("out"), "go": _words("on"), "speak": _words("up out")}
# Copular, aspectual and other verbs that never attribute a quote, even before a colon.
NOT_SPEECH_LEMMAS = _words(
    """be become seem appear remain stay continue keep start begin stop finish want need wish
    hope try agree have get go do make take come look feel sound"""
)
# Verbs whose listener is their object: "told reporters", "asked the judge".
ADDRESSEE_VERBS = _words("tell ask assure remind inform")
# Verbs of saying whose content can be a prepositional phrase, and its prepositions: "called
# for X", "accused of X", "responded to X", "commented on X", "criticized X for Y".
PREP_CONTENT = {
    verb: _words(prepositions)
    for verbs, prepositions in (
        ("call ask question complain talk warn accuse urge", "for about on of"),
        ("respond reply", "to"),
        ("comment", "on about"),
        ("write speak testify tweet post joke boast", "about"),
        ("criticize criticise praise blame condemn denounce slam blast mock", "for"),
    )
    for verb in verbs.split()
}
# Nouns of saying whose clause is what was said: "his claim that ...", "her call to ...".
NOUN_CUES = _words(
    """claim call warning promise pledge vow accusation allegation assertion statement argument
    insistence suggestion denial demand prediction admission complaint remark comment
    contention"""
)
# Conjunctions of a contrast or circumstance clause after reported content (", while ...",
# ", although ...", ", even as ..."): the writer's comparison, not what was said.
CONTRAST_MARKS = _words("although though while whereas as")
# Prepositions of where something was said: 'said on “Morning Coffee”', 'during “This Hour”'.
VENUE_PREPOSITIONS = _words("on during")
# Verbs of asking and the conjunctions of what they ask: "asked workers if they would come".
QUESTION_LEMMAS = _words("ask wonder question inquire")
QUESTION_MARKS = _words("if whether")

# Common nouns that name an organisation speaking: "the newspaper wrote", "the ministry said".
ORGANISATION_NOUNS = _words(
    """newspaper paper magazine website network broadcaster agency ministry department company
    firm bank government administration campaign committee council court party union office
    group organization organisation embassy commission army military police board tabloid outlet"""
)
# Capitals that speak for their country's government: "Beijing said" is China speaking.
CAPITALS = {
    capital: country
    for country, capital in (
        ("Afghanistan", "kabul"), ("Brazil", "brasilia"), ("Britain", "london"),
        ("Canada", "ottawa"), ("China", "beijing"), ("Cuba", "havana"), ("Egypt", "cairo"),
        ("France", "paris"), ("Germany", "berlin"), ("India", "new delhi"),
        ("Indonesia", "jakarta"), ("Iran", "tehran"), ("Iraq", "baghdad"),
        ("Israel", "jerusalem"), ("Italy", "rome"), ("Japan", "tokyo"), ("Jordan", "amman"),
        ("Lebanon", "beirut"), ("Libya", "tripoli"), ("Mexico", "mexico city"),
        ("Nigeria", "abuja"), ("North Korea", "pyongyang"), ("Pakistan", "islamabad"),
        ("Philippines", "manila"), ("Poland", "warsaw"), ("Russia", "moscow"),
        ("Saudi Arabia", "riyadh"), ("South Korea", "seoul"), ("Spain", "madrid"),
        ("Syria", "damascus"), ("Taiwan", "taipei"), ("Turkey", "ankara"),
        ("Ukraine", "kyiv"), ("Ukraine", "kiev"), ("Venezuela", "caracas"), ("Vietnam", "hanoi"),
    )
}  # fmt: skip
# A nationality's country: "the Russian government" is Russia, named in the article or not.
NATIONALITIES = {
    word: country.replace("_", " ")
    for country, word in (pair.split(":") for pair in """Afghanistan:afghan Britain:british
    Canada:canadian China:chinese Cuba:cuban Egypt:egyptian France:french Germany:german
    India:indian Iran:iranian Iraq:iraqi Israel:israeli Italy:italian Japan:japanese
    Mexico:mexican Pakistan:pakistani Philippines:philippine Philippines:filipino
    Poland:polish Russia:russian Saudi_Arabia:saudi Spain:spanish Syria:syrian Turkey:turkish
    Ukraine:ukrainian United_States:american Venezuela:venezuelan""".split())
}  # fmt: skip
# Organisations named after a person: "the campaign" is the campaign of the person in focus.
PERSONAL_ORGANISATIONS = _words("campaign administration")
# Organisation nouns that a country's name qualifies as its state: "the Russian government".
GOVERNMENT_NOUNS = _words("government regime")
# Words for a person's role: "the senator" refers back to a person; "President X" is one.
ROLE_NOUNS = _words(
    """leader president senator minister spokesman spokeswoman spokesperson candidate governor
    chairman chairwoman chair secretary official officer director executive chief nominee
    congressman congresswoman representative mayor ambassador prime premier general commander
    businessman businesswoman billionaire lawmaker adviser advisor aide founder lawyer attorney
    judge justice economist analyst lady commissioner councilman councilwoman delegate
    activist organizer strategist pollster consultant lobbyist operative donor fundraiser
    tycoon mogul magnate entrepreneur investor banker millionaire celebrity legend star actor
    actress comedian singer musician rapper athlete journalist reporter anchor host
    commentator columnist editor publisher author writer professor scholar historian
    researcher scientist expert doctor physician surgeon pastor priest bishop rabbi imam
    cleric sheriff prosecutor detective investigator diplomat envoy negotiator dictator
    hacker veteran whistleblower speaker"""
)
# Words that make a role another one under it: "Vice President X" is not "the president".
SUBORDINATE_ROLE_WORDS = _words("vice deputy assistant associate lieutenant lt lt.")
# Party affiliations written before a name as a title: "Democrat Ana Ruiz", "Republican Tom
# Hale"; never part of the name.
AFFILIATIONS = _words("democrat republican independent libertarian progressive socialist")
# Before a name, a person's title, never part of the name: "Coach Lena Ortiz", "Whip Tom Hale".
TITLES = _words(
    """mr mrs ms dr sen rep gov gen pope king queen prince princess sir lord lady rev chancellor
    premier coach runner striker player star actor singer whip alderman alderwoman moderator
    counsel admiral captain colonel lieutenant sergeant filmmaker producer manager treasurer
    superintendent"""
)
# Last words of an institution's or a building's name, never of a person's: "White House",
# "Grand Tower" or "Acme Foundation" tagged PERSON is not someone (the first word is no surname).
INSTITUTION_HEADS = _words(
    """house tower towers building foundation center centre senate congress committee college
    university museum institute agency school academy hospital department ministry airport
    administration commission council corporation company inc corp llc ltd"""
)
BUILDING_HEADS = _words("tower towers building airport")  # of those, a facility's (FAC)
# Last words that make a name opening with a given name a place or an institution's: "Virginia
# Beach", "Rose Garden", "Grace Church" (never a person the model mislabelled).
PLACE_HEADS = _words(
    """beach garden gardens hook falls hill hills park street avenue road boulevard county city
    town village church chapel hospital clinic school academy university college center centre
    hall river lake island islands bay valley foundation institute tech house square bridge
    airport station mountain mountains creek springs heights harbor harbour port point fund
    trust group company corporation inc corp co llc ltd"""
)
# Honorifics that say a person's gender: "Mrs. Clinton" and "Mr. Clinton" are two people.
HONORIFICS = _words("mr mrs ms miss")
# Honorifics and titles dropped from the front of a mention to get the name inside it.
HONORIFIC = re.compile(
    r"^(?:(?:mr|mrs|ms|dr|sen|rep|gov|gen|pres|president|senator|governor|minister|mayor"
    r"|councillor|councilor|councilman|councilwoman|chancellor|judge|coach)\.?\s+)+",
    re.IGNORECASE,
)
# Role words written in short before a name: "Sen. Jane Ruiz" is a senator.
ROLE_ABBREVIATIONS = {
    "sen": "senator",
    "rep": "representative",
    "gov": "governor",
    "gen": "general",
    "pres": "president",
    "amb": "ambassador",
    "atty": "attorney",
    "capt": "captain",
    "lt": "lieutenant",
    "col": "colonel",
    "maj": "major",
    "sgt": "sergeant",
    "adm": "admiral",
    "cmdr": "commander",
    "cpl": "corporal",
}
# Things a speaker issues: "the IMF report said", "Lena Ortiz's brief said" -> their author.
DOCUMENT_NOUNS = _words(
    """report statement complaint brief submission filing letter memo release ad advertisement
    video clip tweet post lawsuit suit study survey analysis email message note announcement
    ruling order decision motion"""
)
# Relative pronouns: "Vera Lindqvist, who said ..." speaks through the noun they modify.
RELATIVE_PRONOUNS = _words("who which that")
# Relative pronouns that stand for a person only: "an anchor at the network who said".
PERSONAL_RELATIVES = _words("who whom")

# Short forms of given names: "Joe Okafor" and "Joseph R. Okafor Jr." are one person.
NICKNAMES = {
    short: full
    for full, shorts in (
        ("joseph", "joe"), ("william", "bill billy will"), ("robert", "bob bobby rob"),
        ("michael", "mike"), ("james", "jim jimmy"), ("thomas", "tom tommy"),
        ("richard", "rick dick"), ("christopher", "chris"), ("daniel", "dan danny"),
        ("david", "dave"), ("anthony", "tony"), ("nicholas", "nick"), ("samuel", "sam"),
        ("benjamin", "ben"), ("matthew", "matt"), ("patrick", "pat"),
        ("edward", "ed eddie ted"),
        ("steven", "steve stephen"),  # "Steve" is either spelling
        ("timothy", "tim"), ("charles", "charlie chuck"), ("elizabeth", "liz beth betsy"),
        ("katherine", "kathy kate katie"), ("jennifer", "jen jenny"), ("susan", "sue"),
        ("margaret", "maggie peggy meg"), ("douglas", "doug"), ("gregory", "greg"),
        ("jeffrey", "jeff"), ("kenneth", "ken kenny"), ("lawrence", "larry"),
        ("ronald", "ron ronnie"), ("donald", "don donnie"), ("andrew", "andy"),
        ("alexander", "alex"), ("gerald", "jerry"), ("frederick", "fred freddie"),
        ("bernard", "bernie"), ("mitchell", "mitch"), ("peter", "pete"), ("philip", "phil"),
        ("raymond", "ray"), ("jonathan", "jon"), ("nathaniel", "nate"), ("zachary", "zach"),
        ("deborah", "debbie deb"), ("rebecca", "becky"), ("catherine", "cathy"),
        ("pamela", "pam"), ("patricia", "patty trish"), ("sandra", "sandy"),
        ("victoria", "vicky vicki"), ("kimberly", "kim"), ("jacob", "jake"),
        ("geoffrey", "geoff"), ("rudolph", "rudy"), ("gabrielle", "gabby"),
        ("theodore", "teddy"),
    )
    for short in shorts.split()
}  # fmt: skip
# Particles that belong to a surname: "Anna von der Heyde", "Paul Le Brun", "Omar bin
# Salim" ("al-" is written joined: "Karim al-Nouri").
PARTICLES = _words("von van der den de del della di da dos du la le bin ibn al el ter ten")
# Generational suffixes, not part of what identifies a name: "Joseph R. Okafor Jr.".
NAME_SUFFIXES = _words("jr sr ii iii iv")

# Pronouns that point at a person named earlier.
PERSON_PRONOUNS = _words("he she him her his")
# Pronouns that say a person's gender when they refer back to them ("n": "Acme said its
# sales fell", a name that is an organisation's).
GENDERED_PRONOUNS = {
    word: gender
    for gender, words in (("m", "he him his himself"), ("f", "she her hers herself"), ("n", "its"))
    for word in words.split()
}
# Common English given names whose bearers are mostly of one gender (names common to both,
# such as Jordan, Taylor or Kelly, are left out): gender evidence when an article has none.
GIVEN_NAMES = {
    name: gender
    for gender, names in (
        (
            "m",
            """aaron adam alan albert alexander andrew anthony arthur austin ben benjamin bill
            billy bob bobby brandon brian bruce bryan carl charles christopher craig dan daniel
            dave david dennis dick don donald doug douglas dylan ed eddie edward eric ethan
            eugene frank fred gary george gerald gordon greg gregory harold harry henry howard
            jack jacob jake james jason jeff jeffrey jeremy jerry jim jimmy joe joel john johnny
            jon jonathan joseph josh joshua juan justin keith ken kenneth kevin kyle larry
            lawrence louis luke mark martin matt matthew michael mike nathan nicholas nick noah
            patrick paul peter phil philip ralph randy ray raymond richard rick robert roger
            ron ronald roy russell ryan sam samuel scott sean stephen steve steven ted
            thomas tim timothy todd tom tony tyler victor vincent walter wayne william willie
            zachary abraham adrian alex alfred allen alvin andre andy antonio barry bernard
            bernie bert blake brad bradley brent brett bryce byron calvin cameron carlos cecil
            chad charlie chester chuck clarence claude clayton clifford clint cody colin cole
            corey curt curtis dale damian darrell darren dean derek devin dominic donovan duane
            dustin dwayne dwight earl edgar edwin elijah elliot elmer emmanuel enrique ernest
            ernie evan felix fernando floyd francis francisco franklin gabriel garrett gene
            geoffrey gilbert glen glenn graham grant gus hank harvey hector herbert herman hugh
            hugo ian isaac ivan jared javier jay jeb jerome jesse jorge jose julian julius karl
            kirk kurt lance leo leon leonard leroy lester lewis lloyd lucas luis lyle malcolm
            manuel marco marcus mario marshall marvin max maurice melvin miguel miles milton
            mitch mitchell morris murray neal neil nelson newt norman oliver omar oscar otis
            owen pablo pedro perry pete phillip preston rafael ramon randall randolph raul reggie
            reginald rex ricardo ricky rodney roland ronnie ross ruben rudy rudolph salvador
            saul sergio seth shane shaun sheldon simon spencer stanley stuart terrence theodore
            travis trent trevor troy tyrone vernon vince wade wallace warren wesley wilbur
            willard willis winston xavier""",
        ),
        (
            "f",
            """abigail alice alicia allison amanda amber amy andrea angela ann anna anne ashley
            barbara betty beverly brenda brittany carol carolyn catherine charlotte cheryl
            christina christine claire cynthia debbie deborah debra denise diana diane donna
            doris dorothy elizabeth ellen emily emma evelyn frances gloria grace hannah heather
            helen jacqueline jane janet janice jean jennifer jessica joan joyce judith judy julia
            julie karen katherine kathleen kathryn kathy kayla kimberly laura lauren linda lisa
            lori louise madison margaret maria marie marilyn martha mary megan melissa michelle
            monica nancy natalie nicole olivia pamela patricia rachel rebecca rose ruth sally
            samantha sandra sara sarah sharon shirley sophia stephanie susan teresa theresa
            tina victoria virginia wendy adele adrienne agnes aileen alexandra alexis alison alma
            amelia ana angelica angie anita annette annie antoinette april arlene audrey ava
            becky belinda bernadette bernice beth bethany betsy bonnie bridget brooke camille
            candace cara carla carmen caroline carrie cassandra cathy cecilia cecile celia
            charlene chelsea christie christy cindy clara claudia colleen connie constance
            courtney crystal daisy danielle darlene dawn deanna delores dianne dolores dora edith
            edna eileen elaine eleanor elena elisa elise ella eloise elsie erica erin esther
            ethel eva faith felicia fiona florence gail gabrielle georgia geraldine gina ginger
            gretchen gwen harriet hazel heidi hilary hillary holly hope ida ingrid irene iris
            isabel isabella jackie janet jeanne jeannie jenna jill joann joanne jocelyn josephine
            joy juanita juliana june justine kara kari karla kate katelyn katie katrina kay kristen
            kristin kristina krista lana laurie leah lillian lily loretta lorraine
            lucia lucille lucy lydia lynn mabel mae mandy marcia margarita marian marianne marina
            marjorie marla marsha melanie melinda melody mercedes meredith mia michele mildred
            miranda miriam molly mona monique muriel myra nadia naomi natasha nellie nina nora
            norma olga paige paula pauline pearl peggy penny phyllis priscilla ramona regina
            renee rhonda rita roberta rosa rosemary roxanne ruby sabrina sandy selena serena
            sheila shelly sherry sheryl silvia sonia sonya stacy stella sue susanne suzanne
            sylvia tamara tammy tanya tara terri thelma tiffany tonya ursula valerie vanessa vera
            veronica vicki vickie viola violet vivian wanda whitney yolanda yvonne zoe""",
        ),
    )
    for name in names.split()
}
# Family words: "Hale's son, Grant," is Grant Hale.
KIN_NOUNS = _words(
    """son daughter wife husband brother sister father mother grandson granddaughter
    grandfather grandmother nephew niece"""
)
# Words that give a person's gender: pronouns, honorifics, gendered role and kin nouns
# ("his wife, Ana Ruiz", "Ana Ruiz, his daughter").
GENDER_WORDS = {
    word: gender
    for gender, words in (
        (
            "m",
            """he him his mr mr. spokesman congressman chairman businessman widower husband father
            son brother grandfather grandson uncle nephew boyfriend stepfather stepson dad man
            boy king prince sir""",
        ),
        (
            "f",
            """she her mrs mrs. ms ms. miss spokeswoman congresswoman chairwoman businesswoman
            widow lady wife mother daughter sister grandmother granddaughter aunt niece
            girlfriend stepmother stepdaughter mom woman girl queen princess actress""",
        ),
    )
    for word in words.split()
}

# Gender evidence an article gives about a named person (tasks.extract.quotes.gender): an
# honorific right before the name ("Mrs. Ruiz"), a gendered role or kin noun before it
# ("congresswoman Ana Ruiz", "his wife Ana") or in apposition or as its predicate ("Ana Ruiz,
# a spokeswoman", "Ruiz is a congresswoman"). Pronouns are left out here: a pronoun is
# evidence only where speaker resolution ties it to the person.
GENDERED_NOUNS = {
    word: gender
    for gender, words in (
        (
            "male",
            """mr mister spokesman congressman chairman businessman assemblyman councilman
            alderman anchorman sportsman statesman frontman policeman fireman widower husband
            father son brother grandfather grandson uncle nephew boyfriend stepfather stepson
            dad king prince sir lord duke""",
        ),
        (
            "female",
            """mrs ms miss madam spokeswoman congresswoman chairwoman businesswoman
            assemblywoman councilwoman alderwoman anchorwoman sportswoman stateswoman
            frontwoman policewoman firewoman widow wife mother daughter sister grandmother
            granddaughter aunt niece girlfriend stepmother stepdaughter mom queen princess lady
            duchess actress""",
        ),
    )
    for word in words.split()
}
# Nouns that say a gender only as an apposition or a predicate ("Ruiz, a woman who ..."),
# never as a word before a name ("the woman Ruiz hired" is not about Ruiz).
GENDERED_PREDICATES = GENDERED_NOUNS | {
    word: gender
    for gender, words in (("male", "man boy gentleman"), ("female", "woman girl"))
    for word in words.split()
}
# A speaker that is a pronoun alone, resolved to a person by speaker resolution ("she said").
SPEAKER_PRONOUNS = {"he": "male", "she": "female"}
# Words in a speaker that make a gendered noun someone else's: "his spokeswoman" is not him.
POSSESSIVES = _words("his her their its my our your")

# Spoken forms that transcripts write either way: "we're" and "we are" are the same words
# when two outlets quote one line (tasks.link.quote_match). "'s" is dropped: "ISIS's" and "ISIS'"
# are one word, and "it's" loses only a stop word.
CONTRACTIONS: dict[str, tuple[str, ...]] = {
    "n't": ("not",), "'re": ("are",), "'m": ("am",), "'ll": ("will",), "'ve": ("have",),
    "'d": ("would",), "'s": (),
}  # fmt: skip
SPOKEN_FORMS = {
    "can't": ("can", "not"), "cannot": ("can", "not"), "won't": ("will", "not"),
    "gonna": ("going", "to"), "wanna": ("want", "to"), "gotta": ("got", "to"),
}  # fmt: skip

# spaCy's English stop words (spaCy 3.8), which the quote clusters use to tell a quote's content
# words from its glue; listed here so linking, run in the orchestrating process, never imports
# spaCy (a second of CPU at the end of a run). A test checks the list is still spaCy's own.
STOP_WORDS = frozenset(
    """
    'd 'll 'm 're 's 've a about above across after afterwards again against all almost alone
    along already also although always am among amongst amount an and another any anyhow anyone
    anything anyway anywhere are around as at back be became because become becomes becoming been
    before beforehand behind being below beside besides between beyond both bottom but by ca call
    can cannot could did do does doing done down due during each eight either eleven else
    elsewhere empty enough even ever every everyone everything everywhere except few fifteen fifty
    first five for former formerly forty four from front full further get give go had has have he
    hence her here hereafter hereby herein hereupon hers herself him himself his how however
    hundred i if in indeed into is it its itself just keep last latter latterly least less made
    make many may me meanwhile might mine more moreover most mostly move much must my myself n't
    name namely neither never nevertheless next nine no nobody none noone nor not nothing now
    nowhere n‘t n’t of off often on once one only onto or other others otherwise our ours
    ourselves out over own part per perhaps please put quite rather re really regarding same say
    see seem seemed seeming seems serious several she should show side since six sixty so some
    somehow someone something sometime sometimes somewhere still such take ten than that the their
    them themselves then thence there thereafter thereby therefore therein thereupon these they
    third this those though three through throughout thru thus to together too top toward towards
    twelve twenty two under unless until up upon us used using various very via was we well were
    what whatever when whence whenever where whereafter whereas whereby wherein whereupon wherever
    whether which while whither who whoever whole whom whose why will with within without would
    yet you your yours yourself yourselves ‘d ‘ll ‘m ‘re ‘s ‘ve ’d ’ll ’m ’re ’s ’ve
    """.split()
)
