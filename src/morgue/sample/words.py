"""Word lists for the benchmark page generator: enough to make plausible, varied filler.

Each section has its own subjects and objects so that generated stories carry some
section signal (a section classifier should be able to learn something from them);
verbs, time phrases and quotes are shared.
"""

from __future__ import annotations

SUBJECTS: dict[str, tuple[str, ...]] = {
    "Local": (
        "The City Council", "The school committee", "The zoning board", "Residents of the North End",
        "Neighbors on Quarry Hill", "The police chief", "The public works department",
        "The harbor commission", "Members of the library board", "The fire department",
        "Parents at Harding Middle School", "The planning board", "Mayor\u2019s office staff",
        "Volunteers at the food pantry", "The transit authority",
    ),
    "Business": (
        "Kessler Marine Works", "The chamber of commerce", "Downtown merchants",
        "The Port Alden Savings Bank", "A Boston developer", "The county\u2019s largest employer",
        "Restaurant owners on Front Street", "The state labor department", "Local real estate agents",
        "The port authority", "Shareholders of Alden Media Group", "The credit union",
        "Owners of the Water Street smokehouse", "The regional airport\u2019s operator",
    ),
    "Sports": (
        "The Port Alden Pilots", "The Halloway High hockey team", "The Pilots\u2019 manager",
        "The girls\u2019 soccer coach", "The Lakeport Loons", "Organizers of the harbor road race",
        "The state athletic association", "The Pilots\u2019 owners", "The rowing club",
        "Port Alden High\u2019s football coach", "The minor-league affiliate", "Fans at Breakwater Field",
    ),
    "Arts": (
        "The Alden Maritime Museum", "The community theater", "The jazz festival\u2019s organizers",
        "The Port Alden Symphony", "A North End gallery", "The arts council",
        "The library\u2019s reading series", "Students at the art school", "The film society",
        "The historical society", "A touring dance company", "Organizers of the craft fair",
    ),
    "Opinion": (
        "This newspaper", "Taxpayers", "The council majority", "Readers", "Voters",
        "City Hall", "The governor", "Critics of the plan", "Supporters of the measure",
        "Anyone who rides the bus", "The school committee", "Our elected officials",
    ),
    "World": (
        "European fisheries ministers", "Officials in Ottawa", "The United Nations",
        "Negotiators in Geneva", "Canadian fishing crews", "Shipping companies",
        "Aid groups", "Airlines in Europe", "Trade officials", "Scientists in Iceland",
        "Port authorities in Rotterdam", "The World Health Organization",
    ),
}

OBJECTS: dict[str, tuple[str, ...]] = {
    "Local": (
        "the proposed school budget", "a plan to repave Harbor Road", "new parking rules downtown",
        "the Chandler Street community center", "a request for more crossing guards",
        "the snow removal contract", "the tax rate for next year", "a new dog park in Founders Park",
        "repairs to the Mill Street bridge", "the North End bus route", "a curfew for the waterfront",
        "the cost of trash pickup",
    ),
    "Business": (
        "a $12 million expansion", "plans for 90 new jobs", "the sale of the old cannery",
        "a new container crane", "quarterly earnings", "a merger with a rival bank",
        "rents on Front Street", "the price of heating oil", "a contract with the Navy",
        "a new ferry terminal", "layoffs at the shipyard", "holiday sales",
    ),
    "Sports": (
        "the division title", "a new pitching coach", "the playoff schedule", "ticket prices at Breakwater Field",
        "the state semifinal", "a three-game losing streak", "the season opener",
        "a new turf field", "the conference championship", "the team\u2019s lineup",
        "the harbor road race", "an injured shortstop",
    ),
    "Arts": (
        "its spring season", "a restored lighthouse lens", "a new exhibit of scrimshaw",
        "a summer concert series", "free admission on Sundays", "a mural on Water Street",
        "the reopening of the Strand Theater", "a show of local painters", "a poetry prize",
        "a festival of short films", "an opera in the park", "its 50th anniversary",
    ),
    "Opinion": (
        "a plan nobody has paid for", "the harbor\u2019s future", "a fair school budget",
        "more honest numbers", "the working waterfront", "better bus service", "open meetings",
        "the library\u2019s hours", "a real debate", "the promises made last year",
        "a vote before summer", "the city\u2019s credit rating",
    ),
    "World": (
        "new limits on cod fishing", "a trade agreement", "relief for flood victims",
        "talks on shipping lanes", "emissions rules for ships", "a ceasefire",
        "new quotas for the North Atlantic", "flights across the Atlantic", "a vaccine campaign",
        "tariffs on lumber", "a fishing treaty", "port security rules",
    ),
}

VERBS: tuple[str, ...] = (
    "voted to delay", "approved", "questioned", "agreed to study", "postponed a decision on",
    "praised", "rejected", "called for changes to", "began work on", "asked for a review of",
    "raised concerns about", "announced", "defended", "backed", "cut funding for",
    "will vote on",
)

TAILS: tuple[str, ...] = (
    "at a meeting on Tuesday night", "after months of debate", "despite objections from neighbors",
    "before the end of the year", "according to records obtained by the Ledger",
    "in a statement yesterday", "after a long public hearing", "for the second time this year",
    "without discussion", "in a 5-4 vote", "by a wide margin", "over the weekend",
)

# "to" forms read right after singular and plural subjects alike
HEAD_VERBS: tuple[str, ...] = (
    "to delay", "to back", "to weigh", "set to approve", "to review", "to revisit",
    "urged to drop", "split over", "to consider", "asked to rethink",
)

FIRST_NAMES: tuple[str, ...] = (
    "Martha", "David", "Helen", "Samuel", "Priya", "Tom", "Grace", "Luis", "Anita", "Walter",
    "Claire", "Marcus", "Eleanor", "Dwayne", "Frances", "Ruth", "Owen", "Nadia", "Peter",
    "Rosa", "Henry", "Joan", "Kenji", "Fatima",
)

LAST_NAMES: tuple[str, ...] = (
    "Keane", "Okafor", "Marsh", "Reyes", "Natarajan", "Brannigan", "Lindqvist", "Ortega",
    "Vasquez", "Pryce", "Beaumont", "Hale", "Voss", "Mercer", "Delgado", "Ellery", "Ashby",
    "Fontes", "Dufresne", "Whitcombe", "Tull", "Bissett", "Sato", "Haddad",
)

ROLES: tuple[str, ...] = (
    "a city councilor", "who lives on Prospect Avenue", "a spokeswoman for the company",
    "the group\u2019s president", "a longtime resident", "the head coach", "the museum\u2019s director",
    "a lobsterman", "a retired teacher", "the owner of a Front Street shop", "a state official",
    "a parent of two",
)

QUOTES: tuple[str, ...] = (
    "We have been asking for this for years",
    "Nobody has shown me the numbers yet",
    "This is a good day for Port Alden",
    "I don\u2019t think people understand what is at stake",
    "We will keep fighting for it",
    "It is not perfect, but it is a start",
    "We simply cannot afford to wait",
    "I have never seen anything like it",
    "People here deserve a straight answer",
    "We are going to take a hard look at every option",
)

SCREEN_NAMES: tuple[str, ...] = (
    "harborwatcher", "jt_northend", "oldsalt52", "pilotsfan1998", "quarryhillmom", "fenwickgirl",
    "taxpayer_pa", "lobsterpot", "bookworm_pa", "frontstreet",
)

COMMENTS: tuple[str, ...] = (
    "About time somebody said it.",
    "Who is paying for this?",
    "Great story, thanks for covering it.",
    "I was there and it did not happen quite like that.",
    "Same thing happened ten years ago. Nobody learns.",
    "Good news for once.",
)
