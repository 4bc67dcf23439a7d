//! The byte-level building blocks of the link formats: varints, exact numbers, text and a
//! checksum. They never change meaning once a link format that uses them is released.

/// Appends values to a growing byte buffer.
#[derive(Default)]
pub(crate) struct Writer {
    pub(crate) bytes: Vec<u8>,
}

/// Powers of ten that `f64` holds exactly; a number is sent as `m × 10^e` with `e` in
/// `EXP_MIN..=EXP_MAX`, or as its raw bits when no such short form reproduces it.
const POW10: [f64; 9] = [1.0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8];
const EXP_MIN: i32 = -8;
const EXP_MAX: i32 = 7;
/// Integers up to 2^53 are exact in `f64`.
const EXACT_INT: f64 = 9_007_199_254_740_992.0;

/// `m × 10^e`, computed with one correctly rounded IEEE operation, so every platform (and
/// WebAssembly) gets the same bits.
fn scaled(m: i64, e: i32) -> f64 {
    let p = POW10[e.unsigned_abs() as usize];
    if e >= 0 { m as f64 * p } else { m as f64 / p }
}

/// The shortest `(m, e)` with `scaled(m, e)` bit-identical to `x`, if there is one.
fn decimal_form(x: f64) -> Option<(i64, i32)> {
    if !x.is_finite() || (x == 0.0 && x.is_sign_negative()) {
        return None;
    }
    // The largest exponent gives the smallest mantissa, hence the fewest bytes.
    (EXP_MIN..=EXP_MAX).rev().find_map(|e| {
        let p = POW10[e.unsigned_abs() as usize];
        let m = if e >= 0 { x / p } else { x * p }.round();
        if m.abs() >= EXACT_INT {
            return None;
        }
        let m = m as i64;
        (scaled(m, e).to_bits() == x.to_bits()).then_some((m, e))
    })
}

fn zigzag(v: i64) -> u64 {
    ((v << 1) ^ (v >> 63)) as u64
}

fn unzigzag(v: u64) -> i64 {
    ((v >> 1) as i64) ^ -((v & 1) as i64)
}

impl Writer {
    /// An unsigned LEB128 varint: 7 bits a byte, small numbers in one byte.
    pub(crate) fn uint(&mut self, mut v: u64) {
        while v >= 0x80 {
            self.bytes.push((v as u8 & 0x7f) | 0x80);
            v >>= 7;
        }
        self.bytes.push(v as u8);
    }

    /// A number, bit-exact. `0` then 8 little-endian bytes of raw bits, or
    /// `1 + zigzag(m) × 16 + (e + 8)` for `m × 10^e`: 300 → `3e2`, 0.99 → `99e-2`, both
    /// two bytes.
    pub(crate) fn num(&mut self, x: f64) {
        match decimal_form(x) {
            Some((m, e)) => self.uint(1 + zigzag(m) * 16 + (e - EXP_MIN) as u64),
            None => {
                self.uint(0);
                self.bytes.extend_from_slice(&x.to_bits().to_le_bytes());
            }
        }
    }

    /// Text: its length in bytes, then its UTF-8 bytes exactly.
    pub(crate) fn str(&mut self, s: &str) {
        self.uint(s.len() as u64);
        self.bytes.extend_from_slice(s.as_bytes());
    }
}

/// Why a payload could not be read; the caller turns it into words for the user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) struct WireError(pub(crate) String);

pub(crate) type WireResult<T> = Result<T, WireError>;

/// Reads values back, checking every length against what is left.
pub(crate) struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
}

impl<'a> Reader<'a> {
    pub(crate) fn new(bytes: &'a [u8]) -> Self {
        Reader { bytes, at: 0 }
    }

    pub(crate) fn error<T>(&self, what: &str) -> WireResult<T> {
        Err(WireError(format!("{what} (at byte {})", self.at)))
    }

    pub(crate) fn remaining(&self) -> usize {
        self.bytes.len() - self.at
    }

    fn byte(&mut self) -> WireResult<u8> {
        match self.bytes.get(self.at) {
            Some(&b) => {
                self.at += 1;
                Ok(b)
            }
            None => self.error("it ends in the middle of a value"),
        }
    }

    pub(crate) fn uint(&mut self) -> WireResult<u64> {
        let mut v: u64 = 0;
        for shift in (0..64).step_by(7) {
            let b = self.byte()?;
            let bits = u64::from(b & 0x7f);
            if shift == 63 && bits > 1 {
                return self.error("a number in it is too large");
            }
            v |= bits << shift;
            if b & 0x80 == 0 {
                return Ok(v);
            }
        }
        self.error("a number in it is too large")
    }

    pub(crate) fn u32(&mut self) -> WireResult<u32> {
        let v = self.uint()?;
        match u32::try_from(v) {
            Ok(v) => Ok(v),
            Err(_) => self.error("a count in it is too large"),
        }
    }

    /// A small tag or flag set that must be below `limit`.
    pub(crate) fn tag(&mut self, limit: u64, what: &str) -> WireResult<u64> {
        let v = self.uint()?;
        if v < limit {
            Ok(v)
        } else {
            self.error(&format!("it names an unknown {what} ({v})"))
        }
    }

    pub(crate) fn bool(&mut self) -> WireResult<bool> {
        Ok(self.tag(2, "yes/no value")? == 1)
    }

    pub(crate) fn num(&mut self) -> WireResult<f64> {
        let h = self.uint()?;
        if h == 0 {
            let mut raw = [0u8; 8];
            for b in &mut raw {
                *b = self.byte()?;
            }
            return Ok(f64::from_bits(u64::from_le_bytes(raw)));
        }
        let h = h - 1;
        let e = (h % 16) as i32 + EXP_MIN;
        Ok(scaled(unzigzag(h / 16), e))
    }

    pub(crate) fn str(&mut self) -> WireResult<String> {
        let len = self.uint()?;
        let len = match usize::try_from(len) {
            Ok(len) if len <= self.remaining() => len,
            _ => return self.error("a piece of text in it runs past its end"),
        };
        let slice = &self.bytes[self.at..self.at + len];
        match std::str::from_utf8(slice) {
            Ok(s) => {
                self.at += len;
                Ok(s.to_string())
            }
            Err(_) => self.error("a piece of text in it is not valid UTF-8"),
        }
    }

    /// A list length, bounded by `max` and by the bytes left (every item takes at least one),
    /// so a damaged count cannot make the decoder allocate or loop without end.
    pub(crate) fn count(&mut self, max: usize, what: &str) -> WireResult<usize> {
        let n = self.uint()?;
        match usize::try_from(n) {
            Ok(n) if n <= max && n <= self.remaining() => Ok(n),
            _ => self.error(&format!("it claims {n} {what}, more than it holds")),
        }
    }

    /// The next `len` bytes as they are (a part with its own decoder).
    pub(crate) fn bytes(&mut self, len: u64, what: &str) -> WireResult<&'a [u8]> {
        let len = match usize::try_from(len) {
            Ok(len) if len <= self.remaining() => len,
            _ => return self.error(&format!("its {what} runs past its end")),
        };
        let slice = &self.bytes[self.at..self.at + len];
        self.at += len;
        Ok(slice)
    }

    /// Everything not read yet.
    pub(crate) fn rest(&mut self) -> &'a [u8] {
        let slice = &self.bytes[self.at..];
        self.at = self.bytes.len();
        slice
    }

    pub(crate) fn finish(&self) -> WireResult<()> {
        if self.remaining() == 0 {
            Ok(())
        } else {
            self.error("it has unexpected data after the scenario")
        }
    }
}

/// CRC-32 (IEEE 802.3, the one zip and PNG use), bit by bit: links are short, so a table
/// is not worth its 1 KiB.
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    fn roundtrip(x: f64) -> (f64, usize) {
        let mut w = Writer::default();
        w.num(x);
        let mut r = Reader::new(&w.bytes);
        let back = r.num().unwrap_or(f64::NAN);
        assert_eq!(r.remaining(), 0);
        (back, w.bytes.len())
    }

    #[test]
    fn numbers_keep_their_exact_bits() {
        let specials = [
            0.0,
            -0.0,
            1.0,
            -1.0,
            0.1,
            0.2,
            0.3,
            0.99,
            0.999_999,
            1.0 / 3.0,
            std::f64::consts::PI,
            1e300,
            -1e-300,
            5e-324,
            f64::MAX,
            f64::MIN_POSITIVE,
            EXACT_INT,
            EXACT_INT - 1.0,
            f64::INFINITY,
            f64::NEG_INFINITY,
            f64::NAN,
            f64::from_bits(0x7ff8_dead_beef_0001), // a NaN with a payload
        ];
        for x in specials {
            assert_eq!(roundtrip(x).0.to_bits(), x.to_bits(), "{x:e}");
        }
    }

    #[test]
    fn everyday_numbers_are_short() {
        for (x, bytes) in [
            (0.0, 1),
            (1.0, 1),
            (1000.0, 1),
            (0.5, 2),
            (300.0, 1),
            (0.99, 2),
            (60_000.0, 2),
            (123.0, 2),
            (0.1 + 0.2, 9), // not a short decimal: raw bits
        ] {
            assert_eq!(roundtrip(x), (x, bytes), "{x}");
        }
    }

    #[test]
    fn varints_round_trip_and_reject_overlong() {
        for v in [0, 1, 127, 128, 300, u64::from(u32::MAX), u64::MAX] {
            let mut w = Writer::default();
            w.uint(v);
            assert_eq!(Reader::new(&w.bytes).uint(), Ok(v));
        }
        let too_long = [0xffu8; 11];
        assert!(Reader::new(&too_long).uint().is_err());
        let overflow = [0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0xff, 0x02];
        assert!(Reader::new(&overflow).uint().is_err());
    }

    #[test]
    fn crc32_matches_the_standard_check_value() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
