#define _GNU_SOURCE
#include "ffibench.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

/* Keeps the compiler from fusing the read and the write of a racy update
 * into one instruction (or hoisting them out of the loop): the race then
 * happens in hardware, as it would in real code, not in the optimiser. */
#define COMPILER_BARRIER() __asm__ __volatile__("" ::: "memory")

int return_int(void) { return 42; }

int add(int a, int b) {
    /* Wraps like two's-complement int without undefined behaviour. */
    return (int)((unsigned int)a + (unsigned int)b);
}

size_t byte_length(const char *s) { return s ? strlen(s) : 0; }

int64_t sum_array(const int64_t *values, size_t n) {
    uint64_t total = 0; /* unsigned: overflow wraps instead of being UB */
    for (size_t i = 0; i < n; i++) total += (uint64_t)values[i];
    return (int64_t)total;
}

int get_pid(void) { return (int)getpid(); }

int sleep_us(unsigned int usec) { return usleep(usec); }

/* ---- racing counters ---------------------------------------------------- */

static long global_counter = 0;
static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;

void reset_counter(void) { __atomic_store_n(&global_counter, 0, __ATOMIC_SEQ_CST); }

long get_counter(void) { return __atomic_load_n(&global_counter, __ATOMIC_SEQ_CST); }

long unsafe_increment(int iterations) {
    for (int i = 0; i < iterations; i++) {
        long temp = global_counter; /* read ... */
        COMPILER_BARRIER();
        global_counter = temp + 1; /* ... write: another thread may have written in between */
        COMPILER_BARRIER();
    }
    return global_counter;
}

long mutex_increment(int iterations) {
    for (int i = 0; i < iterations; i++) {
        pthread_mutex_lock(&counter_lock);
        global_counter++;
        pthread_mutex_unlock(&counter_lock);
    }
    return get_counter();
}

long atomic_increment(int iterations) {
    for (int i = 0; i < iterations; i++) __atomic_fetch_add(&global_counter, 1, __ATOMIC_SEQ_CST);
    return get_counter();
}

/* ---- racing bank account -------------------------------------------------- */

static long balance = 0;
static long withdrawn = 0;
static pthread_mutex_t bank_lock = PTHREAD_MUTEX_INITIALIZER;

static void spin(unsigned int spins) {
    for (unsigned int i = 0; i < spins; i++) COMPILER_BARRIER();
}

void bank_reset(long initial) {
    pthread_mutex_lock(&bank_lock);
    balance = initial;
    withdrawn = 0;
    pthread_mutex_unlock(&bank_lock);
}

long bank_balance(void) { return __atomic_load_n(&balance, __ATOMIC_SEQ_CST); }

long bank_withdrawn(void) { return __atomic_load_n(&withdrawn, __ATOMIC_SEQ_CST); }

int unsafe_withdraw(long amount, unsigned int window_spins) {
    long seen = balance; /* time of check */
    COMPILER_BARRIER();
    if (seen < amount) return 0;
    spin(window_spins); /* the window between check and use */
    balance = seen - amount; /* time of use: writes back a stale balance */
    COMPILER_BARRIER();
    __atomic_fetch_add(&withdrawn, amount, __ATOMIC_SEQ_CST); /* the cash really left */
    return 1;
}

int safe_withdraw(long amount, unsigned int window_spins) {
    int ok = 0;
    pthread_mutex_lock(&bank_lock);
    if (balance >= amount) {
        spin(window_spins);
        balance -= amount;
        withdrawn += amount;
        ok = 1;
    }
    pthread_mutex_unlock(&bank_lock);
    return ok;
}

/* ---- glibc arenas ------------------------------------------------------- */

struct churn_args {
    size_t block_size;
    int allocs;
    int touch;
    int failed;
};

static void *churn_thread(void *p) {
    struct churn_args *a = p;
    void **blocks = calloc((size_t)a->allocs, sizeof(void *));
    if (!blocks) {
        a->failed = ENOMEM;
        return NULL;
    }
    for (int i = 0; i < a->allocs; i++) {
        blocks[i] = malloc(a->block_size);
        if (!blocks[i]) {
            a->failed = ENOMEM;
            break;
        }
        if (a->touch)
            memset(blocks[i], 0xA5, a->block_size); /* touch: make it resident */
        else
            __asm__ volatile("" : : "r"(blocks[i]) : "memory"); /* untouched, but kept: no malloc/free elision */
    }
    for (int i = 0; i < a->allocs; i++) free(blocks[i]);
    free(blocks);
    return NULL;
}

int arena_churn(int threads, size_t block_size, int allocs_per_thread, int touch) {
    if (threads <= 0 || allocs_per_thread <= 0 || block_size == 0) return -EINVAL;
    pthread_t *ids = calloc((size_t)threads, sizeof(pthread_t));
    struct churn_args *args = calloc((size_t)threads, sizeof(struct churn_args));
    if (!ids || !args) {
        free(ids);
        free(args);
        return -ENOMEM;
    }
    int started = 0, rc = 0;
    for (; started < threads; started++) {
        args[started] = (struct churn_args){block_size, allocs_per_thread, touch != 0, 0};
        int err = pthread_create(&ids[started], NULL, churn_thread, &args[started]);
        if (err) {
            rc = -err;
            break;
        }
    }
    for (int i = 0; i < started; i++) {
        pthread_join(ids[i], NULL);
        if (args[i].failed && rc == 0) rc = -args[i].failed;
    }
    free(ids);
    free(args);
    return rc;
}

int malloc_arena_count(void) {
    char *buf = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&buf, &len);
    if (!f) return -1;
    int rc = malloc_info(0, f);
    fclose(f);
    if (rc != 0 || !buf) {
        free(buf);
        return -1;
    }
    int count = 0; /* one <heap nr="..."> element per arena */
    for (const char *p = buf; (p = strstr(p, "<heap nr=")) != NULL; p++) count++;
    free(buf);
    return count;
}

void crash_segfault(void) {
    volatile int *volatile nowhere = NULL;
    *nowhere = 1;
}
