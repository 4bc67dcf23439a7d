//! Request classes: the paths a client asks for, drawn by weight, and the one table of path
//! names of a scenario (paths of different clients with the same text are the same path).

use crate::rng::Rng;
use crate::scenario::RequestPath;

/// The path id of a request from a client without paths: the one unnamed class.
pub const UNNAMED: u32 = u32::MAX;

/// Every distinct path name of a scenario, numbered in order of first appearance.
#[derive(Clone, Debug, Default)]
pub struct PathTable {
    names: Vec<String>,
}

impl PathTable {
    /// The id of `name`, adding it if it is new.
    pub fn intern(&mut self, name: &str) -> u32 {
        match self.id(name) {
            Some(i) => i,
            None => {
                self.names.push(name.to_string());
                (self.names.len() - 1) as u32
            }
        }
    }

    /// The id of `name`, if some client asks for it.
    pub fn id(&self, name: &str) -> Option<u32> {
        self.names.iter().position(|n| n == name).map(|i| i as u32)
    }

    /// Path names by id.
    pub fn names(&self) -> &[String] {
        &self.names
    }
}

/// One client's paths, ready to draw from.
#[derive(Clone, Debug)]
pub struct ClientPaths {
    /// Cumulative shares, the last one 1.
    cdf: Vec<f64>,
    ids: Vec<u32>,
    statics: Vec<bool>,
}

impl ClientPaths {
    /// The client's paths with ids from `table`; `None` for a client without paths.
    pub fn new(paths: &[RequestPath], table: &mut PathTable) -> Option<ClientPaths> {
        if paths.is_empty() {
            return None;
        }
        let total: f64 = paths.iter().map(|p| p.weight.max(0.0)).sum();
        let mut sum = 0.0;
        let mut cdf = Vec::with_capacity(paths.len());
        for p in paths {
            sum += p.weight.max(0.0);
            cdf.push(if total > 0.0 { sum / total } else { 1.0 });
        }
        if let Some(last) = cdf.last_mut() {
            *last = 1.0;
        }
        Some(ClientPaths {
            cdf,
            ids: paths.iter().map(|p| table.intern(&p.path)).collect(),
            statics: paths.iter().map(|p| p.is_static).collect(),
        })
    }

    /// Draws the path of a new request: its id and whether it is static.
    pub fn sample(&self, rng: &mut Rng) -> (u32, bool) {
        let u = rng.unit();
        let i = self
            .cdf
            .partition_point(|&c| c <= u)
            .min(self.cdf.len() - 1);
        (self.ids[i], self.statics[i])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn same_text_same_id_across_clients() {
        let mut t = PathTable::default();
        let a = ClientPaths::new(
            &[
                RequestPath::new("/a", 1.0, true),
                RequestPath::new("/b", 1.0, false),
            ],
            &mut t,
        )
        .unwrap();
        let b = ClientPaths::new(&[RequestPath::new("/b", 1.0, false)], &mut t).unwrap();
        assert_eq!(a.ids, vec![0, 1]);
        assert_eq!(b.ids, vec![1]);
        assert_eq!(t.names(), ["/a", "/b"]);
        assert!(ClientPaths::new(&[], &mut t).is_none());
    }

    #[test]
    fn draws_follow_the_weights() {
        let mut t = PathTable::default();
        let p = ClientPaths::new(
            &[
                RequestPath::new("/x", 6.0, true),
                RequestPath::new("/y", 3.0, false),
                RequestPath::new("/z", 1.0, false),
            ],
            &mut t,
        )
        .unwrap();
        let mut rng = Rng::new(3);
        let n = 100_000;
        let mut counts = [0u32; 3];
        for _ in 0..n {
            let (id, is_static) = p.sample(&mut rng);
            assert_eq!(is_static, id == 0);
            counts[id as usize] += 1;
        }
        for (c, share) in counts.iter().zip([0.6, 0.3, 0.1]) {
            let se = libm::sqrt(share * (1.0 - share) / n as f64);
            let got = *c as f64 / n as f64;
            assert!((got - share).abs() < 4.0 * se, "{got} vs {share}");
        }
    }
}
