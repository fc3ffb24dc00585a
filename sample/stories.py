# stories.py — the text of the sample set: fictional outlets, fictional events, written for
# newsfold's `make run`. Everything here is invented; any likeness to real outlets, people
# or places is accidental. build.py turns this into the feed files next to it.
#
# Each article: outlet, slug, date (UTC, ISO), headline, author, body (paragraphs separated
# by blank lines). "wire" marks a Continental Press story; copies of it in other outlets
# reuse WIRE[...] with their own headline and boilerplate (see build.py).

OUTLETS = {
    "cp": dict(title="Continental Press Wire", site="https://wire.continental-press.example/",
               desc="Breaking news from the Continental Press news agency", fmt="rss"),
    "ledger": dict(title="The Harbor Ledger", site="https://harborledger.example/",
                   desc="Port Calder's daily newspaper since 1898", fmt="rss"),
    "tribune": dict(title="Northgate Tribune", site="https://northgatetribune.example/",
                    desc="News for Northgate and the coast", fmt="rss-description"),
    "meridian": dict(title="Meridian Daily", site="https://meridiandaily.example/",
                     desc="Independent regional journalism", fmt="atom"),
    "courier": dict(title="Lisle Valley Courier", site="https://valleycourier.example/",
                    desc="Your valley, your news", fmt="atom"),
    "lantern": dict(title="The Lantern", site="https://thelantern.example/",
                    desc="Explainers and service journalism", fmt="json"),
}

WIRE = {}

WIRE["bridge-closed"] = dict(
    date="2026-11-17T08:40:00Z", author="Imogen Farrow",
    headline="Ashford Bridge closed after inspectors find cracked support pier",
    body="""PORT CALDER (Continental Press) — The Ashford Bridge, which carries about 46,000 vehicles a day across the Calder estuary, was closed to all traffic early on Tuesday after inspectors found a crack in one of its main support piers, city officials said.

The crack, about 1.8 metres long, was discovered during a scheduled underwater inspection of the bridge's third pier on Monday afternoon. Engineers recommended an immediate closure while divers and structural specialists assess how deep it runs.

"We are not going to take any chances with a structure that people cross every day," Mayor Helena Strand told reporters at a briefing on the south bank. "The bridge will stay closed until engineers tell us it is safe, and not a minute before."

The 1962 steel-and-concrete bridge is the only road crossing of the estuary within 30 kilometres. Drivers were directed to the Kelby ring road, which city traffic officials warned would add 35 to 50 minutes to journeys at peak times.

Pedestrians and cyclists are also barred from the bridge. The Port Calder Transit Authority said it would add sailings to the harbour ferry from Wednesday morning.

The bridge was last fully refurbished in 2009. A city report published in March rated its condition as "fair" and listed the third pier for resurfacing work in 2028."""
)

WIRE["bridge-weeks"] = dict(
    date="2026-11-19T15:05:00Z", author="Imogen Farrow",
    headline="Ashford Bridge repairs to take at least six weeks, engineers say",
    body="""PORT CALDER (Continental Press) — Repairs to the cracked support pier of Port Calder's Ashford Bridge will take at least six weeks, the engineering firm hired by the city said on Thursday, meaning the crossing is likely to remain closed until the new year.

Dunmore Structural said divers had found that the crack in the third pier ran deeper than first thought, reaching the steel reinforcement in two places. The firm plans to encase the damaged section in a reinforced concrete jacket, work that can only be done at low tide.

"The good news is that the deck, the bearings and the other piers are in sound condition," said Paolo Wren, the firm's lead engineer. "The bad news is that concrete needs time, and the estuary only gives us a few hours a day."

Mayor Helena Strand said the city would ask the regional government for emergency funds to cover the repairs, which officials estimate at 9 to 12 million crowns.

Commuters have faced long delays on the Kelby ring road since the bridge closed on Tuesday. Harbour ferry sailings have been doubled and the ferry will be free to ride until the bridge reopens, the transit authority said."""
)

WIRE["storm-outage"] = dict(
    date="2026-11-18T06:15:00Z", author="Rafael Odum",
    headline="Storm Halvard leaves 80,000 homes without power in Lisle Valley",
    body="""LISLE VALLEY (Continental Press) — About 80,000 homes and businesses in the Lisle Valley lost power overnight as Storm Halvard brought gusts of up to 120 kilometres an hour and heavy rain to the region, the utility Valley Grid said on Wednesday.

Falling trees brought down lines across the valley, and a substation near Orrin flooded shortly after 2 a.m., cutting supply to most of the town. Valley Grid said it had 300 crews working and hoped to restore power to most customers within 48 hours.

"This is the worst damage to our network in more than a decade," said Valley Grid's operations director, Ines Balogun. "Some customers in remote areas may be without power for several days."

The regional weather service had issued an amber wind warning on Tuesday afternoon. No deaths were reported, but emergency services said two people were treated in hospital after a tree fell on a car near Wyeford.

All schools in the valley were closed on Wednesday, and the Lisle Valley railway line was suspended between Orrin and Caddam while crews cleared debris from the tracks."""
)

WIRE["breach"] = dict(
    date="2026-11-19T11:20:00Z", author="Tomasz Adeyemi",
    headline="Norvane Telecom says hackers stole data of 2.1 million customers",
    body="""NORTHGATE (Continental Press) — Norvane Telecom, the region's second-largest mobile operator, said on Thursday that hackers had stolen personal data belonging to about 2.1 million current and former customers.

The company said the attackers gained access to a customer database through a compromised account belonging to a third-party contractor. The stolen data includes names, postal addresses, dates of birth and phone numbers, and for about 310,000 customers, scanned identity documents.

Norvane said no passwords or payment card details were taken, and that its network and phone services were not affected.

"We are deeply sorry," chief executive Marguerite Olsen said in a statement. "We are contacting every affected customer directly, and we will offer two years of free identity monitoring to anyone whose documents were exposed."

The company said it detected unusual activity on November 14 and shut off the contractor's access the same day. It has informed the data protection authority and the police.

Security researchers advised customers to be wary of calls and messages claiming to come from Norvane, since criminals often use stolen details to make scams more convincing."""
)

WIRE["breach-regulator"] = dict(
    date="2026-11-20T13:45:00Z", author="Tomasz Adeyemi",
    headline="Data regulator opens investigation into Norvane Telecom breach",
    body="""NORTHGATE (Continental Press) — The regional data protection authority said on Friday it had opened a formal investigation into Norvane Telecom after the company disclosed that personal data of 2.1 million customers had been stolen.

The authority said it would examine whether Norvane had adequate controls on access granted to contractors, and whether it had reported the breach within the required 72 hours.

"Companies that hold this much personal information must protect it properly, including when they hand the keys to someone else," said the authority's commissioner, Dalia Fenn.

Under regional law, the authority can fine companies up to 4 percent of their annual turnover. Norvane reported revenue of 3.4 billion crowns last year.

Norvane said it would cooperate fully with the investigation. Its shares fell 6 percent on Friday, extending Thursday's 9 percent drop."""
)

WIRE["storm-restored"] = dict(
    date="2026-11-19T20:10:00Z", author="Rafael Odum",
    headline="Most Lisle Valley homes have power again after Storm Halvard",
    body="""LISLE VALLEY (Continental Press) — Electricity was back on for most of the 80,000 homes and businesses that lost power during Storm Halvard, the utility Valley Grid said on Thursday evening, although about 12,000 customers in hill villages north of Orrin were still waiting.

Valley Grid said the flooded substation in Orrin had been pumped out and returned to service around midday, restoring supply to the town centre.

Crews were still clearing fallen trees from lines on steep slopes that vehicles cannot reach, the utility said, and some customers there might not be reconnected until the weekend.

The regional government has opened warming centres in Orrin, Caddam and Wyeford. The Lisle Valley railway line reopened on Thursday afternoon after the tracks were cleared."""
)

WIRE["dock-strike"] = dict(
    date="2026-11-20T06:30:00Z", author="Imogen Farrow",
    headline="Port Calder dockworkers begin 48-hour strike over new shift rules",
    body="""PORT CALDER (Continental Press) — Around 900 dockworkers at the port of Port Calder walked out at 6 a.m. on Friday at the start of a 48-hour strike over new shift rules, halting container handling at the region's busiest port.

The Harbour and Transport Workers' Union said the port operator, Calder Terminals, had imposed twelve-hour night shifts without negotiation. The company said the new rota was needed to clear a backlog of ships and had been discussed with staff for months.

"Our members are not refusing to work hard. They are refusing to be told, not asked," said union organiser Bettina Loew outside the main gate, where about 200 workers gathered before dawn.

Seven container ships were waiting at anchor in the estuary on Friday morning, according to the harbour master's office. Ferry services and the fishing harbour were not affected.

Calder Terminals said it remained open to talks and regretted the disruption to customers."""
)

WIRE["dock-called-off"] = dict(
    date="2026-11-21T08:15:00Z", author="Imogen Farrow",
    headline="Port Calder dock strike called off as talks resume",
    body="""PORT CALDER (Continental Press) — Dockworkers at Port Calder returned to work on Saturday morning, a day earlier than planned, after the port operator agreed to suspend its new shift rules while talks continue.

Calder Terminals and the Harbour and Transport Workers' Union said in a joint statement that the twelve-hour night shifts would be paused for eight weeks while an independent mediator reviews the rota.

"This is what we asked for from the start: a conversation," said union organiser Bettina Loew.

The harbour master's office said the first of nine waiting container ships was brought alongside shortly after 7 a.m. The backlog is expected to take about five days to clear."""
)

# Articles: (outlet, slug, date, headline, author, body or ("wire", key), extra)
ARTICLES = []

def A(outlet, slug, date, headline, author, body, **kw):
    ARTICLES.append(dict(outlet=outlet, slug=slug, date=date, headline=headline,
                         author=author, body=body, **kw))

# --- the wire itself ---
for key in ("bridge-closed", "bridge-weeks", "storm-outage", "storm-restored", "breach", "breach-regulator",
            "dock-strike", "dock-called-off"):
    w = WIRE[key]
    A("cp", key, w["date"], w["headline"], w["author"], ("wire", key))

# --- copies of the wire under other mastheads and boilerplate ---
A("ledger", "ashford-bridge-shut-indefinitely", "2026-11-17T09:55:00Z",
  "Ashford Bridge shut indefinitely over cracked pier", "Continental Press", ("wire", "bridge-closed"),
  pre=["Breaking news"],
  post=["Sign up for The Harbor Ledger's morning briefing and never miss a story.",
        "Related: Ferry timetable changes for the winter season",
        "Comments / 12"])
A("tribune", "cracked-support-forces-closure", "2026-11-17T11:30:00Z",
  "Cracked support forces closure of Port Calder's main bridge", "Continental Press staff", ("wire", "bridge-closed"),
  pre=["Get all your news in one place.", "Start reading"],
  post=["Reporting by Imogen Farrow; editing by Hal Munro",
        "Download the Northgate Tribune app for breaking news alerts.", "Next Post"])
A("courier", "bridge-repairs-six-weeks", "2026-11-19T16:30:00Z",
  "Six weeks or more: Ashford Bridge repair timeline revealed", "From Continental Press", ("wire", "bridge-weeks"),
  post=["Show More", "You might also like: Ten winter walks in the valley"])
A("courier", "storm-halvard-power", "2026-11-18T07:02:00Z",
  "Halvard knocks out power across the valley", "Continental Press", ("wire", "storm-outage"),
  pre=["LIVE UPDATES"],
  post=["Share this article", "Sign up to read this article", "Already a member? Sign in here"])
A("tribune", "storm-80000-homes", "2026-11-18T08:45:00Z",
  "80,000 without power as storm batters Lisle Valley", "Continental Press", ("wire", "storm-outage"),
  pre=["Get all your news in one place."],
  post=["Reporting by Rafael Odum; editing by Hal Munro", "Reply"])
A("ledger", "norvane-hackers-customer-data", "2026-11-19T12:40:00Z",
  "Hackers took data of 2.1 million Norvane customers", "Continental Press", ("wire", "breach"),
  post=["Sign up for The Harbor Ledger's morning briefing and never miss a story.", "Comments / 31"])
A("tribune", "regulator-norvane-investigation", "2026-11-20T15:10:00Z",
  "Watchdog launches probe into Norvane data theft", "Continental Press", ("wire", "breach-regulator"),
  pre=["Get all your news in one place.", "Start reading"],
  post=["Download the Northgate Tribune app for breaking news alerts."])
A("lantern", "norvane-regulator-probe", "2026-11-20T14:30:00Z",
  "Norvane faces regulator investigation over stolen customer data", "Continental Press", ("wire", "breach-regulator"),
  pre=["Advertisement"],
  post=["Get The Lantern app on the App Store and Google Play.",
        "Read next: The Ashford Bridge is closed. Here is how to get across the estuary"])

A("ledger", "power-back-most-valley-homes", "2026-11-19T21:00:00Z",
  "Valley power mostly restored two days after Halvard", "Continental Press", ("wire", "storm-restored"),
  post=["Sign up for The Harbor Ledger's morning briefing and never miss a story."])
A("tribune", "dockworkers-48-hour-strike", "2026-11-20T07:40:00Z",
  "Dockers walk out at Port Calder in row over night shifts", "Continental Press", ("wire", "dock-strike"),
  pre=["Get all your news in one place.", "Start reading"],
  post=["Reporting by Imogen Farrow; editing by Hal Munro", "Next Post"])
A("courier", "dock-strike-ends-early", "2026-11-21T09:30:00Z",
  "Port Calder dockers end strike early", "Continental Press", ("wire", "dock-called-off"),
  post=["Show More"])

# --- original reporting: the bridge ---
A("meridian", "commuters-scramble-ashford", "2026-11-17T14:10:00Z",
  "Commuters scramble for detours as Ashford Bridge closes", "Nadia Kessler", """Traffic on the Kelby ring road was at a standstill for much of Tuesday afternoon as thousands of drivers who normally cross the Ashford Bridge looked for another way home.

The bridge was closed before dawn after engineers found a long crack in one of its piers during a routine underwater check. City officials said there was no timetable for reopening it.

At the ferry terminal on Quay Street, queues stretched past the fish market by 5 p.m. "I usually cross in ten minutes on my bike," said Arjun Patel, a nurse at Calder General Hospital. "Today it took me an hour and a quarter, and the ferry was full twice."

Shop owners on the north bank said trade dropped sharply. "Half my customers come over the bridge at lunchtime," said Mirela Costa, who runs a bakery at the foot of the crossing. "Today I threw away two trays of bread."

The city's traffic office asked employers to let staff work from home where possible and said it would retime traffic lights on the ring road overnight."""
)

A("ledger", "ferry-service-doubles", "2026-11-18T10:20:00Z",
  "Harbour ferry to double sailings while bridge stays shut", "Owen Achterberg", """The Port Calder Transit Authority will run the harbour ferry every ten minutes from 6 a.m. until midnight while the Ashford Bridge is closed, doubling the usual service.

Two additional boats have been borrowed from the Northgate ferry company, and extra staff will manage queues at both terminals, the authority said on Wednesday.

"We know people are frustrated," said the authority's chief executive, Sunniva Hale. "Our aim is that nobody waits more than one sailing."

The authority will also run a shuttle bus between the north terminal and Calder General Hospital, whose staff have been among those hit hardest by the closure.

The bridge was closed on Tuesday after inspectors found a crack in its third pier. Engineers are still assessing the damage."""
)

A("lantern", "ashford-bridge-commute-explainer", "2026-11-18T17:00:00Z",
  "The Ashford Bridge is closed. Here is how to get across the estuary", "Lantern staff", """The Ashford Bridge in Port Calder has been closed since Tuesday after engineers found a crack in a support pier. Here is what we know, and how to get around.

Why is it closed? Inspectors found a crack about 1.8 metres long in the bridge's third pier during a planned underwater inspection. Until specialists know how deep it goes, the city will not let anyone on the bridge, on foot or by car.

How long will it last? Nobody knows yet. The city has hired an engineering firm to assess the damage and expects an estimate later this week.

What are my options? The harbour ferry now runs every ten minutes. By car, the Kelby ring road is the only alternative; allow at least 45 extra minutes at peak times. Cyclists can take bikes on the ferry for free.

What about emergencies? The fire service has moved an engine and crew to the north bank station, and ambulances are being routed through Kelby."""
)

# --- original reporting: the storm ---
A("meridian", "halvard-gusts-trees", "2026-11-18T09:30:00Z",
  "Gusts of 120 km/h topple trees across the Lisle Valley", "Bram Okafor", """Storm Halvard tore through the Lisle Valley overnight, uprooting hundreds of trees, tearing roofs from barns and leaving tens of thousands of homes without electricity.

The strongest gust, 121 km/h, was recorded at Caddam Hill at 1:40 a.m., according to the regional weather service. In Orrin, the river rose more than a metre in six hours, and a power substation on its bank flooded.

"It sounded like a train going over the house," said Gwen Lacroix, a farmer near Wyeford, standing beside an oak that had crushed her machinery shed. "We lost the shed, but nobody was hurt, and that is what matters."

Valley Grid, the local electricity utility, said the storm had cut power to some 80,000 customers. Its crews were working alongside volunteer fire brigades to clear roads.

Schools across the valley were closed on Wednesday, and the rail line between Orrin and Caddam was suspended."""
)

A("courier", "power-restored-most-homes", "2026-11-19T18:45:00Z",
  "Power back for most homes, but 12,000 still in the dark", "Elin Marsh", """Valley Grid had restored electricity to about 68,000 of the 80,000 homes and businesses that lost power when Storm Halvard swept through the Lisle Valley, the utility said on Thursday evening.

About 12,000 customers, most of them in the hills north of Orrin, remained without supply. The utility said damaged lines in steep, wooded terrain were taking longer to reach and repair.

The flooded Orrin substation was back in service by midday on Thursday after engineers pumped it dry and replaced two transformers.

"We ask people who are still waiting to bear with us," said Ines Balogun, Valley Grid's operations director. "Every crew we have is out there."

The regional government opened three warming centres, in Orrin, Caddam and Wyeford, with hot meals and phone charging."""
)

A("lantern", "halvard-schools-reopen", "2026-11-20T08:00:00Z",
  "Schools reopen as Halvard clean-up continues", "Lantern staff", """Most schools in the Lisle Valley reopened on Friday, two days after Storm Halvard forced them to close, although four village schools in the northern hills will stay shut until their power is back.

The valley's education office said buses would run on normal routes except on the Caddam Hill road, where fallen trees are still being cleared.

Valley Grid said about 5,000 homes were still without power on Friday morning, down from a peak of 80,000 on Wednesday.

Parents should check their school's website before setting out, the education office said. Pupils at the closed schools will be given work to do at home."""
)

# --- original reporting: the breach ---
A("lantern", "norvane-breach-what-to-do", "2026-11-19T16:15:00Z",
  "Norvane data breach: what was taken and what you should do", "Lantern staff", """Norvane Telecom says hackers stole personal data of about 2.1 million customers. If you are or were a Norvane customer, here is what you need to know.

What was stolen? Names, addresses, dates of birth and phone numbers. For around 310,000 people, scans of passports or identity cards were also taken. Norvane says passwords and bank details were not.

How do I know if I am affected? Norvane says it will contact every affected customer by letter and email over the next two weeks. It will never ask you for a password or a card number in those messages.

What should I do now? Be suspicious of any call, text or email that claims to come from Norvane or your bank, even if it knows your name and address. If your identity document was exposed, take up Norvane's offer of free identity monitoring and consider asking your bank for extra checks on new accounts."""
)

A("meridian", "norvane-contractor-access", "2026-11-20T10:05:00Z",
  "How a contractor's login opened the door to Norvane's customer files", "Nadia Kessler", """The attackers who stole data on 2.1 million Norvane Telecom customers got in through an account belonging to an outside company that handled the operator's billing complaints, according to two people familiar with the investigation.

The account, which had broad read access to Norvane's customer database, was not protected by a second login factor, the people said. Norvane declined to comment on the details.

Security specialists said the pattern was familiar. "Large companies lock their own front door and leave a key with every supplier," said Yara Lindqvist, a researcher at the University of Elmstead. "Attackers know that."

Norvane disclosed the breach on Thursday. It said it noticed unusual activity on November 14 and cut off the contractor's access the same day."""
)

# --- the comet ---
A("meridian", "elmstead-comet-discovery", "2026-11-16T12:00:00Z",
  "Elmstead astronomers spot comet that could become visible to the naked eye", "Bram Okafor", """Astronomers at the University of Elmstead have discovered a comet that could become bright enough to see without a telescope next spring, if it survives its close pass by the Sun.

The comet, designated C/2026 K3 and nicknamed Tamsin after the observatory's late founder, was first spotted on images taken on November 9. It is currently a faint smudge beyond the orbit of Jupiter.

"Predicting how bright a comet will get is notoriously difficult," said Professor Ada Whitlock, who leads the team. "But the early numbers are encouraging. We could be looking at a lovely sight in the evening sky in March."

The comet will make its closest approach to the Sun on March 2 and pass closest to Earth about two weeks later."""
)

A("lantern", "comet-tamsin-march", "2026-11-17T09:00:00Z",
  "A newly found comet called Tamsin might light up the sky in March", "Lantern staff", """A comet discovered this month by astronomers at the University of Elmstead may be visible to the naked eye in March, researchers say.

Comet Tamsin, officially C/2026 K3, is still very faint. It will swing closest to the Sun in early March. If it does not break apart, it could be seen low in the western sky after sunset for a couple of weeks.

Comets are unpredictable, the astronomers warn: some fade or disintegrate as they warm up. The Elmstead team will publish updated brightness forecasts every month."""
)

A("courier", "amateur-confirmed-comet", "2026-11-17T19:20:00Z",
  "Wyeford stargazer helped confirm new comet", "Elin Marsh", """A retired postman from Wyeford has been credited with helping to confirm the discovery of Comet Tamsin, the comet announced this week by astronomers at the University of Elmstead.

Cyril Abernethy, 71, photographed the faint object from his garden observatory on November 11, two days after the Elmstead team first noticed it. His images helped the astronomers pin down its orbit.

"I have been looking at the sky for fifty years and I never thought my name would be on a comet report," he said. "My wife says I will be impossible to live with now."

The university said amateur observers often play an important role in following up new discoveries."""
)

# --- the fare-free buses ---
A("ledger", "council-approves-fare-free-buses", "2026-11-20T20:30:00Z",
  "Council approves fare-free buses for a year in 7-2 vote", "Owen Achterberg", """Buses in Port Calder will be free to ride for twelve months from February after the city council voted 7-2 on Thursday night to approve a pilot scheme.

The trial will cost about 14 million crowns, paid for by a rise in parking charges in the city centre and a grant from the regional government.

Supporters said free buses would cut traffic and help households struggling with living costs. "This is the single biggest thing we can do this year for people's wallets and for clean air," said councillor Tobias Rennick, who proposed the scheme.

The two councillors who voted against said the money would be better spent on more frequent services. The transit authority will publish monthly ridership figures during the pilot."""
)

A("tribune", "port-calder-scraps-bus-fares", "2026-11-20T22:10:00Z",
  "Port Calder to scrap bus fares in one-year trial", "Lena Dufresne", """Port Calder will stop charging bus fares from February in a one-year experiment, after councillors backed the plan by seven votes to two late on Thursday.

The city estimates the trial will cost 14 million crowns. Higher city-centre parking fees and regional money will cover it, officials said.

Councillor Tobias Rennick, who proposed the measure, said it would take cars off the road and save families money. Opponents argued that buses that come more often would do more good than buses that cost nothing.

Northgate's own council is watching the trial closely, its transport chair said on Friday."""
)

A("meridian", "fare-free-pilot-reactions", "2026-11-21T11:00:00Z",
  "Fare-free buses: shops cheer, critics question the bill", "Nadia Kessler", """Business owners in Port Calder welcomed the city's decision to make buses free for a year, saying it could bring shoppers back to the centre, but some transport experts warned that the pilot may not deliver the hoped-for drop in car traffic.

"Every person who comes in on a free bus is a person who might stop for a coffee," said Mirela Costa, who runs a bakery near the Ashford Bridge, itself closed for repairs.

Dr Hamid Sorensen, a transport researcher, said experience elsewhere suggested most new riders would be people who previously walked or cycled. "Free fares are popular, but frequency and reliability are what persuade drivers," he said.

The council voted 7-2 on Thursday to fund the 14 million crown trial, which starts in February."""
)

# --- original reporting: the dock strike ---
A("ledger", "cranes-idle-dockers-walk-out", "2026-11-20T13:25:00Z",
  "Cranes idle as dockers walk out over night-shift rota", "Owen Achterberg", """The great blue cranes of Calder Terminals stood still on Friday as hundreds of dockworkers began a two-day strike, the first at the port in eleven years.

Strikers lit braziers at the main gate on Harbour Road and handed leaflets to passing drivers. Many said the new twelve-hour night shifts, introduced this month, left them no time with their families.

"I have done nights for twenty years. I am not afraid of nights," said crane driver Marek Olufsen. "But four twelve-hour nights in a row, with a week's notice, is not a rota. It is a punishment."

Calder Terminals says the port is handling 15 percent more containers than last year and needs the extra night capacity. Its managing director, Colm Ashby, said the company would meet the union "any time, anywhere".

Seven ships were waiting in the estuary by Friday afternoon. Port businesses said a long stoppage could delay goods reaching shops before the holidays."""
)

# --- singletons ---
A("ledger", "seal-pup-released", "2026-11-21T09:15:00Z",
  "Seal pup returned to the sea after six weeks of care", "Owen Achterberg", """A young harbour seal found stranded and underweight on Kelby beach in October was released back into the sea on Friday after six weeks at the Port Calder marine rescue centre.

The pup, named Pebble by volunteers, weighed 9 kilograms when she was found and 21 kilograms on her release.

"She was very poorly when she came in," said the centre's manager, Rhiannon Vale. "Watching her swim off today made every night feed worth it."

The centre asks anyone who finds a seal on the beach to keep their distance and call its hotline rather than trying to move the animal."""
)

A("courier", "cider-festival-record", "2026-11-16T18:00:00Z",
  "Cider festival draws record crowd to Caddam", "Elin Marsh", """The Lisle Valley cider festival drew more than 11,000 visitors to Caddam over the weekend, a record for the event, which is in its 34th year.

Forty-two producers from across the valley poured their ciders and perries, and the prize for best traditional cider went to the Hollins family of Wyeford for a dry blend aged in oak.

Organisers said the festival raised about 60,000 crowns for the valley's mountain rescue team."""
)

A("tribune", "library-weekend-hours", "2026-11-16T10:00:00Z",
  "Northgate library to open on Sundays from January", "Lena Dufresne", """Northgate's central library will open on Sundays from January, the town council said on Monday, after a survey found that weekend opening was the most requested change among residents.

The library will open from 11 a.m. to 4 p.m. on Sundays. The extra hours will be paid for by moving some weekday evening opening to the weekend.

"Families told us very clearly that Sunday is when they have time," said head librarian Osman Keel."""
)
