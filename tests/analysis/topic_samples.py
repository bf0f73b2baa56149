"""Short texts worded the ways different outlets word them, each with the topics it is about.

Used to pin each default topic's recall and precision (test_topic_samples.py). Written for
this purpose, not copied from any outlet. Labels say what a reader of that topic wants to see.
"""

D, E, T, U = "defense", "energy", "trafficking", "ukraine"

SAMPLES: list[tuple[str, set[str]]] = [
    # Trafficking: Indians in the Russian army, in many outlets' words.
    ("MOSCOW (TASS) - Indian citizens who were recruited on a commercial basis as volunteers "
     "for the Russian army will be allowed to leave, the Kremlin said.", {T, D}),
    ("Dozens of Indians were recruited into the Russian army after agents promised them jobs "
     "as helpers.", {T, D}),
    ("Families say the men were duped by recruitment agents who offered them lucrative jobs "
     "in Russia.", {T}),
    ("Four Indian nationals lured with false promises of work have died fighting in Ukraine.",
     {T, U}),
    ("The CBI busted a human trafficking network that sent young men to the war zone.", {T}),
    ("India pressed Moscow for the early discharge of its citizens serving in the Russian army.",
     {T, D}),
    ("The youths were tricked into signing a contract with the Russian army in a language they "
     "could not read.", {T, D}),
    ("Relatives of Indians stranded in Russia after a job scam appealed to the government.",
     {T}),
    ("The men, hired as army helpers, were sent to the frontline within weeks.", {T, D}),
    ("A Hyderabad man who was recruited to fight in Ukraine was killed, his family said.",
     {T, U}),
    # Defense.
    ("India and Russia reviewed their military-technical cooperation at talks in Moscow.", {D}),
    ("Delivery of the remaining S-400 units has slipped to 2026, officials said.", {D}),
    ("The two navies will hold joint exercises in the Bay of Bengal next month.", {D}),
    ("New Delhi is buying more Su-30 fighter aircraft and BrahMos missiles.", {D}),
    ("A plant in Amethi will make AK-203 rifles under a joint venture.", {D}),
    ("Defence ties remain the bedrock of the relationship, the minister said.", {D}),
    ("Russia's arms exports to India have fallen as Delhi buys French warplanes.", {D}),
    # Energy.
    ("India's imports of Russian crude hit a record as refiners bought discounted barrels.", {E}),
    ("Rosatom will build two more reactors at Kudankulam, the company said.", {E}),
    ("The G7 price cap on Russian oil has not stopped Indian buyers.", {E}),
    ("Reliance signed a one-year deal to buy Urals from Rosneft.", {E}),
    ("Moscow offered long-term supplies of LNG and coal to New Delhi.", {E}),
    ("Trade in hydrocarbons makes up most of the bilateral total.", {E}),
    ("Officials discussed cooperation in nuclear energy and electricity grids.", {E}),
    # Ukraine.
    ("Zelenskiy called the hug in Moscow a devastating blow to peace efforts.", {U}),
    ("Russia's special military operation has entered its third year, the Kremlin said.", {U}),
    ("Kyiv was hit by missiles on the day of the summit, killing dozens.", {U, D}),
    ("Switzerland will host a peace summit on the war in June.", {U}),
    ("Shelling was reported in Donetsk and Kharkiv overnight.", {U}),
    ("The Kiev regime is sabotaging talks, Lavrov told reporters.", {U}),
    # About none of the four: trade, politics, sport, culture, weather, migration done right.
    ("India and Russia agreed to settle more trade in rupees and roubles.", set()),
    ("Modi was sworn in for a third term in June after the general election.", set()),
    ("The two leaders discussed the Chennai-Vladivostok shipping corridor for container cargo.",
     set()),
    ("India beat Australia by six wickets in the second Test.", set()),
    ("A delegation of Indian students will study medicine in Kazan this autumn.", set()),
    ("Heavy monsoon rain flooded parts of Mumbai, disrupting flights.", set()),
    ("Theresa May said she may visit Delhi in May.", set()),
    ("Indian IT firms are hiring graduates for well-paid jobs in Bengaluru.", set()),
    ("The foreign ministry released a statement on visa-free group travel for tourists.", set()),
    ("Tea exports to Russia rose by 12% in the first quarter.", set()),
]  # fmt: skip
