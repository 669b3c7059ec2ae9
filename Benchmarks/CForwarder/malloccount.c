/*
 * malloccount: an LD_PRELOAD shim that counts a process's heap allocations,
 * for issue 4's "no allocation on the packet path" check (scripts/bench).
 *
 * Every malloc, calloc, realloc, posix_memalign, aligned_alloc, memalign and
 * valloc call (from any thread) adds one to a counter kept in a shared,
 * file-backed page, $MALLOCCOUNT_DIR/malloccount.<pid>, which another
 * process reads at any time: two little-endian 64-bit words, the calls and
 * the bytes asked for. Without MALLOCCOUNT_DIR it counts into private memory
 * (nothing to read). The calls go on to glibc's own allocator.
 *
 * Built by scripts/bench: cc -O2 -shared -fPIC -o malloccount.so malloccount.c
 */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

extern void *__libc_malloc(size_t);
extern void *__libc_calloc(size_t, size_t);
extern void *__libc_realloc(void *, size_t);
extern void *__libc_memalign(size_t, size_t);

static uint64_t private_counters[2];
static volatile uint64_t *counters = private_counters;

__attribute__((constructor)) static void malloccount_open(void)
{
    const char *dir = getenv("MALLOCCOUNT_DIR");
    if (!dir || !*dir) return;
    char path[4096];
    snprintf(path, sizeof path, "%s/malloccount.%d", dir, (int)getpid());
    int fd = open(path, O_RDWR | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) return;
    if (ftruncate(fd, 4096) == 0) {
        void *page = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
        if (page != MAP_FAILED) counters = page;
    }
    close(fd);
}

static inline void count(size_t bytes)
{
    __atomic_fetch_add(&counters[0], 1, __ATOMIC_RELAXED);
    __atomic_fetch_add(&counters[1], (uint64_t)bytes, __ATOMIC_RELAXED);
}

void *malloc(size_t size) { count(size); return __libc_malloc(size); }
void *calloc(size_t n, size_t size) { count(n * size); return __libc_calloc(n, size); }
void *realloc(void *p, size_t size) { count(size); return __libc_realloc(p, size); }
void *memalign(size_t alignment, size_t size) { count(size); return __libc_memalign(alignment, size); }
void *aligned_alloc(size_t alignment, size_t size) { count(size); return __libc_memalign(alignment, size); }
void *valloc(size_t size) { count(size); return __libc_memalign((size_t)sysconf(_SC_PAGESIZE), size); }
int posix_memalign(void **out, size_t alignment, size_t size)
{
    count(size);
    void *p = __libc_memalign(alignment, size);
    if (!p) return 12; /* ENOMEM */
    *out = p;
    return 0;
}
