//! The future event list: a binary heap ordered by (time, insertion sequence), so events
//! at equal times run in the order they were scheduled.
//!
//! Events that a source schedules at non-decreasing times — a client's timeouts, always
//! `now + timeout` — can go into a FIFO *lane* instead ([`EventQueue::push_ordered`]): a
//! lane is sorted by construction, so it costs O(1) instead of O(log n), and it keeps the
//! heap small (timeouts mostly go stale and used to make up most of it). So can events
//! scheduled a fixed delay from now, such as messages over a link of constant latency: all
//! those with the same delay share a lane ([`EventQueue::push_after`]). Pops take the
//! earliest (time, sequence) over the heap and the lane heads, so the order of events is
//! exactly the same as with the heap alone.

use crate::time::SimTime;
use std::cmp::Ordering;
use std::collections::{BinaryHeap, VecDeque};

/// Lanes kept; events for a lane beyond these go to the heap. Every pop looks at every
/// lane's head, so a few lanes pay and many would not.
const MAX_LANES: usize = 6;

struct Entry<E> {
    /// Time in the high 64 bits, sequence in the low 64: one integer comparison orders both.
    key: u128,
    event: E,
}

impl<E> PartialEq for Entry<E> {
    fn eq(&self, other: &Self) -> bool {
        self.key == other.key
    }
}
impl<E> Eq for Entry<E> {}
impl<E> PartialOrd for Entry<E> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<E> Ord for Entry<E> {
    fn cmp(&self, other: &Self) -> Ordering {
        // BinaryHeap is a max-heap; reverse to pop the earliest.
        other.key.cmp(&self.key)
    }
}

/// A deterministic priority queue of events.
pub struct EventQueue<E> {
    heap: BinaryHeap<Entry<E>>,
    /// FIFO lanes, each sorted by key, in the order they were opened.
    lanes: Vec<Lane<E>>,
    seq: u64,
}

/// A FIFO of events sorted by key, and whose events it takes.
struct Lane<E> {
    /// The first event's key, or [`EMPTY`]: every pop compares the heads of all lanes, so
    /// they are kept at hand rather than looked up in the FIFO each time.
    head: u128,
    /// The last key pushed (0 before the first): a key above it keeps the lane sorted.
    tail: u128,
    owner: Owner,
    fifo: VecDeque<Entry<E>>,
}

/// The head of an empty lane. No event has this key: its sequence number would be the
/// 2^64 - 1st event pushed.
const EMPTY: u128 = u128::MAX;

impl<E> Lane<E> {
    fn new(owner: Owner) -> Self {
        Lane {
            head: EMPTY,
            tail: 0,
            owner,
            fifo: VecDeque::new(),
        }
    }

    /// Appends `entry` if it keeps the lane sorted; gives it back otherwise.
    #[inline]
    fn push(&mut self, entry: Entry<E>) -> Result<(), Entry<E>> {
        if entry.key < self.tail {
            return Err(entry);
        }
        self.tail = entry.key;
        if self.fifo.is_empty() {
            self.head = entry.key;
        }
        self.fifo.push_back(entry);
        Ok(())
    }

    #[inline]
    fn pop(&mut self) -> Option<Entry<E>> {
        let entry = self.fifo.pop_front()?;
        self.head = self.fifo.front().map_or(EMPTY, |e| e.key);
        Some(entry)
    }

    fn retain(&mut self, keep: impl FnMut(&Entry<E>) -> bool) {
        self.fifo.retain(keep);
        self.head = self.fifo.front().map_or(EMPTY, |e| e.key);
    }
}

/// Whose events a lane takes.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Owner {
    /// A source's, named by the number given to [`EventQueue::push_ordered`].
    Source(usize),
    /// Those scheduled this delay after the time they were pushed at.
    Delay(SimTime),
}

/// Where the earliest event is.
#[derive(Clone, Copy)]
enum Source {
    Heap,
    Lane(usize),
}

impl<E> EventQueue<E> {
    pub fn new() -> Self {
        EventQueue {
            heap: BinaryHeap::with_capacity(1024),
            lanes: Vec::new(),
            seq: 0,
        }
    }

    #[inline]
    fn entry(&mut self, time: SimTime, event: E) -> Entry<E> {
        self.seq += 1;
        Entry {
            key: ((time as u128) << 64) | self.seq as u128,
            event,
        }
    }

    /// Schedules `event` at `time`.
    #[inline]
    pub fn push(&mut self, time: SimTime, event: E) {
        let entry = self.entry(time, event);
        self.heap.push(entry);
    }

    /// Schedules `event` at `time`, like [`EventQueue::push`], where `lane` names a source
    /// whose times usually do not decrease from one push to the next. Such events are
    /// appended to the lane in O(1); any other (an earlier time than the lane's last, or a
    /// lane opened when all the lanes kept are taken) goes to the heap. Either way the event
    /// runs at the same point as if it had been pushed with [`EventQueue::push`].
    #[inline]
    pub fn push_ordered(&mut self, lane: usize, time: SimTime, event: E) {
        let entry = self.entry(time, event);
        self.push_to_lane(Owner::Source(lane), entry);
    }

    /// Schedules `event` at `now + delay`, like [`EventQueue::push`], where `now` does not
    /// decrease from one push to the next and `delay` is one of the few fixed delays a run
    /// uses again and again (a link's constant latency): the events of one delay then come in
    /// time order and share a lane. As with [`EventQueue::push_ordered`], an event that does
    /// not fit a lane goes to the heap and runs at the same point either way.
    #[inline]
    pub fn push_after(&mut self, now: SimTime, delay: SimTime, event: E) {
        let entry = self.entry(now.saturating_add(delay), event);
        self.push_to_lane(Owner::Delay(delay), entry);
    }

    /// Appends `entry` to the lane of `owner` (opened if there is room for another) when it
    /// keeps the lane sorted, and to the heap otherwise.
    #[inline(always)]
    fn push_to_lane(&mut self, owner: Owner, entry: Entry<E>) {
        let lane = match self.lanes.iter().position(|l| l.owner == owner) {
            Some(lane) => lane,
            None if self.lanes.len() < MAX_LANES => {
                self.lanes.push(Lane::new(owner));
                self.lanes.len() - 1
            }
            None => {
                self.heap.push(entry);
                return;
            }
        };
        if let Err(entry) = self.lanes[lane].push(entry) {
            self.heap.push(entry);
        }
    }

    /// The key of the earliest event and where it is.
    #[inline]
    fn earliest(&self) -> Option<(u128, Source)> {
        let mut best = (self.heap.peek().map_or(EMPTY, |e| e.key), Source::Heap);
        for (i, lane) in self.lanes.iter().enumerate() {
            if lane.head < best.0 {
                best = (lane.head, Source::Lane(i));
            }
        }
        (best.0 != EMPTY).then_some(best)
    }

    /// The time of the earliest event.
    #[inline]
    pub fn peek_time(&self) -> Option<SimTime> {
        self.earliest().map(|(key, _)| (key >> 64) as SimTime)
    }

    /// Removes and returns the earliest event.
    #[inline]
    pub fn pop(&mut self) -> Option<(SimTime, E)> {
        self.pop_due(SimTime::MAX)
    }

    /// Removes and returns the earliest event if it is due at or before `until`: a
    /// [`EventQueue::peek_time`] and a [`EventQueue::pop`] in one, finding the earliest
    /// event once instead of twice (the event loop's hottest path).
    #[inline]
    pub fn pop_due(&mut self, until: SimTime) -> Option<(SimTime, E)> {
        let (key, source) = self.earliest()?;
        let time = (key >> 64) as SimTime;
        if time > until {
            return None;
        }
        let entry = match source {
            Source::Heap => self.heap.pop()?,
            Source::Lane(i) => self.lanes[i].pop()?,
        };
        Some((time, entry.event))
    }

    /// Keeps only the events `keep` accepts (given their time); the rest are dropped without
    /// running. The order of the kept events is unchanged: it depends on their keys alone.
    pub fn retain(&mut self, mut keep: impl FnMut(SimTime, &E) -> bool) {
        let mut keep_entry = |e: &Entry<E>| keep((e.key >> 64) as SimTime, &e.event);
        self.heap.retain(&mut keep_entry);
        for lane in &mut self.lanes {
            lane.retain(&mut keep_entry);
        }
    }

    /// Events waiting.
    pub fn len(&self) -> usize {
        self.heap.len() + self.lanes.iter().map(|l| l.fifo.len()).sum::<usize>()
    }

    /// Whether no event is waiting.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }
}

impl<E> Default for EventQueue<E> {
    fn default() -> Self {
        Self::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn equal_times_pop_in_insertion_order() {
        let mut q = EventQueue::new();
        q.push(5, 'a');
        q.push(3, 'b');
        q.push(5, 'c');
        q.push(3, 'd');
        let order: Vec<char> = std::iter::from_fn(|| q.pop().map(|(_, e)| e)).collect();
        assert_eq!(order, vec!['b', 'd', 'a', 'c']);
    }

    /// Pops everything, as (time, event).
    fn drain(q: &mut EventQueue<u32>) -> Vec<(SimTime, u32)> {
        std::iter::from_fn(|| q.pop()).collect()
    }

    #[test]
    fn lanes_pop_in_the_same_order_as_the_heap_alone() {
        // A pseudo-random mix of heap pushes, in-order lane pushes, out-of-order lane pushes
        // (which fall back to the heap), pushes after fixed delays, more lanes than are
        // kept, and pops in between.
        let mut with_lanes = EventQueue::new();
        let mut heap_only = EventQueue::new();
        let (mut popped_lanes, mut popped_heap) = (Vec::new(), Vec::new());
        let mut x: u64 = 0x2545_F491_4F6C_DD1D;
        let mut now: SimTime = 0;
        for n in 0..20_000u32 {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            let time = now + x % 50;
            match x % 9 {
                0..=2 => {
                    with_lanes.push(time, n);
                    heap_only.push(time, n);
                }
                3..=4 => {
                    let lane = ((x >> 8) % 6) as usize;
                    with_lanes.push_ordered(lane, time, n);
                    heap_only.push(time, n);
                }
                5..=6 => {
                    let delay = [0, 3, 7, 11, 20, 40, 45][((x >> 8) % 7) as usize];
                    with_lanes.push_after(now, delay, n);
                    heap_only.push(now + delay, n);
                }
                _ => {
                    let (a, b) = (with_lanes.pop(), heap_only.pop());
                    assert_eq!(with_lanes.len(), heap_only.len());
                    if let Some((t, _)) = a {
                        now = t;
                    }
                    popped_lanes.push(a);
                    popped_heap.push(b);
                }
            }
            assert_eq!(with_lanes.peek_time(), heap_only.peek_time());
        }
        assert_eq!(popped_lanes, popped_heap);
        assert_eq!(drain(&mut with_lanes), drain(&mut heap_only));
        assert!(with_lanes.is_empty());
    }

    #[test]
    fn dropping_events_leaves_the_others_in_order() {
        let mut q = EventQueue::new();
        let mut kept = EventQueue::new();
        for n in 0..1000u32 {
            let time = SimTime::from(n % 37);
            if n % 3 == 0 {
                q.push_ordered(0, SimTime::from(n), n);
            } else {
                q.push(time, n);
            }
            if n % 5 != 0 {
                if n % 3 == 0 {
                    kept.push_ordered(0, SimTime::from(n), n);
                } else {
                    kept.push(time, n);
                }
            }
        }
        q.retain(|_, n| n % 5 != 0);
        assert_eq!(q.len(), 800);
        assert_eq!(drain(&mut q), drain(&mut kept));
    }

    #[test]
    fn equal_times_across_lanes_and_heap_pop_in_insertion_order() {
        let mut q = EventQueue::new();
        q.push_ordered(0, 10, 1);
        q.push(10, 2);
        q.push_ordered(1, 10, 3);
        q.push_ordered(0, 10, 4);
        q.push(5, 5);
        q.push_ordered(0, 7, 6); // earlier than the lane's last: goes to the heap
        assert_eq!(
            drain(&mut q),
            vec![(5, 5), (7, 6), (10, 1), (10, 2), (10, 3), (10, 4)]
        );
    }
}
