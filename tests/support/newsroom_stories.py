"""The articles of the team's own test newsroom: text written for polwire's tests, with the fields
each page must yield.

The people, parties' quotes and events are invented; institutions and places are real so that
sections, countries and wires read as they would in regional politics news. Every body is long
enough for validation (40 words) and about something else, so MinHash sees no two as copies.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Story:
    """One article as its page must be read: the expected fields, and how the page is laid out."""

    slug: str
    template: str  # "jsonld", "opengraph" or "plain" (see tests/support/newsroom_pages.py)
    language: str
    published: str  # ISO-8601 with offset, as the page prints it
    section: str
    authors: tuple[str, ...]
    wire: str | None
    dateline: str | None  # printed before the first paragraph, e.g. "SEOUL (Reuters) -"
    title: str
    paragraphs: tuple[str, ...]

    @property
    def body(self) -> str:
        """The body extraction must give: the paragraphs, the dateline kept on the first."""
        first = f"{self.dateline} {self.paragraphs[0]}" if self.dateline else self.paragraphs[0]
        return "\n\n".join((first, *self.paragraphs[1:]))

    @property
    def expected_section(self) -> str | None:
        """The plain template names its section only in a breadcrumb, which is not a claim."""
        return None if self.template == "plain" else self.section


def _story(
    slug: str,
    template: str,
    published: str,
    section: str,
    authors: tuple[str, ...],
    title: str,
    *paragraphs: str,
    language: str = "en",
    wire: str | None = None,
    dateline: str | None = None,
) -> Story:
    return Story(
        slug=slug,
        template=template,
        language=language,
        published=published,
        section=section,
        authors=authors,
        wire=wire,
        dateline=dateline,
        title=title,
        paragraphs=paragraphs,
    )


STORIES: tuple[Story, ...] = (
    _story(
        "pension-reform-delay",
        "jsonld",
        "2025-03-04T09:15:00+09:00",
        "politics",
        ("Haruka Mizuno",),
        "Prime Minister Dodges Criticism Over Delayed Pension Reform",
        "The prime minister deflected questions in the Diet on Tuesday about why a promised"
        " overhaul of the national pension system has slipped into next year, saying the"
        " coalition needed more time to build support among its own backbenchers.",
        "Opposition lawmakers accused the government of trying to dodge an unpopular vote"
        " before the upper house election, and demanded a full debate on the contribution"
        " rates that younger workers would pay under the draft plan.",
        "Officials at the health ministry said the bill would raise the ceiling on monthly"
        " premiums for part-time workers at large firms, a change business lobbies have"
        " resisted for years because it lifts their payroll costs.",
        "Polls published at the weekend showed support for the cabinet at its lowest level"
        " since the coalition took office, with pensions ranked as the second biggest worry"
        " after prices among voters over sixty.",
    ),
    _story(
        "seoul-budget-standoff",
        "opengraph",
        "2025-11-28T16:40:00+09:00",
        "politics",
        ("Park Ji-won", "Lee Seo-yeon"),
        "South Korea's Parliament Misses Budget Deadline Amid Standoff",
        "South Korea's National Assembly failed to pass next year's budget by its legal"
        " deadline on Friday after the ruling and main opposition parties could not agree on"
        " cuts to special activity funds used by prosecutors and the presidential office.",
        "The speaker urged both floor leaders to return to talks over the weekend, warning"
        " that a prolonged impasse would delay payments to local governments that depend on"
        " central grants to open winter heating shelters.",
        "Finance ministry officials said the government would run on a provisional spending"
        " plan if no deal emerged by the end of December, something that has not happened"
        " since the constitution was last revised in 1987.",
    ),
    _story(
        "taiwan-recall-vote",
        "plain",
        "2025-07-26T21:05:00+08:00",
        "politics",
        ("Chen Wei-ting",),
        "Taiwan Voters Reject Recall of Opposition Lawmakers",
        "Voters in Taiwan turned down efforts to remove a group of opposition legislators on"
        " Saturday, handing a setback to civic groups that had gathered signatures for months"
        " to force the rare recall ballots.",
        "Turnout in most districts fell short of the quarter of registered voters needed for a"
        " recall to succeed, the Central Election Commission said, although a few contests in"
        " Taipei and Taichung were closer than expected.",
        "Analysts said the result would embolden the opposition majority in the Legislative"
        " Yuan as it prepares to review the president's defense spending request and a bill on"
        " the powers of the Control Yuan.",
        "Organisers of the recall campaign said they accepted the result and would now focus on"
        " next year's local elections, where they hope to field their own candidates for city"
        " councils.",
    ),
    _story(
        "japan-china-seafood-talks",
        "plain",
        "2025-05-19T14:30:00+09:00",
        "diplomacy",
        (),
        "Japan and China Resume Talks on Seafood Import Ban",
        "Japanese and Chinese officials met in Beijing on Monday for the first round of"
        " technical talks in eight months on lifting China's ban on Japanese seafood imports,"
        " imposed after treated water from the Fukushima plant began to be released.",
        "A Japanese foreign ministry official said the two sides discussed how additional"
        " sampling by third-country laboratories could be organised, and agreed to meet again"
        " before the summer fishing season.",
        "Fishing cooperatives in Hokkaido, which sold much of their scallop catch to Chinese"
        " processors before the ban, have asked Tokyo to press for a timetable rather than"
        " further rounds of consultations.",
        "China's customs agency did not comment on the talks, but Chinese state media said any"
        " decision would depend on long-term monitoring that Beijing considers independent.",
        wire="Kyodo",
    ),
    _story(
        "north-korea-missile-sea",
        "plain",
        "2025-01-14T10:20:00+09:00",
        "defense",
        ("Kim Min-jae",),
        "North Korea Fires Ballistic Missile Into the Sea, Seoul Says",
        "North Korea fired at least one short-range ballistic missile off its east coast on"
        " Tuesday morning, South Korea's Joint Chiefs of Staff said, the first such launch"
        " since the new year began.",
        "The missile flew about 900 kilometres before landing outside Japan's exclusive"
        " economic zone, according to the defence ministry in Tokyo, which said there were no"
        " reports of damage to ships or aircraft.",
        "Officials in Seoul said the launch appeared timed to coincide with a visit by a"
        " senior American diplomat, and that intelligence authorities were analysing whether"
        " a new solid-fuel engine had been used.",
        "Japan's prime minister told reporters the launch threatened regional peace, and the"
        " three countries' envoys spoke by telephone within hours to coordinate a response at"
        " the United Nations.",
        wire="Reuters",
        dateline="SEOUL (Reuters) -",
    ),
    _story(
        "ldp-leadership-race",
        "jsonld",
        "2025-09-22T18:00:00+09:00",
        "politics",
        ("Takeshi Ono", "Yui Hasegawa"),
        "Five Candidates Enter Race to Lead Japan's Ruling Party",
        "Five lawmakers filed their candidacies on Monday to lead the Liberal Democratic Party,"
        " setting up a twelve-day campaign in which the winner is all but certain to become"
        " the next prime minister of Japan.",
        "The contenders include two former cabinet ministers, a reformist who has called for"
        " dissolving the party's factions for good, and the chief cabinet secretary, who"
        " promised continuity on economic policy.",
        "Rank-and-file members will cast ballots by post, and their votes will carry the same"
        " weight as those of the party's lawmakers in the first round, a rule change adopted"
        " after complaints that members had been sidelined.",
        "Campaign debates will be held in Osaka, Fukuoka and Sapporo, and each candidate is"
        " expected to publish a platform on wages, defence spending and the fiscal deficit"
        " before the first televised forum.",
    ),
    _story(
        "hong-kong-district-councils",
        "opengraph",
        "2025-04-09T12:45:00+08:00",
        "politics",
        ("Wong Ka-yan",),
        "Hong Kong Adds Vetting Step for District Council Candidates",
        "Hong Kong's government introduced rules on Wednesday that require candidates for"
        " district councils to secure nominations from three government-appointed committees,"
        " tightening control over the neighbourhood bodies.",
        "The secretary for constitutional affairs said the change ensured that only patriots"
        " would serve in local government, while two former councillors said it left voters"
        " with no meaningful choice.",
        "The legislature, which no longer has an opposition bloc, is expected to approve the"
        " amendments within a month so that they apply to the next round of elections.",
    ),
    _story(
        "china-npc-standing-committee",
        "jsonld",
        "2025-06-27T20:10:00+08:00",
        "politics",
        (),
        "China's Top Legislature Approves Revised Law on Private Businesses",
        "China's top legislative body passed a revised law on Friday promising private firms"
        " equal access to markets and credit, part of an effort to revive confidence among"
        " entrepreneurs after several years of regulatory crackdowns.",
        "The law, adopted by the Standing Committee of the National People's Congress, bans"
        " local governments from demanding fees that state-owned rivals do not pay and gives"
        " companies a channel to complain about arbitrary inspections.",
        "Economists said the text was largely a restatement of existing policies and that"
        " its impact would depend on how courts in the provinces interpret it.",
        wire="Xinhua",
        dateline="BEIJING (Xinhua) -",
    ),
    _story(
        "japan-defense-budget-record",
        "opengraph",
        "2025-12-20T11:00:00+09:00",
        "defense",
        ("Ryo Kato",),
        "Japan Approves Record Defense Budget for Next Fiscal Year",
        "Japan's cabinet approved a record defence budget on Saturday that funds long-range"
        " missiles, new destroyers and a satellite network, as the government moves toward"
        " spending two percent of national output on security.",
        "The defence minister told reporters that the counterstrike missiles would be"
        " deployed in Kumamoto first, followed by bases on the Satsuma peninsula, and that"
        " local residents would be briefed at public meetings.",
        "Critics in the opposition said the increase was being financed with construction"
        " bonds and postponed tax rises, leaving the country's heavy debt burden to future"
        " governments to resolve.",
    ),
    _story(
        "korea-japan-shuttle-diplomacy",
        "plain",
        "2025-08-23T19:30:00+09:00",
        "diplomacy",
        (),
        "South Korean Leader Visits Tokyo, Reviving Shuttle Diplomacy",
        "South Korea's president arrived in Tokyo on Saturday for a summit with the Japanese"
        " prime minister, the latest in a series of reciprocal visits the two governments"
        " revived after years of strained relations.",
        "Officials said the leaders would discuss supply chains for semiconductors, a joint"
        " response to North Korean missile launches, and a working holiday programme for young"
        " people that both sides want to expand.",
        "The two countries still disagree over wartime labour and the history taught in"
        " school textbooks, but aides said neither leader intended to let those issues"
        " dominate the meeting.",
        "The president is also due to meet Korean residents in Tokyo and business leaders from"
        " both countries before returning to Seoul on Sunday evening.",
        wire="Yonhap",
        dateline="TOKYO, Aug. 23 (Yonhap) --",
    ),
    _story(
        "philippines-south-china-sea",
        "plain",
        "2025-02-11T15:50:00+08:00",
        "diplomacy",
        ("Maria Santos",),
        "Manila Protests Chinese Coast Guard Manoeuvres Near Shoal",
        "The Philippines lodged a diplomatic protest on Tuesday after Chinese coast guard"
        " vessels used water cannon near a disputed shoal in the South China Sea, damaging a"
        " fisheries patrol boat and injuring two crew members.",
        "China's foreign ministry said its ships had acted lawfully to expel vessels that"
        " entered waters it claims, and accused Manila of provoking the confrontation with the"
        " backing of outside powers.",
        "The episode came days before defence officials from the Philippines, Japan and"
        " Australia were due to meet in Canberra to discuss joint maritime patrols.",
        "Fishermen from Zambales province said they had stopped sailing to the shoal's"
        " traditional grounds since the spring, and asked the government for fuel subsidies to"
        " reach waters further south.",
        wire="AFP",
        dateline="MANILA (AFP) -",
    ),
    _story(
        "tokyo-governor-housing",
        "jsonld",
        "2025-10-02T08:45:00+09:00",
        "politics",
        ("Mei Tanaka",),
        "Tokyo Governor Unveils Plan to Cap Rents for Young Families",
        "Tokyo's governor announced a plan on Thursday to subsidise rents for households with"
        " children under six in the capital's twenty-three wards, where housing costs have"
        " risen faster than wages for a decade.",
        "The metropolitan government would pay landlords who agree to keep rents below a"
        " ceiling for five years, an approach the governor said would cost less than building"
        " new public housing.",
        "Assembly members from the largest party welcomed the idea but asked how the"
        " programme would be funded once the metropolitan government's reserve fund runs low.",
    ),
    _story(
        "insurrection-trial-verdict",
        "opengraph",
        "2025-10-31T17:20:00+09:00",
        "politics",
        ("Choi Hyun-woo",),
        "Court Sets Date for Verdict in Former Minister's Insurrection Trial",
        "A Seoul court said on Friday it would deliver its verdict next month in the"
        " insurrection trial of a former interior minister accused of helping plan the brief"
        " imposition of martial law last December.",
        "Prosecutors have asked for a twenty-year prison sentence, arguing that the defendant"
        " ordered police to block lawmakers from entering the National Assembly, which he"
        " denies.",
        "The ruling is expected to shape several related cases, including those of military"
        " commanders who say they only followed orders they believed to be lawful.",
    ),
    _story(
        "japan-rice-prices",
        "plain",
        "2025-06-03T13:10:00+09:00",
        "economy",
        ("Sota Fujii", "Aiko Mori"),
        "Farm Minister Releases More Reserve Rice to Curb Prices",
        "Japan's farm minister ordered the release of another 300,000 tonnes of rice from"
        " government stockpiles on Tuesday, saying supermarket prices had to come down before"
        " the summer holidays.",
        "The price of a five-kilogram bag has nearly doubled in a year, and the government has"
        " faced criticism for moving too slowly while wholesalers held back stock.",
        "Farmers' groups warned that selling reserves at a discount would depress prices paid"
        " to growers at the autumn harvest, and asked for a guarantee that support payments"
        " would not be cut.",
        "The ministry said it would also publish weekly figures on stocks held by wholesalers"
        " and retailers, so that consumers could see whether the released grain was reaching"
        " store shelves or being kept in warehouses.",
    ),
    _story(
        "us-japan-tariff-deal",
        "jsonld",
        "2025-07-23T07:30:00+09:00",
        "economy",
        (),
        "Japan and United States Reach Tariff Agreement on Cars",
        "Japan and the United States reached an agreement on Wednesday that lowers American"
        " tariffs on Japanese cars in exchange for investment pledges, ending months of"
        " negotiations that had weighed on the Tokyo stock market.",
        "Japan's chief negotiator said the deal kept the tariff on cars below the rate first"
        " threatened by Washington, while leaving rice imports under existing quotas.",
        "Shares of carmakers rose sharply in morning trading, and business groups said the"
        " agreement removed the biggest uncertainty over their plans for the coming year.",
        wire="Reuters",
        dateline="TOKYO (Reuters) -",
    ),
    _story(
        "border-hotline-proposal",
        "plain",
        "2025-06-16T09:40:00+09:00",
        "north korea",
        (),
        "Unification Ministry Proposes Resuming Border Hotline",
        "South Korea's unification ministry proposed on Monday that the two Koreas restore a"
        " communication line at the border village of Panmunjom, five years after the North"
        " blew up a joint liaison office in Kaesong.",
        "A ministry spokesperson said the government had stopped loudspeaker broadcasts"
        " along the frontier as a goodwill gesture and hoped Pyongyang would answer calls on"
        " the hotline again.",
        "North Korea has not responded to inter-Korean calls since 2023, and its leader has"
        " described the South as a separate hostile state rather than a partner for"
        " reunification.",
        "The ministry said it had also asked the Red Cross to prepare video reunions for"
        " families separated by the war, many of whose members are now in their nineties.",
        wire="Yonhap",
        dateline="SEOUL, June 16 (Yonhap) --",
    ),
    _story(
        "okinawa-base-relocation",
        "opengraph",
        "2025-03-18T20:00:00+09:00",
        "politics",
        ("Kenji Higa",),
        "Okinawa Governor Vows to Keep Fighting Base Relocation Work",
        "Okinawa's governor said on Tuesday that the prefecture would file a new lawsuit to"
        " halt landfill work off the Henoko coast, where the central government is building a"
        " replacement for an American air base.",
        "The government began reclaiming a second section of the bay in January under an"
        " order issued after the supreme court ruled against the prefecture in an earlier"
        " case.",
        "Engineers have warned that soft seabed in the area will need tens of thousands of"
        " piles to stabilise, which could delay completion well into the next decade.",
    ),
    _story(
        "taiwan-defense-special-budget",
        "jsonld",
        "2025-11-14T18:25:00+08:00",
        "defense",
        ("Lin Yu-hsuan",),
        "Taiwan Cabinet Seeks Special Budget for Drones and Air Defence",
        "Taiwan's cabinet approved a special budget on Friday to buy thousands of drones and"
        " expand air defences over the next eight years, sending the request to a legislature"
        " controlled by the opposition.",
        "The premier said the spending was needed because China has increased the number of"
        " warplanes and ships it sends near the island, and because deliveries of American"
        " weapons have been delayed.",
        "Opposition legislators said they would review every item and would not hand the"
        " government what one called a blank cheque.",
    ),
    _story(
        "mongolia-coalition-collapse",
        "plain",
        "2025-06-13T22:15:00+08:00",
        "politics",
        ("Bat-Erdene Ganbold",),
        "Mongolia's Prime Minister Loses Confidence Vote",
        "Mongolia's prime minister lost a confidence vote in parliament on Friday after weeks"
        " of protests in Ulaanbaatar over the spending of a senior official's family, which"
        " demonstrators said reflected wider corruption.",
        "Lawmakers from his own party split on the vote, and the president asked parliament"
        " to nominate a successor within thirty days.",
        "The coalition formed after last year's election had promised to use mining revenue"
        " for a sovereign wealth fund, a plan that is now likely to be delayed.",
        "Protest organisers said they would keep gathering on Sukhbaatar Square until a new"
        " cabinet published the asset declarations of its members, and several student unions"
        " joined the call.",
    ),
    _story(
        "japan-upper-house-result",
        "jsonld",
        "2025-07-21T02:30:00+09:00",
        "politics",
        ("Naoki Sato", "Emi Kobayashi"),
        "Ruling Coalition Loses Upper House Majority in Japan",
        "Japan's ruling coalition lost its majority in the upper house of parliament in"
        " Sunday's election, leaving the government without control of either chamber for the"
        " first time since the party was founded.",
        "A small populist party that campaigned against immigration and consumption tax won"
        " more than a dozen seats, drawing young voters in cities who had not voted before.",
        "The prime minister said he would stay on to finish tariff talks with the United"
        " States, but several senior party figures called for him to take responsibility for"
        " the defeat.",
        "Turnout rose to its highest level in more than twenty years, which analysts credited"
        " to campaigns run largely on video platforms.",
    ),
    _story(
        "seoul-mayor-investigation",
        "opengraph",
        "2025-05-27T15:05:00+09:00",
        "politics",
        (),
        "Police Question Seoul Mayor Over Polling Payments",
        "Police questioned the mayor of Seoul on Tuesday over allegations that a business"
        " associate paid for private opinion polls used in his election campaign four years"
        " ago.",
        "The mayor told reporters outside the station that he had never asked anyone to pay"
        " for surveys and that he would cooperate fully with the investigation.",
        "If charged and convicted of violating political funding laws, he could lose his"
        " office and be barred from running for the presidency.",
        wire="Yonhap",
        dateline="SEOUL, May 27 (Yonhap) --",
    ),
    _story(
        "china-us-trade-truce",
        "plain",
        "2025-05-12T18:40:00+08:00",
        "economy",
        (),
        "China and United States Agree to Cut Tariffs for 90 Days",
        "China and the United States agreed on Monday to lower the steep tariffs they had"
        " placed on each other's goods for ninety days, after two days of talks between trade"
        " officials in Geneva.",
        "Chinese officials said the truce would give companies time to restore shipments that"
        " had been cancelled, and that the two sides had set up a mechanism to keep talking.",
        "Factory owners in Guangdong said orders from American retailers had started to return"
        " within hours of the announcement.",
        "Economists cautioned that the lower rates were still far above last year's levels and"
        " that a lasting agreement would require concessions on export controls for advanced"
        " chips, which neither side has offered.",
        wire="AFP",
        dateline="BEIJING (AFP) -",
    ),
    _story(
        "japan-immigration-panel",
        "jsonld",
        "2025-11-05T10:05:00+09:00",
        "politics",
        ("Hiroshi Yamada",),
        "Government Panel Proposes Tighter Rules for Foreign Residents",
        "A Japanese government panel recommended on Wednesday stricter checks on foreign"
        " residents who do not pay health insurance premiums, as the new cabinet responds to"
        " voters worried about immigration.",
        "The proposals include sharing tax and insurance records between ministries and"
        " refusing to renew visas for people with long unpaid bills, officials said.",
        "Groups that support foreign workers said the measures singled out a small minority"
        " and could discourage people from seeking medical care.",
    ),
    _story(
        "korean-election-commission",
        "plain",
        "2025-04-04T11:50:00+09:00",
        "politics",
        ("Jung Da-eun",),
        "Election Commission Sets June Date for Snap Presidential Vote",
        "South Korea's national election commission set the third of June as the date for an"
        " early presidential election, after the Constitutional Court upheld the removal of the"
        " former president from office.",
        "Parties must register their candidates within a month, and the commission said it"
        " would add polling stations abroad to meet demand from voters living overseas.",
        "The main opposition leader, who narrowly lost the last election, is expected to be"
        " nominated again, while the ruling party faces a crowded primary.",
        "Officials said ballots would be counted by hand as well as by machine in every"
        " district, a step taken to answer conspiracy theories about electoral fraud that spread"
        " widely among supporters of the former president.",
    ),
    _story(
        "china-taiwan-drills",
        "opengraph",
        "2025-04-01T08:10:00+08:00",
        "defense",
        ("Huang Mei-ling",),
        "Taiwan Tracks Chinese Warships as Beijing Announces Drills",
        "Taiwan's defence ministry said on Tuesday it had tracked dozens of Chinese warships"
        " and aircraft around the island after Beijing announced joint drills meant to warn"
        " what it called separatist forces.",
        "The ministry set up a response centre and sent its own ships to monitor the"
        " exercises, which China's military said tested blockade and precision strike skills.",
        "The president's office condemned the drills as provocative and said Taiwan would not"
        " be intimidated into giving up its democratic way of life.",
    ),
    _story(
        "japan-minimum-wage",
        "plain",
        "2025-08-04T19:00:00+09:00",
        "economy",
        (),
        "Japan's Minimum Wage to Rise by Record Amount",
        "A labour ministry council recommended on Monday the largest increase in Japan's"
        " minimum wage since the current system began, lifting the national average above"
        " 1,100 yen an hour.",
        "Small business groups said many employers in rural prefectures would struggle to pay"
        " the higher rates, and asked for subsidies to offset the cost.",
        "The government has set a goal of a 1,500 yen minimum within the decade, which"
        " economists say would require productivity gains that have so far proved elusive.",
        "Each prefecture will now set its own rate based on the recommendation, and labour"
        " unions said they would press local councils in the northeast and Kyushu to match the"
        " increases agreed in Tokyo and Osaka.",
        wire="Kyodo",
    ),
    _story(
        "north-korea-party-congress",
        "jsonld",
        "2025-12-29T07:00:00+09:00",
        "north korea",
        ("Oh Sung-min",),
        "North Korea Prepares for Party Congress With Economic Review",
        "North Korea's ruling party opened a plenary meeting on Sunday to review the year's"
        " economic results, state media said, ahead of a party congress expected early next"
        " year to set a new five-year plan.",
        "Leader Kim Jong Un praised the construction of regional factories under a programme"
        " to develop the provinces, and called for more investment in farm machinery.",
        "Analysts in Seoul said the congress could also formalise a tougher line toward the"
        " South and closer cooperation with Russia.",
    ),
    _story(
        "japan-constitution-debate",
        "opengraph",
        "2025-05-03T16:30:00+09:00",
        "politics",
        ("Yuki Matsumoto",),
        "Rallies Mark Constitution Day as Revision Debate Stalls",
        "Supporters and opponents of revising Japan's postwar constitution held rallies in"
        " Tokyo on Saturday, marking Constitution Day as a parliamentary panel remains divided"
        " over an emergency clause.",
        "Parties in favour of revision want to allow lawmakers' terms to be extended during a"
        " disaster, while critics say the change could be used to postpone elections"
        " indefinitely.",
        "No amendment has ever been put to a national referendum, which requires a two-thirds"
        " majority in both chambers first.",
    ),
    _story(
        "korea-us-alliance-costs",
        "jsonld",
        "2025-10-15T09:25:00+09:00",
        "diplomacy",
        ("Han Jae-sung",),
        "Seoul and Washington Revisit Cost-Sharing for US Troops",
        "South Korean and American negotiators began talks on Wednesday about how much Seoul"
        " should pay toward the upkeep of the roughly 28,500 American troops stationed in the"
        " country.",
        "South Korean officials said a five-year agreement signed last year should stand,"
        " while the American side pointed to new demands for allies to spend more on their own"
        " defence.",
        "Lawmakers in Seoul from both main parties said any increase would need parliamentary"
        " approval and would face strong public resistance.",
    ),
    _story(
        "campaign-speech-security",
        "plain",
        "2025-07-08T12:00:00+09:00",
        "politics",
        ("Daisuke Ito",),
        "Police Review Security for Campaign Speeches After Attacks",
        "Japan's National Police Agency ordered a review of protection for politicians giving"
        " outdoor campaign speeches, three years after a former prime minister was shot"
        " during a stump speech in Nara.",
        "Officers will set up metal detectors at large events and keep open ground behind"
        " speakers free of crowds, a senior police official told reporters.",
        "Candidates from small parties said the rules could make it harder for them to meet"
        " voters in train station plazas, where much campaigning in Japan takes place.",
        "The agency also plans to train prefectural police in spotting homemade weapons, after"
        " investigators found that both recent attackers had built their devices from parts"
        " bought online without raising suspicion.",
    ),
    _story(
        "asean-myanmar-envoy",
        "opengraph",
        "2025-10-26T21:40:00+08:00",
        "diplomacy",
        (),
        "Southeast Asian Leaders Renew Call for Myanmar Ceasefire",
        "Leaders of the Association of Southeast Asian Nations renewed their call on Sunday"
        " for a ceasefire in Myanmar and said elections planned by the military government"
        " could not be a priority while fighting continues.",
        "The bloc's special envoy said he had met representatives of armed groups and"
        " opposition politicians, and that humanitarian access remained the most urgent need.",
        "Several members, including Malaysia and Indonesia, have pressed for tougher measures"
        " against the junta, while others favour continued engagement.",
        wire="Reuters",
        dateline="KUALA LUMPUR (Reuters) -",
    ),
    _story(
        "japan-fiscal-rules",
        "jsonld",
        "2025-06-13T17:15:00+09:00",
        "economy",
        ("Kazuki Nishimura",),
        "Cabinet Keeps Primary Balance Goal in Annual Policy Outline",
        "Japan's cabinet kept its goal of balancing the primary budget, excluding debt costs,"
        " in an annual policy outline approved on Friday, although it allowed the target year"
        " to slip if the economy weakens.",
        "Ministers argued that higher interest rates made it more important than before to"
        " show markets that public debt was under control.",
        "Some ruling party lawmakers wanted the target dropped altogether to make room for"
        " cash handouts before the election.",
    ),
    _story(
        "korea-prosecution-reform",
        "plain",
        "2025-09-26T20:35:00+09:00",
        "politics",
        ("Yoon Ha-neul",),
        "National Assembly Votes to Split Prosecution Service",
        "South Korea's National Assembly passed a bill on Friday that strips prosecutors of"
        " most of their power to investigate crimes and moves it to a new agency under the"
        " interior ministry.",
        "Supporters said the reform would end decades of politically motivated"
        " investigations, while the opposition walked out of the chamber before the vote.",
        "The justice minister said the transition would take a year and that prosecutors"
        " would keep the right to indict suspects and argue cases in court.",
        "Former prosecutors warned that complex financial crimes could go uninvestigated while"
        " the new agency hires and trains its own detectives, and the bar association asked for"
        " a review after two years.",
    ),
    _story(
        "hokkaido-byelection",
        "opengraph",
        "2025-04-27T23:55:00+09:00",
        "politics",
        ("Shun Kimura",),
        "Opposition Candidate Wins Hokkaido By-Election",
        "An opposition candidate won a by-election for the lower house in a district of"
        " Hokkaido on Sunday, defeating a ruling party newcomer in a seat the government had"
        " held for two decades.",
        "The winner, a former city council member, campaigned on keeping local railway lines"
        " open and raising support for dairy farmers hit by higher feed costs.",
        "The ruling party's election chief said the result showed that voters wanted more"
        " attention paid to rural areas.",
    ),
    _story(
        "china-anti-graft-general",
        "jsonld",
        "2025-10-17T19:45:00+08:00",
        "politics",
        (),
        "China Expels Senior General From Communist Party",
        "China's defence ministry said on Friday that a senior general and several other"
        " officers had been expelled from the Communist Party for serious violations of"
        " discipline, the phrase usually used for corruption.",
        "The general had overseen political work in the armed forces, and his removal is the"
        " latest in a series of purges that have reached the top of the military hierarchy.",
        "The ministry said the cases would be handed to military prosecutors.",
        wire="Xinhua",
        dateline="BEIJING (Xinhua) -",
    ),
    _story(
        "lawmaker-donations-resignation",
        "plain",
        "2025-02-20T18:10:00+09:00",
        "politics",
        ("Rina Okada",),
        "Lawmaker Resigns From Party Over Unreported Donations",
        "A ruling party lawmaker resigned from the party on Thursday after a weekly magazine"
        " reported that his support group failed to record donations from a construction firm"
        " in his constituency.",
        "He told a news conference that his secretaries had made accounting mistakes and that"
        " he would correct the reports, but would keep his seat as an independent.",
        "Opposition parties demanded that he testify before the ethics committee and said"
        " the case showed political funding rules were still too weak.",
        "The party's secretary general apologised for the affair and said all members would be"
        " asked to submit their support groups' ledgers to an internal audit before the end of"
        " the parliamentary session.",
    ),
    _story(
        "ja-lower-house-dissolution",
        "jsonld",
        "2025-10-10T13:00:00+09:00",
        "政治",
        ("佐藤一郎",),
        "首相、衆議院の解散を表明　来月投開票へ",
        "首相は十日午後、官邸で記者会見を開き、衆議院を解散する考えを表明した。"
        "総選挙は来月に投開票される見通しで、与党は物価高への対策と防衛力の強化を争点に掲げる。",
        "野党各党は、政治資金をめぐる問題への説明が不十分なまま解散に踏み切ったと批判し、"
        "候補者の一本化に向けた協議を急ぐ方針だ。",
        "選挙管理委員会は、期日前投票所を駅や大学に増やすなど、若い有権者が投票しやすい環境を整えるとしている。",
        "与党幹部は、公示までに全ての選挙区で候補者を擁立する考えを示した。",
        language="ja",
    ),
    _story(
        "ja-fukushima-reconstruction",
        "opengraph",
        "2025-03-11T15:00:00+09:00",
        "政治",
        ("高橋美咲",),
        "復興庁、被災地の住宅支援を延長へ　震災から十四年",
        "東日本大震災から十四年となる十一日、復興庁は被災地の住宅再建を支える補助金の期限を延長する方針を明らかにした。"
        "沿岸部では今も仮設住宅から移れない世帯が残っている。",
        "福島県の知事は、避難指示が解除された地域に戻る住民が少ないことを挙げ、"
        "医療や買い物の拠点づくりへの支援を国に求めた。",
        "政府は追悼式で、防災の教訓を次の世代に伝える取り組みを続けると述べた。",
        "被災した自治体の首長からは、人口減少に合わせた街づくりの見直しを求める声も上がった。",
        language="ja",
    ),
    _story(
        "ja-kyodo-missile-alert",
        "plain",
        "2025-09-03T07:45:00+09:00",
        "政治",
        (),
        "北朝鮮が弾道ミサイル発射　政府が警戒呼びかけ",
        "防衛省によると、北朝鮮は三日朝、東部から弾道ミサイル一発を発射した。"
        "ミサイルは日本の排他的経済水域の外に落下したとみられ、船舶や航空機への被害は確認されていない。",
        "官房長官は記者会見で、国連安全保障理事会の決議に違反するとして北京の大使館ルートを通じて厳重に抗議したと述べた。",
        "政府は米国や韓国と情報を共有し、引き続き警戒と監視に当たるとしている。",
        "首相は関係省庁に対し、情報収集と分析に全力を挙げ、国民に迅速かつ的確な情報提供を行うよう指示した。航空各社は一部の便で運航状況の確認に追われた。",
        language="ja",
        wire="Kyodo",
    ),
    _story(
        "ko-assembly-budget",
        "jsonld",
        "2025-12-02T22:10:00+09:00",
        "정치",
        ("김서준",),
        "국회, 새해 예산안 본회의 통과…법정 시한 하루 넘겨",
        "국회는 2일 밤 본회의를 열어 내년도 예산안을 재석 의원 과반의 찬성으로 가결했다. "
        "여야는 막판 협상에서 지역 화폐 예산을 늘리고 특수활동비 일부를 삭감하는 데 합의했다.",
        "대통령실은 예산안 통과를 환영하며 민생 회복을 위한 사업을 신속하게 집행하겠다고 밝혔다. "
        "야당은 정부가 제출한 세입 전망이 지나치게 낙관적이라고 지적했다.",
        "기획재정부는 연초부터 예산의 상당 부분을 조기에 배정해 경기 부양 효과를 높일 계획이다.",
        language="ko",
    ),
    _story(
        "ko-yonhap-unification",
        "opengraph",
        "2025-07-30T14:20:00+09:00",
        "정치",
        (),
        "통일부, 민간단체 대북 접촉 승인 확대",
        "통일부는 30일 민간단체의 북한 주민 접촉 신고를 원칙적으로 수리하기로 했다고 밝혔다. "
        "남북 관계가 경색된 가운데 인도적 교류의 통로를 넓히려는 조치다.",
        "통일부 대변인은 정례 브리핑에서 이산가족 상봉과 의료 "
        "지원을 위한 접촉이 우선 검토 대상이라고 설명했다.",
        "북한은 지난해부터 남측의 접촉 제안에 응하지 않고 있어 실제 교류로 이어질지는 불투명하다.",
        language="ko",
        wire="Yonhap",
    ),
    _story(
        "ko-local-elections",
        "plain",
        "2025-11-20T10:30:00+09:00",
        "정치",
        ("이도현", "박하은"),
        "여야, 지방선거 앞두고 공천 규칙 논의 착수",
        "여야는 내년 6월 지방선거를 앞두고 20일 각각 공천 "
        "관리 위원회를 꾸리고 경선 규칙 논의에 들어갔다. "
        "청년과 여성 후보에게 가산점을 주는 방안이 주요 쟁점이다.",
        "여당 지도부는 현역 단체장에 대한 평가를 강화하겠다고 밝혔고, "
        "야당은 당원 투표 비중을 높이는 방안을 검토하고 있다.",
        "선거관리위원회는 예비후보 등록이 내년 2월부터 시작된다고 안내했다.",
        "정치권에서는 이번 지방선거가 새 정부 출범 이후 처음 치러지는 전국 단위 "
        "선거인 만큼 국정 운영에 대한 중간 평가 성격을 띨 것이라는 분석이 나온다.",
        language="ko",
    ),
    _story(
        "zh-npc-session",
        "jsonld",
        "2025-03-05T11:30:00+08:00",
        "时政",
        ("王晓明",),
        "十四届全国人大三次会议开幕 审议政府工作报告",
        "第十四届全国人民代表大会第三次会议五日上午在北京人民大会堂开幕，代表们审议政府工作报告。"
        "报告提出今年经济增长目标为百分之五左右，并强调扩大国内需求。",
        "报告还提出加大对科技创新和先进制造业的支持，稳定房地产市场，并继续推进地方政府债务风险化解。",
        "会议期间，代表们还将审议全国人大常委会工作报告以及多部法律草案。",
        "开幕会前，大会新闻发言人介绍了会议议程，并回答了中外记者关于国防预算和对外开放的提问。",
        language="zh",
    ),
    _story(
        "zh-taiwan-affairs-office",
        "opengraph",
        "2025-08-13T16:50:00+08:00",
        "时政",
        (),
        "国台办：欢迎台湾青年来大陆交流发展",
        "国务院台湾事务办公室发言人十三日在例行新闻发布会上表示，欢迎更多台湾青年来大陆参访、就业和创业。"
        "发言人说，两岸同胞应加强往来，增进相互了解。",
        "发言人还就岛内近期的政治动态回答记者提问，重申反对任何形式的分裂活动。",
        "据介绍，今年暑期已有多批台湾学生到福建、上海等地参加交流活动。",
        "发言人表示，有关部门将继续为台湾同胞在大陆学习、工作和生活提供便利。",
        language="zh",
        wire="Xinhua",
    ),
    _story(
        "zh-cna-legislative-yuan",
        "plain",
        "2025-12-19T19:05:00+08:00",
        "政治",
        ("林志豪",),
        "立法院三讀通過預算案 朝野協商刪減部分項目",
        "立法院十九日晚間三讀通過明年度中央政府總預算案，朝野黨團經過多次協商，刪減部分部會的宣傳費與業務費。"
        "行政院表示尊重立法院的決議。",
        "在野黨團指出，部分國防採購項目說明不足，要求相關部會在半年內提出專案報告。",
        "執政黨立委則認為，預算刪減將影響社會福利與地方建設，呼籲在野黨以民生為優先。",
        "行政院發言人表示，各部會將依據立法院的附帶決議調整執行計畫，並在下個會期向立法院說明預算執行進度與成效。部分地方政府也表示，將密切關注補助款的撥付時程。",
        language="zh",
        wire="CNA",
    ),
    # A long analysis piece: one outlet's copy with a paragraph changed is still this article.
    _story(
        "east-asia-election-year-analysis",
        "jsonld",
        "2025-12-30T08:00:00+09:00",
        "analysis",
        ("Sarah Whitfield",),
        "Analysis: A Year of Elections Leaves East Asia's Leaders Looking Over Their Shoulders",
        "Few years have tested the governments of East Asia at the ballot box as often as this"
        " one. Japan held an upper house election that cost the ruling coalition its majority,"
        " South Korea chose a president months ahead of schedule, and Taiwan voted on whether"
        " to recall a large group of sitting legislators.",
        "In each case the result turned less on foreign policy than on the cost of living."
        " Campaign advisers in Tokyo, Seoul and Taipei said the same thing in private: voters"
        " wanted to hear about rent, rice and electricity bills, and had little patience for"
        " speeches about regional security.",
        "That does not mean security has faded as a concern. Defence budgets rose in all three"
        " capitals, and polling shows broad support for closer cooperation with the United"
        " States. But the politicians who did best were those who could link spending on"
        " warships and missiles to jobs at home.",
        "The new parties that emerged this year share a style more than a programme. They"
        " recruit through short videos, avoid the press clubs that have long shaped political"
        " coverage, and campaign against established parties as much as for any policy of"
        " their own.",
        "Veteran lawmakers have been slow to adapt. Several senior figures lost seats they had"
        " held for decades to candidates who had never run for office, and party headquarters"
        " are now rewriting their rules for selecting candidates in local races next spring.",
        "Business groups have watched with some alarm. Executives worry that minority"
        " governments will struggle to pass budgets on time and that promises of cash handouts"
        " will crowd out investment in research, ports and power grids.",
        "Diplomats in the region see another risk: that leaders absorbed by their own fragile"
        " coalitions will have little energy left for summits, trade talks or the slow work of"
        " managing relations with Beijing and Pyongyang.",
        "Next year brings fewer national votes but no shortage of tests, from local elections"
        " in South Korea to a ruling party leadership contest in Japan. For leaders who spent"
        " this year on the defensive, the lesson of the campaign trail is that the household"
        " budget comes first.",
    ),
)

# Not politics: what a mixed feed also lists, for the scope tests (not served by the newsroom).
OFF_TOPIC: tuple[Story, ...] = (
    _story(
        "typhoon-kyushu-trains",
        "plain",
        "2025-09-18T06:30:00+09:00",
        "weather",
        ("Akira Nakamura",),
        "Typhoon Brings Record Rain to Kyushu, Halting Bullet Trains",
        "A powerful typhoon dumped record rainfall on southern Kyushu overnight, flooding"
        " streets in Kagoshima and forcing railway operators to suspend bullet train services"
        " between Hakata and Kagoshima-Chuo until at least noon on Thursday.",
        "The weather agency said some areas had received more rain in twelve hours than they"
        " normally see in a month, and warned of landslides on hillsides already soaked by a"
        " wet summer.",
        "Convenience stores in the region ran short of bottled water and bread as residents"
        " stocked up before the storm, and several airlines cancelled flights from Fukuoka and"
        " Miyazaki.",
        "Forecasters expect the typhoon to weaken as it moves northeast over the Sea of Japan"
        " on Friday, but said strong winds could still topple trees and scaffolding in the"
        " Chugoku region.",
    ),
    _story(
        "airliner-diverts-bird-strike",
        "plain",
        "2025-11-02T13:15:00+09:00",
        "travel",
        (),
        "Airliner Lands Safely After Bird Strike Over Hokkaido",
        "A passenger jet bound for Tokyo returned to New Chitose Airport shortly after take-off"
        " on Sunday morning when a flock of geese struck one of its engines, the airline said."
        " None of the 214 passengers or crew were hurt.",
        "Passengers described a loud bang and a smell of burning feathers in the cabin before"
        " the captain announced that the aircraft would turn back, landing about twenty"
        " minutes later with fire engines waiting beside the runway.",
        "Engineers found damage to several fan blades, and the airline arranged seats on later"
        " flights for the travellers, many of whom were heading home after a weekend of"
        " skiing in Niseko.",
        "Bird strikes are common around the airport in autumn, when migrating flocks gather on"
        " the wetlands nearby, and ground crews use noise cannons to scare them away.",
    ),
)
