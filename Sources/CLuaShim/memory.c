/* The counting allocator behind the memory caps (over the pool), and the callback buffer. */
#include "shim_internal.h"

#include <malloc.h>

nd_sandbox *nd_sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (nd_sandbox *)ud;
}

void *nd_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    nd_sandbox *s = (nd_sandbox *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        if (ptr) nd_pool_release(&s->pool, ptr, osize);
        s->used -= old;
        return NULL;
    }
    if (s->limit && nsize > old && s->used - old + nsize > s->limit) {
        s->limit_hit = ND_LIMIT_MEMORY;
        return NULL;
    }
    void *p = ptr ? nd_pool_resize(&s->pool, ptr, osize, nsize) : nd_pool_obtain(&s->pool, nsize);
    if (p == NULL) return NULL;
    s->used = s->used - old + nsize;
    if (s->used > s->peak) s->peak = s->used;
    return p;
}

int nd_buffer_append(nd_buffer *b, const void *bytes, size_t count) {
    if (b->length + count > b->capacity) {
        size_t cap = b->capacity ? b->capacity : 256;
        while (cap < b->length + count) cap *= 2;
        unsigned char *p = realloc(b->data, cap);
        if (p == NULL) return -1;
        b->data = p;
        b->capacity = cap;
    }
    memcpy(b->data + b->length, bytes, count);
    b->length += count;
    return 0;
}

void nd_trim_heap(void) {
    malloc_trim(0);
}
