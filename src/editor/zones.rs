//! Availability zones and regions as edits and canvas tags: a new zone's name, renaming or
//! removing a zone together with the components in it (one undo step), the colour of a
//! zone's tag on the canvas, and which components a zone outage takes down.

use crate::editor::edit::Edit;
use crate::engine::{Network, Scenario, Zone};

/// How many colours zone tags cycle through (one per region).
pub const REGION_COLOURS: usize = 6;

/// The index of `zone`'s region among the network's regions (in order of first mention),
/// or `None` for a zone the network does not have.
pub fn region_index(network: &Network, zone: &str) -> Option<usize> {
    let region = &network.zone(zone)?.region;
    let mut seen: Vec<&str> = Vec::new();
    for z in &network.zones {
        if !seen.contains(&z.region.as_str()) {
            seen.push(&z.region);
        }
    }
    seen.iter().position(|r| r == region)
}

/// The CSS class of a zone tag: its region's colour, or `zone-unknown` for a zone that is
/// not declared (validation reports it).
pub fn tag_class(network: &Network, zone: &str) -> String {
    match region_index(network, zone) {
        Some(i) => format!("zone-tag zone-r{}", i % REGION_COLOURS),
        None => "zone-tag zone-unknown".to_string(),
    }
}

/// The width of a zone tag for `name` at the canvas's 10.5 px font, in world units.
pub fn tag_width(name: &str) -> f64 {
    12.0 + name.chars().count() as f64 * 6.2
}

/// A new zone: the next of a few familiar names (two zones in each of three regions), then
/// numbered ones, never a name the network already has.
pub fn new_zone(network: &Network) -> Zone {
    const PRESETS: [(&str, &str); 6] = [
        ("us-east-1a", "us-east"),
        ("us-east-1b", "us-east"),
        ("eu-west-1a", "eu-west"),
        ("eu-west-1b", "eu-west"),
        ("ap-south-1a", "ap-south"),
        ("ap-south-1b", "ap-south"),
    ];
    let free = |name: &str| network.zone(name).is_none();
    if let Some((name, region)) = PRESETS.iter().find(|(n, _)| free(n)) {
        return Zone {
            name: name.to_string(),
            region: region.to_string(),
        };
    }
    let n = (1..=network.zones.len() + 1)
        .find(|n| free(&format!("zone-{n}")))
        .unwrap_or(network.zones.len() + 1);
    Zone {
        name: format!("zone-{n}"),
        region: format!("region-{n}"),
    }
}

/// Adds a new zone (see [`new_zone`]).
pub fn add_zone(s: &Scenario) -> Edit {
    let mut network = s.network.clone();
    network.zones.push(new_zone(&network));
    Edit::SetNetwork(network)
}

/// Renames zone `index`, and moves the components in it along, as one undo step.
pub fn rename_zone(s: &Scenario, index: usize, name: &str) -> Option<Edit> {
    let old = s.network.zones.get(index)?.name.clone();
    if old == name {
        return None;
    }
    let mut network = s.network.clone();
    network.zones[index].name = name.to_string();
    let mut edits = vec![Edit::SetNetwork(network)];
    edits.extend(
        s.components
            .iter()
            .filter(|c| c.zone.as_deref() == Some(old.as_str()))
            .map(|c| Edit::SetZone {
                id: c.id.clone(),
                zone: Some(name.to_string()),
            }),
    );
    Some(Edit::Batch(edits))
}

/// Puts zone `index` in another region.
pub fn set_region(s: &Scenario, index: usize, region: &str) -> Option<Edit> {
    let mut network = s.network.clone();
    let zone = network.zones.get_mut(index)?;
    if zone.region == region {
        return None;
    }
    zone.region = region.to_string();
    Some(Edit::SetNetwork(network))
}

/// Removes zone `index`; the components in it are left in no zone (one undo step).
pub fn remove_zone(s: &Scenario, index: usize) -> Option<Edit> {
    let name = s.network.zones.get(index)?.name.clone();
    let mut network = s.network.clone();
    network.zones.remove(index);
    let mut edits = vec![Edit::SetNetwork(network)];
    edits.extend(
        s.components
            .iter()
            .filter(|c| c.zone.as_deref() == Some(name.as_str()))
            .map(|c| Edit::SetZone {
                id: c.id.clone(),
                zone: None,
            }),
    );
    Some(Edit::Batch(edits))
}

/// The components a zone outage takes down (everything in the zone but clients, which are
/// users rather than machines).
pub fn outage_members(s: &Scenario, zone: &str) -> Vec<usize> {
    s.components
        .iter()
        .enumerate()
        .filter(|(_, c)| c.zone.as_deref() == Some(zone) && !c.params.kind().is_source())
        .map(|(i, _)| i)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::engine::{Component, Kind, Pos, Subject};

    fn scenario() -> Scenario {
        let mut s = Scenario::from_json(include_str!("../../examples/multi-region.json")).unwrap();
        s.components.push(Component {
            id: "x".into(),
            label: "X".into(),
            pos: Pos::default(),
            params: Kind::Service.default_params(),
            failures: None,
            redundancy: None,
            zone: Some("mars".into()),
        });
        s
    }

    #[test]
    fn regions_colour_tags_in_order_and_unknown_zones_stand_out() {
        let s = scenario();
        assert_eq!(region_index(&s.network, "us-east-1a"), Some(0));
        assert_eq!(region_index(&s.network, "us-east-1b"), Some(0));
        assert_eq!(region_index(&s.network, "eu-west-1b"), Some(1));
        assert_eq!(tag_class(&s.network, "eu-west-1a"), "zone-tag zone-r1");
        assert_eq!(tag_class(&s.network, "mars"), "zone-tag zone-unknown");
        assert!(tag_width("us-east-1a") > tag_width("a"));
    }

    #[test]
    fn new_zones_get_free_familiar_names() {
        let mut n = Network::default();
        for expected in ["us-east-1a", "us-east-1b", "eu-west-1a"] {
            let z = new_zone(&n);
            assert_eq!(z.name, expected);
            n.zones.push(z);
        }
        for _ in 0..5 {
            let z = new_zone(&n);
            assert!(n.zone(&z.name).is_none());
            n.zones.push(z);
        }
        assert_eq!(n.zones.last().unwrap().name, "zone-2");
    }

    #[test]
    fn renaming_and_removing_a_zone_moves_its_components_in_one_undo_step() {
        let s = scenario();
        let mut t = s.clone();
        let undo = rename_zone(&s, 0, "us-east-1c")
            .unwrap()
            .apply(&mut t)
            .unwrap();
        assert_eq!(
            t.component("lb-us").unwrap().zone.as_deref(),
            Some("us-east-1c")
        );
        assert_eq!(
            t.component("api-us").unwrap().zone.as_deref(),
            Some("us-east-1c")
        );
        // The components moved along; only the one in an undeclared zone is reported (and
        // the timeline's outage, which still names the old zone).
        let zone_problems: Vec<String> = crate::engine::validate(&t)
            .into_iter()
            .filter(|p| p.field == "zone" && matches!(p.subject, Subject::Component { .. }))
            .map(|p| p.message)
            .collect();
        assert_eq!(zone_problems.len(), 1, "{zone_problems:?}");
        assert!(zone_problems[0].contains("'mars'"));
        undo.apply(&mut t).unwrap();
        assert_eq!(t, s);
        let _ = remove_zone(&s, 2).unwrap().apply(&mut t).unwrap();
        assert_eq!(t.network.zones.len(), 3);
        assert_eq!(t.component("lb-eu").unwrap().zone, None);
        assert!(rename_zone(&s, 9, "a").is_none());
        assert!(set_region(&s, 0, "us-east").is_none(), "no change, no edit");
        assert_eq!(
            outage_members(&s, "us-east-1b"),
            vec![5],
            "the DB, not the users"
        );
    }
}
