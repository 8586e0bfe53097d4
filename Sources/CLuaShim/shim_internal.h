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

typedef struct nd_sandbox {
    size_t used, peak, limit;
    long long budget, budget_left;
    int limit_hit;
    nd_buffer scratch; /* reused by every callback: never leaks when decoding raises */
} nd_sandbox;


typedef struct reader {
    const unsigned char *p, *end;
    int lookups;
} reader;

/* memory.c */
nd_sandbox *nd_sandbox_of(lua_State *L);
void *nd_alloc(void *ud, void *ptr, size_t osize, size_t nsize);

/* readonly.c */
void nd_create_readonly_metatable(lua_State *L);
void nd_make_readonly(lua_State *L);
int nd_ro_newindex(lua_State *L);
int nd_safe_next(lua_State *L);

/* encoded.c */
void nd_decode_value(lua_State *L, reader *r, int depth);

#endif
