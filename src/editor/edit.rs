//! Editing a scenario: every user edit is a command that returns its inverse, and a bounded
//! undo/redo [`History`](crate::editor::history::History) built on those inverses.
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
//! use archsim_web::editor::edit::{place_new, Edit};
//! use archsim_web::editor::history::History;
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

use std::collections::BTreeSet;
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
    /// Renames the scenario.
    SetName(String),
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
            Edit::SetName(name) => Ok(Edit::SetName(std::mem::replace(&mut scenario.name, name))),
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
            Edit::SetName(_) => "rename the scenario".to_string(),
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
        && params.kind().is_source()
        && !scenario.components[index].params.kind().is_source()
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
    if target.params.kind().is_source() {
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
            | Fault::Reshard { component, .. }
            | Fault::Resize { component, .. } => component == id,
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
                Fault::Resize { .. } => "resize",
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
            | Fault::Resize { component, .. }
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

#[cfg(test)]
#[path = "edit_tests.rs"]
mod tests;
