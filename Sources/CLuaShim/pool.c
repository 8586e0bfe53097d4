/* The interpreter's small-block pool. */
#include "shim_internal.h"

#include <sys/mman.h>

/*
 * Lua allocates millions of small objects (tables, hash nodes, strings, closures) and tells the
 * allocator each block's size when it frees or resizes it. The pool uses that: blocks up to
 * ND_POOL_MAX bytes come from free lists of 16-byte size classes, carved from one address range
 * reserved per interpreter, with no per-block header and no coalescing. With glibc malloc
 * instead, a region-scale view cache spent a quarter of each diagnosis in malloc's bookkeeping,
 * and an engine created after another was closed inherited its fragmented heap.
 *
 * Whether a block is the pool's is decided by its address (inside the range or not), never by
 * its size, so a block that malloc gave (a big one, or any when the range is exhausted) goes
 * back to free() whatever size it shrinks to. Pages are committed as the pool grows and kept
 * until the interpreter closes.
 */
#define ND_POOL_RESERVE ((size_t)64 << 30) /* address space only: nothing is committed */
#define ND_POOL_COMMIT ((size_t)1 << 20)

static size_t size_class(size_t n) { return (n + ND_POOL_GRAIN - 1) / ND_POOL_GRAIN; }

void nd_pool_open(nd_pool *p) {
    memset(p, 0, sizeof *p);
    void *base = mmap(NULL, ND_POOL_RESERVE, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (base == MAP_FAILED) return; /* every block comes from malloc */
    p->base = p->committed = p->bump = base;
    p->end = p->base + ND_POOL_RESERVE;
}

void nd_pool_close(nd_pool *p) {
    if (p->base) munmap(p->base, ND_POOL_RESERVE);
    memset(p, 0, sizeof *p);
}

static int owns(const nd_pool *p, const void *block) {
    return (const unsigned char *)block >= p->base && (const unsigned char *)block < p->end;
}

/* A block of at least n (1…ND_POOL_MAX) bytes from the pool, or NULL when it cannot grow. */
static void *pool_take(nd_pool *p, size_t n) {
    size_t c = size_class(n);
    void *block = p->free_list[c];
    if (block) {
        memcpy(&p->free_list[c], block, sizeof(void *));
        return block;
    }
    size_t bytes = c * ND_POOL_GRAIN;
    if ((size_t)(p->committed - p->bump) < bytes) {
        if (p->base == NULL || (size_t)(p->end - p->committed) < ND_POOL_COMMIT) return NULL;
        if (mprotect(p->committed, ND_POOL_COMMIT, PROT_READ | PROT_WRITE) != 0) return NULL;
        p->committed += ND_POOL_COMMIT;
    }
    block = p->bump;
    p->bump += bytes;
    return block;
}

void *nd_pool_obtain(nd_pool *p, size_t n) {
    if (n <= ND_POOL_MAX) {
        void *block = pool_take(p, n);
        if (block) return block;
    }
    return malloc(n);
}

void nd_pool_release(nd_pool *p, void *block, size_t size) {
    if (!owns(p, block)) { free(block); return; }
    size_t c = size_class(size);
    memcpy(block, &p->free_list[c], sizeof(void *));
    p->free_list[c] = block;
}

void *nd_pool_resize(nd_pool *p, void *block, size_t osize, size_t nsize) {
    if (!owns(p, block)) return realloc(block, nsize); /* malloc's blocks stay malloc's */
    if (nsize <= ND_POOL_MAX && size_class(nsize) == size_class(osize)) return block;
    void *moved = nd_pool_obtain(p, nsize);
    if (moved == NULL) {
        /* Lua relies on shrinking never failing: keep the block, which is big enough; it is
         * released later under its new, smaller size class. */
        return nsize <= osize ? block : NULL;
    }
    memcpy(moved, block, osize < nsize ? osize : nsize);
    nd_pool_release(p, block, osize);
    return moved;
}
