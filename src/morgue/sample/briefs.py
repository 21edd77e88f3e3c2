"""Briefs: the short Sports and Business items that fill most of a real paper's archive.

The stories in :mod:`.stories` are too few for a check that learns from the archive
itself: ``category`` learns each section from at least 20 of its stories, and a paper
files far more game reports and company news than features. The 2009 CMS export
therefore also holds a few more Sports stories written out in full
(:data:`SPORTS_STORIES`) and these briefs: a lead of each section's own shape (a score for
Sports, a company's news for Business) and three paragraphs of lines in the section's
words, with names from :mod:`.words`. Seeded, so every build is the same.
"""

from __future__ import annotations

import datetime as dt
import random

from . import words
from .exports import slugify
from .paper import EDT, EST
from .stories import Story, _at

__all__ = ["BRIEFS", "BRIEFS_PER_SECTION", "SPORTS_STORIES", "briefs"]

#: Briefs per section: comfortably over what ``category`` needs to learn a section
#: (``MIN_SECTION_STORIES``, 20), counting only these and not the hand-written stories.
BRIEFS_PER_SECTION = 24
SEED = 2009
#: Lines after the lead, and how many of them are quotes any section could print.
#: Briefs of template lines alone are easier to tell apart than real stories, which
#: makes a learned model sure of the briefs and unsure of everything else.
BODY_LINES = 6
QUOTE_LINES = 3
#: the CMS years (the export holds what the 2006-2010 CMS published)
FIRST_DAY, LAST_DAY = dt.date(2006, 3, 1), dt.date(2010, 6, 30)

#: the Pilots' league (minor-league baseball) and the high schools'
_PILOTS_LEAGUE = (("The Port Alden Pilots", "Pilots"), ("The Lakeport Loons", "Loons"),
                  ("The Fenwick Point Mariners", "Mariners"), ("The Dover Bay Clippers", "Clippers"))
_SCHOOLS = (("Halloway High", "Halloway High"), ("Port Alden High", "Port Alden High"),
            ("Quarry Hill Academy", "Quarry Hill"), ("St. Brendan\u2019s", "St. Brendan\u2019s"))
#: share of the Sports briefs that are Pilots games (a minor-league town's sports pages)
PILOTS_SHARE = 0.6
_LEADS = {
    "baseball": "{winner} beat {loser} {high}-{low} {game} at Breakwater Field, with {play} from {name}.",
    "school": "{winner} beat {loser} {high}-{low} in {school_game}, with {school_play} from {name}.",
}
_GAMES = ("last night", "in the season opener", "in the first game of a doubleheader", "in 11 innings",
          "on a rain-shortened night", "before the season\u2019s biggest crowd")
_PLAYS = ("a two-run homer in the seventh inning", "three hits and two stolen bases",
          "a complete-game shutout", "a bases-loaded double in the eighth", "a solo home run in the ninth")
_SCHOOL_GAMES = ("the state soccer semifinal", "the conference hockey final", "a football game at Harding Field",
                 "the opening round of the basketball tournament", "a soccer game at Founders Park")
_SCHOOL_PLAYS = ("two goals in the second half", "a touchdown run in the fourth quarter",
                 "the winning goal in overtime", "18 points and 11 rebounds", "a penalty save late in the game")
_WRITERS = {"Sports": ("Tom Brannigan", "Luis Ortega", "Grace Ellery"),
            "Business": ("Priya Natarajan", "David Okafor", "Claire Beaumont")}
_TITLES = {"Sports": "Ledger Sports Writer", "Business": "Ledger Business Writer"}
_COMPANIES = (  # (name in a sentence, name in a headline)
    ("Kessler Marine Works", "Kessler Marine"), ("The Port Alden Savings Bank", "Savings bank"),
    ("Bayside Packing", "Bayside"), ("Coastal Electric", "Coastal Electric"),
    ("Alden Media Group", "Alden Media"), ("The Harbor Credit Union", "Credit union"),
    ("Crumb & Kettle", "Crumb & Kettle"), ("Front Street Hardware", "Front Street Hardware"),
)
_NEWS = (  # (what a company did, the headline's words)
    ("reported a 12 percent rise in quarterly profit", "profit rises 12 percent"),
    ("will cut 40 jobs at its Water Street offices", "to cut 40 jobs"),
    ("agreed to buy a rival in New Hampshire", "to buy New Hampshire rival"),
    ("raised its dividend for the third year running", "raises dividend"),
    ("opened a second branch in the North End", "opens North End branch"),
    ("said holiday sales fell short of forecasts", "holiday sales fall short"),
    ("signed a lease for the old cannery building", "leases old cannery"),
    ("plans to hire 25 workers by the spring", "to hire 25"),
)
_SOURCES = ("the company said yesterday", "its chief executive said in a statement",
            "according to filings with the state", "a spokeswoman confirmed yesterday")


def _day(rng: random.Random) -> dt.datetime:
    day = dt.date.fromordinal(rng.randint(FIRST_DAY.toordinal(), LAST_DAY.toordinal()))
    tz = EDT if 4 <= day.month <= 10 else EST
    return dt.datetime(day.year, day.month, day.day, rng.randint(5, 7), rng.randrange(0, 60, 5), tzinfo=tz)


#: Second and third paragraphs, in each section's own words. Slots: {name} a person,
#: {team} the winner, {other} the loser, {n} a small number, {money} an amount.
#: Body lines, in each kind of story's own words. Slots: {name} a person, {team} and
#: {other} the two sides' short names, {n} a small number, {crowd}, {workers}, {money}.
_LINES = {
    "baseball": (
        "{name} went three for four with two runs batted in, and the bullpen held on through the ninth inning.",
        "The starter, {name}, struck out {n} over six innings and allowed one run on four hits.",
        "The loss was the {other}\u2019 third in a row; they have scored {n} runs in that stretch.",
        "\u201cWe left too many runners on base,\u201d said {other} manager {name}. \u201cThat is the whole story.\u201d",
        "The winning run scored on a wild pitch after a leadoff walk and a stolen base.",
        "A crowd of {crowd} watched at Breakwater Field, and the game was delayed 40 minutes in the fourth inning.",
        "The {team} lead the division by {n} games with three weeks left in the regular season.",
        "{name}, the {team}\u2019 shortstop, left in the third inning with a sprained ankle and is day-to-day.",
        "The teams play again tonight at 7:05, and the series ends Sunday afternoon.",
        "\u201cThe fans were great all night,\u201d said {team} manager {name}. \u201cThe pitchers did the rest.\u201d",
        "{name} tripled off the wall in center field in the fifth and scored on a sacrifice fly.",
        "The {other} shortstop made two errors in the sixth inning, and the {team} scored three unearned runs.",
        "When the final out settled into the center fielder\u2019s glove, the players poured out of the dugout.",
        "{name}, a first baseman who grew up in Port Alden, homered for the second night in a row.",
        "The reliever {name} pitched a scoreless eighth and ninth for his {n}th save of the season.",
        "The {team} are {n} games over .500 and two games out of first place in the division race.",
        "The league championship series opens next week, and the {team} would have home field.",
        "Fans stayed on their feet through the ninth inning as the {team} closed in on the title.",
        "The {other} pulled their starter after four innings and used five pitchers in all.",
        "{name} was hit by a pitch with the bases loaded in the seventh to force in the tying run.",
    ),
    "school": (
        "\u201cWe played a full game tonight,\u201d said {team} coach {name}. \u201cThe kids never let up.\u201d",
        "{name}, a senior, has scored in each of the last {n} games and leads the league.",
        "{team} improved to {n} wins against two losses in the conference and hosts the playoff opener.",
        "The defense did not allow a shot in the final period, and the goalkeeper made {n} saves.",
        "{other} had won four straight before the loss, which ends its regular season.",
        "The state tournament draw is announced on Sunday, and the top seed plays at home.",
        "A crowd of {crowd} filled the stands on a cold night, many of them students.",
    ),
    "Business": (
        "The company employs about {workers} people in Halloway County, most of them in Port Alden.",
        "Revenue for the quarter rose to ${money} million on stronger orders, the company said.",
        "\u201cWe are cautious about the rest of the year,\u201d said {name}, the chief financial officer.",
        "Shares of the company rose {n} percent on the news, and analysts raised their profit forecasts.",
        "The deal still needs the approval of state banking regulators, which is expected by summer.",
        "{name}, president of the chamber of commerce, called it a sign of confidence in the local economy.",
        "The company said it would keep its headquarters on Water Street and its jobs in the state.",
        "Its last expansion, in 2004, added {workers} jobs and a second shift at the plant.",
        "The terms were not disclosed, but people familiar with the talks put the price near ${money} million.",
        "Profit margins have narrowed as the cost of fuel, insurance and wages climbed, the company said.",
        "Unemployment in the county stood at {n} percent last month, the state labor department said.",
        "Local lenders said business loans were harder to get than a year ago, especially for small firms.",
        "The plant\u2019s workers are represented by the machinists\u2019 union, whose contract runs through 2011.",
        "{name}, an economist at the state university, said retail and restaurant jobs were the hardest hit.",
        "The company\u2019s largest customer is the Navy, which accounts for about a third of its sales.",
        "Its board approved the plan on Tuesday, and the company expects to close the sale by the end of the year.",
        "Investors had expected earnings of about {n} cents a share, according to a survey of analysts.",
        "The move follows layoffs at two other waterfront employers since the start of the year.",
        "{name}, the company\u2019s chief executive, said orders had picked up since the spring.",
        "The state offered ${n} million in tax credits to keep the jobs in Port Alden, officials said.",
    ),
}


def _person(rng: random.Random) -> str:
    return f"{rng.choice(words.FIRST_NAMES)} {rng.choice(words.LAST_NAMES)}"


def _paragraphs(rng: random.Random, kind: str, lead: str, slots: dict[str, str]) -> tuple[str, ...]:
    """The lead, then three paragraphs of two lines: the kind's own (none used twice) and
    quotes any section could print, as real stories mix the two."""
    lines = rng.sample(_LINES[kind], BODY_LINES - QUOTE_LINES)
    filled = [line.format(name=_person(rng), n=rng.randint(3, 9), crowd=f"{rng.randint(8, 60) * 100:,}",
                          workers=rng.randint(4, 40) * 10, money=rng.randint(3, 90), **slots)
              for line in lines]
    for _ in range(QUOTE_LINES):
        quote = f"\u201c{rng.choice(words.QUOTES)},\u201d said {_person(rng)}, {rng.choice(words.ROLES)}."
        filled.insert(rng.randrange(len(filled) + 1), quote)
    return (lead, *(" ".join(filled[i:i + 2]) for i in range(0, len(filled), 2)))


def _sports(rng: random.Random, n: int) -> Story:
    kind = "baseball" if rng.random() < PILOTS_SHARE else "school"
    teams = _PILOTS_LEAGUE if kind == "baseball" else _SCHOOLS
    if kind == "baseball" and rng.random() < 0.7:  # the paper's own team plays most games it covers
        pilots = teams[0]
        (winner, win_short), (loser, lose_short) = rng.sample([pilots, rng.choice(teams[1:])], 2)
    else:
        (winner, win_short), (loser, lose_short) = rng.sample(teams, 2)
    high = rng.randint(2, 9)
    low = rng.randint(0, high - 1)
    lead = _LEADS[kind].format(
        winner=winner, loser=loser.replace("The ", "the ", 1), high=high, low=low, name=_person(rng),
        game=rng.choice(_GAMES), play=rng.choice(_PLAYS), school_game=rng.choice(_SCHOOL_GAMES),
        school_play=rng.choice(_SCHOOL_PLAYS))
    headline = f"{win_short} beat {lose_short} {high}-{low}"
    slots = {"team": win_short, "other": lose_short}
    return _story(rng, n, "Sports", headline, _paragraphs(rng, kind, lead, slots), (kind, win_short))


def _business(rng: random.Random, n: int) -> Story:
    company, short = rng.choice(_COMPANIES)
    did, says = rng.choice(_NEWS)
    lead = f"{company} {did}, {rng.choice(_SOURCES)}."
    return _story(rng, n, "Business", f"{short} {says}", _paragraphs(rng, "Business", lead, {}),
                  ("business", short))


def _story(rng: random.Random, n: int, section: str, headline: str, paragraphs: tuple[str, ...],
           tags: tuple[str, ...]) -> Story:
    return Story(
        slug=f"{slugify(headline)}-{n}", headline=headline, dek="", section=section,
        published=_day(rng), bylines=(rng.choice(_WRITERS[section]),),
        byline_title=_TITLES[section], dateline="PORT ALDEN", paragraphs=paragraphs, tags=tags,
    )


def briefs(per_section: int = BRIEFS_PER_SECTION, seed: int = SEED) -> tuple[Story, ...]:
    """``per_section`` Sports and as many Business briefs, Sports first, oldest first."""
    rng = random.Random(seed)
    made = [_sports(rng, n) for n in range(1, per_section + 1)]
    made += [_business(rng, n) for n in range(1, per_section + 1)]
    return tuple(sorted(made, key=lambda s: (s.section != "Sports", s.published, s.slug)))


#: Sports stories of the CMS years written out in full, as the sports desk filed them
#: between the briefs: a learned model of a section needs some stories of the ordinary
#: length and style, not only briefs, to judge one.
SPORTS_STORIES: tuple[Story, ...] = (
    Story(
        slug="pilots-sign-catcher", headline="Pilots add veteran catcher for the stretch run",
        dek="Ray Delacroix, 34, played parts of three seasons in the majors", section="Sports",
        published=_at(2009, 7, 29, 6, 0), bylines=("Tom Brannigan",), byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "The Port Alden Pilots signed the veteran catcher Ray Delacroix yesterday, adding a steady "
            "hand behind the plate for a young pitching staff as the team chases its first division "
            "title in more than a decade.",
            "Delacroix, 34, played parts of three seasons in the major leagues and spent the last two "
            "years in Mexico. He is expected to start tonight\u2019s game against the Lakeport Loons at "
            "Breakwater Field.",
            "\u201cOur pitchers are throwing strikes, but they need somebody to talk them through the "
            "sixth and seventh innings,\u201d said manager Marcus Hale. \u201cRay has caught a lot of "
            "big games.\u201d",
            "To make room on the roster, the Pilots released the infielder Corey Banks, who was hitting "
            ".198 in 41 games.",
        ),
        tags=("Pilots", "baseball"),
    ),
    Story(
        slug="halloway-hockey-title", headline="Halloway High wins its first state hockey title",
        dek="A goal in double overtime ends a 40-year wait", section="Sports",
        published=_at(2008, 3, 17, 6, 0), bylines=("Grace Ellery",), byline_title="Ledger Sports Writer",
        dateline="BOSTON",
        paragraphs=(
            "Halloway High won the state Division 2 hockey championship last night, beating Westfield "
            "3-2 in double overtime at the Garden on a goal by the junior forward Owen Tull.",
            "It is the school\u2019s first state title in hockey, and it came 40 years after the "
            "Halloway team of 1968 lost the final in overtime on the same ice.",
            "\u201cI told them between periods that nobody would remember how tired they were,\u201d said "
            "coach Dennis Shea. \u201cThey would only remember who scored the next goal.\u201d",
            "Goalkeeper Nadia Haddad made 41 saves, including a sliding stop on a breakaway with less "
            "than a minute left in regulation. Several hundred fans met the team bus when it returned "
            "to the school after midnight.",
        ),
        tags=("hockey", "Halloway High"),
    ),
    Story(
        slug="harbor-road-race", headline="Record field runs the harbor road race",
        dek="A Kenyan runner sets a course record on a cool morning", section="Sports",
        published=_at(2007, 9, 10, 6, 0), bylines=("Luis Ortega",), byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "More than 2,400 runners finished the Port Alden Harbor Road Race yesterday, the largest "
            "field in the event\u2019s 31 years, and Daniel Kiprop of Kenya set a course record for the "
            "10-kilometer loop around the waterfront.",
            "Kiprop finished in 28 minutes 51 seconds, 14 seconds under the old record, pulling away "
            "from the lead pack on the long climb up Prospect Avenue.",
            "The first runner from Port Alden was Fatima Sato, a teacher at Harding Middle School, who "
            "was the third woman across the line. \u201cI train on that hill every morning, so I knew "
            "where to push,\u201d she said.",
            "Organizers said the race raised about $60,000 for the Halloway General Hospital cancer "
            "center.",
        ),
        tags=("running", "harbor road race"),
    ),
    Story(
        slug="castellano-promoted", headline="Pilots closer Castellano promoted to Double-A",
        dek="The right-hander leads the league with 24 saves", section="Sports",
        published=_at(2006, 7, 12, 6, 0), bylines=("Tom Brannigan",), byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Danny Castellano, who gave up the winning runs on opening night two years ago, is leaving "
            "Breakwater Field for Double-A after the best half season of any reliever in the league.",
            "Castellano, 24, has 24 saves and an earned run average of 1.41 for the Pilots this year. "
            "The parent club called him up yesterday afternoon, and he was to join his new team in "
            "Portland before tonight\u2019s game.",
            "\u201cHe learned to throw his slider for a strike, and after that nobody could hit him,\u201d "
            "said pitching coach Henry Marsh.",
            "The Pilots, who lead the division by two games, will use the left-hander Kevin Osterberg "
            "in the ninth inning for now.",
        ),
        tags=("Pilots", "baseball"),
    ),
    Story(
        slug="loons-edge-pilots", headline="Loons edge Pilots in 12 innings",
        dek="A throwing error ends the longest game of the season", section="Sports",
        published=_at(2008, 8, 22, 6, 0), bylines=("Tom Brannigan",), byline_title="Ledger Sports Writer",
        dateline="LAKEPORT",
        paragraphs=(
            "The Lakeport Loons beat the Port Alden Pilots 4-3 in 12 innings last night when a "
            "throwing error by the Pilots\u2019 third baseman allowed the winning run to score from "
            "second base.",
            "The game lasted four hours and 11 minutes, the longest of the season for both teams. "
            "Each side used six pitchers, and the Pilots stranded 14 runners.",
            "\u201cWe had chances in the 10th and 11th and could not get the big hit,\u201d said "
            "manager Marcus Hale. \u201cYou lose a game like that and you just go get some sleep.\u201d",
            "The loss cut the Pilots\u2019 lead in the division to one game over Lakeport with 12 games "
            "left in the regular season.",
        ),
        tags=("Pilots", "baseball"),
    ),
    Story(
        slug="breakwater-field-lights", headline="Breakwater Field gets new lights and a longer season",
        dek="The Pilots will open a week earlier next spring", section="Sports",
        published=_at(2009, 11, 4, 6, 0), bylines=("Luis Ortega",), byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Breakwater Field will get new lights and a rebuilt infield this winter, and the Port Alden "
            "Pilots will open their season at home a week earlier next spring, the team said yesterday.",
            "The old lights, installed when the ballpark opened in 1992, left the outfield so dim that "
            "umpires twice stopped games last season when fly balls disappeared above the towers.",
            "\u201cOur players deserve a field like the ones they will see in the big leagues,\u201d said "
            "the team\u2019s general manager, Nadia Sato. \u201cAnd our fans deserve to see the ball.\u201d",
            "The Pilots, the defending division champions, open on April 2 against the Lakeport Loons.",
        ),
        tags=("Pilots", "baseball", "Breakwater Field"),
    ),
    Story(
        slug="hale-named-manager", headline="Marcus Hale returns to manage the Pilots",
        dek="The former first baseman grew up four miles from Breakwater Field", section="Sports",
        published=_at(2007, 1, 23, 6, 0), bylines=("Tom Brannigan",), byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Marcus Hale, who hit the home run that gave the Pilots their first lead of the 2004 "
            "season, was named the team\u2019s manager yesterday, the youngest in the league at 31.",
            "Hale played first base for the Pilots for two seasons before a knee injury ended his "
            "playing career in Double-A. He spent the last two years as the team\u2019s hitting coach.",
            "\u201cI sat in the bleachers here as a kid and dreamed about playing on that field,\u201d Hale "
            "said at a news conference behind home plate. \u201cNow I get to fill out the lineup card.\u201d",
            "The Pilots finished fourth in the division last season, 14 games out of first place, and "
            "have not won a playoff series since 1998.",
        ),
        tags=("Pilots", "baseball"),
    ),
    Story(
        slug="pilots-no-hitter", headline="Osterberg throws the Pilots\u2019 first no-hitter",
        dek="The left-hander strikes out 11 and walks two against Dover Bay", section="Sports",
        published=_at(2008, 6, 14, 6, 0), bylines=("Tom Brannigan",), byline_title="Ledger Sports Writer",
        dateline="PORT ALDEN",
        paragraphs=(
            "Kevin Osterberg threw the first no-hitter in the Port Alden Pilots\u2019 history last night, "
            "striking out 11 Dover Bay Clippers in a 3-0 win before 4,960 fans at Breakwater Field.",
            "The left-hander walked two batters and hit one, and the only hard-hit ball against him was "
            "a line drive in the eighth inning that shortstop Luis Ortega caught at his shoe tops.",
            "When the last batter swung and missed, catcher Ray Delacroix ran to the mound and lifted "
            "Osterberg off his feet as the players poured out of the dugout.",
            "\u201cI did not look at the scoreboard until the ninth,\u201d Osterberg said. \u201cThen I "
            "saw all the zeros, and my legs started shaking.\u201d",
        ),
        tags=("Pilots", "baseball"),
    ),
    Story(
        slug="pilots-playoffs-lose", headline="Pilots\u2019 season ends in the championship series",
        dek="Lakeport wins the deciding game 6-2", section="Sports",
        published=_at(2008, 9, 15, 6, 0), bylines=("Tom Brannigan",), byline_title="Ledger Sports Writer",
        dateline="LAKEPORT",
        paragraphs=(
            "The Port Alden Pilots\u2019 best season in a decade ended last night in Lakeport, where the "
            "Loons won the deciding game of the league championship series 6-2.",
            "Lakeport scored four runs in the third inning off starter Danny Reyes, two of them on a "
            "bases-loaded double, and the Pilots never got the tying run to the plate after that.",
            "\u201cNobody picked us to be here in April,\u201d manager Marcus Hale said in a quiet "
            "clubhouse. \u201cThese guys should hold their heads up.\u201d",
            "The Pilots won 81 games, the most since 1998, and drew a record 212,000 fans to Breakwater "
            "Field over the regular season.",
        ),
        tags=("Pilots", "baseball"),
    ),
)

#: Everything the CMS export holds beyond the stories of :mod:`.stories`, oldest first.
BRIEFS: tuple[Story, ...] = tuple(sorted((*briefs(), *SPORTS_STORIES),
                                         key=lambda s: (s.published, s.slug)))
