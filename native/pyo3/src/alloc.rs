//! Rust threads that allocate through the process's malloc (Rust's System
//! allocator: glibc's ptmalloc2, or whatever LD_PRELOAD put in its place).
//!
//! Blocks are Vec<u8> of the exact size, every byte written unless the arena
//! workload is asked for untouched blocks: below glibc's mmap threshold (128 KiB
//! initially) a block comes from the thread's arena, and written pages are
//! resident. (The talk's demo made 64 MiB Vecs with `set_len`, never written:
//! mmap'd, outside every arena, and not resident; `touch = false` does that.)

use std::io;
use std::sync::{Arc, Condvar, Mutex};
use std::thread;
use std::time::Instant;

/// Blocks alloc_pattern keeps alive after its threads end (a long-lived
/// process's survivors), until release_kept().
static KEPT: Mutex<Vec<Vec<u8>>> = Mutex::new(Vec::new());

fn touched(size: usize) -> Vec<u8> {
    let mut v = Vec::with_capacity(size);
    v.resize(size, 0xA5);
    v
}

/// The arena workload's block: `size` bytes from malloc, every byte written (`touch`) or none
/// (address space, not resident; black_box keeps the compiler from eliding the allocation). None
/// when malloc refused it, where Vec::with_capacity would abort the process.
fn block(size: usize, touch: bool) -> Option<Vec<u8>> {
    let mut v: Vec<u8> = Vec::new();
    v.try_reserve_exact(size).ok()?;
    if touch {
        v.resize(size, 0xA5);
    }
    Some(std::hint::black_box(v))
}

/// -errno of a failed spawn (EAGAIN when the OS gave no number).
fn errno(e: &io::Error) -> i32 {
    -e.raw_os_error().unwrap_or(11)
}

/// Starts `threads` threads running `work`, joins them all; the first error.
/// With a gate, opens it once every started thread has arrived at it.
fn spawn_all<T: Send + 'static>(threads: usize, gate: Option<&Gate>, work: impl Fn(usize) -> T + Send + Sync + Clone + 'static) -> io::Result<Vec<T>> {
    let mut handles = Vec::with_capacity(threads);
    let mut failed = None;
    for i in 0..threads {
        let w = work.clone();
        match thread::Builder::new().spawn(move || w(i)) {
            Ok(h) => handles.push(h),
            Err(e) => {
                failed = Some(e);
                break;
            }
        }
    }
    if let Some(g) = gate {
        g.open_when(handles.len());
    }
    let out: Vec<T> = handles.into_iter().map(|h| h.join().expect("allocating thread panicked")).collect();
    match failed {
        Some(e) => Err(e),
        None => Ok(out),
    }
}

/// The arena workload: each thread allocates `allocs` blocks of `block_size`
/// bytes, every byte written (`touch`) or none, then frees them. 0, or -errno.
pub fn churn(threads: usize, block_size: usize, allocs: usize, touch: bool) -> i32 {
    if threads == 0 || block_size == 0 || allocs == 0 {
        return -22; // EINVAL
    }
    // Each thread: 0, or -ENOMEM when malloc refused a block (the blocks it got are freed).
    let work = move |_| {
        let blocks: Option<Vec<Vec<u8>>> = (0..allocs).map(|_| block(block_size, touch)).collect();
        if blocks.is_some() { 0 } else { -12 }
    };
    match spawn_all(threads, None, work) {
        Ok(codes) => codes.into_iter().find(|&c| c != 0).unwrap_or(0),
        Err(e) => errno(&e),
    }
}

#[derive(Clone, Copy)]
pub struct Pattern {
    pub min_size: usize,
    pub max_size: usize,
    pub allocs: usize,
    pub rounds: usize,
    /// In the last round, every keep_every-th block stays allocated (0: none).
    pub keep_every: usize,
    /// Every thread holds its last round's blocks until all threads have
    /// allocated theirs: all of them live at once.
    pub hold: bool,
    pub seed: u64,
}

/// The `hold` rendezvous: threads count themselves in and wait until the
/// caller, having started them all, has seen every one arrive. (A barrier
/// sized in advance would hang when a thread fails to start.)
#[derive(Default)]
struct Gate {
    state: Mutex<(usize, bool)>,
    changed: Condvar,
}

impl Gate {
    fn arrive_and_wait(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.0 += 1;
        self.changed.notify_all();
        while !s.1 {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
    }

    fn open_when(&self, arrived: usize) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        while s.0 < arrived {
            s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
        }
        s.1 = true;
        self.changed.notify_all();
    }
}

/// xorshift64*: block sizes, the same sequence for a seed and thread.
fn sizes(seed: u64) -> impl FnMut(usize, usize) -> usize {
    let mut x = seed | 1;
    move |lo, hi| {
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        let r = x.wrapping_mul(0x2545_F491_4F6C_DD1D);
        lo + (r % (hi - lo + 1) as u64) as usize
    }
}

/// Each thread runs `rounds` rounds of `allocs` touched blocks of sizes in
/// [min_size, max_size], freed in allocation order at the end of each round
/// but the kept ones of the last round. Returns (ns from the first spawn to
/// the last join, blocks kept).
pub fn pattern(threads: usize, p: Pattern) -> io::Result<(u64, usize)> {
    if threads == 0 || p.allocs == 0 || p.rounds == 0 || p.min_size == 0 || p.min_size > p.max_size {
        return Err(io::Error::new(io::ErrorKind::InvalidInput, "alloc_pattern: threads, allocs, rounds >= 1 and 1 <= min_size <= max_size"));
    }
    let gate = Arc::new(Gate::default());
    let g = Arc::clone(&gate);
    let t0 = Instant::now();
    let work = move |i: usize| {
        let mut next = sizes(p.seed.wrapping_add(0x9E37_79B9_7F4A_7C15u64.wrapping_mul(i as u64 + 1)));
        let mut kept = Vec::new();
        for round in 0..p.rounds {
            let blocks: Vec<Vec<u8>> = (0..p.allocs).map(|_| touched(next(p.min_size, p.max_size))).collect();
            if p.hold && round + 1 == p.rounds {
                g.arrive_and_wait();
            }
            for (k, b) in blocks.into_iter().enumerate() {
                if round + 1 == p.rounds && p.keep_every > 0 && k % p.keep_every == 0 {
                    kept.push(b);
                }
            }
        }
        kept
    };
    let kept: Vec<Vec<u8>> = spawn_all(threads, p.hold.then_some(&*gate), work)?.into_iter().flatten().collect();
    let ns = t0.elapsed().as_nanos() as u64;
    let n = kept.len();
    KEPT.lock().unwrap_or_else(|e| e.into_inner()).extend(kept);
    Ok((ns, n))
}

/// Frees every kept block; how many there were.
pub fn release_kept() -> usize {
    let mut kept = KEPT.lock().unwrap_or_else(|e| e.into_inner());
    let n = kept.len();
    *kept = Vec::new();
    n
}
