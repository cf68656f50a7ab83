/// The built-in sample: every quotation of the seed article ("China backs direct talks between
/// Ukraine, Russia for immediate ceasefire", Hindustan Times with AFP, 20 May 2025), in the
/// interchange format. Compiled into the binary, so `parley demo` works wherever it is copied.
///
/// No quotation in the article carries its own date, so `said_on` is left empty and reports
/// fall back to the article's date. The UUIDs are fixed so that the sample is the same
/// everywhere and loading it twice changes nothing.
public enum SampleData {
    /// Where the sample says it comes from, for the demo's heading.
    public static let title = "China backs direct talks between Ukraine, Russia for immediate ceasefire"

    public static func document() throws -> InterchangeDocument {
        try InterchangeDocument.fromYAML(yaml, origin: "built-in sample")
    }

    public static let yaml = #"""
actors:
  - name: Donald Trump
    uuid: 5eed0001-0000-4000-8000-000000000001
    kind: person
    country: USA
    wikidata: Q22686
    aliases: [Trump, President Trump, Donald J. Trump]
    affiliations:
      - {organization: United States, role: President of the United States, from: 2025-01-20}
  - name: Vladimir Putin
    uuid: 5eed0001-0000-4000-8000-000000000002
    kind: person
    country: RUS
    wikidata: Q7747
    aliases: [Putin, Vladimir Vladimirovich Putin]
    affiliations:
      - {organization: Russia, role: President of Russia}
  - name: Volodymyr Zelenskyy
    uuid: 5eed0001-0000-4000-8000-000000000003
    kind: person
    country: UKR
    wikidata: Q3874799
    aliases: [Zelenskyy, Zelensky, Zelenskiy, Volodymyr Zelensky, Volodymyr Zelenskiy]
    affiliations:
      - {organization: Ukraine, role: President of Ukraine, from: 2019-05-20}
  - name: Mao Ning
    uuid: 5eed0001-0000-4000-8000-000000000004
    kind: person
    country: CHN
    affiliations:
      - {organization: China's foreign ministry, role: spokeswoman}
  - name: China's foreign ministry
    uuid: 5eed0001-0000-4000-8000-000000000005
    kind: organization
    country: CHN
    aliases: [Ministry of Foreign Affairs of China, Chinese foreign ministry, Chinese Ministry of Foreign Affairs]
  - name: United States
    uuid: 5eed0001-0000-4000-8000-000000000006
    kind: state
    country: USA
    wikidata: Q30
    aliases: [US, USA, Washington]
  - name: Russia
    uuid: 5eed0001-0000-4000-8000-000000000007
    kind: state
    country: RUS
    wikidata: Q159
    aliases: [Russian Federation, Moscow]
  - name: Ukraine
    uuid: 5eed0001-0000-4000-8000-000000000008
    kind: state
    country: UKR
    wikidata: Q212
    aliases: [Kyiv]
  - name: China
    uuid: 5eed0001-0000-4000-8000-000000000009
    kind: state
    country: CHN
    wikidata: Q148
    aliases: [People's Republic of China, Beijing]

topics:
  - slug: russia-ukraine-war
    uuid: 5eed0002-0000-4000-8000-000000000001
    title: Russia–Ukraine war
  - slug: direct-talks
    uuid: 5eed0002-0000-4000-8000-000000000002
    title: Direct Russia–Ukraine talks
    parent: russia-ukraine-war
  - slug: ceasefire
    uuid: 5eed0002-0000-4000-8000-000000000003
    title: Ceasefire
    parent: russia-ukraine-war
  - slug: sanctions-on-russia
    uuid: 5eed0002-0000-4000-8000-000000000004
    title: Sanctions on Russia
    parent: russia-ukraine-war

source:
  uuid: 5eed0003-0000-4000-8000-000000000001
  outlet: Hindustan Times
  title: China backs direct talks between Ukraine, Russia for immediate ceasefire
  author: HT News Desk
  published: 2025-05-20
  via: AFP
  language: en

statements:
  - uuid: 5eed0004-0000-4000-8000-000000000001
    speaker: Donald Trump
    quote: immediate talks
    stances: {direct-talks: supports}
    targets: [Russia, Ukraine]
    cameo: "026"
    note: Partial quote. "Trump's call for “immediate talks” for a ceasefire."
  - uuid: 5eed0004-0000-4000-8000-000000000002
    speaker: Donald Trump
    quote: immediately
    stances: {direct-talks: supports}
    targets: [Russia, Ukraine]
    cameo: "026"
    note: Partial quote. Trump "called on Russia and Ukraine to “immediately” begin direct talks and work towards a truce."
  - uuid: 5eed0004-0000-4000-8000-000000000003
    speaker: Mao Ning
    on_behalf_of: China's foreign ministry
    medium: press briefing
    quote: China supports all efforts aimed at achieving peace
    stances: {direct-talks: supports}
    cameo: "032"
  - uuid: 5eed0004-0000-4000-8000-000000000004
    speaker: Mao Ning
    on_behalf_of: China's foreign ministry
    medium: press briefing
    quote: hoped that the parties concerned will carry on with the dialogue and negotiation
    stances: {direct-talks: supports}
    targets: [Russia, Ukraine]
    cameo: "026"
    note: Partial quote, attributed to Beijing.
  - uuid: 5eed0004-0000-4000-8000-000000000005
    speaker: Donald Trump
    quote: immediately
    stances: {ceasefire: supports}
    cameo: "013"
    note: Partial quote. After a two-hour phone call with Putin, Trump stated that Russia and Ukraine will "immediately" begin negotiating for a ceasefire.
  - uuid: 5eed0004-0000-4000-8000-000000000006
    speaker: Donald Trump
    quote: went very well
    stances: {direct-talks: supports}
    targets: [Vladimir Putin]
    cameo: "013"
    note: Partial quote, on his phone call with Vladimir Putin.
  - uuid: 5eed0004-0000-4000-8000-000000000007
    speaker: Vladimir Putin
    quote: memorandum on a possible future peace agreement.
    stances: {direct-talks: supports}
    targets: [Ukraine]
    cameo: "036"
    note: Partial quote. Putin stated that Moscow was ready to work with Kyiv on a “memorandum on a possible future peace agreement.”
  - uuid: 5eed0004-0000-4000-8000-000000000008
    speaker: Donald Trump
    medium: Truth Social post
    quote: Russia and Ukraine will immediately start negotiations toward a Ceasefire and, more importantly, an END to the War.
    stances: {ceasefire: supports, direct-talks: supports}
    targets: [Russia, Ukraine]
    cameo: "013"
  - uuid: 5eed0004-0000-4000-8000-000000000009
    speaker: Volodymyr Zelenskyy
    quote: desire for a peaceful and unconditional ceasefire.
    stances: {ceasefire: supports}
    note: Partial quote. Zelenskyy "reaffirmed Ukraine's “desire for a peaceful and unconditional ceasefire.”" in a conversation with Trump.
  - uuid: 5eed0004-0000-4000-8000-000000000010
    speaker: Volodymyr Zelenskyy
    medium: X post
    quote: At the beginning of our bilateral conversation, I reaffirmed to President Trump that Ukraine is ready for a full and unconditional ceasefire, as has been spoken about, particularly the United States. It is important not to dilute this proposal. If the Russians are not ready to stop the killings, there must be stronger sanctions. Pressure on Russia will push it toward real peace – this is obvious to everyone around the world.
    stances: {ceasefire: supports, sanctions-on-russia: conditional}
    targets: [Donald Trump, Russia]
    cameo: "0356"
"""#
}
