//! Pathological input: whatever a post holds, rendering it ends, soon, in memory
//! proportional to its size, and the HTML stays shallow enough for a browser.
//!
//! The cases are deep nesting (block quotes, lists, emphasis, brackets), the inputs
//! that made CommonMark parsers quadratic (cmark's pathological tests and
//! pulldown-cmark's reports, footnotes included), very large posts, tables and
//! lines, and mixed-direction text. Each is checked four ways:
//!
//! - it renders within a generous time ceiling, holding memory proportional to its
//!   size;
//! - twice the input takes at most about twice the time, holds twice the memory and
//!   allocates twice as much (a growth check: a quadratic pass shows as ×4, far from
//!   the ×3 allowed; the bytes allocated are counted exactly, so a pass that copies
//!   text over and over shows there even when timing cannot tell);
//! - the HTML is balanced and no deeper than the renderer's clamps allow;
//! - the text survives: nesting is flattened, never dropped.
//!
//! Timings come from a shared, noisy machine, so only ratios of best times are
//! compared, a ratio is measured again before it fails, and the absolute ceilings are
//! far above the real times. `--nocapture` prints each case's time; the table printed
//! by `every_case_renders_in_bounded_time_memory_and_depth` ends with the slowest
//! case. `PATHOLOGICAL_CASE=<part of a name>` runs only the matching cases.
//!
//!     cargo test --release -p fumi-content --test pathological -- --nocapture

mod common;

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;
use std::fmt::Write as _;
use std::time::Duration;

use fumi_content::markdown::{render, MAX_BLOCK_DEPTH, MAX_INLINE_DEPTH};

// ---------------------------------------------------------------------------------
// Memory: a counting allocator, per thread, so tests running side by side do not
// disturb each other's numbers.

struct Meter;

thread_local! {
    /// Bytes held now, the most held at once, and the sum of every allocation's size.
    static LIVE: Cell<isize> = const { Cell::new(0) };
    static PEAK: Cell<isize> = const { Cell::new(0) };
    static ALLOCATED: Cell<usize> = const { Cell::new(0) };
}

fn count(delta: isize, allocated: usize) {
    let _ = LIVE.try_with(|live| {
        let now = live.get() + delta;
        live.set(now);
        let _ = PEAK.try_with(|peak| peak.set(peak.get().max(now)));
    });
    let _ = ALLOCATED.try_with(|sum| sum.set(sum.get() + allocated));
}

// SAFETY: every call is passed to the system allocator unchanged; the counting only
// touches thread-local integers and never allocates.
unsafe impl GlobalAlloc for Meter {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc(layout) };
        if !p.is_null() {
            count(layout.size() as isize, layout.size());
        }
        p
    }
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let p = unsafe { System.alloc_zeroed(layout) };
        if !p.is_null() {
            count(layout.size() as isize, layout.size());
        }
        p
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) };
        count(-(layout.size() as isize), 0);
    }
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let p = unsafe { System.realloc(ptr, layout, new_size) };
        if !p.is_null() {
            count(new_size as isize - layout.size() as isize, new_size);
        }
        p
    }
}

#[global_allocator]
static METER: Meter = Meter;

/// What a call did to memory.
#[derive(Clone, Copy, Debug)]
struct Memory {
    /// The most it held at once.
    peak: usize,
    /// The sizes of all its allocations, added up: work that copies text over and
    /// over (joining a growing string, formatting candidates in a loop) shows here
    /// as quadratic, deterministically, even where timing cannot tell.
    allocated: usize,
}

/// Runs `f` and returns its result with what it did to memory.
fn metered<T>(f: impl FnOnce() -> T) -> (T, Memory) {
    let start = LIVE.with(Cell::get);
    PEAK.with(|peak| peak.set(start));
    let allocated_before = ALLOCATED.with(Cell::get);
    let out = f();
    let peak = (PEAK.with(Cell::get) - start).max(0) as usize;
    (out, Memory { peak, allocated: ALLOCATED.with(Cell::get) - allocated_before })
}

/// Makes glibc's malloc keep freed memory for reuse instead of returning it to the
/// system (and taking it back, page fault by page fault, on the next render). Left to
/// itself, malloc moves its thresholds as it sees large blocks freed, so whether a
/// render pays for fresh pages depends on what ran before it, which can make one size
/// ten times slower per byte than its half. Growth checks compare work, not that.
fn steady_malloc() {
    #[cfg(all(target_os = "linux", target_env = "gnu"))]
    {
        extern "C" {
            fn mallopt(param: i32, value: i32) -> i32;
        }
        const M_TRIM_THRESHOLD: i32 = -1;
        const M_MMAP_MAX: i32 = -4;
        // SAFETY: mallopt only changes malloc's tuning; both values are valid.
        unsafe {
            mallopt(M_TRIM_THRESHOLD, i32::MAX);
            mallopt(M_MMAP_MAX, 0);
        }
    }
}

// ---------------------------------------------------------------------------------
// Time: the processor time of this thread, not the clock on the wall. On a shared
// machine under load the wall clock counts other programs' turns too, and more of them
// the longer a render runs, which makes a linear render look quadratic.

#[cfg(all(target_os = "linux", target_pointer_width = "64"))]
fn thread_time() -> Duration {
    #[repr(C)]
    struct Timespec {
        seconds: i64,
        nanoseconds: i64,
    }
    extern "C" {
        fn clock_gettime(clock: i32, time: *mut Timespec) -> i32;
    }
    const CLOCK_THREAD_CPUTIME_ID: i32 = 3;
    let mut now = Timespec { seconds: 0, nanoseconds: 0 };
    // SAFETY: `now` is a valid, writable timespec; the clock id is Linux's.
    let status = unsafe { clock_gettime(CLOCK_THREAD_CPUTIME_ID, &mut now) };
    assert_eq!(status, 0, "clock_gettime(CLOCK_THREAD_CPUTIME_ID) failed");
    Duration::new(now.seconds as u64, now.nanoseconds as u32)
}

/// Elsewhere, the wall clock (since an arbitrary start).
#[cfg(not(all(target_os = "linux", target_pointer_width = "64")))]
fn thread_time() -> Duration {
    static START: std::sync::OnceLock<std::time::Instant> = std::sync::OnceLock::new();
    START.get_or_init(std::time::Instant::now).elapsed()
}

/// Runs `f` and returns its result and the processor time it took.
fn timed<T>(f: impl FnOnce() -> T) -> (T, Duration) {
    let started = thread_time();
    let out = f();
    (out, thread_time().saturating_sub(started))
}

/// Held by each test that renders large inputs: run side by side, they would time
/// each other's memory traffic.
static HEAVY: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn heavy() -> std::sync::MutexGuard<'static, ()> {
    steady_malloc();
    HEAVY.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
}

// ---------------------------------------------------------------------------------
// The cases.

struct Case {
    name: &'static str,
    /// The input at scale `n`.
    make: fn(usize) -> String,
    /// The scale of the measured run.
    n: usize,
    /// A character that stands for the content: it appears in the output text (tags
    /// aside) exactly as often as in the input, so nothing was lost.
    marker: Option<char>,
}

const fn case(name: &'static str, make: fn(usize) -> String, n: usize, marker: Option<char>) -> Case {
    Case { name, make, n, marker }
}

fn table(rows: usize, columns: usize) -> String {
    let mut t = String::new();
    for c in 0..columns {
        let _ = write!(t, "| h{c} ");
    }
    t.push_str("|\n");
    t.push_str(&"|:--".repeat(columns));
    t.push_str("|\n");
    for r in 0..rows {
        for c in 0..columns {
            let _ = write!(t, "| {r}.{c} *表* ");
        }
        t.push_str("|\n");
    }
    t
}

/// A long post of ordinary Markdown, Japanese and English mixed: every construct a
/// post uses, repeated with varying text, `n` sections of about 1 KB.
fn long_post(n: usize) -> String {
    let mut post = String::new();
    for i in 0..n {
        let _ = write!(
            post,
            "## 第{i}章 Kubernetes の運用\n\n\
             本番環境で **「EKS」** を運用して学んだことを書きます。長い行を\n\
             エディタで折り返しても、空白は入りません[^n{i}]。See [the docs](https://kubernetes.io/docs/{i}) \
             and `kubectl get pods -n ns{i}`.\n\n\
             - 手順 {i}: *設定* を確認する\n  - 次に ~~古い~~ 新しい値を入れる\n- [x] 完了\n\n\
             > [!NOTE]\n> 注意: ノード {i} は再起動されます。\n\n\
             | 項目 | 値 |\n|---|--:|\n| cpu | {i}m |\n\n\
             ```rust:src/main{i}.rs\nfn main() {{ println!(\"{i}\"); }}\n```\n\n\
             ![構成図 {i}](images/diagram{i}.svg \"図 {i}\")\n\n\
             [^n{i}]: 脚注 {i} です。\n\n",
        );
    }
    post
}

/// Right-to-left and left-to-right text with explicit direction controls (RLO, LRO,
/// PDF, RLI, LRI, FSI, PDI), in paragraphs, headings, links and emphasis.
fn mixed_direction(n: usize) -> String {
    let unit = "## عنوان \u{202e}txet desrever\u{202c} 見出し\n\n\
                مرحبا **world** שלום עולם 日本語の\u{202d}LTR\u{202c}文章 \u{2067}نص\u{2069} \u{2066}abc\u{2069} \
                \u{2068}עברית\u{2069} [\u{202e}link\u{202c}](https://example.com/\u{202e}x) *עברית*\n\n";
    unit.repeat(n)
}

/// The cases, or those whose name contains `$PATHOLOGICAL_CASE` when it is set.
fn cases() -> Vec<Case> {
    let only = std::env::var("PATHOLOGICAL_CASE").unwrap_or_default();
    all_cases().into_iter().filter(|c| c.name.contains(only.as_str())).collect()
}

fn all_cases() -> Vec<Case> {
    vec![
        // Nesting, which the renderer clamps.
        case("block quotes, 10,000 deep", |n| "> ".repeat(n) + "深", 10_000, Some('深')),
        case("block quotes, 50,000 deep (cmark)", |n| "> ".repeat(n) + "深", 50_000, Some('深')),
        case("lists, 10,000 deep (- - - …)", |n| "- ".repeat(n) + "深", 10_000, Some('深')),
        case("ordered lists, 10,000 deep (1. 1. …)", |n| "1. ".repeat(n) + "深", 10_000, Some('深')),
        case(
            "lists by indentation, 1,000 deep (cmark)",
            |n| (0..n).map(|i| format!("{}* 深\n", "  ".repeat(i))).collect(),
            1_000,
            Some('深'),
        ),
        case("block quotes and lists alternating, 10,000 deep", |n| "> - ".repeat(n) + "深", 10_000, Some('深')),
        case(
            "alerts, 300 deep",
            |n| (1..=n).map(|i| format!("{}[!NOTE]\n{}注\n", "> ".repeat(i), "> ".repeat(i))).collect(),
            300,
            Some('注'),
        ),
        case(
            "nested strong emphasis (cmark)",
            |n| "*深 **深 ".repeat(n) + "b" + &" 深** 深*".repeat(n),
            65_000,
            Some('深'),
        ),
        case("emphasis runs, 10,000 deep (***…a…***)", |n| "*".repeat(n) + "深" + &"*".repeat(n), 10_000, Some('深')),
        case("strikethrough, 50,000 deep", |n| "~~深 ".repeat(n) + &" 深~~".repeat(n), 50_000, Some('深')),
        case(
            "CJK emphasis runs around brackets, 20,000 (**「…」**)",
            |n| "**「".repeat(n) + "深" + &"」**".repeat(n),
            20_000,
            Some('深'),
        ),
        case(
            "footnote definitions in block quotes, 5,000 deep",
            |n| "> [^a]: 深".repeat(n) + "\n\n[^a]",
            5_000,
            Some('深'),
        ),
        case("nested brackets, 10,000 ([[[[…)", |n| "[".repeat(n) + "深", 10_000, Some('深')),
        case("nested brackets, 50,000 (cmark)", |n| "[".repeat(n) + "深" + &"]".repeat(n), 50_000, Some('深')),
        case("images in image descriptions, 10,000 deep", |n| "![".repeat(n) + "深" + &"](u)".repeat(n), 10_000, None),
        case("links in link text, 10,000 deep", |n| "[".repeat(n) + "深" + &"](u)".repeat(n), 10_000, Some('深')),
        case(
            "link destinations in parentheses, 10,000 deep",
            |n| "[深](".to_owned() + &"(".repeat(n) + &")".repeat(n) + ")",
            10_000,
            Some('深'),
        ),
        // cmark's pathological tests (test/pathological_tests.py), same shapes.
        case("many emphasis closers with no openers (cmark)", |n| "a_ ".repeat(n), 65_000, Some('_')),
        case("many emphasis openers with no closers (cmark)", |n| "_a ".repeat(n), 65_000, Some('_')),
        case("many link closers with no openers (cmark)", |n| "a]".repeat(n), 65_000, Some(']')),
        case("many link openers with no closers (cmark)", |n| "[a".repeat(n), 65_000, Some('[')),
        case("mismatched openers and closers (cmark)", |n| "*a_ ".repeat(n), 50_000, Some('_')),
        case("openers and closers multiple of 3 (cmark)", |n| "a**b".to_owned() + &"c* ".repeat(n), 50_000, Some('c')),
        case("link openers and emphasis closers (cmark)", |n| "[ a_".repeat(n), 50_000, Some('_')),
        case(
            "backtick runs of every length (cmark)",
            |n| (1..n).map(|k| format!("e{}", "`".repeat(k))).collect(),
            2_000,
            Some('e'),
        ),
        case("unclosed links with <destination> (cmark)", |n| "[a](<b".repeat(n), 50_000, Some('b')),
        case("unclosed links (cmark)", |n| "[a](b".repeat(n), 50_000, Some('b')),
        case(
            "many link reference definitions (cmark)",
            |n| (1..16 * n).map(|k| format!("[{k}]: u\n")).collect::<String>() + &"[0] ".repeat(n),
            10_000,
            None,
        ),
        case("unclosed HTML comments", |n| "a <!-- ".repeat(n), 50_000, Some('a')),
        case("unclosed HTML comment blocks", |n| "<!--\n深\n".repeat(n), 50_000, None),
        case("unclosed CDATA sections", |n| "a <![CDATA[ ".repeat(n), 50_000, Some('a')),
        case("unclosed processing instructions", |n| "a <? ".repeat(n), 50_000, Some('a')),
        case("unclosed declarations", |n| "a <!A ".repeat(n), 50_000, Some('a')),
        case(
            "deeply nested inline links",
            |n| "[a](".repeat(n) + &"b)".repeat(n),
            10_000,
            None, // link destinations take up to 32 levels of `[a](` as text of their own
        ),
        case("NUL bytes", |n| "a\0".repeat(n), 100_000, Some('a')),
        // pulldown-cmark's reports of quadratic time (issues #246–#255).
        case("[](… (pulldown-cmark #246)", |n| "[](".repeat(n), 20_000, Some('(')),
        case("``\\… (pulldown-cmark #247)", |n| "``\\".repeat(n), 20_000, None),
        case("a***… (pulldown-cmark #248)", |n| "a***".repeat(n), 20_000, Some('a')),
        case("* * * … a (pulldown-cmark #249)", |n| "* ".repeat(n) + "a", 20_000, Some('a')),
        case("[ (](… (pulldown-cmark #251)", |n| "[ (](".repeat(n), 20_000, Some('(')),
        case("[*_a… (pulldown-cmark #255)", |n| "[*_a".repeat(n), 100_000, Some('a')),
        // Footnotes (pulldown-cmark #1076 reports superlinear time around `[^`).
        case(
            "many footnote definitions and references",
            |n| {
                let refs: String = (0..n).map(|i| format!("本文[^{i}]\n\n")).collect();
                refs + &(0..n).map(|i| format!("[^{i}]: 注\n\n")).collect::<String>()
            },
            10_000,
            Some('注'),
        ),
        case("one note referenced many times", |n| "本文[^a] ".repeat(n) + "\n\n[^a]: 注\n", 20_000, Some('注')),
        case(
            "footnotes referring to the next, 10,000 long",
            |n| (0..n).map(|i| format!("[^{i}]: 注[^{}]\n", i + 1)).collect::<String>() + "\n本文[^0]\n",
            10_000,
            Some('注'),
        ),
        case("[^ at line starts in unclosed brackets", |n| "[\n[^a\n".repeat(n), 20_000, Some('a')),
        case("[^ at line starts in unclosed HTML", |n| "<a [^\n".repeat(n), 20_000, Some('a')),
        // Unreferenced notes are dropped, with what they swallowed: no marker.
        case("[^ after unclosed link text", |n| "[x\n[^a]: y\n".repeat(n), 20_000, None),
        case("unclosed footnote references", |n| "[^".repeat(n), 20_000, Some('^')),
        case("footnote definitions in list items", |n| "- [^a]: ".repeat(n) + "注\n\n[^a]", 10_000, Some('注')),
        // Size.
        case("table, 1,000 rows × 100 columns", |n| table(n, 100), 1_000, Some('表')),
        case("table, 1 row × 10,000 columns", |n| table(1, n), 10_000, Some('表')),
        case("5 MB post, Japanese and English", long_post, 8_000, Some('運')),
        case("1 MB line without spaces", |n| "a".repeat(n), 1_000_000, Some('a')),
        case("1 MB Japanese line", |n| "日本語の長い行".repeat(n), 50_000, Some('長')),
        case("1 MB heading", |n| "## ".to_owned() + &"見出しheading".repeat(n), 60_000, Some('見')),
        case("1 MB link destination", |n| "[a](".to_owned() + &"x".repeat(n) + ")", 1_000_000, Some('a')),
        case("20,000 equal headings", |n| "## 同じ見出し\n\n".repeat(n), 20_000, Some('同')),
        case("20,000 task-list items", |n| "- [ ] 課題\n- [x] 完了\n".repeat(n / 2), 20_000, Some('課')),
        case("200,000 line breaks in Japanese", |n| "日本\n".repeat(n), 200_000, Some('日')),
        case("CJK emphasis, many unmatched runs", |n| " **あ".repeat(n) + &"あ* ".repeat(n), 20_000, Some('あ')),
        case("CJK text, one asterisk per character", |n| "あ*".repeat(n), 200_000, Some('あ')),
        case("mixed-direction text with RLO/LRO/isolates", mixed_direction, 5_000, Some('ש')),
    ]
}

// ---------------------------------------------------------------------------------
// Checks.

/// Time allowed for one render of a case: far above the real times, so only a hang
/// or a quadratic blow-up reaches it.
fn ceiling() -> Duration {
    Duration::from_secs(if cfg!(debug_assertions) { 60 } else { 10 })
}

/// Memory one render may hold at once, per byte of input, plus a constant.
const MEMORY_PER_INPUT_BYTE: usize = 400;
const MEMORY_CONSTANT: usize = 16 << 20;

/// Deepest element nesting the clamps allow: block containers, the notes list around
/// a footnote, a table (table, thead, tr, th) or paragraph, inline elements, and
/// the renderer's own inline markup (a footnote reference's sup and a, code).
const MAX_HTML_DEPTH: usize = MAX_BLOCK_DEPTH + 3 + 4 + MAX_INLINE_DEPTH + 3;

/// The text of `html`, tags removed.
fn text_of(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut in_tag = false;
    let mut quote: Option<char> = None;
    for c in html.chars() {
        match (in_tag, quote, c) {
            (false, _, '<') => in_tag = true,
            (false, _, c) => text.push(c),
            (true, None, '"' | '\'') => quote = Some(c),
            (true, Some(q), c) if c == q => quote = None,
            (true, None, '>') => in_tag = false,
            _ => {}
        }
    }
    text
}

struct Measured {
    bytes: usize,
    time: Duration,
    peak: usize,
    depth: usize,
}

/// Renders one case once and checks everything but growth.
fn measure(case: &Case) -> Result<Measured, String> {
    let input = (case.make)(case.n);
    let ((rendered, Memory { peak, .. }), time) = timed(|| metered(|| render(&input)));
    let html = rendered.html;
    let mut problems = Vec::new();
    if time > ceiling() {
        problems.push(format!("took {time:?}, more than {:?}", ceiling()));
    }
    let allowed = MEMORY_PER_INPUT_BYTE * input.len() + MEMORY_CONSTANT;
    if peak > allowed {
        problems.push(format!("held {} MiB, more than {} MiB", peak >> 20, allowed >> 20));
    }
    let depth = match common::balanced_depth(&html) {
        Ok(depth) if depth > MAX_HTML_DEPTH => {
            problems.push(format!("elements nest {depth} deep, more than {MAX_HTML_DEPTH}"));
            depth
        }
        Ok(depth) => depth,
        Err(e) => {
            problems.push(format!("unbalanced HTML: {e}"));
            0
        }
    };
    if let Some(marker) = case.marker {
        let (wanted, found) = (input.matches(marker).count(), text_of(&html).matches(marker).count());
        if wanted != found {
            problems.push(format!("{wanted} × `{marker}` in the input, {found} in the output text"));
        }
    }
    if problems.is_empty() {
        Ok(Measured { bytes: input.len(), time, peak, depth })
    } else {
        Err(problems.join("; "))
    }
}

/// Shortest time of several renders of `input`: noise only ever adds time.
fn best_time(input: &str, runs: usize) -> Duration {
    let times: Vec<Duration> =
        (0..runs).map(|_| timed(|| std::hint::black_box(render(std::hint::black_box(input)))).1).collect();
    times.into_iter().min().expect("at least one run")
}

/// Time and memory at scale `n` and `2n`, as ratios per doubling of the input's size.
///
/// The scale is the smallest at which the larger render holds [`GROWTH_MEMORY`] (or
/// its input is an eighth of that), so that both renders work within the
/// processor's caches. Past them, time per byte
/// climbs with size (here by up to ×2.5 between 1 and 64 MiB of working memory) and a
/// linear pass can look superlinear; well past them it is flat again, but timing
/// renders that large for every case would take minutes.
fn growth(case: &Case) -> Growth {
    let mut n = 1;
    let (small, large) = loop {
        let large = (case.make)(2 * n);
        let (_, memory) = metered(|| render(&large));
        if memory.peak >= GROWTH_MEMORY || large.len() >= GROWTH_MEMORY / 8 || 2 * n >= case.n {
            break ((case.make)(n), large);
        }
        n *= 2;
    };
    let size_ratio = large.len() as f64 / small.len() as f64;
    let (_, small_memory) = metered(|| render(&small));
    let (_, large_memory) = metered(|| render(&large));
    let per_doubling = |small: usize, large: usize| (large as f64 / small.max(1) as f64) / size_ratio;
    let peak = per_doubling(small_memory.peak, large_memory.peak);
    let allocated = per_doubling(small_memory.allocated, large_memory.allocated);
    let mut best = f64::INFINITY;
    let mut detail = String::new();
    // A quadratic pass is ×4 every time; noise is not: measure again before failing.
    for _ in 0..3 {
        let (t_small, t_large) = (best_time(&small, 9), best_time(&large, 9));
        let time = (t_large.as_secs_f64() / t_small.as_secs_f64().max(1e-9)) / size_ratio;
        if time < best {
            best = time;
            detail = format!(
                "{} → {} bytes: {:.3} → {:.3} ms",
                small.len(),
                large.len(),
                t_small.as_secs_f64() * 1e3,
                t_large.as_secs_f64() * 1e3
            );
        }
        if best <= MAX_GROWTH {
            break;
        }
    }
    Growth { time: best, peak, allocated, n, detail }
}

/// How a case's costs grow, per doubling of the input, divided by two: linear is 1.
struct Growth {
    time: f64,
    peak: f64,
    allocated: f64,
    /// The scale measured, and what was timed.
    n: usize,
    detail: String,
}

/// Working memory of the larger render of a growth check.
const GROWTH_MEMORY: usize = 1 << 19;

/// Allowed time (or memory) ratio for twice the input, divided by two: linear work
/// is 1, quadratic 2; 1.5 is ×3 for twice the input.
const MAX_GROWTH: f64 = 1.5;

#[test]
fn every_case_renders_in_bounded_time_memory_and_depth() {
    let _heavy = heavy();
    let mut report = String::from("\ncase | input bytes | CPU ms | peak MiB | depth\n--- | --: | --: | --: | --:\n");
    let mut failures = Vec::new();
    let mut slowest: Option<(&str, Duration)> = None;
    for case in cases() {
        match measure(&case) {
            Ok(m) => {
                let _ = writeln!(
                    report,
                    "{} | {} | {:.1} | {:.1} | {}",
                    case.name,
                    m.bytes,
                    m.time.as_secs_f64() * 1e3,
                    m.peak as f64 / f64::from(1 << 20),
                    m.depth
                );
                if slowest.is_none_or(|(_, t)| m.time > t) {
                    slowest = Some((case.name, m.time));
                }
            }
            Err(e) => failures.push(format!("{}: {e}", case.name)),
        }
    }
    if let Some((name, time)) = slowest {
        let profile = if cfg!(debug_assertions) { "dev" } else { "release" };
        let _ = writeln!(report, "\nslowest ({profile}): {name}, {:.1} ms", time.as_secs_f64() * 1e3);
    }
    println!("{report}");
    assert!(failures.is_empty(), "{} case(s) failed:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn every_case_grows_linearly_in_time_and_memory() {
    let _heavy = heavy();
    let mut failures = Vec::new();
    for case in cases() {
        let g = growth(&case);
        println!(
            "{}: n = {}, {}; per doubling: time ×{:.2}, peak memory ×{:.2}, allocated ×{:.2}",
            case.name,
            g.n,
            g.detail,
            g.time * 2.0,
            g.peak * 2.0,
            g.allocated * 2.0
        );
        for (what, ratio) in [("time", g.time), ("peak memory", g.peak), ("memory allocated", g.allocated)] {
            if ratio > MAX_GROWTH {
                failures.push(format!(
                    "{}: {what} grows ×{:.1} for twice the input ({})",
                    case.name,
                    ratio * 2.0,
                    g.detail
                ));
            }
        }
    }
    assert!(failures.is_empty(), "{} check(s) grow faster than linearly:\n{}", failures.len(), failures.join("\n"));
}

#[test]
fn deep_nesting_is_flattened_at_the_limit_not_dropped() {
    let out = render(&("> ".repeat(10_000) + "深い引用")).html;
    assert_eq!(out.matches("<blockquote>").count(), MAX_BLOCK_DEPTH);
    assert!(out.contains("<p>深い引用</p>"), "{out}");

    let out = render(&("- ".repeat(10_000) + "深いリスト")).html;
    assert_eq!(out.matches("<ul>").count() + out.matches("<li>").count(), MAX_BLOCK_DEPTH);
    assert!(out.contains("深いリスト"), "{out}");

    let out = render(&("*a **b ".repeat(1_000) + "芯" + &" b** a*".repeat(1_000))).html;
    assert_eq!(out.matches("<em>").count() + out.matches("<strong>").count(), MAX_INLINE_DEPTH);
    assert!(out.contains('芯'), "{out}");
}

#[test]
fn bidi_controls_stay_in_the_text_and_out_of_ids_and_attributes() {
    let rendered = render(&mixed_direction(1));
    let html = &rendered.html;
    assert!(html.contains("\u{202e}txet desrever\u{202c}"), "{html}");
    assert!(html.contains("<strong>world</strong>"), "{html}");
    let id = &rendered.headings[0].id;
    assert!(
        !id.contains(|c: char| ('\u{202a}'..='\u{202e}').contains(&c) || ('\u{2066}'..='\u{2069}').contains(&c)),
        "{id}"
    );
    // The link keeps its (percent-encoded) destination; the override stays text.
    assert!(html.contains("href=\"https://example.com/%E2%80%AEx\""), "{html}");
}
