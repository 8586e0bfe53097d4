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

/* How often the bounded C functions look at the clock: every this many calls of the pattern
 * matcher, elements of a table loop, or bytes scanned or copied. */
#define ND_MATCH_TICKS 1024
#define ND_ELEMENT_TICKS 4096
#define ND_SCAN_TICK_BYTES (1u << 20)

#ifndef lua_assert
#define lua_assert(c) ((void)0)
#endif
#ifndef l_unlikely
#define l_unlikely(x) luai_unlikely(x)
#endif

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
    long long time_limit, deadline; /* nanoseconds; the deadline on CLOCK_MONOTONIC, 0: none */
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
extern const char nd_backing_key;
int nd_is_readonly(lua_State *L, int index);
void nd_set_readonly_metamethods(lua_State *L);
void nd_create_readonly_metatable(lua_State *L);
void nd_make_readonly(lua_State *L);
int nd_push_readonly_metatable(lua_State *L);
void nd_make_readonly_with(lua_State *L, int metatable);
int nd_ro_newindex(lua_State *L);
int nd_safe_next(lua_State *L);

/* isolation.c */
/* Replaces the values from stack index `from` to the top by what a rule may hold of them. */
void nd_copy_for_rule(lua_State *L, int from);
/* Replaces the function at `index` by a callback whose table arguments are copied for the rule. */
void nd_wrap_callback(lua_State *L, int index);

/* limits.c */
long long nd_now_ns(void);
/* Raises the time-limit error when the call's deadline has passed. */
void nd_check_deadline(lua_State *L);
/* Puts the bounded string, table and base functions in place of Lua's (at open). */
void nd_install_bounded_functions(lua_State *L);

/* lstrmatch.c, ltabbounded.c: Lua's own code with deadline checks */
int nd_str_find(lua_State *L);
int nd_str_match(lua_State *L);
int nd_str_gmatch(lua_State *L);
int nd_str_gsub(lua_State *L);
int nd_tab_insert(lua_State *L);
int nd_tab_remove(lua_State *L);
int nd_tab_move(lua_State *L);
int nd_tab_concat(lua_State *L);
int nd_tab_sort(lua_State *L);

/* encoded.c */
void nd_decode_value(lua_State *L, reader *r, int depth);
/* Creates the field-name cache in the registry (once, when the state opens). */
void nd_create_key_cache(lua_State *L);
/* Pushes the field-name cache and returns its stack index. */
int nd_push_key_cache(lua_State *L);

#endif
