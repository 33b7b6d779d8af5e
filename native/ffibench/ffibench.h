/* libffibench: every native function that ffi-corners measures.
 *
 * Every binding (ctypes, cffi, pybind11, PyO3, nanobind, the C-API module)
 * calls these exported symbols of the one shared library, so a comparison
 * measures the binding, not the linking.
 */
#ifndef FFIBENCH_H
#define FFIBENCH_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define FFB_API __attribute__((visibility("default")))

/* Call overhead: the smallest calls. */
FFB_API int return_int(void);              /* always 42 */
FFB_API int add(int a, int b);             /* a + b (wrapping like C int) */
FFB_API size_t byte_length(const char *s); /* strlen: bytes, or a str as UTF-8 */
FFB_API int64_t sum_array(const int64_t *values, size_t n);

/* System calls, through this library so every binding calls the same symbol. */
FFB_API int get_pid(void);              /* getpid() */
FFB_API int sleep_us(unsigned int usec); /* usleep(): the PyDLL-blocking demo */

/* Racing global state (the talk's demo_race_condition). */
FFB_API void reset_counter(void);
FFB_API long get_counter(void);
FFB_API long unsafe_increment(int iterations); /* read, barrier, write: loses updates */
FFB_API long mutex_increment(int iterations);  /* pthread mutex around each update */
FFB_API long atomic_increment(int iterations); /* __atomic fetch-add */

FFB_API void bank_reset(long balance);
FFB_API long bank_balance(void);
FFB_API long bank_withdrawn(void);
/* Check-then-act with a widened window between the check and the update:
 * returns 1 when it withdrew `amount`, 0 when the balance was too low. */
FFB_API int unsafe_withdraw(long amount, unsigned int window_spins);
FFB_API int safe_withdraw(long amount, unsigned int window_spins);

/* glibc arenas: `threads` native threads each allocate `allocs_per_thread`
 * blocks of `block_size` bytes (below the mmap threshold they come from an
 * arena), write every byte of them when `touch` is non-zero (resident) or
 * leave them unwritten (address space only: the talk's 64 MiB recipe), and
 * free them. Returns 0, or -errno when a thread could not be started or an
 * allocation failed. */
FFB_API int arena_churn(int threads, size_t block_size, int allocs_per_thread, int touch);
/* Number of malloc arenas glibc has created in this process (from
 * malloc_info), or -1 when it cannot be read. */
FFB_API int malloc_arena_count(void);

/* A deliberate native crash (SIGSEGV), for the fault-injection tests only. */
FFB_API void crash_segfault(void);

#ifdef __cplusplus
}
#endif

#endif /* FFIBENCH_H */
