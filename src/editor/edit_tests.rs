//! The edit commands and the history, tested together: each edit's inverse restores the
//! scenario exactly, and undo/redo walk the history.

use super::*;
use crate::editor::history::History;
use archsim_engine::{CrashMode, SCENARIO_VERSION};

fn component(id: &str, label: &str, kind: Kind, x: f64) -> Component {
    Component {
        id: id.to_string(),
        label: label.to_string(),
        pos: Pos { x, y: 100.0 },
        params: kind.default_params(),
        failures: None,
        zone: None,

        redundancy: None,
    }
}

/// users → lb → api → cache → db, plus a worker hanging off the balancer and a fault.
fn fixture() -> Scenario {
    Scenario {
        version: SCENARIO_VERSION,
        name: "fixture".to_string(),
        description: String::new(),
        components: vec![
            component("users", "users", Kind::Client, 0.0),
            component("lb", "LB", Kind::LoadBalancer, 200.0),
            component("api", "api", Kind::Service, 400.0),
            component("worker", "worker", Kind::Service, 400.0),
            component("cache", "cache", Kind::Cache, 600.0),
            component("db", "db", Kind::Database, 800.0),
        ],
        connections: vec![
            Connection::new("users", "lb"),
            Connection::new("lb", "api"),
            Connection::new("api", "cache"),
            Connection::new("lb", "worker"),
            Connection::new("cache", "db"),
            Connection::new("worker", "db"),
        ],
        faults: vec![FaultEntry {
            at_s: 10.0,
            fault: Fault::Crash {
                component: "api".to_string(),
                duration_s: None,
                mode: CrashMode::FailFast,
            },
        }],
        run: RunSettings::default(),
        slo: Slo::default(),
        network: Network::default(),
    }
}

/// Applies `edit`, checks that its inverse restores the scenario exactly and that the
/// inverse's inverse redoes it exactly; returns the edited scenario.
fn assert_round_trip(start: &Scenario, edit: Edit) -> Scenario {
    let mut scenario = start.clone();
    let inverse = edit
        .clone()
        .apply(&mut scenario)
        .expect("edit should apply");
    let after = scenario.clone();
    assert_ne!(&after, start, "{edit:?} should change something");
    let redo = inverse.apply(&mut scenario).expect("inverse should apply");
    assert_eq!(&scenario, start, "inverse of {edit:?}");
    redo.apply(&mut scenario).expect("redo should apply");
    assert_eq!(scenario, after, "redo of {edit:?}");
    after
}

fn refused(scenario: &Scenario, edit: Edit) -> EditError {
    let mut copy = scenario.clone();
    let error = edit.apply(&mut copy).expect_err("edit should be refused");
    assert_eq!(
        &copy, scenario,
        "a refused edit must leave the scenario as it was"
    );
    error
}

fn move_to(id: &str, x: f64, y: f64) -> Edit {
    Edit::MoveComponent {
        id: id.to_string(),
        from: Pos::default(),
        to: Pos { x, y },
    }
}

#[test]
fn every_edit_is_undone_exactly_by_its_inverse() {
    let s = fixture();
    let edits = vec![
        Edit::AddComponent {
            component: component("queue-1", "Jobs", Kind::Queue, 50.0),
            index: 2,
        },
        Edit::AddComponent {
            component: component("queue-1", "Jobs", Kind::Queue, 50.0),
            index: 99,
        },
        Edit::RemoveComponent {
            id: "api".to_string(),
        },
        Edit::RemoveComponent {
            id: "db".to_string(),
        },
        move_to("api", 10.0, -20.0),
        Edit::Rename {
            id: "api".to_string(),
            label: "API".to_string(),
        },
        Edit::SetParams {
            id: "cache".to_string(),
            params: Kind::Database.default_params(),
        },
        Edit::AddConnection {
            connection: Connection::new("api", "db"),
            index: 1,
        },
        Edit::RemoveConnection {
            from: "lb".to_string(),
            to: "api".to_string(),
        },
        Edit::SetConnection {
            from: "lb".to_string(),
            to: "api".to_string(),
            latency: Dist::Exponential { mean_ms: 3.0 },
            weight: 5,
            breaker: Some(CircuitBreaker::default()),
            optional: true,
        },
        Edit::SetRun(RunSettings {
            seed: 42,
            ..RunSettings::default()
        }),
        Edit::SetSlo(Slo {
            latency_ms: 100.0,
            success_target: 0.999,
        }),
        Edit::SetName("Checkout, with a cache".to_string()),
        Edit::SetNetwork(Network {
            zones: vec![archsim_engine::Zone {
                name: "us-east-1a".to_string(),
                region: "us-east".to_string(),
            }],
            ..Network::default()
        }),
        Edit::SetZone {
            id: "api".to_string(),
            zone: Some("us-east-1a".to_string()),
        },
        Edit::Batch(vec![
            Edit::RemoveConnection {
                from: "cache".to_string(),
                to: "db".to_string(),
            },
            Edit::RemoveComponent {
                id: "worker".to_string(),
            },
            move_to("db", 1.0, 2.0),
        ]),
    ];
    for edit in edits {
        assert_round_trip(&s, edit);
    }
}

#[test]
fn removing_a_component_takes_its_connections_and_undo_puts_them_back_in_place() {
    let s = fixture();
    let after = assert_round_trip(
        &s,
        Edit::RemoveComponent {
            id: "lb".to_string(),
        },
    );
    assert!(after.component("lb").is_none());
    let links: Vec<(&str, &str)> = after
        .connections
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(
        links,
        [("api", "cache"), ("cache", "db"), ("worker", "db")],
        "the three connections of the balancer go, the others keep their order"
    );
    // The fault naming api is untouched by deleting api, and reported beforehand.
    let remove_api = Edit::RemoveComponent {
        id: "api".to_string(),
    };
    let warnings = remove_api.warnings(&s);
    assert_eq!(warnings.len(), 1);
    assert!(warnings[0].contains("'api'") && warnings[0].contains("crash at 10 s"));
    let after = assert_round_trip(&s, remove_api);
    assert_eq!(after.faults, s.faults);
}

#[test]
fn refused_edits_say_why_by_label_and_change_nothing() {
    let s = fixture();
    let connect = |from: &str, to: &str| Edit::connect(&s, from, to);
    assert_eq!(
        refused(&s, connect("api", "users")).to_string(),
        "A client only sends requests; nothing can connect into Client 'users'"
    );
    assert_eq!(
        refused(&s, connect("db", "api")).to_string(),
        "Connecting 'db' → 'api' would make a loop api → cache → db → api; \
         requests would circle forever"
    );
    assert_eq!(
        refused(&s, connect("lb", "api")).to_string(),
        "'LB' is already connected to 'api'"
    );
    assert!(
        refused(&s, connect("api", "api"))
            .to_string()
            .starts_with("'api' cannot connect to itself")
    );
    assert_eq!(
        refused(&s, connect("api", "ghost")).to_string(),
        "There is no component 'ghost'; it may have been deleted"
    );
    let blank = refused(
        &s,
        Edit::Rename {
            id: "lb".to_string(),
            label: "   ".to_string(),
        },
    );
    assert_eq!(
        blank.to_string(),
        "A component needs a name; the label of 'LB' cannot be empty"
    );
    assert_eq!(blank.component_id(), Some("lb"));
    let twin = refused(
        &s,
        Edit::add_component(&s, component("lb", "Second LB", Kind::LoadBalancer, 0.0)),
    );
    assert!(
        twin.to_string().contains("already belongs to 'LB'"),
        "{twin}"
    );
    let unnamed = refused(
        &s,
        Edit::add_component(&s, component("x", "", Kind::Cache, 0.0)),
    );
    assert!(matches!(unnamed, EditError::EmptyLabel { .. }));
    let no_id = refused(
        &s,
        Edit::add_component(&s, component(" ", "X", Kind::Cache, 0.0)),
    );
    assert_eq!(no_id, EditError::EmptyId);
    assert!(
        refused(&s, move_to("api", f64::NAN, 0.0))
            .to_string()
            .contains("'api' cannot be placed at (NaN, 0)")
    );
    let into_client = refused(
        &s,
        Edit::SetParams {
            id: "api".to_string(),
            params: Kind::Client.default_params(),
        },
    );
    assert!(
        into_client
            .to_string()
            .contains("while 'LB' connects into it")
    );
    assert_eq!(
        refused(
            &s,
            Edit::RemoveConnection {
                from: "db".to_string(),
                to: "lb".to_string(),
            }
        )
        .to_string(),
        "There is no connection from 'db' to 'LB'"
    );
    // A batch whose last part is refused is refused whole.
    let error = refused(
        &s,
        Edit::Batch(vec![
            move_to("lb", 1.0, 1.0),
            Edit::RemoveComponent {
                id: "cache".to_string(),
            },
            connect("db", "lb"),
        ]),
    );
    assert!(matches!(error, EditError::Cycle { .. }), "{error}");
}

#[test]
fn a_reverse_connection_is_a_two_step_loop() {
    let s = fixture();
    assert_eq!(
        would_create_cycle(&s, "api", "lb"),
        Some(vec!["lb".to_string(), "api".to_string(), "lb".to_string()])
    );
    assert_eq!(would_create_cycle(&s, "api", "worker"), None);
    assert!(can_connect(&s, "api", "worker").is_ok());
    // lb reaches db through api → cache and, shorter, through worker: the message
    // shows the shortest loop.
    assert_eq!(
        would_create_cycle(&s, "db", "lb"),
        Some(["lb", "worker", "db", "lb"].map(String::from).to_vec())
    );
}

#[test]
fn undo_and_redo_walk_the_history_both_ways() {
    let original = fixture();
    let mut s = original.clone();
    let mut history = History::new();
    assert!(!history.can_undo() && !history.can_redo());
    history
        .apply(&mut s, move_to("api", 5.0, 5.0))
        .expect("move");
    let moved = s.clone();
    history
        .apply(
            &mut s,
            Edit::Rename {
                id: "api".to_string(),
                label: "API".to_string(),
            },
        )
        .expect("rename");
    let renamed = s.clone();
    assert_eq!(
        history.undo_label().as_deref(),
        Some("Undo: rename 'api' to 'API'")
    );
    assert!(history.undo(&mut s).expect("undo"));
    assert_eq!(s, moved);
    assert_eq!(
        history.redo_label().as_deref(),
        Some("Redo: rename 'api' to 'API'")
    );
    assert_eq!(history.undo_label().as_deref(), Some("Undo: move 'api'"));
    assert!(history.undo(&mut s).expect("undo"));
    assert_eq!(s, original);
    assert!(!history.undo(&mut s).expect("nothing to undo"));
    assert!(history.redo(&mut s).expect("redo"));
    assert!(history.redo(&mut s).expect("redo"));
    assert_eq!(s, renamed);
    assert!(!history.redo(&mut s).expect("nothing to redo"));
    assert!(history.undo(&mut s).expect("undo"));
    assert_eq!(s, moved);
    // A new edit forgets what could have been redone.
    history
        .apply(&mut s, move_to("db", 0.0, 0.0))
        .expect("move");
    assert!(!history.can_redo());
    assert_eq!(history.undo_depth(), 2);
}

#[test]
fn opening_another_scenario_is_undone_like_any_edit() {
    let mut s = fixture();
    let mut history = History::new();
    history
        .apply(&mut s, move_to("api", 5.0, 5.0))
        .expect("move");
    let work = s.clone();
    let mut other = fixture();
    other.name = "from a link".to_string();
    other.connections.clear();
    history
        .apply(&mut s, Edit::Open(Box::new(other.clone())))
        .expect("open");
    assert_eq!(s, other);
    assert_eq!(
        history.undo_label().as_deref(),
        Some("Undo: open 'from a link'")
    );
    assert!(history.undo(&mut s).expect("undo"));
    assert_eq!(s, work, "the work from before the link is back");
    assert!(history.undo(&mut s).expect("undo"));
    assert_eq!(s, fixture(), "and its own history with it");
    assert!(history.redo(&mut s).expect("redo"));
    assert!(history.redo(&mut s).expect("redo"));
    assert_eq!(s, other);
}

#[test]
fn faults_are_added_moved_and_removed_as_undoable_edits() {
    let mut s = fixture();
    let mut history = History::new();
    let crash = FaultEntry {
        at_s: 0.0,
        fault: Fault::Crash {
            component: "db".to_string(),
            duration_s: None,
            mode: Default::default(),
        },
    };
    let i = s.faults.len();
    let add = Edit::add_fault(&s, crash.clone());
    history.apply(&mut s, add).expect("add");
    history
        .apply(
            &mut s,
            Edit::SetFaultTime {
                index: i,
                at_s: 20.0,
            },
        )
        .expect("move");
    assert_eq!(s.faults[i].at_s, 20.0);
    let refused = Edit::SetFaultTime {
        index: i,
        at_s: f64::NAN,
    }
    .apply(&mut s.clone());
    assert!(matches!(refused, Err(EditError::BadFaultTime { .. })));
    history
        .apply(&mut s, Edit::RemoveFault { index: i })
        .expect("remove");
    assert_eq!(s.faults.len(), i);
    assert_eq!(
        history.apply(&mut s, Edit::RemoveFault { index: 99 }),
        Err(EditError::UnknownFault { index: 99 })
    );
    assert!(history.undo(&mut s).expect("undo remove"));
    assert_eq!(s.faults[i].at_s, 20.0);
    assert!(history.undo(&mut s).expect("undo move"));
    assert_eq!(s.faults[i], crash);
    assert!(history.undo(&mut s).expect("undo add"));
    assert_eq!(s, fixture());
}

#[test]
fn refused_and_empty_edits_leave_the_history_alone() {
    let mut s = fixture();
    let mut history = History::new();
    assert!(
        history
            .apply(&mut s, Edit::connect(&fixture(), "db", "api"))
            .is_err()
    );
    history
        .apply(&mut s, move_to("api", 400.0, 100.0))
        .expect("a move to where it is already");
    history
        .apply(&mut s, Edit::Batch(Vec::new()))
        .expect("an empty batch");
    assert!(!history.can_undo());
    assert_eq!(s, fixture());
}

#[test]
fn a_drag_of_fifty_moves_is_one_undo_step() {
    let original = fixture();
    let mut s = original.clone();
    let mut history = History::new();
    history.begin_gesture();
    for i in 1..=50 {
        history
            .apply(&mut s, move_to("api", 400.0 + f64::from(i), 100.0))
            .expect("move");
    }
    history.end_gesture();
    let dropped = s.clone();
    assert_eq!(history.undo_depth(), 1);
    assert_eq!(history.undo_label().as_deref(), Some("Undo: move 'api'"));
    assert!(history.undo(&mut s).expect("undo"));
    assert_eq!(s, original);
    assert!(!history.can_undo());
    assert!(history.redo(&mut s).expect("redo"));
    assert_eq!(s, dropped);
    // The next drag is a step of its own.
    history.begin_gesture();
    history
        .apply(&mut s, move_to("api", 0.0, 0.0))
        .expect("move");
    history.end_gesture();
    assert_eq!(history.undo_depth(), 2);
}

#[test]
fn dragging_a_selection_stays_one_compact_step() {
    let original = fixture();
    let mut s = original.clone();
    let mut history = History::new();
    history.begin_gesture();
    for i in 1..=50 {
        let dx = f64::from(i);
        let edit = Edit::Batch(vec![
            move_to("api", 400.0 + dx, 100.0),
            move_to("cache", 600.0 + dx, 100.0),
        ]);
        history.apply(&mut s, edit).expect("move both");
    }
    history.end_gesture();
    assert_eq!(history.undo_depth(), 1);
    assert_eq!(
        history.undo_label().as_deref(),
        Some("Undo: move 2 components")
    );
    let step = history.oldest_inverse().expect("one step");
    assert!(
        matches!(step, Edit::Restore(inner) if matches!(&**inner, Edit::Batch(b) if b.len() == 2)),
        "fifty moves of two components fold into two moves: {step:?}"
    );
    history.undo(&mut s).expect("undo");
    assert_eq!(s, original);
}

#[test]
fn a_drag_back_to_the_start_leaves_nothing_to_undo() {
    let mut s = fixture();
    let mut history = History::new();
    history
        .apply(&mut s, move_to("db", 0.0, 0.0))
        .expect("move");
    history.undo(&mut s).expect("undo");
    history.begin_gesture();
    history
        .apply(&mut s, move_to("api", 1.0, 1.0))
        .expect("move");
    history
        .apply(&mut s, move_to("api", 400.0, 100.0))
        .expect("move back");
    history.end_gesture();
    assert!(!history.can_undo());
    assert_eq!(s, fixture());
}

#[test]
fn typing_a_name_is_one_step() {
    let mut s = fixture();
    let mut history = History::new();
    history.begin_gesture();
    for label in ["G", "Ga", "Gat", "Gateway"] {
        history
            .apply(
                &mut s,
                Edit::Rename {
                    id: "lb".to_string(),
                    label: label.to_string(),
                },
            )
            .expect("rename");
    }
    history.end_gesture();
    assert_eq!(history.undo_depth(), 1);
    assert_eq!(
        history.undo_label().as_deref(),
        Some("Undo: rename 'LB' to 'G'")
    );
    history.undo(&mut s).expect("undo");
    assert_eq!(s, fixture());
}

#[test]
fn the_history_forgets_its_oldest_steps_past_its_limit() {
    let mut s = fixture();
    let mut history = History::with_limit(3);
    for i in 1..=5 {
        history
            .apply(&mut s, move_to("api", f64::from(i), 0.0))
            .expect("move");
    }
    assert_eq!(history.undo_depth(), 3);
    for _ in 0..3 {
        history.undo(&mut s).expect("undo");
    }
    assert!(!history.can_undo());
    assert_eq!(
        s.component("api").map(|c| c.pos),
        Some(Pos { x: 2.0, y: 0.0 })
    );
}

#[test]
fn undo_returns_to_states_that_predate_the_rules() {
    // A hand-written file: an unnamed component and a loop the editor would refuse.
    let mut loaded = fixture();
    loaded.components[2].label = String::new();
    loaded.connections.push(Connection::new("db", "lb"));
    let mut s = loaded.clone();
    let mut history = History::new();
    history
        .apply(
            &mut s,
            Edit::Rename {
                id: "api".to_string(),
                label: "API".to_string(),
            },
        )
        .expect("rename");
    history
        .apply(
            &mut s,
            Edit::RemoveConnection {
                from: "db".to_string(),
                to: "lb".to_string(),
            },
        )
        .expect("break the loop");
    history
        .apply(
            &mut s,
            Edit::RemoveComponent {
                id: "lb".to_string(),
            },
        )
        .expect("remove");
    while history.can_undo() {
        history.undo(&mut s).expect("undo");
    }
    assert_eq!(s, loaded);
}

#[test]
fn an_added_component_adopts_dangling_connections_and_undo_keeps_them() {
    let mut loaded = fixture();
    loaded.connections.insert(1, Connection::new("lb", "ghost"));
    let after = assert_round_trip(
        &loaded,
        Edit::add_component(&loaded, component("ghost", "Ghost", Kind::Service, 0.0)),
    );
    assert_eq!(after.connections, loaded.connections);
}

#[test]
fn delete_key_removes_a_selection_in_one_step() {
    let original = fixture();
    let mut s = original.clone();
    let mut history = History::new();
    let edit = Edit::delete(
        &s,
        &["api".to_string(), "ghost".to_string(), "api".to_string()],
        &[
            ("lb".to_string(), "worker".to_string()),
            ("lb".to_string(), "api".to_string()),
        ],
    );
    assert_eq!(edit.describe(&s), "delete 2 items");
    history.apply(&mut s, edit).expect("delete");
    assert!(s.component("api").is_none());
    let links: Vec<(&str, &str)> = s
        .connections
        .iter()
        .map(|c| (c.from.as_str(), c.to.as_str()))
        .collect();
    assert_eq!(links, [("users", "lb"), ("cache", "db"), ("worker", "db")]);
    history.undo(&mut s).expect("undo");
    assert_eq!(s, original);
}

#[test]
fn new_components_get_free_ids_labels_and_spots() {
    let mut s = fixture();
    assert_eq!(new_component_id(&s, Kind::Service), "service-3");
    assert_eq!(default_label(Kind::LoadBalancer, 2), "Load balancer 2");
    // A fault still names service-3 after its component was deleted: the id stays taken.
    s.faults.push(FaultEntry {
        at_s: 1.0,
        fault: Fault::Recover {
            component: "service-3".to_string(),
        },
    });
    s.components
        .push(component("x", "Service 4", Kind::Cache, 900.0));
    let placed = place_new(&s, Kind::Service, Pos { x: 400.0, y: 100.0 });
    assert_eq!(placed.id, "service-5");
    assert_eq!(placed.label, "Service 5");
    assert_eq!(placed.params, Kind::Service.default_params());
    assert_eq!(
        placed.pos,
        Pos {
            x: 400.0 + NUDGE,
            y: 100.0 + NUDGE
        },
        "steps aside from api and worker, which sit at (400, 100)"
    );
    let mut history = History::new();
    for _ in 0..3 {
        let next = place_new(&s, Kind::Queue, Pos { x: -50.0, y: -50.0 });
        let add = Edit::add_component(&s, next);
        history.apply(&mut s, add).expect("add");
    }
    let ids: Vec<&str> = s
        .components
        .iter()
        .rev()
        .take(3)
        .map(|c| c.id.as_str())
        .collect();
    assert_eq!(ids, ["queue-3", "queue-2", "queue-1"]);
    let spots: BTreeSet<(i64, i64)> = s
        .components
        .iter()
        .rev()
        .take(3)
        .map(|c| (c.pos.x as i64, c.pos.y as i64))
        .collect();
    assert_eq!(spots.len(), 3, "three clicks, three visible boxes");
}

#[test]
fn every_kind_gets_its_own_id_and_label() {
    let s = fixture();
    let placed: Vec<Component> = Kind::ALL
        .into_iter()
        .map(|k| place_new(&s, k, Pos::default()))
        .collect();
    let ids: BTreeSet<&str> = placed.iter().map(|c| c.id.as_str()).collect();
    assert_eq!(ids.len(), Kind::ALL.len(), "{ids:?}");
    let limiter = place_new(&s, Kind::RateLimiter, Pos::default());
    assert_eq!(limiter.id, "rate-limiter-1");
    assert_eq!(limiter.label, "Rate limiter 1");
    assert_eq!(
        place_new(&s, Kind::ExternalApi, Pos::default()).label,
        "External API 1"
    );
    assert_eq!(
        place_new(&s, Kind::BlobStorage, Pos::default()).id,
        "blob-storage-1"
    );
}

#[test]
fn random_failures_are_one_undoable_edit() {
    let mut s = fixture();
    let original = s.clone();
    let id = s.components[1].id.clone();
    let mut history = History::new();
    let on = Edit::SetFailures {
        id: id.clone(),
        failures: Some(RandomFailures {
            mtbf_s: 40.0,
            mttr_s: 10.0,
        }),
    };
    history.apply(&mut s, on).expect("turn on");
    let f = s.components[1].failures.expect("on");
    assert!((f.availability() - 0.8).abs() < 1e-12);
    history.undo(&mut s).expect("undo");
    assert_eq!(s, original);
    history.redo(&mut s).expect("redo");
    assert_eq!(s.components[1].failures, Some(f));
    let ghost = Edit::SetFailures {
        id: "ghost".to_string(),
        failures: None,
    };
    assert!(ghost.apply(&mut s).is_err());
}

#[test]
fn redundancy_is_one_undoable_edit() {
    let mut s = fixture();
    let original = s.clone();
    let id = s.components[1].id.clone();
    let mut history = History::new();
    let on = Edit::SetRedundancy {
        id: id.clone(),
        redundancy: Some(Redundancy::ActiveActive { nodes: 3 }),
    };
    assert!(on.describe(&s).starts_with("change redundancy of"));
    history.apply(&mut s, on).expect("turn on");
    assert_eq!(s.components[1].redundancy.map(|r| r.nodes()), Some(3));
    history.undo(&mut s).expect("undo");
    assert_eq!(s, original);
    history.redo(&mut s).expect("redo");
    assert!(s.components[1].redundancy.is_some());
    let ghost = Edit::SetRedundancy {
        id: "ghost".to_string(),
        redundancy: None,
    };
    assert!(ghost.apply(&mut s).is_err());
}

/// Random edit sequences against undo and redo. proptest needs an OS random source and
/// process forking, which wasm32-unknown-unknown lacks, so these run natively only.
#[cfg(not(target_arch = "wasm32"))]
mod properties {
    use super::*;
    use proptest::prelude::*;

    fn id() -> impl Strategy<Value = String> {
        prop::sample::select(vec![
            "users", "lb", "api", "worker", "cache", "db", "new", "", "ghost",
        ])
        .prop_map(String::from)
    }

    fn label() -> impl Strategy<Value = String> {
        prop::sample::select(vec!["API", "db", "New", "", "  "]).prop_map(String::from)
    }

    fn pos() -> impl Strategy<Value = Pos> {
        prop_oneof![
            9 => (-50i32..50, -50i32..50).prop_map(|(x, y)| Pos {
                x: f64::from(x) * 10.0,
                y: f64::from(y) * 10.0,
            }),
            1 => Just(Pos { x: f64::INFINITY, y: 0.0 }),
        ]
    }

    fn kind() -> impl Strategy<Value = Kind> {
        prop::sample::select(Kind::ALL.to_vec())
    }

    fn latency() -> impl Strategy<Value = Dist> {
        (1u32..20).prop_map(|ms| Dist::Constant { ms: f64::from(ms) })
    }

    fn primitive() -> impl Strategy<Value = Edit> {
        prop_oneof![
            (id(), label(), pos(), kind(), 0usize..9).prop_map(|(id, label, pos, kind, index)| {
                Edit::AddComponent {
                    component: Component {
                        id,
                        label,
                        pos,
                        params: kind.default_params(),
                        failures: None,
                        zone: None,
                        redundancy: None,
                    },
                    index,
                }
            }),
            id().prop_map(|id| Edit::RemoveComponent { id }),
            (
                id(),
                prop::option::of(prop_oneof![Just("us-east-1a"), Just("eu-west-1a")])
            )
                .prop_map(|(id, zone)| Edit::SetZone {
                    id,
                    zone: zone.map(str::to_string),
                }),
            (id(), pos()).prop_map(|(id, to)| Edit::MoveComponent {
                id,
                from: Pos::default(),
                to,
            }),
            (id(), label()).prop_map(|(id, label)| Edit::Rename { id, label }),
            (id(), kind()).prop_map(|(id, kind)| Edit::SetParams {
                id,
                params: kind.default_params(),
            }),
            (id(), id(), 0usize..9, latency()).prop_map(|(from, to, index, latency)| {
                Edit::AddConnection {
                    connection: Connection {
                        latency,
                        ..Connection::new(&from, &to)
                    },
                    index,
                }
            }),
            (id(), id()).prop_map(|(from, to)| Edit::RemoveConnection { from, to }),
            (id(), id(), latency(), 0u32..3, any::<bool>()).prop_map(
                |(from, to, latency, weight, resilient)| Edit::SetConnection {
                    from,
                    to,
                    latency,
                    weight,
                    breaker: resilient.then(CircuitBreaker::default),
                    optional: resilient,
                }
            ),
            (0u64..4, 1u32..4).prop_map(|(seed, minutes)| Edit::SetRun(RunSettings {
                seed,
                duration_s: f64::from(minutes) * 60.0,
                ..RunSettings::default()
            })),
            (1u32..4).prop_map(|ms| Edit::SetSlo(Slo {
                latency_ms: f64::from(ms) * 100.0,
                ..Slo::default()
            })),
        ]
    }

    fn edit() -> impl Strategy<Value = Edit> {
        prop_oneof![
            6 => primitive(),
            1 => prop::collection::vec(primitive(), 0..4).prop_map(Edit::Batch),
        ]
    }

    #[derive(Clone, Debug)]
    enum Op {
        // Boxed: an edit holds whole components, far larger than the other operations.
        Edit(Box<Edit>),
        Begin,
        End,
        Undo,
        Redo,
    }

    fn ops(with_undo: bool) -> impl Strategy<Value = Vec<Op>> {
        let undo_weight = if with_undo { 2 } else { 0 };
        prop::collection::vec(
            prop_oneof![
                10 => edit().prop_map(|e| Op::Edit(Box::new(e))),
                1 => Just(Op::Begin),
                1 => Just(Op::End),
                undo_weight => Just(Op::Undo),
                undo_weight => Just(Op::Redo),
            ],
            0..40,
        )
    }

    proptest! {
        /// Any sequence of edits, valid or not, in gestures or not: undoing everything gives
        /// back the original, redoing everything gives back the final state; each edit's
        /// own inverse is exact; refused edits change nothing.
        #[test]
        fn undo_all_then_redo_all_round_trips(ops in ops(false)) {
            let original = fixture();
            let mut s = original.clone();
            let mut history = History::new();
            for op in ops {
                match op {
                    Op::Edit(edit) => {
                        let edit = *edit;
                        let before = s.clone();
                        let mut alone = s.clone();
                        match edit.clone().apply(&mut alone) {
                            Ok(inverse) => {
                                let after = alone.clone();
                                let redo = inverse.apply(&mut alone).expect("inverse applies");
                                prop_assert_eq!(&alone, &before);
                                redo.apply(&mut alone).expect("redo applies");
                                prop_assert_eq!(&alone, &after);
                            }
                            Err(_) => prop_assert_eq!(&alone, &before),
                        }
                        match history.apply(&mut s, edit) {
                            Ok(()) => prop_assert_eq!(&s, &alone),
                            Err(_) => prop_assert_eq!(&s, &before),
                        }
                    }
                    Op::Begin => history.begin_gesture(),
                    Op::End => history.end_gesture(),
                    Op::Undo | Op::Redo => {}
                }
            }
            let last = s.clone();
            for _ in 0..History::DEFAULT_LIMIT {
                if !history.undo(&mut s).expect("undo") {
                    break;
                }
            }
            prop_assert_eq!(&s, &original);
            for _ in 0..History::DEFAULT_LIMIT {
                if !history.redo(&mut s).expect("redo") {
                    break;
                }
            }
            prop_assert_eq!(&s, &last);
        }

        /// The history against a model that keeps whole scenarios: after every edit, undo,
        /// redo and gesture boundary, the scenario is the one the model predicts.
        #[test]
        fn history_matches_a_model_of_whole_states(ops in ops(true)) {
            let mut s = fixture();
            let mut history = History::new();
            let mut past: Vec<Scenario> = Vec::new();
            let mut future: Vec<Scenario> = Vec::new();
            // (state at the start of the gesture's step, whether that step is recorded)
            let mut gesture: Option<(Scenario, bool)> = None;
            for op in ops {
                match op {
                    Op::Edit(edit) => {
                        let edit = *edit;
                        let before = s.clone();
                        if history.apply(&mut s, edit).is_err() {
                            prop_assert_eq!(&s, &before);
                            continue;
                        }
                        match &mut gesture {
                            None => {
                                if s != before {
                                    past.push(before);
                                    future.clear();
                                }
                            }
                            Some((start, recorded)) => {
                                if !*recorded {
                                    if s != before {
                                        past.push(before.clone());
                                        future.clear();
                                        *start = before;
                                        *recorded = true;
                                    }
                                } else if s == *start {
                                    past.pop();
                                    *recorded = false;
                                }
                            }
                        }
                    }
                    Op::Begin => {
                        history.begin_gesture();
                        gesture = Some((s.clone(), false));
                    }
                    Op::End => {
                        history.end_gesture();
                        gesture = None;
                    }
                    Op::Undo => {
                        gesture = None;
                        let current = s.clone();
                        let did = history.undo(&mut s).expect("undo");
                        prop_assert_eq!(did, !past.is_empty());
                        match past.pop() {
                            Some(previous) => {
                                prop_assert_eq!(&s, &previous);
                                future.push(current);
                            }
                            None => prop_assert_eq!(&s, &current),
                        }
                    }
                    Op::Redo => {
                        gesture = None;
                        let current = s.clone();
                        let did = history.redo(&mut s).expect("redo");
                        prop_assert_eq!(did, !future.is_empty());
                        match future.pop() {
                            Some(next) => {
                                prop_assert_eq!(&s, &next);
                                past.push(current);
                            }
                            None => prop_assert_eq!(&s, &current),
                        }
                    }
                }
                prop_assert_eq!(history.undo_depth(), past.len());
                prop_assert_eq!(history.redo_depth(), future.len());
            }
        }
    }
}
