//! Editing a scenario: every user edit is a command that returns its inverse, and a bounded
//! undo/redo [`History`] built on those inverses.
//!
//! ```text
//! pointer / key event ──▶ Edit ──apply──▶ Scenario      (the inverse goes on the undo stack)
//!                           ▲                │
//!                           └── inverse ◀────┘           undo = apply the inverse
//! ```
//!
//! Two kinds of check guard an edit. Some edits cannot be carried out at all (an unknown id).
//! Others would break a design rule of archsim: a connection into a client, a loop in the call
//! graph, a component without a name. [`Edit::apply`] refuses both, with a message that names
//! the components by label, and leaves the scenario untouched. The inverse it returns comes
//! wrapped in [`Edit::Restore`], which skips the design rules: undo and redo only ever return
//! to a state that existed before, and that state may predate the rules (a scenario loaded from
//! a file with an unnamed component must still be able to undo a rename).
//!
//! ```
//! use archsim_engine::{Kind, Pos, Scenario};
//! use archsim_web::editor::edit::{place_new, Edit, History};
//!
//! let mut scenario: Scenario = Scenario::from_json(r#"{"components": []}"#).unwrap();
//! let mut history = History::new();
//! let service = place_new(&scenario, Kind::Service, Pos { x: 100.0, y: 80.0 });
//! let add = Edit::add_component(&scenario, service);
//! history.apply(&mut scenario, add).unwrap();
//! assert_eq!(history.undo_label().as_deref(), Some("Undo: add 'Service 1'"));
//! history.undo(&mut scenario).unwrap();
//! assert!(scenario.components.is_empty());
//! ```

use std::collections::{BTreeSet, VecDeque};
use std::fmt;

/// The graph rule the connect gesture checks, shared with the engine's validation.
pub use archsim_engine::graph::would_create_cycle;
use archsim_engine::{
    CircuitBreaker, Component, Connection, Dist, Fault, FaultEntry, Kind, Network, Params, Pos,
    RandomFailures, Redundancy, RunSettings, Scenario, Slo,
};

/// One change a user makes to a scenario, as a value that can be applied, inverted and replayed.
#[derive(Clone, Debug, PartialEq)]
pub enum Edit {
    /// Puts `component` into the component list at `index` (an index past the end appends).
    AddComponent { component: Component, index: usize },
    /// Deletes the component and every connection to or from it. Faults that name it stay in
    /// the timeline; [`Edit::warnings`] reports them before the edit is applied.
    RemoveComponent { id: String },
    /// Moves a component to `to`. `from` is where the caller saw it; the inverse is built
    /// from the position the component really had.
    MoveComponent { id: String, from: Pos, to: Pos },
    /// Gives a component a new label (the name users see); the id stays.
    Rename { id: String, label: String },
    /// Replaces a component's parameters. A different kind is allowed, except turning a
    /// component that others call into a client.
    SetParams { id: String, params: Params },
    /// Turns a component's random failures on (with their MTBF and MTTR) or off.
    SetFailures {
        id: String,
        failures: Option<RandomFailures>,
    },
    /// Adds a connection at `index` in the connection list (an index past the end appends).
    AddConnection {
        connection: Connection,
        index: usize,
    },
    /// Deletes the connection `from` → `to`.
    RemoveConnection { from: String, to: String },
    /// Changes the latency, weight, circuit breaker and optional flag of the connection
    /// `from` → `to`.
    SetConnection {
        from: String,
        to: String,
        latency: Dist,
        weight: u32,
        breaker: Option<CircuitBreaker>,
        optional: bool,
    },
    /// Replaces the run settings (seed, duration, warm-up, metrics window).
    SetRun(RunSettings),
    /// Replaces the service-level objective.
    SetSlo(Slo),
    /// Puts a component in a zone (by name) or in none.
    SetZone { id: String, zone: Option<String> },
    /// Replaces the zones and the cross-zone / cross-region latencies. Renaming or removing a
    /// zone leaves the components that named it pointing at a zone that is not there, which
    /// validation reports on each of them.
    SetNetwork(Network),
    /// Several edits as one: applied in order, refused as a whole if any part is refused,
    /// undone in one step.
    Batch(Vec<Edit>),
    /// Applies the inner edit without the design rules (labels, loops, connections into
    /// clients), checking only that it can be carried out. Inverses come in this form.
    Restore(Box<Edit>),
    /// Sets the path prefix a gateway routes over a connection (none: the default route).
    SetRoute {
        from: String,
        to: String,
        route: Option<String>,
    },

    /// Makes a component redundant (a standby, or active-active nodes), or not.
    SetRedundancy {
        id: String,
        redundancy: Option<Redundancy>,
    },
    /// Replaces the whole scenario (a file or link opened, File → New); the inverse gives
    /// the previous work back, so opening something never loses what was there.
    Open(Box<Scenario>),
    /// Puts a fault into the timeline at `index` (an index past the end appends).
    AddFault { entry: FaultEntry, index: usize },
    /// Deletes entry `index` of the fault timeline.
    RemoveFault { index: usize },
    /// Moves entry `index` of the fault timeline to `at_s` seconds.
    SetFaultTime { index: usize, at_s: f64 },
}

/// Whether an edit is held to archsim's design rules or only has to be possible.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Rules {
    Enforce,
    Skip,
}

impl Edit {
    /// Applies the edit and returns its inverse: applying the inverse to the result gives back
    /// exactly the scenario as it was. A refused edit leaves the scenario unchanged.
    pub fn apply(self, scenario: &mut Scenario) -> Result<Edit, EditError> {
        let inverse = self.apply_with(scenario, Rules::Enforce)?;
        Ok(Edit::Restore(Box::new(inverse)))
    }

    /// Applies the edit and returns its inverse, unwrapped.
    fn apply_with(self, scenario: &mut Scenario, rules: Rules) -> Result<Edit, EditError> {
        match self {
            Edit::AddComponent { component, index } => {
                add_component(scenario, component, index, rules)
            }
            Edit::RemoveComponent { id } => remove_component(scenario, id),
            Edit::MoveComponent { id, to, .. } => move_component(scenario, id, to, rules),
            Edit::Rename { id, label } => rename(scenario, id, label, rules),
            Edit::SetParams { id, params } => set_params(scenario, id, params, rules),
            Edit::SetFailures { id, failures } => {
                let index = component_index(scenario, &id)?;
                let was = std::mem::replace(&mut scenario.components[index].failures, failures);
                Ok(Edit::SetFailures { id, failures: was })
            }
            Edit::AddConnection { connection, index } => {
                add_connection(scenario, connection, index, rules)
            }
            Edit::RemoveConnection { from, to } => remove_connection(scenario, from, to),
            Edit::SetConnection {
                from,
                to,
                latency,
                weight,
                breaker,
                optional,
            } => set_connection(scenario, from, to, (latency, weight, breaker, optional)),
            Edit::SetRun(run) => Ok(Edit::SetRun(std::mem::replace(&mut scenario.run, run))),
            Edit::SetSlo(slo) => Ok(Edit::SetSlo(std::mem::replace(&mut scenario.slo, slo))),
            Edit::SetZone { id, zone } => {
                let index = component_index(scenario, &id)?;
                let was = std::mem::replace(&mut scenario.components[index].zone, zone);
                Ok(Edit::SetZone { id, zone: was })
            }
            Edit::SetNetwork(network) => Ok(Edit::SetNetwork(std::mem::replace(
                &mut scenario.network,
                network,
            ))),
            Edit::Batch(edits) => apply_batch(scenario, edits, rules),
            Edit::Restore(inner) => inner.apply_with(scenario, Rules::Skip),
            Edit::Open(new) => Ok(Edit::Open(Box::new(std::mem::replace(scenario, *new)))),
            Edit::AddFault { entry, index } => {
                if rules == Rules::Enforce {
                    fault_time(entry.at_s)?;
                }
                let index = index.min(scenario.faults.len());
                scenario.faults.insert(index, entry);
                Ok(Edit::RemoveFault { index })
            }
            Edit::RemoveFault { index } => {
                if index >= scenario.faults.len() {
                    return Err(EditError::UnknownFault { index });
                }
                let entry = scenario.faults.remove(index);
                Ok(Edit::AddFault { entry, index })
            }
            Edit::SetFaultTime { index, at_s } => {
                if rules == Rules::Enforce {
                    fault_time(at_s)?;
                }
                let entry = scenario
                    .faults
                    .get_mut(index)
                    .ok_or(EditError::UnknownFault { index })?;
                let was = std::mem::replace(&mut entry.at_s, at_s);
                Ok(Edit::SetFaultTime { index, at_s: was })
            }
            Edit::SetRoute { from, to, route } => set_route(scenario, from, to, route),
            Edit::SetRedundancy { id, redundancy } => {
                let index = component_index(scenario, &id)?;
                let was = std::mem::replace(&mut scenario.components[index].redundancy, redundancy);
                Ok(Edit::SetRedundancy {
                    id,
                    redundancy: was,
                })
            }
        }
    }

    /// Puts `entry` at the end of the fault timeline.
    pub fn add_fault(scenario: &Scenario, entry: FaultEntry) -> Edit {
        Edit::AddFault {
            entry,
            index: scenario.faults.len(),
        }
    }

    /// Adds `component` at the end of the component list.
    pub fn add_component(scenario: &Scenario, component: Component) -> Edit {
        Edit::AddComponent {
            component,
            index: scenario.components.len(),
        }
    }

    /// Connects `from` → `to` with the default latency and weight, at the end of the list.
    pub fn connect(scenario: &Scenario, from: &str, to: &str) -> Edit {
        Edit::AddConnection {
            connection: Connection::new(from, to),
            index: scenario.connections.len(),
        }
    }

    /// Deletes a selection (what the Delete key does): the selected connections, then the
    /// selected components with their connections. Unknown and repeated entries are skipped,
    /// so a stale selection deletes what is still there.
    pub fn delete(
        scenario: &Scenario,
        components: &[String],
        connections: &[(String, String)],
    ) -> Edit {
        let doomed: BTreeSet<&str> = components
            .iter()
            .map(String::as_str)
            .filter(|id| scenario.component(id).is_some())
            .collect();
        let mut seen_links = BTreeSet::new();
        let mut edits: Vec<Edit> = connections
            .iter()
            .filter(|(from, to)| {
                // A connection of a deleted component goes with it.
                !doomed.contains(from.as_str())
                    && !doomed.contains(to.as_str())
                    && connection_index(scenario, from, to).is_some()
                    && seen_links.insert((from.as_str(), to.as_str()))
            })
            .map(|(from, to)| Edit::RemoveConnection {
                from: from.clone(),
                to: to.clone(),
            })
            .collect();
        let mut seen_ids = BTreeSet::new();
        edits.extend(
            components
                .iter()
                .filter(|id| doomed.contains(id.as_str()) && seen_ids.insert(id.as_str()))
                .map(|id| Edit::RemoveComponent { id: id.clone() }),
        );
        if edits.len() == 1 {
            edits.remove(0)
        } else {
            Edit::Batch(edits)
        }
    }

    /// A short description of what the edit does, naming components by label ("move 'API'"),
    /// for undo/redo tooltips. Call it before applying: a deleted component has no label after.
    pub fn describe(&self, scenario: &Scenario) -> String {
        let name = |id: &str| display_name(scenario, id);
        match self {
            Edit::AddComponent { component, .. } => format!("add '{}'", component.display_name()),
            Edit::RemoveComponent { id } => format!("delete '{}'", name(id)),
            Edit::MoveComponent { id, .. } => format!("move '{}'", name(id)),
            Edit::Rename { id, label } => format!("rename '{}' to '{label}'", name(id)),
            Edit::SetParams { id, .. } => format!("change '{}'", name(id)),
            Edit::SetFailures { id, .. } => format!("change failures of '{}'", name(id)),
            Edit::SetRedundancy { id, .. } => format!("change redundancy of '{}'", name(id)),
            Edit::AddConnection { connection, .. } => format!(
                "connect '{}' → '{}'",
                name(&connection.from),
                name(&connection.to)
            ),
            Edit::RemoveConnection { from, to } => {
                format!("disconnect '{}' → '{}'", name(from), name(to))
            }
            Edit::SetConnection { from, to, .. } => {
                format!("change link '{}' → '{}'", name(from), name(to))
            }
            Edit::SetRoute { from, to, .. } => {
                format!("change the route '{}' → '{}'", name(from), name(to))
            }
            Edit::SetRun(_) => "change the run settings".to_string(),
            Edit::SetSlo(_) => "change the SLO".to_string(),
            Edit::SetZone { id, .. } => format!("change the zone of '{}'", name(id)),
            Edit::SetNetwork(_) => "change the zones".to_string(),
            Edit::Open(new) => format!("open '{}'", new.name),
            Edit::AddFault { entry, .. } => {
                format!(
                    "add '{}'",
                    crate::editor::fault_text::describe(scenario, &entry.fault)
                )
            }
            Edit::RemoveFault { .. } => "remove a fault".to_string(),
            Edit::SetFaultTime { .. } => "move a fault".to_string(),
            Edit::Restore(inner) => inner.describe(scenario),
            Edit::Batch(edits) => describe_batch(edits, scenario),
        }
    }

    /// What the user should know before this edit goes ahead, though nothing refuses it:
    /// faults in the timeline that name a component or connection the edit deletes. The
    /// faults are kept (undo brings the component back to them); the UI shows these lines.
    pub fn warnings(&self, scenario: &Scenario) -> Vec<String> {
        match self {
            Edit::RemoveComponent { id } => {
                let faults = faults_naming(scenario, id);
                if faults.is_empty() {
                    return Vec::new();
                }
                vec![format!(
                    "The fault timeline still names '{}' ({}); those faults will point at a \
                     component that is not there until you delete them or undo",
                    display_name(scenario, id),
                    summarize_faults(scenario, &faults)
                )]
            }
            Edit::RemoveConnection { from, to } => {
                let faults: Vec<usize> = scenario
                    .faults
                    .iter()
                    .enumerate()
                    .filter(|(_, entry)| names_link(&entry.fault, from, to))
                    .map(|(i, _)| i)
                    .collect();
                if faults.is_empty() {
                    return Vec::new();
                }
                vec![format!(
                    "The fault timeline still names the connection '{}' → '{}' ({}); those \
                     faults will point at a connection that is not there until you delete \
                     them or undo",
                    display_name(scenario, from),
                    display_name(scenario, to),
                    summarize_faults(scenario, &faults)
                )]
            }
            Edit::Batch(edits) => edits.iter().flat_map(|e| e.warnings(scenario)).collect(),
            Edit::Restore(inner) => inner.warnings(scenario),
            _ => Vec::new(),
        }
    }
}

fn describe_batch(edits: &[Edit], scenario: &Scenario) -> String {
    let count = edits.len();
    let all = |pred: fn(&Edit) -> bool| edits.iter().all(pred);
    match edits {
        [] => "no change".to_string(),
        [only] => only.describe(scenario),
        _ if all(|e| matches!(e, Edit::MoveComponent { .. })) => {
            format!("move {count} components")
        }
        _ if all(|e| matches!(e, Edit::AddComponent { .. })) => format!("add {count} components"),
        _ if all(|e| matches!(e, Edit::RemoveComponent { .. })) => {
            format!("delete {count} components")
        }
        _ if all(|e| {
            matches!(
                e,
                Edit::RemoveComponent { .. } | Edit::RemoveConnection { .. }
            )
        }) =>
        {
            format!("delete {count} items")
        }
        [first, ..] => format!("{} and {} more", first.describe(scenario), count - 1),
    }
}

fn apply_batch(scenario: &mut Scenario, edits: Vec<Edit>, rules: Rules) -> Result<Edit, EditError> {
    // A lone primitive is atomic already; a longer batch may fail half-way and is rolled back
    // to this copy, which is simpler to trust than undoing the applied part step by step.
    let snapshot = (edits.len() > 1).then(|| scenario.clone());
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply_with(scenario, rules) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                if let Some(snapshot) = snapshot {
                    *scenario = snapshot;
                }
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn add_component(
    scenario: &mut Scenario,
    component: Component,
    index: usize,
    rules: Rules,
) -> Result<Edit, EditError> {
    if rules == Rules::Enforce {
        if component.id.trim().is_empty() {
            return Err(EditError::EmptyId);
        }
        if let Some(existing) = scenario.component(&component.id) {
            return Err(EditError::DuplicateId {
                id: component.id.clone(),
                existing: existing.display_name().to_string(),
            });
        }
        if component.label.trim().is_empty() {
            return Err(EditError::EmptyLabel {
                id: component.id.clone(),
                name: component.id.clone(),
            });
        }
        check_pos(&component, component.pos)?;
    }
    let id = component.id.clone();
    // Connections a loaded file left pointing at this id would go with the component on undo;
    // the inverse puts them back where they were.
    let dangling: Vec<Edit> = scenario
        .connections
        .iter()
        .enumerate()
        .filter(|(_, c)| c.from == id || c.to == id)
        .map(|(index, c)| Edit::AddConnection {
            connection: c.clone(),
            index,
        })
        .collect();
    let index = index.min(scenario.components.len());
    scenario.components.insert(index, component);
    let remove = Edit::RemoveComponent { id };
    if dangling.is_empty() {
        Ok(remove)
    } else {
        Ok(Edit::Batch(
            std::iter::once(remove).chain(dangling).collect(),
        ))
    }
}

fn remove_component(scenario: &mut Scenario, id: String) -> Result<Edit, EditError> {
    let index = component_index(scenario, &id)?;
    let mut kept = Vec::with_capacity(scenario.connections.len());
    let mut restore = Vec::new();
    for (position, connection) in std::mem::take(&mut scenario.connections)
        .into_iter()
        .enumerate()
    {
        if connection.from == id || connection.to == id {
            // Re-inserted in ascending order of these indices, each lands exactly where it was.
            restore.push(Edit::AddConnection {
                connection,
                index: position,
            });
        } else {
            kept.push(connection);
        }
    }
    scenario.connections = kept;
    let component = scenario.components.remove(index);
    let add = Edit::AddComponent { component, index };
    if restore.is_empty() {
        Ok(add)
    } else {
        Ok(Edit::Batch(std::iter::once(add).chain(restore).collect()))
    }
}

fn move_component(
    scenario: &mut Scenario,
    id: String,
    to: Pos,
    rules: Rules,
) -> Result<Edit, EditError> {
    let index = component_index(scenario, &id)?;
    let component = &mut scenario.components[index];
    if rules == Rules::Enforce {
        check_pos(component, to)?;
    }
    let was = std::mem::replace(&mut component.pos, to);
    Ok(Edit::MoveComponent {
        id,
        from: to,
        to: was,
    })
}

fn rename(
    scenario: &mut Scenario,
    id: String,
    label: String,
    rules: Rules,
) -> Result<Edit, EditError> {
    let index = component_index(scenario, &id)?;
    let component = &mut scenario.components[index];
    // Only an all-blank label is refused: the inspector renames on every keystroke, and
    // trimming here would eat the space between "My" and "Service" while it is typed.
    if rules == Rules::Enforce && label.trim().is_empty() {
        return Err(EditError::EmptyLabel {
            id,
            name: component.display_name().to_string(),
        });
    }
    let was = std::mem::replace(&mut component.label, label);
    Ok(Edit::Rename { id, label: was })
}

fn set_params(
    scenario: &mut Scenario,
    id: String,
    params: Params,
    rules: Rules,
) -> Result<Edit, EditError> {
    let index = component_index(scenario, &id)?;
    if rules == Rules::Enforce
        && params.kind() == Kind::Client
        && scenario.components[index].params.kind() != Kind::Client
        && let Some(caller) = scenario.connections.iter().find(|c| c.to == id)
    {
        return Err(EditError::ClientWithCallers {
            name: display_name(scenario, &id),
            caller: display_name(scenario, &caller.from),
            id,
        });
    }
    let was = std::mem::replace(&mut scenario.components[index].params, params);
    Ok(Edit::SetParams { id, params: was })
}

fn add_connection(
    scenario: &mut Scenario,
    connection: Connection,
    index: usize,
    rules: Rules,
) -> Result<Edit, EditError> {
    if rules == Rules::Enforce {
        can_connect(scenario, &connection.from, &connection.to)?;
    }
    let inverse = Edit::RemoveConnection {
        from: connection.from.clone(),
        to: connection.to.clone(),
    };
    let index = index.min(scenario.connections.len());
    scenario.connections.insert(index, connection);
    Ok(inverse)
}

fn remove_connection(scenario: &mut Scenario, from: String, to: String) -> Result<Edit, EditError> {
    let index =
        connection_index(scenario, &from, &to).ok_or_else(|| unknown_link(scenario, &from, &to))?;
    let connection = scenario.connections.remove(index);
    Ok(Edit::AddConnection { connection, index })
}

fn set_connection(
    scenario: &mut Scenario,
    from: String,
    to: String,
    (latency, weight, breaker, optional): (Dist, u32, Option<CircuitBreaker>, bool),
) -> Result<Edit, EditError> {
    let index =
        connection_index(scenario, &from, &to).ok_or_else(|| unknown_link(scenario, &from, &to))?;
    let connection = &mut scenario.connections[index];
    Ok(Edit::SetConnection {
        from,
        to,
        latency: std::mem::replace(&mut connection.latency, latency),
        weight: std::mem::replace(&mut connection.weight, weight),
        breaker: std::mem::replace(&mut connection.breaker, breaker),
        optional: std::mem::replace(&mut connection.optional, optional),
    })
}

fn set_route(
    scenario: &mut Scenario,
    from: String,
    to: String,
    route: Option<String>,
) -> Result<Edit, EditError> {
    let index =
        connection_index(scenario, &from, &to).ok_or_else(|| unknown_link(scenario, &from, &to))?;
    let old = std::mem::replace(&mut scenario.connections[index].route, route);
    Ok(Edit::SetRoute {
        from,
        to,
        route: old,
    })
}

fn check_pos(component: &Component, pos: Pos) -> Result<(), EditError> {
    if pos.x.is_finite() && pos.y.is_finite() {
        Ok(())
    } else {
        Err(EditError::BadPosition {
            id: component.id.clone(),
            name: component.display_name().to_string(),
            x: pos.x,
            y: pos.y,
        })
    }
}

/// Refuses a fault time that is not a number of seconds from 0.
fn fault_time(at_s: f64) -> Result<(), EditError> {
    if at_s.is_finite() && at_s >= 0.0 {
        Ok(())
    } else {
        Err(EditError::BadFaultTime { at_s })
    }
}

fn component_index(scenario: &Scenario, id: &str) -> Result<usize, EditError> {
    scenario
        .components
        .iter()
        .position(|c| c.id == id)
        .ok_or_else(|| EditError::UnknownComponent { id: id.to_string() })
}

fn connection_index(scenario: &Scenario, from: &str, to: &str) -> Option<usize> {
    scenario
        .connections
        .iter()
        .position(|c| c.from == from && c.to == to)
}

fn unknown_link(scenario: &Scenario, from: &str, to: &str) -> EditError {
    EditError::UnknownConnection {
        from: display_name(scenario, from),
        to: display_name(scenario, to),
    }
}

/// How messages name a component: its label, else its id (also for ids no longer present).
fn display_name(scenario: &Scenario, id: &str) -> String {
    scenario
        .component(id)
        .map_or(id, Component::display_name)
        .to_string()
}

/// Checks whether `from` → `to` may be added, with the message the UI shows if not. The
/// connect gesture calls it while hovering a target; the "connect to…" menu greys out
/// the targets it refuses and shows the reason.
pub fn can_connect(scenario: &Scenario, from: &str, to: &str) -> Result<(), EditError> {
    let unknown = |id: &str| EditError::UnknownComponent { id: id.to_string() };
    scenario.component(from).ok_or_else(|| unknown(from))?;
    let target = scenario.component(to).ok_or_else(|| unknown(to))?;
    if from == to {
        return Err(EditError::SelfConnection {
            id: from.to_string(),
            name: display_name(scenario, from),
        });
    }
    if target.params.kind() == Kind::Client {
        return Err(EditError::IntoClient {
            id: to.to_string(),
            name: target.display_name().to_string(),
        });
    }
    if connection_index(scenario, from, to).is_some() {
        return Err(EditError::DuplicateConnection {
            from: display_name(scenario, from),
            to: display_name(scenario, to),
        });
    }
    if let Some(path) = would_create_cycle(scenario, from, to) {
        return Err(EditError::Cycle {
            from: display_name(scenario, from),
            to: display_name(scenario, to),
            path: path.iter().map(|id| display_name(scenario, id)).collect(),
        });
    }
    Ok(())
}

/// Indices into `scenario.faults` of the faults that name component `id` (crash, recover,
/// slow-down, a partition of one of its connections, a traffic spike of that client).
pub fn faults_naming(scenario: &Scenario, id: &str) -> Vec<usize> {
    scenario
        .faults
        .iter()
        .enumerate()
        .filter(|(_, entry)| match &entry.fault {
            Fault::Crash { component, .. }
            | Fault::Recover { component }
            | Fault::Slow { component, .. }
            | Fault::Reshard { component, .. } => component == id,
            Fault::PartitionReplicas { component, .. } => component == id,
            Fault::Partition { from, to, .. } | Fault::Heal { from, to } => from == id || to == id,
            Fault::TrafficSpike { client, .. } => client.as_deref() == Some(id),
            Fault::ZoneOutage { .. } | Fault::ZoneRestore { .. } => false,
        })
        .map(|(i, _)| i)
        .collect()
}

fn names_link(fault: &Fault, a: &str, b: &str) -> bool {
    match fault {
        Fault::Partition { from, to, .. } | Fault::Heal { from, to } => {
            (from == a && to == b) || (from == b && to == a)
        }
        _ => false,
    }
}

fn summarize_faults(scenario: &Scenario, indices: &[usize]) -> String {
    indices
        .iter()
        .filter_map(|&i| scenario.faults.get(i))
        .map(|FaultEntry { at_s, fault }| {
            let what = match fault {
                Fault::Crash { .. } => "crash",
                Fault::Recover { .. } => "recover",
                Fault::Slow { .. } => "slow-down",
                Fault::Partition { .. } => "partition",
                Fault::Heal { .. } => "heal",
                Fault::TrafficSpike { .. } => "traffic spike",
                Fault::Reshard { .. } => "reshard",
                Fault::PartitionReplicas { .. } => "replica partition",
                Fault::ZoneOutage { .. } => "zone outage",
                Fault::ZoneRestore { .. } => "zone restore",
            };
            format!("{what} at {at_s} s")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Why an edit was refused. The message (`Display`) names components by label and says
/// what rule the edit would break.
#[derive(Clone, Debug, PartialEq)]
pub enum EditError {
    /// No component has this id (it may have been deleted meanwhile).
    UnknownComponent { id: String },
    /// There is no connection between these two components (labels).
    UnknownConnection { from: String, to: String },
    /// A new component without an id.
    EmptyId,
    /// A new component with an id another component (`existing`, a label) has.
    DuplicateId { id: String, existing: String },
    /// A blank label for component `id`, currently called `name`.
    EmptyLabel { id: String, name: String },
    /// No entry `index` in the fault timeline (it may have been removed meanwhile).
    UnknownFault { index: usize },
    /// A fault time that is not a number of seconds from 0.
    BadFaultTime { at_s: f64 },
    /// A position that is not two finite numbers.
    BadPosition {
        id: String,
        name: String,
        x: f64,
        y: f64,
    },
    /// A connection into client `id`.
    IntoClient { id: String, name: String },
    /// A connection from component `id` to itself.
    SelfConnection { id: String, name: String },
    /// The connection exists already (labels).
    DuplicateConnection { from: String, to: String },
    /// The connection would close a loop; `path` is the loop in labels, from `to` back to `to`.
    Cycle {
        from: String,
        to: String,
        path: Vec<String>,
    },
    /// Component `id` would become a client although `caller` (a label) connects into it.
    ClientWithCallers {
        id: String,
        name: String,
        caller: String,
    },
}

impl EditError {
    /// The id of the component the message is about, when there is one, so the UI can show
    /// the message on it.
    pub fn component_id(&self) -> Option<&str> {
        match self {
            EditError::UnknownComponent { id }
            | EditError::DuplicateId { id, .. }
            | EditError::EmptyLabel { id, .. }
            | EditError::BadPosition { id, .. }
            | EditError::IntoClient { id, .. }
            | EditError::SelfConnection { id, .. }
            | EditError::ClientWithCallers { id, .. } => Some(id),
            EditError::UnknownConnection { .. }
            | EditError::UnknownFault { .. }
            | EditError::BadFaultTime { .. }
            | EditError::EmptyId
            | EditError::DuplicateConnection { .. }
            | EditError::Cycle { .. } => None,
        }
    }
}

impl fmt::Display for EditError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EditError::UnknownComponent { id } => {
                write!(f, "There is no component '{id}'; it may have been deleted")
            }
            EditError::UnknownConnection { from, to } => {
                write!(f, "There is no connection from '{from}' to '{to}'")
            }
            EditError::EmptyId => write!(f, "A component needs an id"),
            EditError::UnknownFault { index } => write!(
                f,
                "There is no fault number {} in the timeline; it may have been removed",
                index + 1
            ),
            EditError::BadFaultTime { at_s } => {
                write!(f, "A fault happens at a time from 0 s on, got {at_s} s")
            }
            EditError::DuplicateId { id, existing } => write!(
                f,
                "The id '{id}' already belongs to '{existing}'; every component needs its own id"
            ),
            EditError::EmptyLabel { name, .. } => write!(
                f,
                "A component needs a name; the label of '{name}' cannot be empty"
            ),
            EditError::BadPosition { name, x, y, .. } => write!(
                f,
                "'{name}' cannot be placed at ({x}, {y}); a position must be two finite numbers"
            ),
            EditError::IntoClient { name, .. } => write!(
                f,
                "A client only sends requests; nothing can connect into Client '{name}'"
            ),
            EditError::SelfConnection { name, .. } => write!(
                f,
                "'{name}' cannot connect to itself; a request would call the component \
                 that is already handling it"
            ),
            EditError::DuplicateConnection { from, to } => {
                write!(f, "'{from}' is already connected to '{to}'")
            }
            EditError::Cycle { from, to, path } => write!(
                f,
                "Connecting '{from}' → '{to}' would make a loop {}; requests would circle forever",
                path.join(" → ")
            ),
            EditError::ClientWithCallers { name, caller, .. } => write!(
                f,
                "'{name}' cannot become a client while '{caller}' connects into it; \
                 a client only sends requests"
            ),
        }
    }
}

impl std::error::Error for EditError {}

/// The id prefix of a kind: ids read like "service-2".
fn id_prefix(kind: Kind) -> &'static str {
    kind.id_prefix()
}

/// The label a new component of `kind` gets as the `n`th of its kind ("Service 2").
pub fn default_label(kind: Kind, n: usize) -> String {
    format!("{} {n}", kind.name())
}

/// The number for the next component of `kind`: one past how many there are, or the next
/// one whose id and default label are both free.
fn next_number(scenario: &Scenario, kind: Kind) -> usize {
    // An id still named by a connection or a fault of a deleted component is taken too:
    // reusing it would silently aim those faults at the new component.
    let mut taken_ids: BTreeSet<&str> = BTreeSet::new();
    for c in &scenario.components {
        taken_ids.insert(&c.id);
    }
    for c in &scenario.connections {
        taken_ids.insert(&c.from);
        taken_ids.insert(&c.to);
    }
    for entry in &scenario.faults {
        match &entry.fault {
            Fault::Crash { component, .. }
            | Fault::Recover { component }
            | Fault::Slow { component, .. }
            | Fault::Reshard { component, .. }
            | Fault::PartitionReplicas { component, .. } => {
                taken_ids.insert(component);
            }
            Fault::Partition { from, to, .. } | Fault::Heal { from, to } => {
                taken_ids.insert(from);
                taken_ids.insert(to);
            }
            Fault::TrafficSpike { client, .. } => {
                if let Some(client) = client {
                    taken_ids.insert(client);
                }
            }
            Fault::ZoneOutage { .. } | Fault::ZoneRestore { .. } => {}
        }
    }
    let labels: BTreeSet<&str> = scenario
        .components
        .iter()
        .map(|c| c.label.as_str())
        .collect();
    let start = scenario
        .components
        .iter()
        .filter(|c| c.params.kind() == kind)
        .count()
        + 1;
    // Each taken id and each label rules out at most one number, so this range holds a free one.
    let end = start + taken_ids.len() + labels.len();
    let prefix = id_prefix(kind);
    (start..=end)
        .find(|&n| {
            !taken_ids.contains(format!("{prefix}-{n}").as_str())
                && !labels.contains(default_label(kind, n).as_str())
        })
        .unwrap_or(end)
}

/// A fresh id for a new component of `kind` ("service-4"), used by nothing in the scenario.
pub fn new_component_id(scenario: &Scenario, kind: Kind) -> String {
    format!("{}-{}", id_prefix(kind), next_number(scenario, kind))
}

/// How far a new component steps aside from one already at its spot, in world units.
const NUDGE: f64 = 32.0;

/// A new component of `kind` at `pos` (world coordinates) with a fresh id, a default label
/// and [`Kind::default_params`]. If another component sits at that spot (a palette item
/// clicked twice), it is moved down and right until it is visible on its own.
pub fn place_new(scenario: &Scenario, kind: Kind, pos: Pos) -> Component {
    let n = next_number(scenario, kind);
    let mut pos = if pos.x.is_finite() && pos.y.is_finite() {
        pos
    } else {
        Pos::default()
    };
    for _ in 0..=scenario.components.len() {
        let covered = scenario.components.iter().any(|c| {
            (c.pos.x - pos.x).abs() < NUDGE / 2.0 && (c.pos.y - pos.y).abs() < NUDGE / 2.0
        });
        if !covered {
            break;
        }
        pos.x += NUDGE;
        pos.y += NUDGE;
    }
    Component {
        id: format!("{}-{n}", id_prefix(kind)),
        label: default_label(kind, n),
        pos,
        params: kind.default_params(),
        failures: None,
        zone: None,
        redundancy: None,
    }
}

/// One undo step: the edit that reverts it and what the user did, for tooltips.
#[derive(Clone, Debug)]
struct Step {
    inverse: Edit,
    what: String,
}

/// Whether edits are being gathered into one step (a drag, typing into a field).
#[derive(Clone, Debug)]
enum Gesture {
    Idle,
    /// A gesture began but has not changed anything yet.
    Open,
    /// The top undo step belongs to the gesture; it started from this scenario.
    Recording(Box<Scenario>),
}

/// Undo and redo over a scenario, bounded to [`History::DEFAULT_LIMIT`] steps unless told
/// otherwise. Edits that change nothing are not recorded.
#[derive(Clone, Debug)]
pub struct History {
    undo: VecDeque<Step>,
    redo: Vec<Step>,
    limit: usize,
    gesture: Gesture,
}

impl Default for History {
    fn default() -> Self {
        History::new()
    }
}

impl History {
    /// How many steps a history keeps by default; older ones are forgotten.
    pub const DEFAULT_LIMIT: usize = 500;

    /// An empty history keeping [`History::DEFAULT_LIMIT`] steps.
    pub fn new() -> History {
        History::with_limit(History::DEFAULT_LIMIT)
    }

    /// An empty history keeping at most `limit` steps (at least one).
    pub fn with_limit(limit: usize) -> History {
        History {
            undo: VecDeque::new(),
            redo: Vec::new(),
            limit: limit.max(1),
            gesture: Gesture::Idle,
        }
    }

    /// Applies `edit` to `scenario` and records it as one undo step, or, inside a gesture,
    /// folds it into the gesture's step. A new step clears the redo stack. A refused edit
    /// changes neither the scenario nor the history.
    pub fn apply(&mut self, scenario: &mut Scenario, edit: Edit) -> Result<(), EditError> {
        if let Gesture::Recording(start) = &self.gesture
            && let Some(top) = self.undo.back_mut()
        {
            let inverse = edit.apply(scenario)?;
            let older = std::mem::replace(&mut top.inverse, Edit::Batch(Vec::new()));
            top.inverse = merge(inverse, older);
            if *scenario == **start {
                // Dragged back to where it started: nothing left to undo.
                self.undo.pop_back();
                self.gesture = Gesture::Open;
            }
            return Ok(());
        }
        let what = edit.describe(scenario);
        let before = scenario.clone();
        let inverse = edit.apply(scenario)?;
        if *scenario == before {
            return Ok(());
        }
        self.redo.clear();
        self.undo.push_back(Step { inverse, what });
        if !matches!(self.gesture, Gesture::Idle) {
            self.gesture = Gesture::Recording(Box::new(before));
        }
        while self.undo.len() > self.limit {
            self.undo.pop_front();
        }
        Ok(())
    }

    /// Starts a gesture: every edit until [`History::end_gesture`] becomes one undo step
    /// (described by the first). Call it on pointer-down before a drag, or when a text field
    /// that edits on every keystroke gets focus. Starting a gesture ends any open one.
    pub fn begin_gesture(&mut self) {
        self.gesture = Gesture::Open;
    }

    /// Ends the gesture; the next edit is a step of its own. Harmless without a gesture.
    pub fn end_gesture(&mut self) {
        self.gesture = Gesture::Idle;
    }

    /// Reverts the latest step. `Ok(false)` if there was nothing to undo. Ends a gesture.
    ///
    /// An error means the scenario was changed behind the history's back (a file was loaded
    /// without [`History::clear`]); the history is then cleared, as its steps no longer fit.
    pub fn undo(&mut self, scenario: &mut Scenario) -> Result<bool, EditError> {
        self.gesture = Gesture::Idle;
        let Some(step) = self.undo.pop_back() else {
            return Ok(false);
        };
        match step.inverse.apply(scenario) {
            Ok(inverse) => {
                self.redo.push(Step {
                    inverse,
                    what: step.what,
                });
                Ok(true)
            }
            Err(error) => {
                self.clear();
                Err(error)
            }
        }
    }

    /// Re-applies the latest undone step. `Ok(false)` if there was nothing to redo. Errors
    /// as for [`History::undo`].
    pub fn redo(&mut self, scenario: &mut Scenario) -> Result<bool, EditError> {
        self.gesture = Gesture::Idle;
        let Some(step) = self.redo.pop() else {
            return Ok(false);
        };
        match step.inverse.apply(scenario) {
            Ok(inverse) => {
                self.undo.push_back(Step {
                    inverse,
                    what: step.what,
                });
                while self.undo.len() > self.limit {
                    self.undo.pop_front();
                }
                Ok(true)
            }
            Err(error) => {
                self.clear();
                Err(error)
            }
        }
    }

    /// Whether there is a step to undo.
    pub fn can_undo(&self) -> bool {
        !self.undo.is_empty()
    }

    /// Whether there is a step to redo.
    pub fn can_redo(&self) -> bool {
        !self.redo.is_empty()
    }

    /// The tooltip of the Undo button: "Undo: move 'API'", or `None` if there is nothing.
    pub fn undo_label(&self) -> Option<String> {
        self.undo.back().map(|step| format!("Undo: {}", step.what))
    }

    /// The tooltip of the Redo button: "Redo: move 'API'", or `None` if there is nothing.
    pub fn redo_label(&self) -> Option<String> {
        self.redo.last().map(|step| format!("Redo: {}", step.what))
    }

    /// How many steps can be undone.
    pub fn undo_depth(&self) -> usize {
        self.undo.len()
    }

    /// How many steps can be redone.
    pub fn redo_depth(&self) -> usize {
        self.redo.len()
    }

    /// Forgets every step, e.g. when another scenario is loaded.
    pub fn clear(&mut self) {
        self.undo.clear();
        self.redo.clear();
        self.gesture = Gesture::Idle;
    }
}

/// The inverse of "`older`'s edit, then `newer`'s edit": `newer` first, then `older`.
fn merge(newer: Edit, older: Edit) -> Edit {
    let (newer, older) = (unwrap_restore(newer), unwrap_restore(older));
    let merged = merge_tight(&newer, &older).unwrap_or_else(|| {
        let mut edits = flatten(newer);
        edits.extend(flatten(older));
        Edit::Batch(edits)
    });
    Edit::Restore(Box::new(merged))
}

fn unwrap_restore(edit: Edit) -> Edit {
    match edit {
        Edit::Restore(inner) => unwrap_restore(*inner),
        other => other,
    }
}

fn flatten(edit: Edit) -> Vec<Edit> {
    match edit {
        Edit::Batch(edits) => edits,
        other => vec![other],
    }
}

/// Two inverses of the same kind on the same target fold into one, so a drag of a thousand
/// pointer moves stays one small edit. Setters keep the older value: it is the one from
/// before the gesture.
fn merge_tight(newer: &Edit, older: &Edit) -> Option<Edit> {
    match (newer, older) {
        (Edit::MoveComponent { id: a, from, .. }, Edit::MoveComponent { id: b, to, .. })
            if a == b =>
        {
            Some(Edit::MoveComponent {
                id: a.clone(),
                from: *from,
                to: *to,
            })
        }
        (Edit::Rename { id: a, .. }, Edit::Rename { id: b, .. })
        | (Edit::SetParams { id: a, .. }, Edit::SetParams { id: b, .. })
        | (Edit::SetFailures { id: a, .. }, Edit::SetFailures { id: b, .. })
        | (Edit::SetZone { id: a, .. }, Edit::SetZone { id: b, .. })
        | (Edit::SetRedundancy { id: a, .. }, Edit::SetRedundancy { id: b, .. })
            if a == b =>
        {
            Some(older.clone())
        }
        (
            Edit::SetConnection { from: a, to: b, .. },
            Edit::SetConnection { from: c, to: d, .. },
        ) if a == c && b == d => Some(older.clone()),
        (Edit::SetRun(_), Edit::SetRun(_))
        | (Edit::SetSlo(_), Edit::SetSlo(_))
        | (Edit::SetNetwork(_), Edit::SetNetwork(_)) => Some(older.clone()),
        // Dragging a multi-selection: each move is the same batch over the same components.
        (Edit::Batch(n), Edit::Batch(o)) if n.len() == o.len() => n
            .iter()
            .zip(o)
            .map(|(n, o)| merge_tight(n, o))
            .collect::<Option<Vec<_>>>()
            .map(Edit::Batch),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
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
        let step = &history.undo[0].inverse;
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
                (id(), label(), pos(), kind(), 0usize..9).prop_map(
                    |(id, label, pos, kind, index)| {
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
                    }
                ),
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
}
