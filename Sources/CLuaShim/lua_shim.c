/*
 * The only C in netdiag: wrappers for Lua macros, the sandbox (allocator cap, instruction
 * budget, rule environments, read-only tables) and every place a Lua error is raised.
 * Swift calls in only through protected entry points, so no longjmp crosses a Swift frame.
 */
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

static nd_sandbox *sandbox_of(lua_State *L) {
    void *ud = NULL;
    lua_getallocf(L, &ud);
    return (nd_sandbox *)ud;
}

static void *nd_alloc(void *ud, void *ptr, size_t osize, size_t nsize) {
    nd_sandbox *s = (nd_sandbox *)ud;
    size_t old = ptr ? osize : 0;
    if (nsize == 0) {
        free(ptr);
        s->used -= old;
        return NULL;
    }
    if (s->limit && nsize > old && s->used - old + nsize > s->limit) {
        s->limit_hit = ND_LIMIT_MEMORY;
        return NULL;
    }
    void *p = realloc(ptr, nsize);
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

/* ---- read-only tables ------------------------------------------------------------------ */
/*
 * A read-only table is an empty proxy that holds its backing table under a light userdata key
 * (which Lua code cannot make) and shares one metatable with every other proxy: one small
 * table per object instead of a proxy plus a metatable of its own. `next` is guarded in rule
 * environments (safe_next) so the backing table cannot be reached by a raw traversal.
 */
static const char backing_key = 0;
#define ND_RO_METATABLE "netdiag.readonly"

static int ro_newindex(lua_State *L) {
    const char *key = lua_type(L, 2) == LUA_TSTRING ? lua_tostring(L, 2) : "?";
    return luaL_error(L, "attempt to modify read-only field '%s'", key);
}

static void push_backing(lua_State *L, int proxy) {
    lua_rawgetp(L, proxy, &backing_key);
}

static int ro_index(lua_State *L) {
    push_backing(L, 1);
    lua_pushvalue(L, 2);
    lua_rawget(L, -2);
    return 1;
}

static int ro_len(lua_State *L) {
    push_backing(L, 1);
    lua_pushinteger(L, (lua_Integer)lua_rawlen(L, -1));
    return 1;
}

static int ro_next(lua_State *L) {
    lua_settop(L, 2);
    lua_pushvalue(L, 2);
    if (lua_next(L, lua_upvalueindex(1))) return 2;
    lua_pushnil(L);
    return 1;
}

/* The iterator closes over the backing table, so pairs() never hands it out. */
static int ro_pairs(lua_State *L) {
    push_backing(L, 1);
    lua_pushcclosure(L, ro_next, 1);
    lua_pushnil(L);
    lua_pushnil(L);
    return 3;
}

/* True when the value at `index` is a read-only proxy. */
static int is_readonly(lua_State *L, int index) {
    if (!lua_getmetatable(L, index)) return 0;
    luaL_getmetatable(L, ND_RO_METATABLE);
    int same = lua_rawequal(L, -1, -2);
    lua_pop(L, 2);
    return same;
}

/* next(t, k) for rules: refuses read-only tables, whose contents pairs() iterates. */
static int safe_next(lua_State *L) {
    luaL_checktype(L, 1, LUA_TTABLE);
    if (is_readonly(L, 1)) return luaL_error(L, "next cannot walk a read-only table: use pairs");
    lua_settop(L, 2);
    if (lua_next(L, 1)) return 2;
    lua_pushnil(L);
    return 1;
}

static void create_readonly_metatable(lua_State *L) {
    luaL_newmetatable(L, ND_RO_METATABLE);
    lua_pushcfunction(L, ro_index);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushcfunction(L, ro_len);
    lua_setfield(L, -2, "__len");
    lua_pushcfunction(L, ro_pairs);
    lua_setfield(L, -2, "__pairs");
    lua_pushliteral(L, "read-only");
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 1);
}

/* Replaces the table on top with a proxy that reads through to it and refuses writes. */
static void make_readonly(lua_State *L) {
    lua_createtable(L, 0, 1);          /* proxy */
    lua_insert(L, -2);
    lua_rawsetp(L, -2, &backing_key);
    luaL_getmetatable(L, ND_RO_METATABLE);
    lua_setmetatable(L, -2);
}

/* ---- encoded values ---------------------------------------------------------------------- */
/*
 * Format (little-endian): 'n' nil | 't' true | 'f' false | 'i' int64 | 'd' double |
 * 's' u32 length, bytes | 'T'/'M' u32 array count, u32 pair count, array values, then key/value
 * pairs ('T' is read-only, 'M' mutable) | 'L' u32 selector, u32 length, key: the value of
 * lookups[selector][key], materialised lazily, or lookups[selector] itself for an empty key.
 */
typedef struct reader {
    const unsigned char *p, *end;
    int lookups;
} reader;

static void need(lua_State *L, reader *r, size_t n) {
    if ((size_t)(r->end - r->p) < n) luaL_error(L, "netdiag: truncated encoded value");
}

static unsigned int read_u32(lua_State *L, reader *r) {
    need(L, r, 4);
    unsigned int v = (unsigned)r->p[0] | (unsigned)r->p[1] << 8 | (unsigned)r->p[2] << 16 | (unsigned)r->p[3] << 24;
    r->p += 4;
    return v;
}

static void decode_value(lua_State *L, reader *r, int depth) {
    if (depth > 64) luaL_error(L, "netdiag: encoded value nested too deeply");
    luaL_checkstack(L, 4, "netdiag: decoding");
    need(L, r, 1);
    unsigned char tag = *r->p++;
    switch (tag) {
    case 'n': lua_pushnil(L); break;
    case 't': lua_pushboolean(L, 1); break;
    case 'f': lua_pushboolean(L, 0); break;
    case 'i': {
        long long v;
        need(L, r, 8); memcpy(&v, r->p, 8); r->p += 8;
        lua_pushinteger(L, (lua_Integer)v);
        break;
    }
    case 'd': {
        double v;
        need(L, r, 8); memcpy(&v, r->p, 8); r->p += 8;
        lua_pushnumber(L, v);
        break;
    }
    case 's': {
        unsigned int n = read_u32(L, r);
        need(L, r, n);
        lua_pushlstring(L, (const char *)r->p, n);
        r->p += n;
        break;
    }
    case 'T':
    case 'M': {
        unsigned int narr = read_u32(L, r), nrec = read_u32(L, r);
        lua_createtable(L, (int)narr, (int)nrec);
        for (unsigned int i = 1; i <= narr; i++) {
            decode_value(L, r, depth + 1);
            lua_rawseti(L, -2, (lua_Integer)i);
        }
        for (unsigned int i = 0; i < nrec; i++) {
            decode_value(L, r, depth + 1);
            decode_value(L, r, depth + 1);
            if (lua_isnil(L, -2)) luaL_error(L, "netdiag: nil key in encoded table");
            lua_rawset(L, -3);
        }
        if (tag == 'T') make_readonly(L);
        break;
    }
    case 'L': {
        unsigned int selector = read_u32(L, r), n = read_u32(L, r);
        need(L, r, n);
        if (r->lookups == 0 || lua_rawgeti(L, r->lookups, (lua_Integer)selector) == LUA_TNIL)
            luaL_error(L, "netdiag: no lookup collection %d", (int)selector);
        if (n == 0) break; /* the collection itself */
        lua_pushlstring(L, (const char *)r->p, n);
        r->p += n;
        lua_gettable(L, -2);
        lua_remove(L, -2);
        break;
    }
    default:
        luaL_error(L, "netdiag: bad tag %d in encoded value", (int)tag);
    }
}

static int decode_entry(lua_State *L) {
    reader *r = (reader *)lua_touserdata(L, 1);
    r->lookups = lua_istable(L, 2) ? 2 : 0;
    decode_value(L, r, 0);
    if (r->p != r->end) luaL_error(L, "netdiag: trailing bytes in encoded value");
    return 1;
}

int nd_push_encoded(lua_State *L, const unsigned char *bytes, size_t length, int lookups) {
    reader r = { bytes, bytes + length, 0 };
    if (lookups) lookups = lua_absindex(L, lookups);
    lua_pushcfunction(L, decode_entry);
    lua_pushlightuserdata(L, &r);
    if (lookups) lua_pushvalue(L, lookups); else lua_pushnil(L);
    return lua_pcall(L, 2, 1, 0);
}

/* ---- Swift callbacks ----------------------------------------------------------------------- */

static int run_callback(lua_State *L, int selector, int arg) {
    nd_callback cb = (nd_callback)lua_touserdata(L, lua_upvalueindex(1));
    void *context = lua_touserdata(L, lua_upvalueindex(2));
    size_t len = 0;
    const char *s = luaL_tolstring(L, arg, &len);
    nd_buffer *out = &sandbox_of(L)->scratch;
    out->length = 0;
    int status = cb(context, selector, s, len, out);
    lua_pop(L, 1);
    if (status == ND_CALLBACK_ERROR) {
        lua_pushlstring(L, (const char *)out->data, out->length);
        return lua_error(L);
    }
    if (status == ND_CALLBACK_NONE) {
        lua_pushnil(L);
        return 1;
    }
    reader r = { out->data, out->data + out->length, 0 }; /* lazy objects hold ids, not references */
    decode_value(L, &r, 0);
    return 1;
}

static int callback_trampoline(lua_State *L) {
    int selector = (int)lua_tointeger(L, lua_upvalueindex(3));
    /* A log(...) style call: join every argument with tabs, as print does. */
    int n = lua_gettop(L);
    luaL_Buffer b;
    luaL_buffinit(L, &b);
    for (int i = 1; i <= n; i++) {
        luaL_tolstring(L, i, NULL);
        luaL_addvalue(&b);
        if (i < n) luaL_addchar(&b, '\t');
    }
    luaL_pushresult(&b);
    return run_callback(L, selector, lua_gettop(L));
}

static int push_callback_entry(lua_State *L) {
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_pushnil(L);
    lua_pushcclosure(L, callback_trampoline, 4);
    return 1;
}

int nd_push_callback(lua_State *L, nd_callback callback, void *context, int selector) {
    lua_pushcfunction(L, push_callback_entry);
    lua_pushlightuserdata(L, (void *)callback);
    lua_pushlightuserdata(L, context);
    lua_pushinteger(L, selector);
    return lua_pcall(L, 3, 1, 0);
}

/* __index(proxy, key) of a lazy collection; upvalue 4 is the cache. */
static int lazy_index(lua_State *L) {
    if (lua_type(L, 2) != LUA_TSTRING) return 0;
    lua_pushvalue(L, 2);
    if (lua_rawget(L, lua_upvalueindex(4)) != LUA_TNIL) return 1;
    lua_pop(L, 1);
    int selector = (int)lua_tointeger(L, lua_upvalueindex(3));
    run_callback(L, selector, 2);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, -2);
    lua_rawset(L, lua_upvalueindex(4));
    return 1;
}

static int push_lazy_entry(lua_State *L) {
    lua_createtable(L, 0, 0);              /* proxy */
    lua_createtable(L, 0, 3);              /* metatable */
    lua_pushvalue(L, 1);
    lua_pushvalue(L, 2);
    lua_pushvalue(L, 3);
    lua_createtable(L, 0, 0);              /* cache */
    lua_pushcclosure(L, lazy_index, 4);
    lua_setfield(L, -2, "__index");
    lua_pushcfunction(L, ro_newindex);
    lua_setfield(L, -2, "__newindex");
    lua_pushliteral(L, ND_READONLY_TAG);
    lua_setfield(L, -2, "__metatable");
    lua_setmetatable(L, -2);
    return 1;
}

int nd_push_lazy_collection(lua_State *L, nd_callback callback, void *context, int selector) {
    lua_pushcfunction(L, push_lazy_entry);
    lua_pushlightuserdata(L, (void *)callback);
    lua_pushlightuserdata(L, context);
    lua_pushinteger(L, selector);
    return lua_pcall(L, 3, 1, 0);
}

/* ---- the sandbox ---------------------------------------------------------------------------- */

static void budget_hook(lua_State *L, lua_Debug *ar) {
    (void)ar;
    nd_sandbox *s = sandbox_of(L);
    if (s->budget <= 0) return;
    s->budget_left -= ND_HOOK_STEP;
    if (s->budget_left <= 0) {
        s->limit_hit = ND_LIMIT_INSTRUCTIONS;
        luaL_error(L, "instruction budget of %I instructions exceeded", (lua_Integer)s->budget);
    }
}

/* Globals of the base library a rule may use; the rest (dofile, loadfile, load, next, require,
 * collectgarbage, print, rawset, warn) are left out or replaced. */
static const char *const safe_base[] = {
    "assert", "error", "getmetatable", "ipairs", "pairs", "pcall", "rawequal", "rawget",
    "rawlen", "select", "setmetatable", "tonumber", "tostring", "type", "xpcall", "_VERSION", NULL
};
static const char *const safe_libs[] = { "string", "table", "math", "utf8", NULL };

static int open_entry(lua_State *L) {
    luaL_requiref(L, LUA_GNAME, luaopen_base, 1);
    luaL_requiref(L, LUA_STRLIBNAME, luaopen_string, 1);
    luaL_requiref(L, LUA_TABLIBNAME, luaopen_table, 1);
    luaL_requiref(L, LUA_MATHLIBNAME, luaopen_math, 1);
    luaL_requiref(L, LUA_UTF8LIBNAME, luaopen_utf8, 1);
    lua_settop(L, 0);
    create_readonly_metatable(L);
    /* string.dump would hand out bytecode; the shared string metatable must stay as it is. */
    lua_getglobal(L, LUA_STRLIBNAME);
    lua_pushnil(L);
    lua_setfield(L, -2, "dump");
    lua_pop(L, 1);
    lua_pushliteral(L, "");
    lua_getmetatable(L, -1);
    lua_pushboolean(L, 0);
    lua_setfield(L, -2, "__metatable");
    lua_pop(L, 2);
    /* Read-only views of the libraries, shared by every rule environment. */
    for (int i = 0; safe_libs[i]; i++) {
        lua_getglobal(L, safe_libs[i]);
        make_readonly(L);
        lua_pushfstring(L, "netdiag.%s", safe_libs[i]);
        lua_insert(L, -2);
        lua_rawset(L, LUA_REGISTRYINDEX);
    }
    return 0;
}

lua_State *nd_open(size_t memory_limit) {
    nd_sandbox *s = calloc(1, sizeof *s);
    if (s == NULL) return NULL;
    lua_State *L = lua_newstate(nd_alloc, s);
    if (L == NULL) { free(s); return NULL; }
    lua_pushcfunction(L, open_entry);
    if (lua_pcall(L, 0, 0, 0) != LUA_OK) { nd_close(L); return NULL; }
    s->limit = memory_limit;
    lua_sethook(L, budget_hook, LUA_MASKCOUNT, ND_HOOK_STEP);
    /* Cached inventory views live as long as the engine: generational collection leaves them
     * alone in minor collections instead of re-marking them in every incremental cycle. */
    lua_gc(L, LUA_GCGEN, 0, 0);
    return L;
}

void nd_close(lua_State *L) {
    nd_sandbox *s = sandbox_of(L);
    lua_close(L);
    free(s->scratch.data);
    free(s);
}

size_t nd_memory_used(lua_State *L) { return sandbox_of(L)->used; }
size_t nd_memory_peak(lua_State *L) { return sandbox_of(L)->peak; }
void nd_set_memory_limit(lua_State *L, size_t limit) { sandbox_of(L)->limit = limit; }

void nd_set_instruction_budget(lua_State *L, long long budget) {
    nd_sandbox *s = sandbox_of(L);
    s->budget = budget;
    s->budget_left = budget;
    s->limit_hit = 0;
}

int nd_limit_hit(lua_State *L) { return sandbox_of(L)->limit_hit; }

int nd_load_text(lua_State *L, const char *source, size_t length, const char *chunkname) {
    return luaL_loadbufferx(L, source, length, chunkname, "t");
}

static int traceback_handler(lua_State *L) {
    const char *msg = lua_tostring(L, 1);
    if (msg == NULL) msg = lua_pushfstring(L, "(error object is a %s value)", luaL_typename(L, 1));
    luaL_traceback(L, L, msg, 1);
    return 1;
}

int nd_pcall(lua_State *L, int nargs, int nresults) {
    int base = lua_gettop(L) - nargs;
    lua_pushcfunction(L, traceback_handler);
    lua_insert(L, base);
    int status = lua_pcall(L, nargs, nresults, base);
    lua_remove(L, base);
    return status;
}

/* load(chunk [, name [, mode [, env]]]) for rules: text only, and bound to the rule's own
 * environment (upvalue 1) unless an env is given. */
static int rule_load(lua_State *L) {
    size_t len;
    const char *chunk = luaL_checklstring(L, 1, &len);
    const char *name = luaL_optstring(L, 2, "=(load)");
    int has_env = !lua_isnone(L, 4);
    if (luaL_loadbufferx(L, chunk, len, name, "t") != LUA_OK) {
        luaL_pushfail(L);
        lua_insert(L, -2);
        return 2;
    }
    if (has_env) lua_pushvalue(L, 4); else lua_pushvalue(L, lua_upvalueindex(1));
    lua_setupvalue(L, -2, 1);
    return 1;
}

/* __newindex of an environment while its file loads: remembers the line of each global. */
static int track_global(lua_State *L) {
    lua_Debug ar;
    int line = 0;
    if (lua_getstack(L, 1, &ar) && lua_getinfo(L, "l", &ar)) line = ar.currentline;
    lua_getmetatable(L, 1);
    lua_getfield(L, -1, "lines");
    lua_pushvalue(L, 2);
    lua_pushinteger(L, line);
    lua_rawset(L, -3);
    lua_settop(L, 3);
    lua_rawset(L, 1);
    return 0;
}

static int rule_env_entry(lua_State *L) {
    lua_createtable(L, 0, 32);
    int env = lua_gettop(L);
    for (int i = 0; safe_base[i]; i++) {
        lua_getglobal(L, safe_base[i]);
        lua_setfield(L, env, safe_base[i]);
    }
    for (int i = 0; safe_libs[i]; i++) {
        lua_pushfstring(L, "netdiag.%s", safe_libs[i]);
        lua_rawget(L, LUA_REGISTRYINDEX);
        lua_setfield(L, env, safe_libs[i]);
    }
    lua_pushvalue(L, env);
    lua_pushcclosure(L, rule_load, 1);
    lua_setfield(L, env, "load");
    lua_pushcfunction(L, safe_next);
    lua_setfield(L, env, "next");
    lua_pushvalue(L, env);
    lua_setfield(L, env, "_G");
    lua_createtable(L, 0, 2);
    lua_createtable(L, 0, 16);
    lua_setfield(L, -2, "lines");
    lua_pushcfunction(L, track_global);
    lua_setfield(L, -2, "__newindex");
    lua_setmetatable(L, env);
    return 1;
}

int nd_push_rule_env(lua_State *L) {
    lua_pushcfunction(L, rule_env_entry);
    return lua_pcall(L, 0, 1, 0);
}

static int finish_env_entry(lua_State *L) {
    if (!lua_getmetatable(L, 1)) { lua_newtable(L); return 1; }
    lua_getfield(L, -1, "lines");
    lua_pushnil(L);
    lua_setmetatable(L, 1);
    return 1;
}

int nd_finish_rule_env(lua_State *L, int index) {
    index = lua_absindex(L, index);
    lua_pushcfunction(L, finish_env_entry);
    lua_pushvalue(L, index);
    return lua_pcall(L, 1, 1, 0);
}

static int rawset_entry(lua_State *L) {
    lua_pushstring(L, (const char *)lua_touserdata(L, 3));
    lua_pushvalue(L, 2);
    lua_rawset(L, 1);
    return 0;
}

int nd_rawset_field(lua_State *L, int table, const char *key) {
    table = lua_absindex(L, table);
    lua_pushcfunction(L, rawset_entry);
    lua_pushvalue(L, table);
    lua_pushvalue(L, -3);
    lua_pushlightuserdata(L, (void *)key);
    int status = lua_pcall(L, 3, 0, 0);
    lua_pop(L, 1);
    return status;
}

static int readonly_entry(lua_State *L) {
    make_readonly(L);
    return 1;
}

int nd_readonly(lua_State *L) {
    lua_pushcfunction(L, readonly_entry);
    lua_insert(L, -2);
    return lua_pcall(L, 1, 1, 0);
}

/* ---- macro wrappers -------------------------------------------------------------------------- */

void nd_pop(lua_State *L, int n) { lua_pop(L, n); }
const char *nd_tostring(lua_State *L, int index, size_t *length) { return lua_tolstring(L, index, length); }
int nd_registry_index(void) { return LUA_REGISTRYINDEX; }
int nd_upvalue_index(int i) { return lua_upvalueindex(i); }
int nd_is_integer(lua_State *L, int index) { return lua_isinteger(L, index); }
