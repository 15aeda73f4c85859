// Codeground function-mode harness: main.rs, with the learner's solution.rs included as is, so
// their functions need no `pub` and every message about their code names solution.rs and its lines.
// stdin: the arguments as one JSON array. stdout: the result in canonical spaced JSON.

include!("solution.rs");

mod cg_harness {
    use std::io::{Read, Write};
    use std::os::unix::io::FromRawFd;

    extern "C" {
        fn dup(fd: i32) -> i32;
        fn dup2(from: i32, to: i32) -> i32;
    }

    /// The learner's output (println!, print!, writes to file descriptor 1) goes to stderr from
    /// here on; the result goes to the returned copy of the original stdout.
    pub fn divert_stdout() -> std::fs::File {
        // SAFETY: plain descriptor calls; nothing else uses file descriptor 1 yet.
        unsafe {
            let saved = dup(1);
            if saved < 0 || dup2(2, 1) < 0 {
                eprintln!("cannot set stdout aside");
                std::process::exit(4);
            }
            std::fs::File::from_raw_fd(saved)
        }
    }

    pub fn read_stdin() -> String {
        let mut input = String::new();
        if std::io::stdin().read_to_string(&mut input).is_err() {
            eprintln!("cannot read the arguments");
            std::process::exit(3);
        }
        input
    }

    pub fn write_result(mut out: std::fs::File, text: &str) {
        let _ = std::io::stdout().flush();
        if out.write_all(text.as_bytes()).is_err() {
            std::process::exit(4);
        }
    }

    pub struct Reader<'a> {
        s: &'a [u8],
        i: usize,
    }

    impl<'a> Reader<'a> {
        pub fn new(s: &'a str) -> Self {
            Reader { s: s.as_bytes(), i: 0 }
        }
        fn fail(&self, what: &str) -> ! {
            eprintln!("malformed arguments: {} at offset {}", what, self.i);
            std::process::exit(3);
        }
        fn ws(&mut self) {
            while self.i < self.s.len() && matches!(self.s[self.i], b' ' | b'\n' | b'\r' | b'\t') {
                self.i += 1;
            }
        }
        pub fn at(&mut self, c: u8) -> bool {
            self.ws();
            self.i < self.s.len() && self.s[self.i] == c
        }
        pub fn expect(&mut self, c: u8) {
            if !self.at(c) {
                self.fail("unexpected character");
            }
            self.i += 1;
        }
        fn integer(&mut self) -> i64 {
            self.ws();
            let negative = self.i < self.s.len() && self.s[self.i] == b'-';
            if negative {
                self.i += 1;
            }
            let start = self.i;
            let mut magnitude: u64 = 0;
            while self.i < self.s.len() && self.s[self.i].is_ascii_digit() {
                magnitude = magnitude.wrapping_mul(10).wrapping_add(u64::from(self.s[self.i] - b'0'));
                self.i += 1;
            }
            if self.i == start {
                self.fail("expected an integer");
            }
            if negative {
                0i64.wrapping_sub(magnitude as i64)
            } else {
                magnitude as i64
            }
        }
        fn number(&mut self) -> f64 {
            self.ws();
            let start = self.i;
            while self.i < self.s.len() && matches!(self.s[self.i], b'-' | b'+' | b'.' | b'e' | b'E' | b'0'..=b'9') {
                self.i += 1;
            }
            match std::str::from_utf8(&self.s[start..self.i]).ok().and_then(|t| t.parse().ok()) {
                Some(value) => value,
                None => self.fail("expected a number"),
            }
        }
        fn hex4(&mut self) -> u32 {
            let digits = self.s.get(self.i..self.i + 4).and_then(|d| std::str::from_utf8(d).ok());
            match digits.and_then(|d| u32::from_str_radix(d, 16).ok()) {
                Some(value) => {
                    self.i += 4;
                    value
                }
                None => self.fail("bad \\u escape"),
            }
        }
        fn string(&mut self) -> String {
            self.expect(b'"');
            let mut out: Vec<u8> = Vec::new();
            loop {
                if self.i >= self.s.len() {
                    self.fail("unterminated string");
                }
                let c = self.s[self.i];
                self.i += 1;
                match c {
                    b'"' => break,
                    b'\\' => {
                        if self.i >= self.s.len() {
                            self.fail("unterminated escape");
                        }
                        let e = self.s[self.i];
                        self.i += 1;
                        let unit = match e {
                            b'b' => 0x08,
                            b'f' => 0x0c,
                            b'n' => 0x0a,
                            b'r' => 0x0d,
                            b't' => 0x09,
                            b'u' => {
                                let mut cp = self.hex4();
                                if (0xd800..0xdc00).contains(&cp) && self.s.get(self.i..self.i + 2) == Some(b"\\u") {
                                    let back = self.i;
                                    self.i += 2;
                                    let low = self.hex4();
                                    if (0xdc00..0xe000).contains(&low) {
                                        cp = 0x10000 + ((cp - 0xd800) << 10) + (low - 0xdc00);
                                    } else {
                                        self.i = back;
                                    }
                                }
                                cp
                            }
                            other => u32::from(other),
                        };
                        let ch = char::from_u32(unit).unwrap_or('\u{fffd}');
                        out.extend_from_slice(ch.encode_utf8(&mut [0; 4]).as_bytes());
                    }
                    _ => out.push(c),
                }
            }
            String::from_utf8(out).unwrap_or_else(|_| self.fail("a string that is not UTF-8"))
        }
    }

    /// A value read from the arguments.
    pub trait Get: Sized {
        fn get(r: &mut Reader) -> Self;
    }
    impl Get for i32 {
        fn get(r: &mut Reader) -> Self {
            r.integer() as i32
        }
    }
    impl Get for i64 {
        fn get(r: &mut Reader) -> Self {
            r.integer()
        }
    }
    impl Get for f64 {
        fn get(r: &mut Reader) -> Self {
            r.number()
        }
    }
    impl Get for String {
        fn get(r: &mut Reader) -> Self {
            r.string()
        }
    }
    impl Get for bool {
        fn get(r: &mut Reader) -> Self {
            r.ws();
            if r.s[r.i..].starts_with(b"true") {
                r.i += 4;
                true
            } else if r.s[r.i..].starts_with(b"false") {
                r.i += 5;
                false
            } else {
                r.fail("expected true or false")
            }
        }
    }
    impl<T: Get> Get for Vec<T> {
        fn get(r: &mut Reader) -> Self {
            let mut items = Vec::new();
            r.expect(b'[');
            if r.at(b']') {
                r.i += 1;
                return items;
            }
            loop {
                items.push(T::get(r));
                if r.at(b']') {
                    break;
                }
                r.expect(b',');
            }
            r.i += 1;
            items
        }
    }

    fn must_escape(cp: u32) -> bool {
        cp <= 0x20
            || (0x7f..=0xa0).contains(&cp)
            || cp == 0x1680
            || (0x2000..=0x200a).contains(&cp)
            || cp == 0x2028
            || cp == 0x2029
            || cp == 0x202f
            || cp == 0x205f
            || cp == 0x3000
            || cp == 0xfeff
    }

    /// A result written in canonical spaced JSON.
    pub trait Put {
        fn put(&self, out: &mut String);
    }
    macro_rules! put_display {
        ($($t:ty),*) => {$(
            impl Put for $t {
                fn put(&self, out: &mut String) {
                    out.push_str(&self.to_string());
                }
            }
        )*};
    }
    put_display!(i8, i16, i32, i64, i128, isize, u8, u16, u32, u64, u128, usize, bool);
    impl Put for f64 {
        fn put(&self, out: &mut String) {
            let magnitude = self.abs();
            // Rust never writes an exponent by itself: 1e-300 would take 300 digits.
            if *self == 0.0 || (1e-5..1e16).contains(&magnitude) || !self.is_finite() {
                out.push_str(&format!("{}", self));
            } else {
                out.push_str(&format!("{:e}", self));
            }
        }
    }
    impl Put for f32 {
        fn put(&self, out: &mut String) {
            f64::from(*self).put(out);
        }
    }
    impl Put for str {
        fn put(&self, out: &mut String) {
            out.push('"');
            for ch in self.chars() {
                match ch {
                    '"' => out.push_str("\\\""),
                    '\\' => out.push_str("\\\\"),
                    _ if must_escape(u32::from(ch)) => out.push_str(&format!("\\u{:04x}", u32::from(ch))),
                    _ => out.push(ch),
                }
            }
            out.push('"');
        }
    }
    impl Put for String {
        fn put(&self, out: &mut String) {
            self.as_str().put(out);
        }
    }
    impl<T: Put + ?Sized> Put for &T {
        fn put(&self, out: &mut String) {
            (**self).put(out);
        }
    }
    impl<T: Put> Put for [T] {
        fn put(&self, out: &mut String) {
            if self.is_empty() {
                out.push_str("[ ]");
                return;
            }
            out.push_str("[ ");
            for (k, item) in self.iter().enumerate() {
                if k > 0 {
                    out.push_str(" , ");
                }
                item.put(out);
            }
            out.push_str(" ]");
        }
    }
    impl<T: Put> Put for Vec<T> {
        fn put(&self, out: &mut String) {
            self.as_slice().put(out);
        }
    }
}

fn main() {
    let cg_out = cg_harness::divert_stdout();
    let cg_input = cg_harness::read_stdin();
    let mut cg_reader = cg_harness::Reader::new(&cg_input);
    cg_reader.expect(b'[');
    /*CG:ARGS*/
    cg_reader.expect(b']');
    let cg_result = /*CG:CALL*/;
    let mut cg_text = String::new();
    cg_harness::Put::put(&cg_result, &mut cg_text);
    cg_text.push('\n');
    cg_harness::write_result(cg_out, &cg_text);
}
