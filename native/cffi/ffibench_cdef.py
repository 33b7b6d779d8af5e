"""The one cdef of libffibench.so, shared by cffi's ABI mode (ffibench.cffi_abi,
at import) and API mode (native/cffi/ffibench_cffi_build.py, at build time).

native/build.py installs this file as ffibench/_cffi_cdef.py. Keep it in step
with native/ffibench/ffibench.h.
"""

CDEF = """
int return_int(void);
int add(int a, int b);
size_t byte_length(const char *s);
int64_t sum_array(const int64_t *values, size_t n);

int get_pid(void);
int sleep_us(unsigned int usec);

void reset_counter(void);
long get_counter(void);
long unsafe_increment(int iterations);
long mutex_increment(int iterations);
long atomic_increment(int iterations);

void bank_reset(long balance);
long bank_balance(void);
long bank_withdrawn(void);
int unsafe_withdraw(long amount, unsigned int window_spins);
int safe_withdraw(long amount, unsigned int window_spins);

int arena_churn(int threads, size_t block_size, int allocs_per_thread, int touch);
int malloc_arena_count(void);

void crash_segfault(void);
"""
