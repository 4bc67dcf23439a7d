//! What the gallery offers: the ids of every lesson in `lessons/`, every challenge in
//! `challenges/` and every example in `examples/`, and how their files become cards grouped
//! by topic.
//!
//! The files themselves are not built into the app: they are served beside it and fetched when
//! needed (`learn::library`). Only the ids are here, so an unknown id is told apart from a file
//! that failed to arrive without asking the network. Adding a lesson, a challenge or an example
//! is its file plus one line in [`LESSONS`], [`CHALLENGES`] or [`EXAMPLES`]; a test names any
//! file of those folders that is missing here.

use crate::engine::Scenario;
use crate::engine::challenge::Challenge;
use crate::engine::lesson::{Lesson, Level, Topic};

/// Every example scenario, in the order the gallery shows them.
pub const EXAMPLES: &[&str] = &[
    "web-app",
    "cache-eviction",
    "mm1",
    "mmc",
    "queue-workers",
    "rate-limiting",
    "resilience",
    "replication",
    "sharding",
    "edge",
    "autoscaling",
    "multi-region",
    "sessions",
    "vertical-scaling",
    "heartbeats",
];

/// Every lesson; the gallery orders them by topic, then as listed here.
pub const LESSONS: &[&str] = &[
    "latency-vs-throughput",
    "vertical-vs-horizontal",
    "scale-up-machine-sizes",
    "load-balancing-algorithms",
    "queue-absorbs-spike",
    "spof-and-redundancy",
    "availability-series-parallel",
    "multi-region-failover",
    "heartbeats-failure-detection",
    "stateless-web-tier",
    "cache-hit-ratio",
    "cache-aside",
    "cache-eviction-policies",
    "cache-crash-stampede",
    "hot-key-stampede",
    "cache-write-policies",
    "cdn-static-assets",
    "read-replicas",
    "replication-lag-stale-reads",
    "failover-lost-writes",
    "cap-cp-vs-ap",
    "sharding-hot-key",
    "consistent-hashing-resharding",
    "rate-limiter-algorithms",
    "idempotency-keys",
    "autoscaling-lag",
    "circuit-breaker",
    "retry-storm",
    "graceful-degradation",
    "zero-to-millions-1-single-server",
    "zero-to-millions-2-separate-db",
    "zero-to-millions-3-load-balancer",
    "zero-to-millions-4-cache-and-cdn",
    "zero-to-millions-5-replicas",
    "zero-to-millions-6-shards-and-queue",
];

/// Every challenge, in the order the gallery shows them.
pub const CHALLENGES: &[&str] = &[
    "survive-a-database-crash",
    "no-single-load-balancer",
    "meet-a-latency-slo-on-a-budget",
    "degrade-gracefully",
    "stop-a-retry-storm",
    "tame-a-cache-stampede",
    "absorb-a-spike-with-a-queue",
    "keep-stale-reads-under-1-percent",
    "lose-no-acknowledged-write",
    "survive-a-zone-outage",
];

/// What a card opens. The gallery shows them in this order: lessons, challenges, examples.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum CardKind {
    Lesson,
    Challenge,
    Example,
}

impl CardKind {
    /// The word for it in messages and queries: "lesson", "challenge" or "example".
    pub fn word(self) -> &'static str {
        match self {
            CardKind::Lesson => "lesson",
            CardKind::Challenge => "challenge",
            CardKind::Example => "example",
        }
    }

    /// The ids of this kind, in the gallery's order.
    fn ids(self) -> &'static [&'static str] {
        match self {
            CardKind::Lesson => LESSONS,
            CardKind::Challenge => CHALLENGES,
            CardKind::Example => EXAMPLES,
        }
    }

    /// The folder its files are served from (and kept in, in the source tree).
    fn folder(self) -> &'static str {
        match self {
            CardKind::Lesson => "lessons",
            CardKind::Challenge => "challenges",
            CardKind::Example => "examples",
        }
    }
}

/// `id` as the catalog spells it, if it names a lesson or example of `kind`. Only such ids
/// become file paths, so a query cannot make the app fetch anything else.
pub fn known(kind: CardKind, id: &str) -> Option<&'static str> {
    kind.ids().iter().copied().find(|i| *i == id)
}

/// Where the file of a known lesson, challenge or example is served, relative to the page:
/// `lessons/<id>.json`, `challenges/<id>.json` or `examples/<id>.json` (Trunk copies the
/// folders beside the app).
pub fn path(kind: CardKind, id: &'static str) -> String {
    format!("{}/{id}.json", kind.folder())
}

/// The text of an example file as a scenario, or why it is not one.
pub fn parse_example(text: &str) -> Result<Scenario, String> {
    Scenario::from_json(text).map_err(|e| e.to_string())
}

/// The text of lesson file `id` as a lesson, or why it is not one.
pub fn parse_lesson(id: &str, text: &str) -> Result<Lesson, String> {
    let lesson = Lesson::from_json(text)?;
    if lesson.id != id {
        return Err(format!("the file says its id is '{}'", lesson.id));
    }
    Ok(lesson)
}

/// The text of challenge file `id` as a challenge, or why it is not one.
pub fn parse_challenge(id: &str, text: &str) -> Result<Challenge, String> {
    let challenge = Challenge::from_json(text)?;
    if challenge.id != id {
        return Err(format!("the file says its id is '{}'", challenge.id));
    }
    Ok(challenge)
}

/// One card of the gallery.
#[derive(Clone, Debug, PartialEq)]
pub struct Card {
    pub kind: CardKind,
    pub id: &'static str,
    pub title: String,
    pub summary: String,
    /// Lessons and challenges.
    pub level: Option<Level>,
    /// Lessons only: the group a lesson is shown in.
    pub topic: Option<Topic>,
    /// The concept of the curriculum (lessons) or the scenario's name (examples).
    pub concept: String,
    pub group: &'static str,
    /// The diagram, for the thumbnail.
    pub scenario: Scenario,
}

impl Card {
    /// The card of lesson `id`, which starts from `base`.
    pub fn lesson(id: &'static str, lesson: &Lesson, base: Scenario) -> Card {
        Card {
            kind: CardKind::Lesson,
            id,
            title: lesson.title.clone(),
            summary: lesson.summary.clone(),
            level: Some(lesson.level),
            topic: Some(lesson.topic),
            concept: lesson.concept.clone(),
            group: lesson.topic.title(),
            scenario: base,
        }
    }

    /// The card of challenge `id`, which starts from `start`.
    pub fn challenge(id: &'static str, challenge: &Challenge, start: Scenario) -> Card {
        Card {
            kind: CardKind::Challenge,
            id,
            title: challenge.title.clone(),
            summary: first_sentence(&challenge.brief.replace("**", "").replace('`', "")),
            level: Some(challenge.level),
            topic: None,
            concept: challenge.topic.title().to_string(),
            group: CHALLENGES_GROUP,
            scenario: start,
        }
    }

    /// The card of example `id`.
    pub fn example(id: &'static str, scenario: Scenario) -> Card {
        Card {
            kind: CardKind::Example,
            id,
            title: scenario.name.clone(),
            summary: first_sentence(&scenario.description),
            level: None,
            topic: None,
            concept: scenario.name.clone(),
            group: EXAMPLES_GROUP,
            scenario,
        }
    }

    /// The link that opens this card: `?lesson=<id>`, `?challenge=<id>` or `?example=<id>`.
    pub fn query(&self) -> String {
        format!("?{}={}", self.kind.word(), self.id)
    }

    /// Whether every word of `query` appears in the title, summary, concept, group or id
    /// (case-insensitive). An empty query matches every card.
    pub fn matches(&self, query: &str) -> bool {
        let hay = format!(
            "{} {} {} {} {}",
            self.title, self.summary, self.concept, self.group, self.id
        )
        .to_lowercase();
        query
            .to_lowercase()
            .split_whitespace()
            .all(|word| hay.contains(word))
    }
}

/// The heading of the examples' group.
pub const EXAMPLES_GROUP: &str = "Example scenarios";

/// The heading of the challenges' group.
pub const CHALLENGES_GROUP: &str = "Challenges";

/// The cards in the gallery's order, whatever order they arrived in: lessons grouped by topic
/// (in the topics' order, and as [`LESSONS`] lists them within one), then the challenges and
/// the examples as [`CHALLENGES`] and [`EXAMPLES`] list them.
pub fn arrange(mut cards: Vec<Card>) -> Vec<Card> {
    cards.sort_by_key(|c| {
        let listed = c.kind.ids().iter().position(|id| *id == c.id);
        (c.kind, c.topic, listed)
    });
    cards
}

/// The groups of `cards` in the order they come.
pub fn groups(cards: &[Card]) -> Vec<&'static str> {
    let mut out: Vec<&'static str> = Vec::new();
    for c in cards {
        if !out.contains(&c.group) {
            out.push(c.group);
        }
    }
    out
}

/// A level in words.
pub fn level_label(level: Level) -> &'static str {
    match level {
        Level::Intro => "Intro",
        Level::Intermediate => "Intermediate",
        Level::Advanced => "Advanced",
    }
}

/// The first sentence of a description, for a card's one line.
fn first_sentence(text: &str) -> String {
    let text = text.trim();
    match text.find(". ") {
        Some(i) => text[..=i].to_string(),
        None => text.to_string(),
    }
}

/// What a page's query asks to open: `?lesson=<id>`, `?challenge=<id>` or `?example=<id>`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Wanted {
    pub kind: CardKind,
    pub id: String,
}

/// The lesson, challenge or example a query string (`?a=1&lesson=retry-storm`) asks for, if
/// any.
pub fn wanted(search: &str) -> Option<Wanted> {
    search.trim_start_matches('?').split('&').find_map(|pair| {
        let (key, id) = pair.split_once('=')?;
        let kind = [CardKind::Lesson, CardKind::Challenge, CardKind::Example]
            .into_iter()
            .find(|k| k.word() == key)?;
        Some(Wanted {
            kind,
            id: decode(id),
        })
    })
}

/// The query without its `lesson`, `challenge` and `example` parameters (`embed` and others
/// stay), so a reload after opening one restores the autosaved work instead of opening it
/// again.
pub fn without_wanted(search: &str) -> String {
    let kept: Vec<&str> = search
        .trim_start_matches('?')
        .split('&')
        .filter(|pair| {
            let key = pair.split_once('=').map_or(*pair, |(k, _)| k);
            !pair.is_empty() && !matches!(key, "lesson" | "challenge" | "example")
        })
        .collect();
    if kept.is_empty() {
        String::new()
    } else {
        format!("?{}", kept.join("&"))
    }
}

/// An id from a query: `%xx` escapes decoded, and only the characters ids use kept, so a
/// hostile query shows as harmless text in the message that says it is unknown.
fn decode(id: &str) -> String {
    let bytes = id.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = |b: u8| (b as char).to_digit(16);
        if bytes[i] == b'%'
            && let (Some(h), Some(l)) = (
                bytes.get(i + 1).and_then(|b| hex(*b)),
                bytes.get(i + 2).and_then(|b| hex(*b)),
            )
        {
            out.push((h * 16 + l) as u8);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8_lossy(&out)
        .chars()
        .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
        .take(80)
        .collect()
}

/// The text of a lesson or example file, read from the source tree (the app fetches it).
#[cfg(test)]
pub(crate) fn read(kind: CardKind, id: &'static str) -> String {
    let file = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join(path(kind, id));
    std::fs::read_to_string(&file).unwrap_or_else(|e| panic!("{}: {e}", file.display()))
}

/// Every card, from the files in the source tree, as the gallery arranges them.
#[cfg(test)]
pub(crate) fn cards_from_disk() -> Vec<Card> {
    let mut cards = Vec::new();
    for id in LESSONS {
        let lesson = parse_lesson(id, &read(CardKind::Lesson, id))
            .unwrap_or_else(|e| panic!("lessons/{id}.json: {e}"));
        let base = lesson
            .base_scenario(&|example| {
                known(CardKind::Example, example).map(|e| read(CardKind::Example, e))
            })
            .unwrap_or_else(|e| panic!("lessons/{id}.json: {e}"));
        cards.push(Card::lesson(id, &lesson, base));
    }
    let example = |id: &str| known(CardKind::Example, id).map(|e| read(CardKind::Example, e));
    for id in CHALLENGES {
        let challenge = parse_challenge(id, &read(CardKind::Challenge, id))
            .unwrap_or_else(|e| panic!("challenges/{id}.json: {e}"));
        let start = challenge
            .start(&example)
            .unwrap_or_else(|e| panic!("challenges/{id}.json: {e}"));
        cards.push(Card::challenge(id, &challenge, start));
    }
    for id in EXAMPLES {
        let scenario = parse_example(&read(CardKind::Example, id))
            .unwrap_or_else(|e| panic!("examples/{id}.json: {e}"));
        cards.push(Card::example(id, scenario));
    }
    arrange(cards)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::lesson::{ScenarioSource, Topic};
    use crate::engine::validate;
    use std::path::Path;

    fn ids_in(dir: &str) -> Vec<String> {
        let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(dir);
        let mut ids: Vec<String> = std::fs::read_dir(&path)
            .unwrap_or_else(|e| panic!("{}: {e}", path.display()))
            .filter_map(|e| e.ok())
            .filter_map(|e| {
                let name = e.file_name().to_string_lossy().into_owned();
                name.strip_suffix(".json").map(str::to_string)
            })
            .collect();
        ids.sort();
        ids
    }

    #[test]
    fn every_example_and_lesson_file_is_in_the_gallery() {
        let mut examples: Vec<String> = EXAMPLES.iter().map(|id| id.to_string()).collect();
        examples.sort();
        assert_eq!(
            examples,
            ids_in("examples"),
            "src/learn/catalog.rs EXAMPLES"
        );
        let mut lessons: Vec<String> = LESSONS.iter().map(|id| id.to_string()).collect();
        lessons.sort();
        assert_eq!(lessons, ids_in("lessons"), "src/learn/catalog.rs LESSONS");
        let mut challenges: Vec<String> = CHALLENGES.iter().map(|id| id.to_string()).collect();
        challenges.sort();
        assert_eq!(
            challenges,
            ids_in("challenges"),
            "src/learn/catalog.rs CHALLENGES"
        );
        assert_eq!(
            cards_from_disk().len(),
            EXAMPLES.len() + LESSONS.len() + CHALLENGES.len(),
            "every file makes a card"
        );
    }

    #[test]
    fn only_listed_ids_become_paths() {
        assert_eq!(
            known(CardKind::Lesson, "retry-storm").map(|id| path(CardKind::Lesson, id)),
            Some("lessons/retry-storm.json".to_string())
        );
        assert_eq!(
            known(CardKind::Example, "mm1").map(|id| path(CardKind::Example, id)),
            Some("examples/mm1.json".to_string())
        );
        assert_eq!(known(CardKind::Example, "retry-storm"), None);
        assert_eq!(known(CardKind::Lesson, "../index.html"), None);
    }

    #[test]
    fn no_two_cards_share_an_id() {
        // The gallery's cards are found by id (`card-<id>`), whatever they open.
        let mut ids: Vec<&str> = LESSONS
            .iter()
            .chain(CHALLENGES)
            .chain(EXAMPLES)
            .copied()
            .collect();
        ids.sort();
        let twice: Vec<&[&str]> = ids.windows(2).filter(|w| w[0] == w[1]).collect();
        assert!(twice.is_empty(), "ids used twice: {twice:?}");
    }

    #[test]
    fn every_card_opens_a_scenario_without_errors() {
        for card in cards_from_disk() {
            let errors: Vec<String> = validate(&card.scenario)
                .iter()
                .filter(|p| p.is_error())
                .map(|p| p.to_string())
                .collect();
            assert!(errors.is_empty(), "{}: {errors:?}", card.id);
            assert!(
                !card.title.is_empty() && !card.summary.is_empty(),
                "{}",
                card.id
            );
        }
    }

    #[test]
    fn a_lesson_built_on_an_example_names_one_of_the_catalog() {
        // The app fetches that example's file, so it must be one it can name.
        for id in LESSONS {
            let lesson = parse_lesson(id, &read(CardKind::Lesson, id)).expect("parses");
            if let ScenarioSource::Example(example) = &lesson.scenario {
                assert!(
                    known(CardKind::Example, example).is_some(),
                    "{id}: example '{example}'"
                );
            }
        }
    }

    #[test]
    fn a_lesson_file_must_carry_its_own_id() {
        let text = read(CardKind::Lesson, "retry-storm");
        assert!(parse_lesson("retry-storm", &text).is_ok());
        let err = parse_lesson("circuit-breaker", &text).expect_err("another id");
        assert!(err.contains("'retry-storm'"), "{err}");
    }

    #[test]
    fn lessons_come_grouped_by_topic_then_challenges_and_examples_last() {
        let cards = cards_from_disk();
        let groups = groups(&cards);
        assert_eq!(groups.first(), Some(&Topic::Queueing.title()));
        assert_eq!(groups[groups.len() - 2], CHALLENGES_GROUP);
        assert_eq!(groups.last(), Some(&EXAMPLES_GROUP));
        // Each group's cards are together.
        let order: Vec<&str> = cards.iter().map(|c| c.group).collect();
        let mut seen = order.clone();
        seen.dedup();
        assert_eq!(seen, groups);
        // Whatever order the files arrived in.
        let mut reversed = cards.clone();
        reversed.reverse();
        assert_eq!(arrange(reversed), cards);
    }

    #[test]
    fn search_needs_every_word() {
        let cards = cards_from_disk();
        let card = cards
            .iter()
            .find(|c| c.id == "cache-crash-stampede")
            .expect("card");
        assert!(card.matches(""));
        assert!(card.matches("CACHE database"));
        assert!(card.matches("caching"), "the group counts");
        assert!(!card.matches("cache sharding"));
    }

    #[test]
    fn the_query_names_what_to_open_and_is_cleaned_after() {
        let want = |kind, id: &str| {
            Some(Wanted {
                kind,
                id: id.to_string(),
            })
        };
        assert_eq!(
            wanted("?lesson=retry-storm"),
            want(CardKind::Lesson, "retry-storm")
        );
        assert_eq!(
            wanted("?embed=1&example=mm1"),
            want(CardKind::Example, "mm1")
        );
        assert_eq!(
            wanted("?challenge=degrade-gracefully"),
            want(CardKind::Challenge, "degrade-gracefully")
        );
        assert_eq!(wanted("?embed=1"), None);
        assert_eq!(
            wanted("?lesson=%3Cscript%3Ealert(1)"),
            want(CardKind::Lesson, "scriptalert1")
        );
        assert_eq!(without_wanted("?lesson=retry-storm"), "");
        assert_eq!(without_wanted("?embed=1&example=mm1"), "?embed=1");
        assert_eq!(
            without_wanted("?challenge=degrade-gracefully&embed=1"),
            "?embed=1"
        );
        let cards = cards_from_disk();
        assert_eq!(cards[0].query(), format!("?lesson={}", cards[0].id));
        let example = cards.last().expect("cards");
        assert_eq!(example.query(), format!("?example={}", example.id));
    }
}
