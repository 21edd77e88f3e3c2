"""The sample archive's stories: invented local news from Port Alden, 2002-2010.

Each story is written once here and then rendered into several legacy formats (2003
and 2009 page layouts, WARC captures, text dumps, CMS exports), as a real archive is
captured several ways. Text uses real typography (curly quotes, em dashes) because
those are the characters that get damaged in a move.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from .paper import EDT, EST


@dataclass(frozen=True, slots=True)
class Story:
    slug: str
    headline: str
    dek: str
    section: str
    published: dt.datetime
    #: people as credited; empty for editorials and letters
    bylines: tuple[str, ...]
    #: the line under the byline in the 2003 layout ("Staff Reporter of the Ledger")
    byline_title: str | None
    #: "PORT ALDEN"; None where the paper printed no dateline (opinion pages)
    dateline: str | None
    paragraphs: tuple[str, ...]
    tags: tuple[str, ...] = ()
    #: (screen name, text) reader comments shown under 2009-layout pages
    comments: tuple[tuple[str, str], ...] = ()


def _at(year: int, month: int, day: int, hour: int = 5, minute: int = 0) -> dt.datetime:
    # The Ledger was an evening paper; stories went online early the same morning.
    tz = EDT if 4 <= month <= 10 else EST
    return dt.datetime(year, month, day, hour, minute, tzinfo=tz)


STORIES: tuple[Story, ...] = (
    Story(
        slug="harbor-dredging-plan",
        headline="State backs plan to dredge Port Alden harbor",
        dek="Army Corps study finds the main channel has lost four feet of depth since 1991",
        section="Local",
        published=_at(2003, 3, 7),
        bylines=("Martha Keane",),
        byline_title="Staff Reporter of the Ledger",
        dateline="PORT ALDEN",
        paragraphs=(
            "State environmental officials yesterday endorsed a $14 million plan to dredge "
            "the main shipping channel of Port Alden harbor, the first full dredging since "
            "the early 1990s and a project harbor businesses have sought for nearly a decade.",
            "The plan, drawn up by the Army Corps of Engineers, would remove about 310,000 "
            "cubic yards of silt from the channel between Fenwick Point and the State Pier. "
            "A Corps survey completed last fall found that the channel has lost roughly four "
            "feet of depth since it was last dredged in 1991.",
            "\u201cRight now a loaded fuel barge has to wait for high tide to come in,\u201d said "
            "Glen Rourke, the city\u2019s harbor master. \u201cThat costs money every single day, "
            "and it is only going to get worse.\u201d",
            "Under the proposal, the federal government would pay 65 percent of the cost, with "
            "the state and the city splitting the rest. The City Council must still approve "
            "Port Alden\u2019s share, estimated at $2.4 million, and several councilors said this "
            "week that they want to see the bill before they commit.",
            "Fishermen and shellfish harvesters have raised concerns about where the dredged "
            "material will go. The Corps has proposed carrying most of it to an offshore "
            "disposal site 11 miles southeast of the harbor mouth, but the Halloway Bay "
            "Lobstermen\u2019s Association has asked for a study of how the silt would affect "
            "the bottom there.",
            "Work could begin as early as October 2004 if the permits are issued on schedule, "
            "Mr. Rourke said.",
        ),
        tags=("harbor", "dredging", "Army Corps of Engineers"),
    ),
    Story(
        slug="school-budget-cuts",
        headline="School board cuts $2.1 million but spares music",
        dek="Two elementary librarians and a North End bus route are eliminated in a 6-1 vote",
        section="Local",
        published=_at(2003, 5, 14),
        bylines=("Martha Keane",),
        byline_title="Staff Reporter of the Ledger",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden School Committee voted 6-1 last night to cut $2.1 million from "
            "next year\u2019s budget, eliminating two elementary school librarian positions and "
            "a bus route in the North End but keeping the district\u2019s music program intact.",
            "The music program had been the most disputed item on the list. More than 200 "
            "parents, students and teachers packed the Harding Middle School auditorium for "
            "the vote, many of them holding instrument cases, and the committee\u2019s chairman "
            "twice asked the crowd to stop applauding.",
            "Superintendent Anita Vasquez said the district faced a shortfall after the state "
            "reduced its aid to Port Alden by 7 percent. \u201cThere were no good choices left on "
            "this list,\u201d she said. \u201cWe tried to keep the cuts as far from the classroom "
            "as we could.\u201d",
            "The lone vote against the budget came from committee member Walter Pryce, who said "
            "the district should have asked the City Council for more money before cutting "
            "librarians. \u201cA school without a library is not a school,\u201d he said.",
            "The budget now goes to the City Council, which must approve the district\u2019s total "
            "spending by June 30. Council President Lorraine Bissett said she expected a "
            "close vote.",
        ),
        tags=("schools", "budget"),
    ),
    Story(
        slug="pilots-opening-day",
        headline="Pilots drop opener before record crowd",
        dek="Lakeport scores three in the ninth to spoil Breakwater Field\u2019s biggest opening night",
        section="Sports",
        published=_at(2004, 4, 9),
        bylines=("Tom Brannigan",),
        byline_title="Staff Reporter of the Ledger",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden Pilots had the biggest opening-night crowd in their 12-year history "
            "last night. They did not have an answer for the Lakeport Loons in the ninth inning.",
            "Lakeport scored three runs off reliever Danny Castellano in the top of the ninth to "
            "win 5-3 before 6,412 fans at Breakwater Field, breaking the Pilots\u2019 attendance "
            "record for an opener by nearly a thousand.",
            "Castellano, a 22-year-old right-hander in his first season at Class A, walked the "
            "first two batters of the inning before Lakeport catcher Eddie Salas doubled both "
            "of them home. \u201cI got behind guys, and you can\u2019t do that here,\u201d Castellano "
            "said. \u201cTomorrow I get the ball again, I hope.\u201d",
            "The Pilots had taken a 3-2 lead in the seventh on a two-run homer by first baseman "
            "Marcus Hale, who grew up four miles from the ballpark and played at Port Alden "
            "High. Hale finished with three hits.",
            "The teams play again tonight at 7:05. The Pilots will start left-hander Kevin "
            "Osterberg.",
        ),
        tags=("Pilots", "baseball"),
    ),
    Story(
        slug="noreaster-power-outages",
        headline="Nor\u2019easter leaves 18,000 without power",
        dek="Winds gust to 70 mph at Fenwick Point; city schools are closed today",
        section="Local",
        published=_at(2003, 10, 30),
        bylines=("Martha Keane", "Samuel Reyes"),
        byline_title="Staff Reporters of the Ledger",
        dateline="PORT ALDEN",
        paragraphs=(
            "A fast-moving nor\u2019easter swept through Port Alden yesterday with winds that "
            "gusted to 70 miles an hour at Fenwick Point, toppling trees and power lines and "
            "leaving about 18,000 homes and businesses without electricity at the height of "
            "the storm.",
            "By late last night, Coastal Electric said it had restored power to about half of "
            "those customers, but a spokeswoman, Janet Liu, warned that some homes in Quarry "
            "Hill and the North End could be dark until Saturday. \u201cWe have crews from three "
            "states on the way,\u201d she said.",
            "All Port Alden public schools will be closed today, Superintendent Anita Vasquez "
            "announced last night. The city opened a warming shelter at the Chandler Street "
            "community center.",
            "The storm dropped 3.2 inches of rain at the airport, and the Alden River rose to "
            "within a foot of flood stage at the Mill Street bridge. Police closed Harbor Road "
            "for several hours after waves washed stones and seaweed across both lanes.",
            "At least two people were hurt. A 54-year-old man was taken to Halloway General "
            "Hospital after a tree limb fell on his car on Prospect Avenue, and a lineman "
            "suffered a minor shoulder injury on Quarry Hill, officials said. Neither injury "
            "was considered serious.",
            "On the waterfront, several boats broke free of their moorings in the inner harbor. "
            "Harbor master Glen Rourke said at least one sailboat sank off the State Pier and "
            "two others were driven onto the rocks below the Fenwick Point lighthouse.",
            "\u201cI have been on this harbor 30 years, and this is the worst October blow I can "
            "remember,\u201d Mr. Rourke said. Forecasters expect the winds to ease this morning, "
            "with clearing skies by afternoon.",
        ),
        tags=("weather", "storm", "power outages"),
    ),
    Story(
        slug="cannery-closing",
        headline="Bayside Packing to close Water Street cannery",
        dek="The plant, open since 1941, employs 140 people",
        section="Business",
        published=_at(2002, 11, 19),
        bylines=("David Okafor",),
        byline_title="Staff Reporter of the Ledger",
        dateline="PORT ALDEN",
        paragraphs=(
            "Bayside Packing Co. will close its Water Street cannery in February, ending 61 "
            "years of fish processing on the Port Alden waterfront and eliminating 140 jobs, "
            "the company said yesterday.",
            "The company, which was bought by a Canadian seafood firm two years ago, said it "
            "would move its canning to a larger plant in New Brunswick. Bayside\u2019s retail "
            "smokehouse on Water Street, which employs 18 people, will stay open.",
            "\u201cThis was not a decision about Port Alden or about our people here,\u201d said "
            "Richard Amory, Bayside\u2019s president. \u201cThe plant is simply too old and too "
            "small to compete.\u201d",
            "Many of the cannery\u2019s workers have been there for decades. Maria Fontes, 58, "
            "started on the packing line in 1967 and now supervises the night shift. \u201cMy "
            "mother worked here, and my aunt,\u201d she said outside the plant yesterday. \u201cI "
            "don\u2019t know what else I would do.\u201d",
            "Mayor Dolores Whitcombe said the city would work with the state to offer job "
            "training to laid-off workers and to find a new use for the building, which sits "
            "on two acres of deep-water frontage.",
        ),
        tags=("Bayside Packing", "jobs", "waterfront"),
    ),
    Story(
        slug="harbor-editorial",
        headline="Dredge the harbor, but show us the bill",
        dek="The city should know its share before the council votes",
        section="Opinion",
        published=_at(2003, 3, 11),
        bylines=(),
        byline_title=None,
        dateline=None,
        paragraphs=(
            "Anyone who has watched a fuel barge idle off Fenwick Point waiting for the tide "
            "knows Port Alden harbor needs dredging. The state\u2019s endorsement last week of "
            "the Army Corps plan is good news, and the city should take it.",
            "But the City Council is right to ask for a firm figure before it commits. The "
            "current estimate of the city\u2019s share, $2.4 million, rests on a disposal plan "
            "that has not been approved, and every past dredging project in this harbor has "
            "cost more than first promised.",
            "The lobstermen\u2019s concerns about the offshore disposal site also deserve a real "
            "answer, not a form letter. Their livelihoods depend on the bottom the Corps "
            "proposes to cover.",
            "Dredge the channel. Do it carefully, and tell the taxpayers what it will cost "
            "before the first bucket goes in the water.",
        ),
        tags=("editorial", "harbor"),
    ),
    Story(
        slug="fishing-quota-talks",
        headline="European fishing talks stall over cod limits",
        dek="Ministers are divided over a proposal to close parts of the North Sea",
        section="World",
        published=_at(2003, 12, 17),
        bylines=("Ledger Wire Services",),
        byline_title=None,
        dateline="BRUSSELS",
        paragraphs=(
            "Fisheries ministers from the European Union failed to agree yesterday on new "
            "limits for cod catches in the North Sea, as several countries rejected a proposal "
            "to close large areas of fishing grounds for much of next year.",
            "Scientists advising the European Commission have warned that North Sea cod stocks "
            "are close to collapse and have called for a complete ban on cod fishing. The "
            "commission\u2019s compromise would instead cut the allowed catch by about 20 percent "
            "and close spawning grounds from February to May.",
            "Ministers from countries with large fishing fleets said the plan would put "
            "thousands of fishermen out of work. Talks were expected to continue through "
            "the night.",
            "The talks are being followed closely in New England, where cod limits have been "
            "tightened several times since the 1990s. \u201cWhat happens over there tells you "
            "what is coming here,\u201d said Paul Dufresne, who fishes out of Port Alden.",
        ),
        tags=("fishing", "Europe"),
    ),
    Story(
        slug="maritime-museum-reopens",
        headline="Maritime Museum reopens with its lighthouse lens restored",
        dek="After a two-year, $9 million renovation, the Alden Maritime Museum welcomes "
        "visitors Saturday",
        section="Arts",
        published=_at(2009, 6, 5, 6, 30),
        bylines=("Helen Marsh",),
        byline_title="Ledger Arts Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Alden Maritime Museum will reopen to the public on Saturday after a two-year, "
            "$9 million renovation that added a new wing, replaced the building\u2019s leaking "
            "roof and gave the museum\u2019s most famous object, the 1857 Fresnel lens from the "
            "Fenwick Point lighthouse, a gallery of its own.",
            "The lens, nearly 12 feet tall and made of more than 300 hand-ground glass prisms, "
            "spent 40 years in a corner of the museum\u2019s old lobby, where visitors could walk "
            "past it without noticing. Now it sits under a skylight in a round room designed to "
            "echo the lighthouse\u2019s lantern.",
            "\u201cPeople are going to see it the way sailors saw it,\u201d said Claire Beaumont, "
            "the museum\u2019s director. \u201cWell, almost. We decided not to light it at full "
            "power.\u201d",
            "The renovation was paid for by a state cultural facilities grant, a bequest from "
            "the estate of the shipbuilder Arthur Kessler and more than 1,400 private donations. "
            "The new wing holds the museum\u2019s collection of scrimshaw and a working model of "
            "the harbor as it looked in 1900.",
            "Admission will be free on Saturday and Sunday. The museum, on Front Street, will be "
            "open from 10 a.m. to 5 p.m., Tuesday through Sunday.",
        ),
        tags=("museums", "Alden Maritime Museum", "lighthouses"),
        comments=(
            ("fenwickgirl", "Took my kids on opening day. The lens room is worth the trip."),
            ("oldsalt52", "Nine million dollars. I hope they fixed the parking too."),
        ),
    ),
    Story(
        slug="council-waterfront-zoning",
        headline="Council approves waterfront zoning change, 5-4",
        dek="Vote clears the way for housing on the former Bayside cannery site",
        section="Local",
        published=_at(2009, 6, 12, 6, 15),
        bylines=("Samuel Reyes",),
        byline_title="Ledger Staff Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden City Council voted 5-4 last night to allow housing and shops on a "
            "stretch of the working waterfront along Water Street, a change that opens the "
            "former Bayside Packing cannery site to redevelopment.",
            "The vote came after nearly four hours of public comment. Supporters said the empty "
            "cannery, closed since 2003, has become an eyesore and a hazard. Opponents, many of "
            "them fishermen, warned that condominiums would crowd out the marine businesses "
            "that still depend on deep water.",
            "\u201cOnce you put a condo on the water, you never get that frontage back,\u201d said "
            "Paul Dufresne, a lobsterman who has fished out of Port Alden for 31 years.",
            "Council President Lorraine Bissett, who cast the deciding vote, said the new rules "
            "require any project on the site to keep at least 40 percent of its waterfront for "
            "marine uses. \u201cThis is not the end of the working harbor,\u201d she said. \u201cIt is "
            "the only way I see to keep part of it.\u201d",
            "Mayor Raymond Tull is expected to sign the measure. A Boston developer, Harborline "
            "Partners, has said it wants to build about 120 apartments and a public walkway on "
            "the site.",
            "The council will take up the developer\u2019s site plan at a public hearing in "
            "September.",
        ),
        tags=("City Council", "zoning", "waterfront"),
        comments=(
            ("harborwatcher", "Forty percent for marine uses sounds good until you read the "
             "fine print."),
            ("jt_northend", "Finally. That building has been rotting for six years."),
            ("lobsterpot", "Paul Dufresne is right. Ask Gloucester how this goes."),
        ),
    ),
    Story(
        slug="shipyard-navy-contract",
        headline="Kessler Marine Works lands $48 million Navy contract",
        dek="The shipyard will build four patrol boats and expects to add 90 jobs",
        section="Business",
        published=_at(2009, 6, 12, 7, 0),
        bylines=("Priya Natarajan",),
        byline_title="Ledger Business Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Kessler Marine Works, Port Alden\u2019s largest private employer, has won a "
            "$48 million contract to build four patrol boats for the Navy, the company said "
            "yesterday, and expects to hire about 90 workers over the next year.",
            "The 85-foot aluminum boats will be built in the shipyard\u2019s north shed, which "
            "has stood mostly idle since a ferry order was canceled in 2007. The first boat is "
            "due in the fall of 2010.",
            "\u201cFor a yard our size, this is a very big deal,\u201d said Ellen Kessler, the "
            "company\u2019s chief executive and the granddaughter of its founder. \u201cIt means "
            "steady work for our welders and electricians for at least three years.\u201d",
            "The company now employs about 610 people. Most of the new jobs will be for welders, "
            "pipe fitters and electricians, and Kessler said it would work with Halloway "
            "Community College to expand its welding program.",
            "The contract is welcome news in a county where unemployment reached 9.8 percent in "
            "the spring, its highest level since 1992.",
        ),
        tags=("Kessler Marine Works", "shipbuilding", "jobs"),
        comments=(("welder_mike", "Good news for the yard. About time."),),
    ),
    Story(
        slug="pilots-clinch-division",
        headline="Pilots clinch first division title since 1998",
        dek="A 6-2 win over Lakeport sets off a celebration at Breakwater Field",
        section="Sports",
        published=_at(2009, 9, 6, 6, 0),
        bylines=("Tom Brannigan",),
        byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden Pilots clinched the Northern Division title last night with a 6-2 "
            "win over the Lakeport Loons, their first championship of any kind since 1998.",
            "Left-hander Tyler Boone struck out nine in seven innings, and shortstop Luis Ortega "
            "had three hits, including a two-run triple in the fifth that broke a 2-2 tie.",
            "When the final out settled into center fielder Jordan Pike\u2019s glove, the players "
            "poured out of the dugout and the crowd of 5,870 at Breakwater Field stayed on its "
            "feet for nearly 10 minutes.",
            "\u201cI played on this field, and I never got to do this,\u201d said manager Marcus "
            "Hale, a Port Alden native who played first base for the Pilots in 2004. \u201cThese "
            "guys earned every bit of it.\u201d",
            "The Pilots open the best-of-five league championship series on Wednesday at home.",
        ),
        tags=("Pilots", "baseball"),
        comments=(("pilotsfan1998", "Been waiting eleven years for this one!"),),
    ),
    Story(
        slug="jazz-festival-returns",
        headline="Jazz festival returns to Founders Park",
        dek="After a year off, the three-day festival is back with one stage and free admission",
        section="Arts",
        published=_at(2009, 7, 18, 6, 0),
        bylines=("Helen Marsh",),
        byline_title="Ledger Arts Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden Jazz Festival, canceled last summer for lack of money, returns to "
            "Founders Park this weekend in a smaller form, with one stage instead of three and "
            "free admission for the first time in its 22-year history.",
            "Organizers raised about $60,000 from local businesses and a single benefit concert "
            "in the spring, a fraction of the festival\u2019s old budget. \u201cWe decided a small "
            "festival was better than no festival,\u201d said Vernon Ashby, its founder. \u201cThe "
            "music was always the point.\u201d",
            "Saturday\u2019s headliner is the pianist Gloria Wendt, who grew up in the North End "
            "and played the festival\u2019s first edition as a teenager. Sunday closes with the "
            "Halloway High School jazz band, a festival tradition.",
            "Music starts at noon each day. Organizers ask visitors to bring their own chairs "
            "and to leave glass bottles at home.",
        ),
        tags=("jazz", "festivals", "Founders Park"),
    ),
    Story(
        slug="bus-route-letters",
        headline="Letters: Don\u2019t cut the Route 9 bus",
        dek="Readers respond to the transit authority\u2019s proposed service cuts",
        section="Opinion",
        published=_at(2009, 8, 2, 5, 30),
        bylines=(),
        byline_title=None,
        dateline=None,
        paragraphs=(
            "To the editor: The transit authority\u2019s plan to end service on Route 9 would cut "
            "off the people who need the bus most. I am 81 and no longer drive. The Route 9 bus "
            "is how I get to the doctor, the pharmacy and the grocery store on Prospect Avenue. "
            "\u2014 Eleanor Voss, Quarry Hill",
            "To the editor: I ride Route 9 to my job at Halloway General Hospital, where I start "
            "work at 6 a.m. There is no other bus that gets me there on time. Cutting this route "
            "will not save money if people like me lose our jobs. \u2014 Dwayne Mercer, North End",
            "To the editor: Before cutting service, the transit authority should explain why it "
            "is spending $1.2 million on new offices. Riders deserve to see the whole budget. "
            "\u2014 Frances Delgado, Fenwick Point",
            "Letters may be sent to letters@eveningledger.com. They should be no longer than "
            "200 words and include the writer\u2019s name, neighborhood and phone number.",
        ),
        tags=("letters", "transit"),
    ),
    Story(
        slug="county-unemployment",
        headline="County unemployment rises to 9.8 percent",
        dek="The jobless rate is the highest in Halloway County since 1992",
        section="Business",
        published=_at(2009, 3, 20, 6, 45),
        bylines=("Priya Natarajan",),
        byline_title="Ledger Business Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Unemployment in Halloway County rose to 9.8 percent in February, its highest level "
            "in 17 years, as job losses spread from construction and manufacturing to retail "
            "and restaurants, the state labor department said yesterday.",
            "The county lost about 2,300 jobs over the past year. The rate in Port Alden itself "
            "was 10.4 percent, compared with 8.9 percent for the state.",
            "\u201cWe are seeing people in here who have never been unemployed in their lives,\u201d "
            "said Gail Thornton, who manages the state career center on Mill Street. Visits to "
            "the center have roughly doubled since October, she said.",
            "Economists said the rate was likely to keep rising through the summer. Several "
            "local employers, including Kessler Marine Works, have said they are holding off "
            "on hiring until they see more orders.",
        ),
        tags=("jobs", "economy"),
    ),
    Story(
        slug="library-extends-hours",
        headline="Library extends weekend hours, adds a caf\u00e9",
        dek="The main branch will stay open until 8 p.m. on Saturdays starting next month",
        section="Local",
        published=_at(2010, 1, 15, 6, 0),
        bylines=("Samuel Reyes",),
        byline_title="Ledger Staff Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden Public Library will stay open until 8 p.m. on Saturdays and will "
            "open on Sunday afternoons starting Feb. 6, the first expansion of its hours since "
            "2001, library officials said yesterday.",
            "The longer hours are paid for by a $180,000 gift from the Friends of the Port Alden "
            "Library, which will also help pay for a small caf\u00e9 in the main branch\u2019s lobby "
            "on Chandler Street.",
            "\u201cPeople don\u2019t just come here for books anymore,\u201d said Martin Okonjo, the "
            "library\u2019s director. \u201cThey come to use computers, to look for jobs, to study. "
            "On weekends we were turning them away at five o\u2019clock.\u201d",
            "The caf\u00e9, to be run by the North End bakery Crumb & Kettle, is expected to open "
            "in March. Food and drink will be allowed in the lobby and the reading room but not "
            "in the children\u2019s room or the local history collection.",
            "Sunday hours will be 1 p.m. to 5 p.m.",
        ),
        tags=("libraries", "Chandler Street"),
        comments=(("bookworm_pa", "Sunday hours! Thank you, Friends of the Library."),),
    ),
    Story(
        slug="volcanic-ash-travelers",
        headline="Volcanic ash strands Port Alden travelers in Europe",
        dek="A high school choir and dozens of residents wait for flights home as airspace "
        "stays closed",
        section="World",
        published=_at(2010, 4, 17, 6, 0),
        bylines=("Samuel Reyes",),
        byline_title="Ledger Staff Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Forty-two members of the Port Alden High School chamber choir are among the local "
            "residents stranded in Europe this week after ash from an Icelandic volcano closed "
            "airports across the continent.",
            "The choir, which sang at a festival in Vienna last weekend, was due to fly home "
            "Thursday. Its director, Rebecca Lindqvist, said by telephone yesterday that the "
            "students were safe and staying at a youth hostel while the school and parents "
            "looked for a way home.",
            "\u201cThe kids are handling it better than the adults,\u201d she said. \u201cThey gave a "
            "concert in the hostel lobby last night.\u201d",
            "Travel agents in Port Alden said they had heard from dozens of other residents "
            "stuck in London, Paris and Frankfurt. Airlines said it was not clear when flights "
            "would resume.",
        ),
        tags=("travel", "Port Alden High School"),
    ),
)

BY_SLUG: dict[str, Story] = {story.slug: story for story in STORIES}
