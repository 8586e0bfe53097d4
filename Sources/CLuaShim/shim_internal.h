/* Declarations shared by the shim's C files; not part of the Swift-facing header. */
#ifndef NETDIAG_SHIM_INTERNAL_H
#define NETDIAG_SHIM_INTERNAL_H

#include "lua_shim.h"

#include <lauxlib.h>
#include <lua.h>
#include <lualib.h>
#include <stdlib.h>
#include <string.h>

#define ND_HOOK_STEP 1000
#define ND_READONLY_TAG "read-only"

#define ND_POOL_MAX 512
#define ND_POOL_GRAIN 16

/* Free lists of small blocks in one reserved address range (pool.c). */
typedef struct nd_pool {
    unsigned char *base, *end; /* the reserved range; NULL when none could be reserved */
    unsigned char *committed;  /* end of the read-write part */
    unsigned char *bump;       /* first byte never handed out */
    void *free_list[ND_POOL_MAX / ND_POOL_GRAIN + 1];
} nd_pool;

typedef struct nd_sandbox {
    size_t used, peak, limit;
    long long budget, budget_left;
    int limit_hit;
    nd_buffer scratch; /* reused by every callback: never leaks when decoding raises */
    nd_pool pool;
} nd_sandbox;


typedef struct reader {
    const unsigned char *p, *end;
    int lookups; /* stack index of the lazy collections by selector, or 0 */
    int keys;    /* stack index of the field-name cache */
    int readonly_mt; /* stack index of the read-only proxies' shared metatable */
} reader;

/* pool.c */
void nd_pool_open(nd_pool *p);
void nd_pool_close(nd_pool *p);
void *nd_pool_obtain(nd_pool *p, size_t n);
void nd_pool_release(nd_pool *p, void *block, size_t size);
void *nd_pool_resize(nd_pool *p, void *block, size_t osize, size_t nsize);

/* memory.c */
nd_sandbox *nd_sandbox_of(lua_State *L);
void *nd_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* readonly.c */
void nd_create_readonly_metatable(lua_State *L);
void nd_make_readonly(lua_State *L);
int nd_push_readonly_metatable(lua_State *L);
void nd_make_readonly_with(lua_State *L, int metatable);
int nd_ro_newindex(lua_State *L);
int nd_safe_next(lua_State *L);

/* encoded.c */
void nd_decode_value(lua_State *L, reader *r, int depth);
/* Creates the field-name cache in the registry (once, when the state opens). */
void nd_create_key_cache(lua_State *L);
/* Pushes the field-name cache and returns its stack index. */
int nd_push_key_cache(lua_State *L);

#endif
